#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <vlc/vlc.h>

#include "player/internal.h"
#include "player/player.h"
#include "util/xmalloc.h"

/* Opening longer than this is an error unless the options say otherwise. */
#define PLAYER_OPENING_TIMEOUT 20000
/* Longest wait player_next_tick_ms() asks for while playing. */
#define PLAYER_TICK_MAX 250
/* Longest wait player_next_tick_ms() asks for while opening. */
#define PLAYER_OPENING_TICK_MAX 500
/* A media that ends this soon after opening with no length is not audio. */
#define PLAYER_EMPTY_END 1500

/*
 * With a stream, what libvlc reads ahead, in ms (its defaults, 300 for files
 * and 1000 over the network, put the stream about that far ahead of the
 * output; bench/stream.sh measures the two within 50 ms at this value).
 */
#define PLAYER_STREAM_CACHING "100"

/* Bits for what libvlc reported since the last player_update(). */
#define PLAYER_EV_OPENING 0x01
#define PLAYER_EV_PLAYING 0x02
#define PLAYER_EV_PAUSED 0x04
#define PLAYER_EV_STOPPED 0x08
#define PLAYER_EV_ENDED 0x10
#define PLAYER_EV_ERROR 0x20
#define PLAYER_EV_LENGTH 0x40
#define PLAYER_EV_NOAUDIO 0x80	/* libvlc could start no audio output. */

/* A log callback that keeps nothing, for short-lived instances. */
static void
player_log_drop(void *data, int level, const libvlc_log_t *ctx, const char *fmt,
    va_list ap)
{
}

libvlc_instance_t *
player_vlc_quiet(const char *const *args, int nargs)
{
	libvlc_instance_t *vlc;

	if ((vlc = libvlc_new(nargs, args)) != NULL)
		libvlc_log_set(vlc, player_log_drop, NULL);
	return (vlc);
}

static void
player_set_message(struct player *p, char *msg)
{
	free(p->message);
	p->message = msg;
}

/* Wakes the UI loop; a full pipe already says the same. */
static void
player_notify(struct player *p)
{
	ssize_t n;

	do
		n = write(p->pipe[1], "", 1);
	while (n == -1 && errno == EINTR);
}

static void
player_log_cb(void *data, int level, const libvlc_log_t *ctx, const char *fmt,
    va_list ap)
{
	struct player *p = data;
	const char *module, *file, *name;
	unsigned line;

	/*
	 * The title of the error libvlc 3 shows when the output it chose did not
	 * start (a PulseAudio server that cannot be reached, then ALSA with no
	 * device): it then plays on without sound, and no event tells.
	 */
	if (level == LIBVLC_ERROR && fmt != NULL) {
		char	msg[32];
		va_list	aq;

		va_copy(aq, ap);
		vsnprintf(msg, sizeof msg, fmt, aq);
		va_end(aq);
		if (strcmp(msg, "Audio output failed") == 0) {
			pthread_mutex_lock(&p->ev.lock);
			p->ev.seen |= PLAYER_EV_NOAUDIO;
			pthread_mutex_unlock(&p->ev.lock);
			player_notify(p);
		}
	}
	if (p->log == NULL)
		return;
	libvlc_log_get_context(ctx, &module, &file, &line);
	switch (level) {
	case LIBVLC_ERROR:
		name = "error";
		break;
	case LIBVLC_WARNING:
		name = "warning";
		break;
	case LIBVLC_NOTICE:
		name = "notice";
		break;
	default:
		name = "debug";
		break;
	}
	flockfile(p->log);
	fprintf(p->log, "vlc %s %s: ", name, module != NULL ? module : "?");
	vfprintf(p->log, fmt, ap);
	fputc('\n', p->log);
	fflush(p->log);
	funlockfile(p->log);
}

