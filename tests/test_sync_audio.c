#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "player/player.h"
#include "tests/asan_libvlc.h"
#include "tests/testutil.h"

/*
 * The test audio: SYNC_BEEPS tones of 150 ms at 0.5 s, 1.5 s, ... with
 * silence between, so each tone's onset is a known media time.
 */
#define SYNC_BEEPS 10
#define SYNC_FIRST 500
/* A tone starts where a sample passes this after this much quiet (us). */
#define SYNC_LOUD 8000
#define SYNC_QUIET 200000
/* Buffers this close (us) follow each other without a break. */
#define SYNC_GAP 3000
#define SYNC_MAX_BUFS 4096
#define SYNC_MAX_ONSETS 64
#define SYNC_MAX_READS 4096

/* The bounds, in ms. */
#define SYNC_MEAN_MAX 50
#define SYNC_P95_MAX 100
#define SYNC_CLIP_MAX 50
#define SYNC_SEEK_MAX 100

/* What the silent output played, as the render hook saw it. */
struct sync_rec {
	pthread_mutex_t lock;
	int64_t pts[SYNC_MAX_BUFS];	/* When each buffer's first frame is heard. */
	int64_t len[SYNC_MAX_BUFS];	/* Its length in us. */
	int nbufs;
	int64_t onset[SYNC_MAX_ONSETS];	/* When each tone begins to be heard. */
	int nonsets;
	int64_t loud_at;		/* When a loud frame was last heard. */
};

/* The player's clock read by the test: when, and what it said. */
struct sync_reads {
	int64_t at[SYNC_MAX_READS];	/* Monotonic us. */
	int64_t ms[SYNC_MAX_READS];
	int n;
};

/* Clock errors of one format, in ms. */
struct sync_errs {
	int64_t v[SYNC_MAX_ONSETS * 2];
	int n;
};

static char *test_dir;
static struct sync_rec rec = { .lock = PTHREAD_MUTEX_INITIALIZER };
static struct sync_reads reads;

static int64_t
sync_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

static int64_t
sync_abs(int64_t v)
{
	return (v < 0 ? -v : v);
}

/* Runs on libvlc's thread: notes each buffer and the tone onsets in it. */
static void
sync_render(void *arg, int64_t at_us, const int16_t *frames, unsigned count)
{
	struct sync_rec *r = arg;
	unsigned i;
	int64_t t;
	int s;

	pthread_mutex_lock(&r->lock);
	if (r->nbufs < SYNC_MAX_BUFS) {
		r->pts[r->nbufs] = at_us;
		r->len[r->nbufs] = (int64_t)count * 1000000 / PLAYER_RENDER_RATE;
		r->nbufs++;
	}
	for (i = 0; i < count; i++) {
		s = frames[i * PLAYER_RENDER_CHANNELS];
		if (s < SYNC_LOUD && s > -SYNC_LOUD)
			continue;
		t = at_us + (int64_t)i * 1000000 / PLAYER_RENDER_RATE;
		if (t - r->loud_at > SYNC_QUIET && r->nonsets < SYNC_MAX_ONSETS)
			r->onset[r->nonsets++] = t;
		r->loud_at = t;
	}
	pthread_mutex_unlock(&r->lock);
}

static void
sync_rec_reset(void)
{
	pthread_mutex_lock(&rec.lock);
	rec.nbufs = 0;
	rec.nonsets = 0;
	rec.loud_at = 0;
	pthread_mutex_unlock(&rec.lock);
	reads.n = 0;
}

/* Runs the shell command that makes name in the test folder; 0 when it did. */
static int
sync_make(const char *cmd, const char *name)
{
	return (test_sh_in(test_dir, cmd, name));
}

static void
sync_audio_make(void)
{
	test_dir = test_tmpdir_new();
	if (sync_make("sox -n -r 48000 -c 2 -b 16 beeps.wav synth 0.15 "
	    "sine 1000 vol 0.5 pad 0.5 0.35 repeat 9", "beeps.wav") != 0) {
		fprintf(stderr, "cannot make beeps.wav with sox\n");
		abort();
	}
}

static struct player *
sync_player_new(void)
{
	struct player_options opts;
	struct player *p;
	char *err = NULL, *log;

	memset(&opts, 0, sizeof opts);
	log = xasprintf("%s/vlc.log", test_dir);
	opts.output = PLAYER_OUTPUT_SILENT;
	opts.log_path = log;
	opts.render = sync_render;
	opts.render_arg = &rec;
	p = player_new(&opts, &err);
	ck_assert_msg(p != NULL, "player_new: %s", err != NULL ? err : "?");
	free(log);
	return (p);
}

/*
 * Runs the loop, reading the clock every ~10 ms, until playing stops, the
 * clock passes until_ms or max_ms pass.
 */
