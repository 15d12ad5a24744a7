/*
 * Alignment benchmark: decodes AUDIO through player_decode(), places the lines
 * of LINES (one a line) with align_place() and prints how long each took;
 * with TRUTH (the true start of each line in seconds, one a line) also the
 * mean and 95th percentile of the error of the starts.
 *
 * usage: bench/align AUDIO LINES [TRUTH]
 */

#include "config.h"

#include <sys/resource.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "util/xmalloc.h"

#define BENCH_MAX_LINES 100000

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* CPU seconds of every thread of the process so far. */
static double
bench_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
}

static int
bench_pcm(void *arg, const int16_t *s, unsigned count, unsigned rate)
{
	return (align_energy_feed(arg, s, count, rate) != 0);
}

/* The lines of path, at most BENCH_MAX_LINES; exits when it cannot be read. */
static char **
bench_lines(const char *path, size_t *n)
{
	char **lines = NULL, buf[8192];
	size_t len;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		exit(1);
	}
	*n = 0;
	while (*n < BENCH_MAX_LINES && fgets(buf, sizeof buf, f) != NULL) {
		len = strcspn(buf, "\n");
		buf[len] = '\0';
		lines = xreallocarray(lines, *n + 1, sizeof *lines);
		lines[(*n)++] = xstrdup(buf);
	}
	fclose(f);
	return (lines);
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* Prints the mean and 95th percentile of how far start is from truth. */
static void
bench_errors(const char *path, const int64_t *start, size_t n)
{
	char **truth;
	double *err, mean = 0;
	size_t k, i;

	truth = bench_lines(path, &k);
	if (k != n) {
		fprintf(stderr, "%s: %zu starts for %zu lines\n", path, k, n);
		exit(1);
	}
	err = xreallocarray(NULL, n, sizeof *err);
	for (i = 0; i < n; i++) {
		err[i] = fabs(start[i] / 1000.0 - atof(truth[i]));
		mean += err[i];
		free(truth[i]);
	}
	free(truth);
	qsort(err, n, sizeof *err, bench_cmp);
	printf("error of line starts: mean %.3f s, 95th percentile %.3f s, "
	    "max %.3f s\n", mean / n, err[(size_t)ceil(0.95 * n) - 1], err[n - 1]);
	free(err);
}

int
main(int argc, char **argv)
{
	struct player_decode_options o;
	struct align_energy *e;
	const float *db;
	int64_t *start, *end;
	double t0, c0, t1, c1, t2, c2;
	char **lines, *err = NULL;
	size_t n, frames, i;
	int *chars;

	if (argc != 3 && argc != 4) {
		fputs("usage: bench/align AUDIO LINES [TRUTH]\n", stderr);
		return (2);
	}
	lines = bench_lines(argv[2], &n);
	e = align_energy_new();
	memset(&o, 0, sizeof o);
	o.pcm = bench_pcm;
	o.arg = e;
	t0 = bench_now();
	c0 = bench_cpu();
	if (player_decode(argv[1], &o, &err) != 0) {
		fprintf(stderr, "%s\n", err);
		return (1);
	}
	t1 = bench_now();
	c1 = bench_cpu();
	db = align_energy_frames(e, &frames);
	chars = xreallocarray(NULL, n, sizeof *chars);
	start = xreallocarray(NULL, n, sizeof *start);
	end = xreallocarray(NULL, n, sizeof *end);
	for (i = 0; i < n; i++)
		chars[i] = align_chars(lines[i]);
	if (align_place(db, frames, chars, n, start, end) != 0) {
		fputs("no placement\n", stderr);
		return (1);
	}
	t2 = bench_now();
	c2 = bench_cpu();
	printf("audio: %.1f min, %zu lines\n", frames * ALIGN_FRAME_MS / 60000.0, n);
	printf("decode: %.2f s wall, %.2f s CPU\n", t1 - t0, c1 - c0);
	printf("place:  %.2f s wall, %.2f s CPU\n", t2 - t1, c2 - c1);
	printf("total:  %.2f s wall, %.2f s CPU\n", t2 - t0, c2 - c0);
	if (argc == 4)
		bench_errors(argv[3], start, n);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(chars);
	free(start);
	free(end);
	free(err);
	align_energy_free(e);
	return (0);
}