/* Runs on libvlc's threads: records the event and wakes the loop, nothing more. */
static void
player_event_cb(const struct libvlc_event_t *e, void *data)
{
	struct player *p = data;
	unsigned bit;

	switch (e->type) {
	case libvlc_MediaPlayerOpening:
		bit = PLAYER_EV_OPENING;
		break;
	case libvlc_MediaPlayerPlaying:
		bit = PLAYER_EV_PLAYING;
		break;
	case libvlc_MediaPlayerPaused:
		bit = PLAYER_EV_PAUSED;
		break;
	case libvlc_MediaPlayerStopped:
		bit = PLAYER_EV_STOPPED;
		break;
	case libvlc_MediaPlayerEndReached:
		bit = PLAYER_EV_ENDED;
		break;
	case libvlc_MediaPlayerEncounteredError:
		bit = PLAYER_EV_ERROR;
		break;
	case libvlc_MediaPlayerLengthChanged:
		bit = PLAYER_EV_LENGTH;
		break;
	default:
		return;
	}
	pthread_mutex_lock(&p->ev.lock);
	p->ev.seen |= bit;
	if (bit == PLAYER_EV_LENGTH)
		p->ev.length = e->u.media_player_length_changed.new_length;
	else
		p->ev.last = bit;
	pthread_mutex_unlock(&p->ev.lock);
	player_notify(p);
}

static int
player_events_attach(struct player *p)
{
	static const libvlc_event_type_t types[] = {
		libvlc_MediaPlayerOpening, libvlc_MediaPlayerPlaying,
		libvlc_MediaPlayerPaused, libvlc_MediaPlayerStopped,
		libvlc_MediaPlayerEndReached, libvlc_MediaPlayerEncounteredError,
		libvlc_MediaPlayerLengthChanged
	};
	libvlc_event_manager_t *em;
	size_t i;

	em = libvlc_media_player_event_manager(p->mp);
	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		if (libvlc_event_attach(em, types[i], player_event_cb, p) != 0)
			return (-1);
	}
	return (0);
}

