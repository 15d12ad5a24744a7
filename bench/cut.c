/*
 * Cut benchmark: cuts START..END seconds of AUDIO to DEST with player_cut()
 * and prints the wall and CPU time it took, also as a share of the clip's
 * length, and the most memory the process held.
 *
 * usage: bench/cut AUDIO START END DEST
 */

#include "config.h"

#include <sys/resource.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "player/player.h"

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	double t0, wall, cpu, len;
	int64_t start_ms, end_ms;
	char *err = NULL;

	if (argc != 5) {
		fputs("usage: bench/cut AUDIO START END DEST\n", stderr);
		return (2);
	}
	start_ms = (int64_t)(strtod(argv[2], NULL) * 1000);
	end_ms = (int64_t)(strtod(argv[3], NULL) * 1000);
	t0 = bench_now();
	if (player_cut(argv[1], start_ms, end_ms, argv[4], &err) != 0) {
		fprintf(stderr, "bench/cut: %s\n", err);
		free(err);
		return (1);
	}
	wall = bench_now() - t0;
	getrusage(RUSAGE_SELF, &ru);
	cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	len = (end_ms - start_ms) / 1000.0;
	printf("%s %s-%s s -> %s: %.2f s wall (%.2f of the clip), %.2f s CPU, "
	    "%ld MB max RSS\n", argv[1], argv[2], argv[3], argv[4], wall, wall / len,
	    cpu, ru.ru_maxrss / 1024);
	return (0);
}
