#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "player/player.h"

/*
 * Plays a file through the silent output with the HTTP stream on, and prints
 * the monotonic time (us) at which each beep is heard at the output, one
 * "out US" line each: bench/stream.sh compares them with when a client
 * reading the stream hears the same beeps.
 */

#define MAX_ONSETS 1024
#define THRESHOLD 4000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t onsets[MAX_ONSETS];
static int nonsets;
static int loud;
static int64_t quiet_since;

static void
render(void *arg, int64_t at_us, const int16_t *frames, unsigned count)
{
	unsigned	i;
	int		v;
	int64_t		t;

	(void)arg;
	pthread_mutex_lock(&lock);
	for (i = 0; i < count; i++) {
		v = abs(frames[i * PLAYER_RENDER_CHANNELS]);
		t = at_us + (int64_t)i * 1000000 / PLAYER_RENDER_RATE;
		if (v > THRESHOLD) {
			if (!loud && t - quiet_since > 200000 && nonsets < MAX_ONSETS)
				onsets[nonsets++] = t;
			loud = 1;
			quiet_since = t;
		} else if (loud && t - quiet_since > 50000)
			loud = 0;
	}
	pthread_mutex_unlock(&lock);
}

int
main(int argc, char **argv)
{
	struct player_options	 o;
	struct player		*p;
	struct pollfd		 pfd;
	struct timespec		 ts;
	char			*err = NULL;
	int64_t			 end;
	int			 i, tick;

	if (argc != 4) {
		fprintf(stderr, "usage: stream PORT FILE SECONDS\n");
		return (2);
	}
	memset(&o, 0, sizeof o);
	o.output = PLAYER_OUTPUT_SILENT;
	o.stream_port = atoi(argv[1]);
	o.render = render;
	if ((p = player_new(&o, &err)) == NULL) {
		fprintf(stderr, "stream: %s\n", err);
		return (1);
	}
	player_play(p, argv[2], 0, 0);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	end = ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atoi(argv[3]) * 1000;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		if (ts.tv_sec * 1000 + ts.tv_nsec / 1000000 >= end)
			break;
		pfd.fd = player_fd(p);
		pfd.events = POLLIN;
		tick = player_next_tick_ms(p);
		poll(&pfd, 1, tick < 0 || tick > 100 ? 100 : tick);
		player_update(p);
		player_time(p);
	}
	pthread_mutex_lock(&lock);
	for (i = 0; i < nonsets; i++)
		printf("out %lld\n", (long long)onsets[i]);
	pthread_mutex_unlock(&lock);
	player_free(p);
	return (0);
}