struct player *
player_new(const struct player_options *opts, char **err)
{
	static const struct player_options defaults;
	struct player *p;

	*err = NULL;
	if (opts == NULL)
		opts = &defaults;
	p = xcalloc(1, sizeof *p);
	p->pipe[0] = p->pipe[1] = -1;
	p->rate = 1.0;
	p->v_at = player_mono_ms();
	p->volume = 100;
	if (pthread_mutex_init(&p->ev.lock, NULL) != 0)
		BUG();
	player_amem_init(&p->amem);
	p->amem.render = opts->render;
	p->amem.render_arg = opts->render_arg;
	p->timeout_ms = opts->opening_timeout_ms > 0 ?
	    opts->opening_timeout_ms : PLAYER_OPENING_TIMEOUT;
	p->last = -1;

	if (pipe2(p->pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		*err = xasprintf("pipe: %s", strerror(errno));
		goto fail;
	}
	if (opts->log_path != NULL &&
	    (p->log = fopen(opts->log_path, "ae")) == NULL) {
		*err = xasprintf("%s: %s", opts->log_path, strerror(errno));
		goto fail;
	}
	player_output_choose(p, opts);
	if (opts->stream_port != 0 && player_stream_set(p, opts, err) != 0)
		goto fail;
	if (!opts->defer_start && player_start(p, err) != 0)
		goto fail;
	return (p);

fail:
	player_free(p);
	return (NULL);
}

int
player_start(struct player *p, char **err)
{
	/*
	 * The last one only when silent: the media player then starts with
	 * the dummy output instead of probing the sound servers and cards
	 * (their libraries cost memory), and plays to the silent clock.
	 */
	static const char *const args[] = {
		"--quiet", "--no-video", "--no-xlib", "--no-stats",
		"--no-media-library", "--no-lua", "--no-sub-autodetect-file",
		"--no-spu", "--aout=adummy"
	};
	int nargs = sizeof args / sizeof args[0] - (p->silent ? 0 : 1);

	*err = NULL;
	if (p->mp != NULL)
		return (0);
	if (p->vlc == NULL) {
		if ((p->vlc = libvlc_new(nargs, args)) == NULL) {
			*err = xstrdup("cannot start libvlc");
			return (-1);
		}
		libvlc_log_set(p->vlc, player_log_cb, p);
	}
	if ((p->mp = libvlc_media_player_new(p->vlc)) == NULL) {
		*err = xstrdup("cannot create a libvlc media player");
		return (-1);
	}
	if (player_output_set(p, err) != 0)
		goto fail;
	if (player_events_attach(p) != 0) {
		*err = xstrdup("cannot watch libvlc events");
		goto fail;
	}
	/* What was set before libvlc ran. */
	if (p->rate != 1.0)
		libvlc_media_player_set_rate(p->mp, (float)p->rate);
	if (!p->silent && p->volume != 100)
		libvlc_audio_set_volume(p->mp, p->volume);
	if (!p->silent && p->mute)
		libvlc_audio_set_mute(p->mp, 1);
	return (0);

fail:
	libvlc_media_player_release(p->mp);
	p->mp = NULL;
	return (-1);
}

/* Stops libvlc without waiting on a sleeping output; safe when nothing plays. */
static void
player_halt(struct player *p)
{
	if (p->mp == NULL)
		return;
	player_amem_stopping(&p->amem, 1);
	libvlc_media_player_stop(p->mp);
	player_amem_stopping(&p->amem, 0);

	pthread_mutex_lock(&p->ev.lock);
	p->ev.seen = 0;
	p->ev.last = 0;
	p->ev.length = 0;
	pthread_mutex_unlock(&p->ev.lock);
}

void
player_free(struct player *p)
{
	if (p == NULL)
		return;
	player_halt(p);
	if (p->mp != NULL)
		libvlc_media_player_release(p->mp);
	if (p->vlc != NULL) {
		libvlc_log_unset(p->vlc);
		libvlc_release(p->vlc);
	}
	if (p->log != NULL)
		fclose(p->log);
	if (p->pipe[0] != -1)
		close(p->pipe[0]);
	if (p->pipe[1] != -1)
		close(p->pipe[1]);
	pthread_mutex_destroy(&p->ev.lock);
	player_amem_destroy(&p->amem);
	free(p->message);
	free(p->location);
	free(p->stream_sout);
	free(p->stream_url);
	free(p->audio_output);
	free(p->audio_device);
	free(p);
}

int
player_fd(const struct player *p)
{
	return (p->pipe[0]);
}

/* Where playback ends: the clip end, else the length when known. */
static int64_t
player_end_ms(const struct player *p)
{
	if (p->clip_end > 0)
		return (p->clip_end);
	if (p->length > 0)
		return (p->length);
	return (p->last);
}

static void
player_set_ended(struct player *p)
{
	int64_t end = player_end_ms(p);

	if (end > p->last)
		p->last = end;
	p->state = PLAYER_ENDED;
	p->dirty = 1;
}

static void
player_set_error(struct player *p, char *msg)
{
	player_set_message(p, msg);
	p->state = PLAYER_ERROR;
	p->dirty = 1;
}

/* Applies what libvlc reported; returns 1 when anything visible changed. */
static int
player_apply(struct player *p, unsigned seen, unsigned last, int64_t length)
{
	int changed = 0;

	if ((seen & PLAYER_EV_LENGTH) && length != p->length) {
		p->length = length;
		changed = 1;
	}
	if ((seen & PLAYER_EV_NOAUDIO) && !p->silent && !p->no_output) {
		p->no_output = 1;
		p->output_message = "the audio output did not start (see the log): no sound";
		changed = 1;
	}
	if (p->state == PLAYER_IDLE || p->state == PLAYER_ERROR ||
	    p->state == PLAYER_ENDED)
		return (changed);

	if (seen & PLAYER_EV_ERROR) {
		player_set_error(p, xasprintf("cannot open %s", p->location));
		return (1);
	}
	if (seen & (PLAYER_EV_ENDED | PLAYER_EV_STOPPED)) {
		if (p->length <= 0 && p->raw_max <= 0 &&
		    player_mono_ms() - p->opened_at < PLAYER_EMPTY_END) {
			player_set_error(p,
			    xasprintf("not an audio file: %s", p->location));
		} else
			player_set_ended(p);
		return (1);
	}
	if (last == PLAYER_EV_PLAYING && p->state == PLAYER_OPENING) {
		p->state = PLAYER_PLAYING;
		player_clock_reset(p, p->start_ms);
		if (p->want_pause)
			player_pause(p, 1);
		changed = 1;
	}
	return (changed);
}

int
player_update(struct player *p)
{
	char buf[64];
	unsigned seen, last;
	int64_t length, now;
	int changed;

	while (read(p->pipe[0], buf, sizeof buf) > 0)
		/* nothing */;

	pthread_mutex_lock(&p->ev.lock);
	seen = p->ev.seen;
	last = p->ev.last;
	length = p->ev.length;
	p->ev.seen = 0;
	pthread_mutex_unlock(&p->ev.lock);

	changed = player_apply(p, seen, last, length);

	now = player_mono_ms();
	if (p->state == PLAYER_OPENING && now - p->opened_at >= p->timeout_ms) {
		player_halt(p);
		player_set_error(p, xasprintf("timed out opening %s",
		    p->location));
	}
	if (p->state == PLAYER_PLAYING)
		player_time(p);

	if (p->dirty) {
		p->dirty = 0;
		changed = 1;
	}
	return (changed);
}

int
player_location_allowed(const char *location, int *url)
{
	const char *s = location;

	*url = 0;
	if (*s == '\0')
		return (0);
	if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '+' || *s == '-' ||
		    *s == '.')
			s++;
		if (strncmp(s, "://", 3) == 0) {
			*url = 1;
			return ((s - location == 4 &&
			    strncasecmp(location, "http", 4) == 0) ||
			    (s - location == 5 &&
			    strncasecmp(location, "https", 5) == 0));
		}
	}
	return (1);
}

