/*
 * Decoding a whole media to mono or stereo samples faster than real time.
 *
 * A private libvlc transcodes the audio to signed 16-bit samples at the media's
 * own rate and hands it to the smem stream output with its clock off, so
 * nothing waits for a sound card. libvlc's resampler is left out on purpose:
 * in libvlc 3.0 it loses about 0.2% of the samples, which would shift the end
 * of an hour by seconds.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vlc/vlc.h>

#include "player/internal.h"
#include "player/player.h"
#include "util/xmalloc.h"

/* With nothing decoded for this long the media is given up (ms). */
#define DECODE_STALL 20000
/* How often the waiting thread looks at progress (ms). */
#define DECODE_TICK 250
/* Progress is reported no more often than this (ms). */
#define DECODE_PROGRESS_EVERY 500
/* Largest buffer smem may ask for. */
#define DECODE_BUF_MAX (16u << 20)
/* A timestamp this far past the samples counted is a gap; this far a jump (us). */
#define DECODE_GAP_MIN 20000
#define DECODE_GAP_MAX 2000000

/* Bits for what libvlc reported. */
#define DECODE_EV_ENDED 0x01
#define DECODE_EV_ERROR 0x02

/* What libvlc's threads share with the waiting thread. */
struct decode {
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* Signalled on an event or a refusal. */
	unsigned seen;		/* DECODE_EV_* bits. */
	int refused;		/* The pcm callback asked to stop, or the format is wrong. */
	int reached;		/* until_ms of media time are decoded. */
	int64_t frames;		/* Samples decoded so far (one channel). */
	unsigned rate;		/* Rate of the latest buffer. */
	int64_t done_us;	/* Media time decoded. */
	int64_t base_us;	/* Media time where the latest rate began. */
	int64_t at;		/* Frames since base_us. */

	/* Touched by the smem thread only. */
	int64_t pts0;		/* What the timestamps read at media time 0; 0 before. */
	uint8_t *buf;
	size_t cap;
	int16_t *conv;		/* Samples made into the channels asked for. */
	size_t conv_cap;	/* In frames. */

	const struct player_decode_options *o;
};