static void
sync_run(struct player *p, int64_t until_ms, int max_ms)
{
	struct pollfd pfd;
	int64_t end = sync_now_us() + (int64_t)max_ms * 1000, t;

	pfd.fd = player_fd(p);
	pfd.events = POLLIN;
	for (;;) {
		player_update(p);
		t = player_time(p);
		if (reads.n < SYNC_MAX_READS) {
			reads.at[reads.n] = sync_now_us();
			reads.ms[reads.n] = t;
			reads.n++;
		}
		if (player_state(p) == PLAYER_OPENING && sync_now_us() < end) {
			poll(&pfd, 1, 10);
			continue;
		}
		if (player_state(p) != PLAYER_PLAYING || t >= until_ms ||
		    sync_now_us() >= end)
			return;
		poll(&pfd, 1, 10);
	}
}

/* The tone heard when the clock said ms: the nearest one. */
static int64_t
sync_tone(int64_t ms)
{
	int64_t k = (ms - SYNC_FIRST + 500) / 1000;

	if (k < 0)
		k = 0;
	if (k >= SYNC_BEEPS)
		k = SYNC_BEEPS - 1;
	return (SYNC_FIRST + k * 1000);
}

/*
 * For each onset heard, compares the clock read nearest that moment (carried
 * to it at one media ms per ms) with the tone's time in the file.
 */
static void
sync_errs_add(struct sync_errs *e, const char *what)
{
	int i, j, best;
	int64_t h, v, tone;

	pthread_mutex_lock(&rec.lock);
	for (i = 0; i < rec.nonsets; i++) {
		h = rec.onset[i];
		best = -1;
		for (j = 0; j < reads.n; j++) {
			if (reads.ms[j] < 0)
				continue;
			if (best < 0 || sync_abs(reads.at[j] - h) <
			    sync_abs(reads.at[best] - h))
				best = j;
		}
		if (best < 0 || sync_abs(reads.at[best] - h) > 30000)
			continue;
		v = reads.ms[best] + (h - reads.at[best]) / 1000;
		tone = sync_tone(v);
		if (e->n < (int)(sizeof e->v / sizeof e->v[0]))
			e->v[e->n++] = v - tone;
		printf("  %s: tone %5lld ms heard, clock %5lld (%+lld)\n", what,
		    (long long)tone, (long long)v, (long long)(v - tone));
	}
	pthread_mutex_unlock(&rec.lock);
}

static int
sync_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x < y ? -1 : x > y);
}

/*
 * Returns 1 when buffer j follows buffer i in the media (j > i): the
 * buffers between them fill the time between, as one of them may be
 * stamped a little early or late.
 */
static int
sync_follows(int i, int j)
{
	int64_t at = rec.pts[i];

	while (i < j)
		at += rec.len[i++];
	return (sync_abs(at - rec.pts[j]) <= SYNC_GAP);
}

/* The buffer heard at h. */
static int
sync_buf_at(int64_t h)
{
	int i;

	for (i = rec.nbufs - 1; i > 0; i--)
		if (rec.pts[i] <= h)
			break;
	return (i);
}

/* The first buffer of the unbroken run of buffers that holds the moment h. */
static int
sync_run_first(int64_t h)
{
	int i = sync_buf_at(h);

	for (;;) {
		if (i > 0 && sync_follows(i - 1, i))
			i--;
		else if (i > 1 && sync_follows(i - 2, i))
			i -= 2;
		else
			return (i);
	}
}

/* The last buffer of the unbroken run that holds the moment h. */
static int
sync_run_last(int64_t h)
{
	int i = sync_buf_at(h);

	for (;;) {
		if (i + 1 < rec.nbufs && sync_follows(i, i + 1))
			i++;
		else if (i + 2 < rec.nbufs && sync_follows(i, i + 2))
			i += 2;
		else
			return (i);
	}
}

/*
 * Media time of the first sample heard since the last reset, from the first
 * onset and the unbroken run of buffers before it; after is the tone.
 */
static int64_t
sync_first_ms(int64_t after)
{
	int64_t h;

	ck_assert_int_ge(rec.nonsets, 1);
	h = rec.onset[0];
	return (after - (h - rec.pts[sync_run_first(h)]) / 1000);
}