/* Opens location in libvlc and starts it; the state is OPENING or ERROR after. */
static int
player_open(struct player *p, int64_t start_ms, int64_t stop_ms)
{
	libvlc_media_t *m;
	char opt[64];
	int url;

	player_location_allowed(p->location, &url);
	if (url)
		m = libvlc_media_new_location(p->vlc, p->location);
	else
		m = libvlc_media_new_path(p->vlc, p->location);
	if (m == NULL) {
		player_set_error(p, xasprintf("cannot open %s", p->location));
		return (-1);
	}
	/* Seeks and clip bounds land within a frame only with this demuxer. */
	libvlc_media_add_option(m, ":demux=avformat");
	/*
	 * libvlc looks this setting up for every packet it reads (to see whether
	 * closed captions came with it); set on the media it is found at once
	 * rather than after every parent object and the whole configuration:
	 * about 7% of the CPU time of playback.
	 */
	libvlc_media_add_option(m, ":captions=608");
	/* Written by hand: libvlc wants a point whatever LC_NUMERIC says. */
	if (start_ms > 0) {
		snprintf(opt, sizeof opt, ":start-time=%lld.%03lld",
		    (long long)(start_ms / 1000), (long long)(start_ms % 1000));
		libvlc_media_add_option(m, opt);
	}
	if (stop_ms > 0) {
		snprintf(opt, sizeof opt, ":stop-time=%lld.%03lld",
		    (long long)(stop_ms / 1000), (long long)(stop_ms % 1000));
		libvlc_media_add_option(m, opt);
	}
	if (p->stream_sout != NULL) {
		libvlc_media_add_option(m, p->stream_sout);
		libvlc_media_add_option(m, ":sout-keep");
		libvlc_media_add_option(m, ":file-caching=" PLAYER_STREAM_CACHING);
		libvlc_media_add_option(m, ":network-caching=" PLAYER_STREAM_CACHING);
	}
	libvlc_media_player_set_media(p->mp, m);
	libvlc_media_release(m);
	p->stream_from = start_ms;

	p->state = PLAYER_OPENING;
	p->dirty = 1;
	p->start_ms = start_ms;
	p->clip_end = stop_ms;
	p->length = 0;
	p->raw = p->raw_max = 0;
	p->last = start_ms;
	p->lag = 0;
	p->lag_known = 0;
	player_amem_anchor(&p->amem, start_ms, 0);
	p->want_pause = 0;
	p->opened_at = player_mono_ms();
	if (libvlc_media_player_play(p->mp) != 0) {
		player_set_error(p, xasprintf("cannot play %s", p->location));
		return (-1);
	}
	return (0);
}