static int64_t
decode_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Runs on libvlc's threads: records the end or an error. */
static void
decode_event_cb(const struct libvlc_event_t *e, void *data)
{
	struct decode *d = data;

	pthread_mutex_lock(&d->lock);
	d->seen |= e->type == libvlc_MediaPlayerEncounteredError ?
	    DECODE_EV_ERROR : DECODE_EV_ENDED;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

/* smem asks where to put size bytes of samples. */
static void
decode_prerender(void *data, uint8_t **pcm, size_t size)
{
	struct decode *d = data;

	if (size > DECODE_BUF_MAX)
		size = DECODE_BUF_MAX;
	if (size > d->cap) {
		free(d->buf);
		d->buf = xmalloc(size);
		d->cap = size;
	}
	*pcm = d->buf;
}

/*
 * Makes the samples mono (channels folded into one) or stereo (mono doubled,
 * or the first two channels) as asked and hands them on; 0 to go on.
 */
static int
decode_deliver(struct decode *d, const int16_t *s, unsigned channels,
    unsigned count, unsigned rate)
{
	unsigned i, k, want = d->o->channels == 2 ? 2 : 1;
	int32_t sum;

	if (channels == want)
		return (d->o->pcm(d->o->arg, s, count, rate));
	if (count > d->conv_cap) {
		free(d->conv);
		d->conv = xreallocarray(NULL, count, 2 * sizeof *d->conv);
		d->conv_cap = count;
	}
	for (i = 0; i < count; i++) {
		if (want == 2) {
			d->conv[2 * i] = s[i * channels];
			d->conv[2 * i + 1] = s[i * channels + (channels > 1)];
			continue;
		}
		sum = 0;
		for (k = 0; k < channels; k++)
			sum += s[i * channels + k];
		d->conv[i] = (int16_t)(sum / (int32_t)channels);
	}
	return (d->o->pcm(d->o->arg, d->conv, count, rate));
}

/* Counts count frames at rate as decoded; the lock is held. */
static void
decode_count(struct decode *d, unsigned count, unsigned rate)
{
	if (rate != d->rate) {
		if (d->rate != 0)
			d->base_us += d->at * 1000000 / d->rate;
		d->rate = rate;
		d->at = 0;
	}
	d->frames += count;
	d->at += count;
	d->done_us = d->base_us + d->at * 1000000 / rate;
	if (d->o->until_ms > 0 && d->done_us >= d->o->until_ms * 1000)
		d->reached = 1;
}

/*
 * Hands on silence where the timestamps run ahead of the samples counted, as
 * when libvlc's MP3 decoder drops whole frames, so that what is counted stays
 * media time; 0 to go on.
 */
static int
decode_fill(struct decode *d, int64_t pts, unsigned rate)
{
	static const int16_t zero[2 * 1024];
	int64_t gap, done_us, n;
	unsigned k;
	int stop;

	pthread_mutex_lock(&d->lock);
	done_us = d->done_us;
	pthread_mutex_unlock(&d->lock);
	if (pts <= 0)
		return (0);
	gap = pts - d->pts0 - done_us;
	if (d->pts0 == 0 || gap > DECODE_GAP_MAX || gap < -DECODE_GAP_MAX) {
		d->pts0 = pts - done_us;
		return (0);
	}
	if (gap < DECODE_GAP_MIN)
		return (0);
	for (n = gap * rate / 1000000; n > 0; n -= k) {
		k = n < 1024 ? (unsigned)n : 1024;
		if ((stop = d->o->pcm(d->o->arg, zero, k, rate)) != 0)
			return (stop);
		pthread_mutex_lock(&d->lock);
		decode_count(d, k, rate);
		pthread_mutex_unlock(&d->lock);
	}
	return (0);
}

/* smem hands over what it rendered into the buffer given out above. */
static void
decode_postrender(void *data, uint8_t *pcm, unsigned channels, unsigned rate,
    unsigned count, unsigned bits, size_t size, int64_t pts)
{
	struct decode *d = data;
	int stop;

	pthread_mutex_lock(&d->lock);
	stop = d->refused;
	pthread_mutex_unlock(&d->lock);
	if (stop)
		return;
	if (bits != 16 || channels == 0 || channels > 8 || rate == 0 ||
	    (size_t)count * channels * 2 > size || size > d->cap)
		stop = 1;
	else if ((stop = decode_fill(d, pts, rate)) == 0)
		stop = decode_deliver(d, (const int16_t *)(void *)pcm, channels, count,
		    rate);
	pthread_mutex_lock(&d->lock);
	if (stop)
		d->refused = 1;
	else
		decode_count(d, count, rate);
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

/* A media for location that sends its audio to the callbacks above. */
static libvlc_media_t *
decode_media(libvlc_instance_t *vlc, const char *location, struct decode *d)
{
	libvlc_media_t *m;
	char *sout;
	int url;

	player_location_allowed(location, &url);
	if (url)
		m = libvlc_media_new_location(vlc, location);
	else
		m = libvlc_media_new_path(vlc, location);
	if (m == NULL)
		return (NULL);
	libvlc_media_add_option(m, ":demux=avformat");
	sout = xasprintf(":sout=#transcode{vcodec=none,scodec=none,acodec=s16l,"
	    "channels=%u}:smem{no-time-sync,audio-prerender-callback=%" PRIdPTR
	    ",audio-postrender-callback=%" PRIdPTR ",audio-data=%" PRIdPTR "}",
	    d->o->channels == 2 ? 2u : 1u, (intptr_t)decode_prerender,
	    (intptr_t)decode_postrender, (intptr_t)d);
	libvlc_media_add_option(m, sout);
	free(sout);
	libvlc_media_add_option(m, ":no-sout-all");
	libvlc_media_add_option(m, ":sout-keep");
	libvlc_media_add_option(m, ":no-sout-video");
	libvlc_media_add_option(m, ":no-sout-spu");
	return (m);
}

/*
 * Waits for the end, an error, a refusal or a stall, reporting progress on
 * the way; returns 0 at a clean end, else -1 with *err set.
 */
static int
decode_wait(struct decode *d, libvlc_media_player_t *mp, const char *location,
    char **err)
{
	const struct player_decode_options *o = d->o;
	struct timespec ts;
	int64_t now, moved, reported = 0, last = -1, done_us, length;
	int stall = o->stall_ms > 0 ? o->stall_ms : DECODE_STALL;
	unsigned seen;
	int refused, reached;

	moved = decode_mono_ms();
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += DECODE_TICK * 1000000L;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_mutex_lock(&d->lock);
		if (d->seen == 0 && !d->refused && !d->reached)
			pthread_cond_timedwait(&d->cond, &d->lock, &ts);
		seen = d->seen;
		refused = d->refused;
		reached = d->reached;
		done_us = d->done_us;
		pthread_mutex_unlock(&d->lock);
		now = decode_mono_ms();
		if (done_us != last) {
			last = done_us;
			moved = now;
		}
		if (o->progress != NULL && now - reported >= DECODE_PROGRESS_EVERY) {
			length = libvlc_media_player_get_length(mp);
			o->progress(o->arg, done_us / 1000, length > 0 ? length : 0);
			reported = now;
		}
		if (refused) {
			*err = xasprintf("%s: decoding was stopped", location);
			return (-1);
		}
		if (seen & DECODE_EV_ERROR) {
			*err = xasprintf("cannot read or decode %s", location);
			return (-1);
		}
		if ((seen & DECODE_EV_ENDED) || reached)
			break;
		if (now - moved > stall) {
			*err = xasprintf("%s: no audio came for %d s", location,
			    stall / 1000);
			return (-1);
		}
	}
	if (last <= 0) {
		*err = xasprintf("%s: no audio in it", location);
		return (-1);
	}
	if (o->progress != NULL)
		o->progress(o->arg, last / 1000, last / 1000);
	return (0);
}

/* Runs libvlc over location with d's callbacks; 0 when it all came through. */
static int
decode_run(const char *location, struct decode *d, char **err)
{
	static const char *const args[] = {
		"--quiet", "--no-video", "--no-xlib", "--no-stats",
		"--no-media-library", "--no-lua", "--no-sub-autodetect-file",
		"--no-spu", "--aout=dummy"
	};
	static const libvlc_event_type_t types[] = {
		libvlc_MediaPlayerEndReached, libvlc_MediaPlayerEncounteredError
	};
	libvlc_instance_t *vlc;
	libvlc_media_player_t *mp = NULL;
	libvlc_media_t *m;
	libvlc_event_manager_t *em = NULL;
	size_t i;
	int rc = -1;

	if ((vlc = player_vlc_quiet(args, sizeof args / sizeof args[0])) == NULL) {
		*err = xstrdup("cannot start libvlc");
		return (-1);
	}
	if ((m = decode_media(vlc, location, d)) == NULL) {
		*err = xasprintf("cannot open %s", location);
		goto out;
	}
	mp = libvlc_media_player_new_from_media(m);
	libvlc_media_release(m);
	if (mp == NULL) {
		*err = xstrdup("cannot create a libvlc media player");
		goto out;
	}
	em = libvlc_media_player_event_manager(mp);
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (libvlc_event_attach(em, types[i], decode_event_cb, d) != 0) {
			*err = xstrdup("cannot watch libvlc events");
			goto out;
		}
	if (libvlc_media_player_play(mp) != 0) {
		*err = xasprintf("cannot play %s", location);
		goto out;
	}
	rc = decode_wait(d, mp, location, err);
out:
	if (mp != NULL) {
		/* Callbacks still running see refused and return at once. */
		pthread_mutex_lock(&d->lock);
		d->refused = 1;
		pthread_mutex_unlock(&d->lock);
		libvlc_media_player_stop(mp);
		for (i = 0; em != NULL && i < sizeof types / sizeof types[0]; i++)
			libvlc_event_detach(em, types[i], decode_event_cb, d);
		libvlc_media_player_release(mp);
	}
	libvlc_release(vlc);
	return (rc);
}

int
player_decode(const char *location, const struct player_decode_options *o,
    char **err)
{
	struct decode d;
	pthread_condattr_t ca;
	struct stat sb;
	int url, rc;

	*err = NULL;
	if (!player_location_allowed(location, &url)) {
		*err = xasprintf("cannot decode \"%s\": only local files and "
		    "http(s) URLs can be read", location);
		return (-1);
	}
	if (!url && stat(location, &sb) != 0) {
		*err = xasprintf("%s: %s", location, strerror(errno));
		return (-1);
	}
	memset(&d, 0, sizeof d);
	d.o = o;
	if (pthread_mutex_init(&d.lock, NULL) != 0)
		BUG();
	if (pthread_condattr_init(&ca) != 0 ||
	    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&d.cond, &ca) != 0)
		BUG();
	pthread_condattr_destroy(&ca);
	rc = decode_run(location, &d, err);
	pthread_cond_destroy(&d.cond);
	pthread_mutex_destroy(&d.lock);
	free(d.buf);
	free(d.conv);
	return (rc);
}
