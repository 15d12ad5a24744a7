/*
 * The silent output: libvlc's audio callbacks take the decoded samples no
 * faster than a sound card would, so libvlc's clock runs as with one, and
 * count them, so the time being heard is known to the sample.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <vlc/vlc.h>

#include "player/internal.h"
#include "player/player.h"
#include "util/xmalloc.h"

/* Format of the silent output. */
#define PLAYER_AMEM_CHANNELS PLAYER_RENDER_CHANNELS
/* A seek whose flush has not come by then starts counting afresh (us). */
#define PLAYER_AMEM_FLUSH_WAIT 1000000
/* Longest a play callback sleeps, whatever the timestamp says. */
#define PLAYER_AMEM_SLEEP_MAX 2000000
/*
 * Like a sound card's buffer, the silent output takes samples up to this far
 * (us) ahead of what is heard, then sleeps until it is only the low mark
 * ahead: libvlc's decoder wakes a few times a second, not once a buffer.
 */
#define PLAYER_AMEM_AHEAD_MAX 250000
#define PLAYER_AMEM_AHEAD_MIN 50000

/* Sleeps until libvlc_clock() reaches until, or until woken for a flush or stop. */
static void
player_amem_wait(struct player_amem *a, int64_t until)
{
	struct timespec ts;
	int64_t delay;
	unsigned epoch = a->epoch;

	delay = until - libvlc_clock();
	if (delay <= 0)
		return;
	if (delay > PLAYER_AMEM_SLEEP_MAX)
		delay = PLAYER_AMEM_SLEEP_MAX;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += delay / 1000000;
	ts.tv_nsec += (delay % 1000000) * 1000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	while (a->epoch == epoch && !a->stopping && !a->paused) {
		if (pthread_cond_timedwait(&a->cond, &a->lock, &ts) == ETIMEDOUT)
			break;
	}
}

/* Counts a buffer: it follows the last one unless a seek began it. */
static void
player_amem_count(struct player_amem *a, unsigned count, int64_t pts)
{
	if (a->pending > 0)
		return;
	if (a->anchor) {
		a->buf_us = a->anchor_us;
		a->anchor = 0;
	} else if (a->buf_pts != 0)
		a->buf_us += a->buf_len;
	else
		return;
	a->buf_pts = pts;
	a->buf_len = (int64_t)((double)count * 1000000 * a->rate /
	    a->srate + 0.5);
}

static void
player_amem_play(void *data, const void *samples, unsigned count, int64_t pts)
{
	struct player_amem *a = data;
	int cancel;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
	if (a->render != NULL)
		a->render(a->render_arg, pts, samples, count);
	pthread_mutex_lock(&a->lock);
	if (!a->stopping)
		player_amem_count(a, count, pts);
	if (!a->stopping && !a->paused) {
		a->end = pts + (int64_t)count * 1000000 / a->srate;
		if (!a->ahead)
			player_amem_wait(a, pts);
		else if (pts - libvlc_clock() > PLAYER_AMEM_AHEAD_MAX)
			player_amem_wait(a, pts - PLAYER_AMEM_AHEAD_MIN);
	}
	pthread_mutex_unlock(&a->lock);
	pthread_setcancelstate(cancel, NULL);
}

static void
player_amem_pause(void *data, int64_t pts)
{
	struct player_amem *a = data;

	pthread_mutex_lock(&a->lock);
	if (!a->paused)
		a->paused_at = libvlc_clock();
	a->paused = 1;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
}

static void
player_amem_resume(void *data, int64_t pts)
{
	struct player_amem *a = data;
	int64_t d;

	pthread_mutex_lock(&a->lock);
	/* What was taken before the pause is heard after it. */
	if (a->paused && (d = libvlc_clock() - a->paused_at) > 0) {
		if (a->buf_pts != 0)
			a->buf_pts += d;
		if (a->end != 0)
			a->end += d;
	}
	a->paused = 0;
	pthread_mutex_unlock(&a->lock);
}

static void
player_amem_flush(void *data, int64_t pts)
{
	struct player_amem *a = data;

	pthread_mutex_lock(&a->lock);
	a->epoch++;
	a->end = 0;
	if (a->pending > 0 && --a->pending == 0)
		a->anchor = 1;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
}