int
player_play(struct player *p, const char *location, int64_t start_ms,
    int64_t stop_ms)
{
	int url;

	if (!player_location_allowed(location, &url)) {
		player_set_message(p, xasprintf("cannot play \"%s\": only local "
		    "files and http(s) URLs can be played", location));
		p->dirty = 1;
		return (-1);
	}
	if (p->mp == NULL) {
		char *err;

		if (player_start(p, &err) != 0) {
			player_set_message(p, err);
			p->dirty = 1;
			return (-1);
		}
	}
	if (start_ms < 0)
		start_ms = 0;
	if (stop_ms > 0 && stop_ms <= start_ms)
		stop_ms = start_ms + 1;

	player_halt(p);
	free(p->location);
	p->location = xstrdup(location);
	player_set_message(p, NULL);
	/* Whether libvlc starts an output is told anew for each media. */
	if (p->no_output) {
		p->no_output = 0;
		p->output_message = NULL;
	}
	p->clip_start = stop_ms > 0 ? start_ms : 0;
	return (player_open(p, start_ms, stop_ms));
}

void
player_pause(struct player *p, int pause)
{
	int64_t now = player_vnow(p);

	switch (p->state) {
	case PLAYER_OPENING:
		p->want_pause = pause;
		break;
	case PLAYER_PLAYING:
		if (!pause)
			break;
		player_clock_update(p, now);
		player_clock_hold(p, now);
		libvlc_media_player_set_pause(p->mp, 1);
		p->state = PLAYER_PAUSED;
		p->dirty = 1;
		break;
	case PLAYER_PAUSED:
		if (pause)
			break;
		libvlc_media_player_set_pause(p->mp, 0);
		p->state = PLAYER_PLAYING;
		player_clock_resume(p, now);
		p->dirty = 1;
		break;
	case PLAYER_ENDED:
		if (!pause && p->location != NULL)
			player_seek(p, p->clip_start);
		break;
	default:
		break;
	}
}

void
player_toggle(struct player *p)
{
	switch (p->state) {
	case PLAYER_OPENING:
		p->want_pause = !p->want_pause;
		break;
	case PLAYER_PLAYING:
		player_pause(p, 1);
		break;
	case PLAYER_PAUSED:
	case PLAYER_ENDED:
		player_pause(p, 0);
		break;
	default:
		break;
	}
}

void
player_stop(struct player *p)
{
	player_halt(p);
	free(p->location);
	p->location = NULL;
	p->clip_end = 0;
	p->length = 0;
	p->last = -1;
	if (p->state != PLAYER_IDLE) {
		p->state = PLAYER_IDLE;
		p->dirty = 1;
	}
}

void
player_seek(struct player *p, int64_t ms)
{
	int64_t length = p->length, stop = p->clip_end;

	if (p->location == NULL || p->state == PLAYER_IDLE)
		return;
	if (length > 0 && ms > length)
		ms = length;
	if (stop > 0 && ms > stop)
		ms = stop;
	if (stop > 0 && ms < p->clip_start)
		ms = p->clip_start;
	if (ms < 0)
		ms = 0;

	switch (p->state) {
	case PLAYER_PLAYING:
	case PLAYER_PAUSED:
		player_amem_anchor(&p->amem, ms, 1);
		libvlc_media_player_set_time(p->mp, ms);
		player_clock_reset(p, ms);
		p->stream_from = ms;
		p->dirty = 1;
		break;
	case PLAYER_OPENING:
	case PLAYER_ENDED:
	case PLAYER_ERROR:
		/* libvlc cannot seek a finished media: open it again there. */
		player_halt(p);
		player_open(p, ms, stop);
		break;
	default:
		break;
	}
}

enum player_state
player_state(const struct player *p)
{
	return (p->state);
}