/* Plays a clip from 3.0 s to 7.0 s and says where its sound began and ended. */
static void
sync_clip(const char *path, const char *name, struct sync_errs *e)
{
	struct player *p = sync_player_new();
	int64_t start, end, h;
	int last;

	sync_rec_reset();
	ck_assert_int_eq(player_play(p, path, 3000, 7000), 0);
	sync_run(p, INT64_MAX, 8000);
	ck_assert_int_eq(player_state(p), PLAYER_ENDED);
	ck_assert_int_eq(player_time(p), 7000);
	sync_errs_add(e, "clip");

	pthread_mutex_lock(&rec.lock);
	ck_assert_int_ge(rec.nonsets, 3);
	start = sync_first_ms(3500);
	h = rec.onset[rec.nonsets - 1];
	last = sync_run_last(h);
	end = 3500 + (rec.nonsets - 1) * 1000 +
	    (rec.pts[last] + rec.len[last] - h) / 1000;
	pthread_mutex_unlock(&rec.lock);
	printf("%s: clip 3000-7000 heard from %lld (%+lld) to %lld (%+lld)\n",
	    name, (long long)start, (long long)(start - 3000), (long long)end,
	    (long long)(end - 7000));
	ck_assert_int_le(sync_abs(start - 3000), SYNC_CLIP_MAX);
	ck_assert_int_le(sync_abs(end - 7000), SYNC_CLIP_MAX);
	player_free(p);
}

/* Plays from the start, seeks to 5.0 s and plays to the end. */
static void
sync_seek(const char *path, const char *name, struct sync_errs *e)
{
	struct player *p = sync_player_new();
	int64_t landed, t;

	sync_rec_reset();
	ck_assert_int_eq(player_play(p, path, 0, 0), 0);
	sync_run(p, 1800, 6000);
	ck_assert_int_eq(player_state(p), PLAYER_PLAYING);
	sync_errs_add(e, "play");

	sync_rec_reset();
	player_seek(p, 5000);
	t = player_time(p);
	ck_assert_int_eq(t, 5000);
	sync_run(p, INT64_MAX, 8000);
	ck_assert_int_eq(player_state(p), PLAYER_ENDED);
	sync_errs_add(e, "seek");

	pthread_mutex_lock(&rec.lock);
	ck_assert_int_ge(rec.nonsets, 3);
	landed = sync_first_ms(5500);
	pthread_mutex_unlock(&rec.lock);
	printf("%s: seek to 5000 heard from %lld (%+lld)\n", name,
	    (long long)landed, (long long)(landed - 5000));
	ck_assert_int_le(sync_abs(landed - 5000), SYNC_SEEK_MAX);
	player_free(p);
}

/* Makes name with cmd (skipping the format when that fails) and checks it. */
static void
sync_format(const char *name, const char *cmd)
{
	struct sync_errs e;
	char *path;
	int64_t sum = 0, p95;
	int i;

	if (sync_make(cmd, name) != 0) {
		printf("%s: skipped, no encoder for it here (%s)\n", name, cmd);
		return;
	}
	path = xasprintf("%s/%s", test_dir, name);
	memset(&e, 0, sizeof e);
	sync_seek(path, name, &e);
	sync_clip(path, name, &e);
	free(path);

	ck_assert_int_ge(e.n, SYNC_BEEPS - 1);
	for (i = 0; i < e.n; i++)
		sum += sync_abs(e.v[i]);
	for (i = 0; i < e.n; i++)
		e.v[i] = sync_abs(e.v[i]);
	qsort(e.v, (size_t)e.n, sizeof e.v[0], sync_cmp);
	p95 = e.v[(e.n * 95 + 99) / 100 - 1];
	printf("%s: clock against what is heard over %d tones: mean %lld ms, "
	    "p95 %lld ms\n", name, e.n, (long long)(sum / e.n), (long long)p95);
	ck_assert_int_lt(sum / e.n, SYNC_MEAN_MAX);
	ck_assert_int_lt(p95, SYNC_P95_MAX);
}

START_TEST(test_sync_opus)
{
	sync_format("beeps.opus", "opusenc --quiet beeps.wav beeps.opus");
}
END_TEST

START_TEST(test_sync_vorbis)
{
	sync_format("beeps.ogg", "sox beeps.wav beeps.ogg");
}
END_TEST

START_TEST(test_sync_mp3_cbr)
{
	sync_format("cbr.mp3", "sox beeps.wav -C 128 cbr.mp3");
}
END_TEST

START_TEST(test_sync_mp3_vbr)
{
	sync_format("vbr.mp3", "sox beeps.wav -C -4.2 vbr.mp3");
}
END_TEST

START_TEST(test_sync_m4a)
{
	sync_format("beeps.m4a",
	    "ffmpeg -nostdin -i beeps.wav -c:a aac -b:a 128k beeps.m4a");
}
END_TEST

static Suite *
sync_suite(void)
{
	Suite *s = suite_create("sync_audio");
	TCase *tc = tcase_create("formats");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sync_opus);
	tcase_add_test(tc, test_sync_vorbis);
	tcase_add_test(tc, test_sync_mp3_cbr);
	tcase_add_test(tc, test_sync_mp3_vbr);
	tcase_add_test(tc, test_sync_m4a);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	int	 rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sync_audio_make();
	rc = test_suite_run(sync_suite(), CK_FORK_GETENV);
	test_tmpdir_free(test_dir);
	return (rc);
}