/* Returns once the last sample handed over would have been heard. */
static void
player_amem_drain(void *data)
{
	struct player_amem *a = data;
	int cancel;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
	pthread_mutex_lock(&a->lock);
	if (!a->stopping && a->end != 0)
		player_amem_wait(a, a->end);
	a->end = 0;
	pthread_mutex_unlock(&a->lock);
	pthread_setcancelstate(cancel, NULL);
}

/*
 * Takes the media's own rate and channels, so that libvlc neither resamples
 * nor mixes for a player that only counts samples (16-bit: libvlc's float
 * output to amem played nothing here); a render hook gets stereo at
 * PLAYER_RENDER_RATE as it asks.
 */
static int
player_amem_setup(void **data, char *format, unsigned *rate, unsigned *channels)
{
	struct player_amem *a = *data;

	memcpy(format, "S16N", 4);
	if (a->render != NULL || *rate == 0 || *rate > 384000 || *channels == 0) {
		*rate = PLAYER_AMEM_RATE;
		*channels = PLAYER_AMEM_CHANNELS;
	}
	pthread_mutex_lock(&a->lock);
	a->srate = *rate;
	pthread_mutex_unlock(&a->lock);
	return (0);
}

/* Sets or clears the flag that makes the silent output return at once. */
void
player_amem_stopping(struct player_amem *a, int stopping)
{
	pthread_mutex_lock(&a->lock);
	a->stopping = stopping;
	a->epoch++;
	a->paused = 0;
	a->end = 0;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
}

/*
 * Says where the next samples begin: at once for a new media, else after
 * the flush a seek brings (seek set), cutting short a play callback sleeping
 * on samples the seek throws away.
 */
void
player_amem_anchor(struct player_amem *a, int64_t ms, int seek)
{
	pthread_mutex_lock(&a->lock);
	a->anchor_us = ms * 1000;
	a->buf_pts = 0;
	if (seek && (a->pending > 0 || !a->anchor)) {
		a->pending++;
		a->pending_at = libvlc_clock();
		a->anchor = 0;
	} else {
		a->pending = 0;
		a->anchor = 1;
	}
	a->epoch++;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
}

/*
 * Media time in ms of the sample being heard now, or -1 while that is not
 * known (nothing played since the media opened or a seek).
 */
int64_t
player_amem_heard(struct player_amem *a)
{
	int64_t now = libvlc_clock(), t = -1, d;

	pthread_mutex_lock(&a->lock);
	if (a->pending > 0 && now - a->pending_at > PLAYER_AMEM_FLUSH_WAIT) {
		a->pending = 0;
		a->anchor = 1;
	}
	if (a->pending == 0 && !a->anchor && a->buf_pts != 0) {
		d = (int64_t)((double)(now - a->buf_pts) * a->rate);
		if (d > a->buf_len)
			d = a->buf_len;
		t = (a->buf_us + d) / 1000;
	}
	pthread_mutex_unlock(&a->lock);
	return (t);
}

/* Moves the media time counted for the buffers played by ms. */
void
player_amem_shift(struct player_amem *a, int64_t ms)
{
	pthread_mutex_lock(&a->lock);
	if (a->pending == 0 && !a->anchor && a->buf_pts != 0)
		a->buf_us += ms * 1000;
	pthread_mutex_unlock(&a->lock);
}

void
player_amem_rate(struct player_amem *a, double rate)
{
	pthread_mutex_lock(&a->lock);
	a->rate = rate;
	pthread_mutex_unlock(&a->lock);
}

void
player_amem_init(struct player_amem *a)
{
	pthread_condattr_t attr;

	memset(a, 0, sizeof *a);
	a->rate = 1.0;
	a->srate = PLAYER_AMEM_RATE;
	a->ahead = 1;
	if (pthread_mutex_init(&a->lock, NULL) != 0)
		BUG();
	if (pthread_condattr_init(&attr) != 0 ||
	    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&a->cond, &attr) != 0)
		BUG();
	pthread_condattr_destroy(&attr);
}

/* Makes the silent output libvlc's audio output for mp. */
void
player_amem_attach(struct player_amem *a, libvlc_media_player_t *mp)
{
	libvlc_audio_set_callbacks(mp, player_amem_play, player_amem_pause,
	    player_amem_resume, player_amem_flush, player_amem_drain, a);
	libvlc_audio_set_format_callbacks(mp, player_amem_setup, NULL);
}

void
player_amem_destroy(struct player_amem *a)
{
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->cond);
}