const char *
player_state_name(enum player_state s)
{
	switch (s) {
	case PLAYER_IDLE:
		return ("idle");
	case PLAYER_OPENING:
		return ("opening");
	case PLAYER_PLAYING:
		return ("playing");
	case PLAYER_PAUSED:
		return ("paused");
	case PLAYER_ENDED:
		return ("ended");
	case PLAYER_ERROR:
		return ("error");
	}
	return ("unknown");
}

/* What the stream's listener hears when the output is at t. */
static int64_t
player_stream_time(const struct player *p, int64_t t)
{
	if (p->stream_delay == 0 || p->state == PLAYER_ENDED)
		return (t);
	t -= p->stream_delay;
	return (t < p->stream_from ? p->stream_from : t);
}

int64_t
player_time(struct player *p)
{
	int64_t now;

	switch (p->state) {
	case PLAYER_IDLE:
	case PLAYER_ERROR:
		return (-1);
	case PLAYER_PLAYING:
		break;
	default:
		return (player_stream_time(p, p->last));
	}
	now = player_vnow(p);
	player_clock_update(p, now);
	if (p->clip_end > 0 && p->last >= p->clip_end) {
		player_set_ended(p);
		player_notify(p);
	}
	return (player_stream_time(p, p->last));
}

const char *
player_stream_url(const struct player *p)
{
	return (p->stream_url);
}

int64_t
player_length(const struct player *p)
{
	return (p->length);
}

int64_t
player_clip_end(const struct player *p)
{
	return (p->clip_end);
}

int
player_next_tick_ms(const struct player *p)
{
	int64_t now = player_mono_ms(), t, left;

	switch (p->state) {
	case PLAYER_OPENING:
		left = p->opened_at + p->timeout_ms - now;
		if (left < 0)
			return (0);
		return (left > PLAYER_OPENING_TICK_MAX ?
		    PLAYER_OPENING_TICK_MAX : (int)left);
	case PLAYER_PLAYING:
		t = player_stream_time(p, player_clock_at(p, player_vnow(p)));
		left = 1000 - t % 1000;
		if (p->clip_end > 0 && p->clip_end - t < left)
			left = p->clip_end - t;
		left = (int64_t)((double)left / p->rate);
		if (left < 1)
			left = 1;
		return (left > PLAYER_TICK_MAX ? PLAYER_TICK_MAX : (int)left);
	default:
		return (-1);
	}
}

void
player_set_rate(struct player *p, double rate)
{
	int64_t now = player_mono_ms();

	if (rate < PLAYER_RATE_MIN)
		rate = PLAYER_RATE_MIN;
	if (rate > PLAYER_RATE_MAX)
		rate = PLAYER_RATE_MAX;
	/* Fold the time run so far at the old rate into the base. */
	p->v_base = player_vnow(p);
	p->v_at = now;
	p->rate = rate;
	player_amem_rate(&p->amem, rate);
	if (p->mp != NULL)
		libvlc_media_player_set_rate(p->mp, (float)rate);
	/* libvlc's clock takes a moment to move at the new speed: hold and settle. */
	if (p->state == PLAYER_PLAYING)
		player_clock_reset(p, p->last);
}

double
player_rate(const struct player *p)
{
	return (p->rate);
}

void
player_set_volume(struct player *p, int volume)
{
	if (volume < 0)
		volume = 0;
	if (volume > 150)
		volume = 150;
	p->volume = volume;
	if (!p->silent && p->mp != NULL)
		libvlc_audio_set_volume(p->mp, volume);
}

int
player_volume(const struct player *p)
{
	return (p->volume);
}

void
player_set_mute(struct player *p, int mute)
{
	p->mute = mute != 0;
	if (!p->silent && p->mp != NULL)
		libvlc_audio_set_mute(p->mp, p->mute);
}

int
player_mute(const struct player *p)
{
	return (p->mute);
}

const char *
player_message(const struct player *p)
{
	return (p->message != NULL ? p->message : p->output_message);
}

int
player_audible(const struct player *p)
{
	return (!p->silent && !p->no_output);
}
