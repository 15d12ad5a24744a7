#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
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
/* How far the clock may run ahead of libvlc's last reading. */
#define PLAYER_EXTRAPOLATE_MAX 600
/* The clock's bounds widen by 1 ms per this many ms, for drift. */
#define PLAYER_DRIFT 50
/*
 * The silent output's count is checked against libvlc's clock after this many
 * steps, once its bounds are this close, and moved when it is off by no more
 * than the last.
 */
#define PLAYER_REFINE_STEPS 3
#define PLAYER_REFINE_SPREAD 30
#define PLAYER_REFINE_MAX 100
/* How long a seek may wait for libvlc's clock to move before trusting it. */
#define PLAYER_SEEK_SETTLE 1000
/* A media that ends this soon after opening with no length is not audio. */
#define PLAYER_EMPTY_END 1500

/*
 * With a stream, what libvlc reads ahead, in ms (its defaults, 300 for files
 * and 1000 over the network, put the stream about that far ahead of the
 * output; bench/stream.sh measures the two within 50 ms at this value).
 */
#define PLAYER_STREAM_CACHING "100"

/* Format of the silent output. */
#define PLAYER_AMEM_RATE PLAYER_RENDER_RATE
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

/* Bits for what libvlc reported since the last player_update(). */
#define PLAYER_EV_OPENING 0x01
#define PLAYER_EV_PLAYING 0x02
#define PLAYER_EV_PAUSED 0x04
#define PLAYER_EV_STOPPED 0x08
#define PLAYER_EV_ENDED 0x10
#define PLAYER_EV_ERROR 0x20
#define PLAYER_EV_LENGTH 0x40

/* The silent output: takes samples no faster than a sound card would. */
struct player_amem {
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* Signalled whenever a sleeper should look again. */
	unsigned epoch;		/* Bumped to cut short a sleeping play or drain. */
	int paused;
	int64_t paused_at;	/* libvlc_clock() when paused. */
	int stopping;		/* Set while the main thread stops libvlc. */
	int64_t end;		/* libvlc_clock() when the last sample is heard, or 0. */

	/* What is heard: the media time of each buffer, counted in samples. */
	double rate;
	unsigned srate;		/* Frames a second libvlc hands over. */
	int ahead;		/* Takes samples ahead, up to PLAYER_AMEM_AHEAD_MAX. */
	int anchor;		/* The next buffer begins at anchor_us. */
	int64_t anchor_us;
	int pending;		/* Flushes still to come from seeks asked for. */
	int64_t pending_at;	/* libvlc_clock() of the last seek asked for. */
	int64_t buf_pts;	/* libvlc_clock() when the latest buffer is heard, or 0. */
	int64_t buf_us;		/* Media time of its first sample, in us. */
	int64_t buf_len;	/* Media time it spans, in us. */

	player_render_cb render;
	void *render_arg;
};

/* What libvlc's threads report, read by player_update(). */
struct player_events {
	pthread_mutex_t lock;
	unsigned seen;		/* PLAYER_EV_* bits since the last update. */
	unsigned last;		/* The latest state bit seen. */
	int64_t length;
};

struct player {
	libvlc_instance_t *vlc;
	libvlc_media_player_t *mp;
	int pipe[2];
	FILE *log;

	struct player_events ev;
	struct player_amem amem;
	int silent;		/* Output goes to the silent clock. */
	int timeout_ms;

	enum player_state state;
	int dirty;		/* State changed outside player_update(). */
	char *message;		/* The last error, or NULL. */
	const char *output_message; /* Why the output is silent, or NULL. */
	char output_text[96];	/* output_message when it names the output. */
	enum player_output output; /* Chosen by player_new(), set up by player_start(). */
	char *audio_output;
	char *audio_device;
	char *location;
	int64_t start_ms;	/* Where libvlc was told to begin. */
	int64_t clip_start;
	int64_t clip_end;	/* 0 when not playing a clip. */
	int64_t length;
	int64_t opened_at;	/* Monotonic ms when the media was opened. */
	int want_pause;		/* Pause as soon as the media plays. */

	/* The interpolated clock. */
	int64_t raw;		/* libvlc's last time reading. */
	int64_t raw_seen;	/* Monotonic ms of the last read that saw raw. */
	int64_t raw_max;	/* Largest reading since the media opened. */
	int64_t lo, hi;		/* Bounds on media time minus monotonic time. */
	int64_t bounds_at;	/* Monotonic ms when the bounds were last set. */
	int64_t held_at;	/* Monotonic ms when the clock was held or reset. */
	int settling;		/* Waiting for libvlc's clock to move after a jump. */
	int64_t last;		/* Last time reported, never passed backwards. */
	int64_t lag;		/* How far libvlc's clock runs ahead of what is heard. */
	int lag_known;		/* The codec was found and lag set from it. */
	int steps;		/* Steps of libvlc's clock since the last jump. */
	int refined;		/* The silent output's count was checked against them. */

	/* Speed: the clock runs on monotonic time scaled by rate. */
	double rate;
	int64_t v_base;		/* Scaled time at v_at. */
	int64_t v_at;		/* Monotonic ms of the last rate change. */
	int volume;		/* 0-150, libvlc's percent. */
	int mute;

	/* The HTTP stream, when asked for. */
	char *stream_sout;	/* The :sout option that duplicates the output, or NULL. */
	char *stream_url;
	int64_t stream_delay;
	int64_t stream_from;	/* Where playback last began or was sought to. */
};

static int64_t
player_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Monotonic time scaled by the playback rate: media time moves with it. */
static int64_t
player_vnow(const struct player *p)
{
	int64_t now = player_mono_ms();

	return (p->v_base + (int64_t)((double)(now - p->v_at) * p->rate));
}

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
static void
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
static void
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
static int64_t
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
static void
player_amem_shift(struct player_amem *a, int64_t ms)
{
	pthread_mutex_lock(&a->lock);
	if (a->pending == 0 && !a->anchor && a->buf_pts != 0)
		a->buf_us += ms * 1000;
	pthread_mutex_unlock(&a->lock);
}

static void
player_amem_rate(struct player_amem *a, double rate)
{
	pthread_mutex_lock(&a->lock);
	a->rate = rate;
	pthread_mutex_unlock(&a->lock);
}

/* Returns 1 when a sound server or an ALSA playback device is likely reachable. */
static int
player_sound_device(void)
{
	const char *env, *run;
	char *path;
	struct stat sb;
	glob_t g;
	int found;

	env = getenv("PULSE_SERVER");
	if (env != NULL && *env != '\0')
		return (1);
	run = getenv("XDG_RUNTIME_DIR");
	if (run != NULL && *run != '\0') {
		path = xasprintf("%s/pulse/native", run);
		found = stat(path, &sb) == 0;
		free(path);
		if (found)
			return (1);
	}
	if (glob("/dev/snd/pcmC*D*p", 0, NULL, &g) != 0)
		return (0);
	found = g.gl_pathc > 0;
	globfree(&g);
	return (found);
}

static void
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

/* Chooses the audio output; a device-less AUTO becomes the silent clock. */
static void
player_output_choose(struct player *p, const struct player_options *opts)
{
	p->output = opts->output;
	if (p->output == PLAYER_OUTPUT_AUTO && !player_sound_device()) {
		p->output = PLAYER_OUTPUT_SILENT;
		p->output_message = "no sound device: playing silently";
	}
	p->silent = p->output == PLAYER_OUTPUT_SILENT;
	if (opts->audio_output != NULL)
		p->audio_output = xstrdup(opts->audio_output);
	if (opts->audio_device != NULL)
		p->audio_device = xstrdup(opts->audio_device);
}

/*
 * Sets the named output. libvlc opens it at once and keeps none when it fails
 * (a sound server that cannot be reached): then returns -1 with *err NULL and
 * says why in output_message, so that play goes on the silent clock.
 */
static int
player_output_named(struct player *p, char **err)
{
	if (p->audio_output == NULL ||
	    libvlc_audio_output_set(p->mp, p->audio_output) != 0) {
		*err = xasprintf("unknown audio output: %s",
		    p->audio_output != NULL ? p->audio_output : "(none)");
		return (-1);
	}
	if (libvlc_audio_get_volume(p->mp) >= 0)
		return (0);
	snprintf(p->output_text, sizeof p->output_text,
	    "audio output %.32s did not start (see the log): playing silently",
	    p->audio_output);
	p->output_message = p->output_text;
	return (-1);
}

/* Sets up the chosen audio output; returns -1 with *err on failure. */
static int
player_output_set(struct player *p, char **err)
{
	if (p->output == PLAYER_OUTPUT_NAMED && player_output_named(p, err) != 0) {
		if (*err != NULL)
			return (-1);
		p->output = PLAYER_OUTPUT_SILENT;
		p->silent = 1;
	}
	switch (p->output) {
	case PLAYER_OUTPUT_SILENT:
		libvlc_audio_set_callbacks(p->mp, player_amem_play,
		    player_amem_pause, player_amem_resume, player_amem_flush,
		    player_amem_drain, &p->amem);
		libvlc_audio_set_format_callbacks(p->mp, player_amem_setup, NULL);
		break;
	case PLAYER_OUTPUT_NAMED:
	case PLAYER_OUTPUT_AUTO:
		if (p->audio_device != NULL)
			libvlc_audio_output_device_set(p->mp, NULL, p->audio_device);
		break;
	}
	return (0);
}

/*
 * Sets up the stream: the decoded audio goes both to the output and, encoded
 * as MP3, to libvlc's HTTP server on 127.0.0.1 (never another address). The
 * port is tried first so that one already taken is reported here, not as a
 * media that fails to open.
 */
static int
player_stream_set(struct player *p, const struct player_options *opts, char **err)
{
	struct sockaddr_in	sin;
	int			fd, one = 1;

	if (opts->stream_port < 1 || opts->stream_port > 65535) {
		*err = xasprintf("stream port %d is not from 1 to 65535", opts->stream_port);
		return (-1);
	}
	if (opts->stream_delay_ms < 0 || opts->stream_delay_ms > PLAYER_STREAM_DELAY_MAX) {
		*err = xasprintf("stream delay %d ms is not from 0 to %d", opts->stream_delay_ms,
		    PLAYER_STREAM_DELAY_MAX);
		return (-1);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)opts->stream_port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		*err = xasprintf("socket: %s", strerror(errno));
		return (-1);
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		*err = xasprintf("cannot stream on 127.0.0.1:%d: %s", opts->stream_port,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	close(fd);
	p->stream_sout = xasprintf(":sout=#duplicate{dst=display{delay=0},dst=\"transcode{"
	    "vcodec=none,acodec=mp3,ab=128,channels=2,samplerate=44100}:"
	    "http{mux=raw,dst=127.0.0.1:%d/}\"}", opts->stream_port);
	p->stream_url = xasprintf("http://127.0.0.1:%d/", opts->stream_port);
	p->stream_delay = opts->stream_delay_ms;
	/* The stream is paced by this output: it keeps the pace of each buffer. */
	p->amem.ahead = 0;
	return (0);
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
	pthread_mutex_destroy(&p->amem.lock);
	pthread_cond_destroy(&p->amem.cond);
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

/* Starts the clock at ms; it holds there until libvlc's clock moves. */
static void
player_clock_reset(struct player *p, int64_t ms)
{
	p->raw = libvlc_media_player_get_time(p->mp);
	p->raw_seen = p->held_at = player_vnow(p);
	p->settling = 1;
	p->last = ms;
	p->steps = 0;
	p->refined = 0;
}

/* Holds the clock where it is, as when paused. */
static void
player_clock_hold(struct player *p, int64_t now)
{
	p->held_at = now;
}

/* Lets a held clock run again from where it stopped. */
static void
player_clock_resume(struct player *p, int64_t now)
{
	int64_t held = now - p->held_at;

	p->lo -= held;
	p->hi -= held;
	p->bounds_at = p->held_at = now;
	p->raw = libvlc_media_player_get_time(p->mp);
	p->raw_seen = now;
}

/*
 * 1 when the clock counts what the silent output plays. With a stream it runs
 * on libvlc's clock instead: the output then hears no flush when a seek is
 * made, so its count cannot tell where the new audio begins.
 */
static int
player_counts(const struct player *p)
{
	return (p->silent && p->stream_sout == NULL);
}

/* The clock at now from what is known, without asking libvlc. */
static int64_t
player_clock_at(const struct player *p, int64_t now)
{
	int64_t t;

	if (p->state != PLAYER_PLAYING || p->settling || player_counts(p))
		return (p->last);
	t = now + (p->lo + p->hi) / 2 - p->lag;
	if (t > p->raw - p->lag + PLAYER_EXTRAPOLATE_MAX)
		t = p->raw - p->lag + PLAYER_EXTRAPOLATE_MAX;
	if (t < p->last)
		t = p->last;
	if (p->clip_end > 0 && t > p->clip_end)
		t = p->clip_end;
	if (p->length > 0 && t > p->length)
		t = p->length;
	return (t);
}

/*
 * Reads libvlc's clock. It moves in steps, and a step was taken at some moment
 * between the last read that saw the old value and this one, which bounds the
 * offset between media time and the monotonic clock; the bounds from every
 * step are intersected (widened a little for drift) and the clock runs from
 * their middle.
 */
static void
player_clock_read(struct player *p, int64_t now)
{
	int64_t raw, lo, hi, widen;

	raw = libvlc_media_player_get_time(p->mp);
	if (raw > p->raw_max)
		p->raw_max = raw;
	if (raw == p->raw) {
		p->raw_seen = now;
		if (p->settling && now - p->held_at > PLAYER_SEEK_SETTLE) {
			p->settling = 0;
			p->lo = p->hi = p->last + p->lag - now;
			p->bounds_at = now;
		}
		return;
	}
	lo = raw - now;
	hi = raw - p->raw_seen;
	if (!p->settling) {
		widen = (now - p->bounds_at) / PLAYER_DRIFT;
		if (p->lo - widen > lo)
			lo = p->lo - widen;
		if (p->hi + widen < hi)
			hi = p->hi + widen;
		if (lo > hi) {
			lo = raw - now;
			hi = raw - p->raw_seen;
		}
	}
	p->lo = lo;
	p->hi = hi;
	p->bounds_at = now;
	p->settling = 0;
	p->raw = raw;
	p->raw_seen = now;
	p->steps++;
}

/*
 * How far libvlc's clock, interpolated between its steps, runs ahead of what
 * is heard, in ms, by codec. Measured against the onsets of tones heard
 * through the silent output (libvlc 3.0.24, :demux=avformat, 48 kHz, tones
 * 1 s apart, mean over 11): Opus +1, Vorbis +1 to +2, MP3 from LAME +72 at a
 * constant bit rate and +49 at a variable one (its encoder delay, 23 ms,
 * is skipped only there), so 60 for MP3. Other codecs were not measured.
 */
static int64_t
player_codec_lag(uint32_t codec)
{
	static const struct {
		char fourcc[5];
		int64_t lag;
	} table[] = {
		{ "mpga", 60 },
		{ "mp3 ", 60 },
		{ "Opus", 0 },
		{ "vorb", 0 },
	};
	size_t i;
	uint32_t f;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		f = (uint32_t)(unsigned char)table[i].fourcc[0] |
		    (uint32_t)(unsigned char)table[i].fourcc[1] << 8 |
		    (uint32_t)(unsigned char)table[i].fourcc[2] << 16 |
		    (uint32_t)(unsigned char)table[i].fourcc[3] << 24;
		if (f == codec)
			return (table[i].lag);
	}
	return (0);
}

/* Sets the lag from the media's audio codec once libvlc knows it. */
static void
player_lag_find(struct player *p)
{
	libvlc_media_t *m;
	libvlc_media_track_t **tracks;
	unsigned n, i;

	if (p->lag_known || (m = libvlc_media_player_get_media(p->mp)) == NULL)
		return;
	n = libvlc_media_tracks_get(m, &tracks);
	for (i = 0; i < n; i++) {
		if (tracks[i]->i_type != libvlc_track_audio)
			continue;
		p->lag = player_codec_lag(tracks[i]->i_codec);
		p->lag_known = 1;
		break;
	}
	if (n > 0)
		libvlc_media_tracks_release(tracks, n);
	libvlc_media_release(m);
}

/*
 * Once libvlc's clock is known closely, moves the silent output's count to
 * agree with it: the count starts where playback was asked to begin, but the
 * first buffer holds that point rather than starts at it.
 */
static void
player_clock_refine(struct player *p, int64_t now, int64_t heard)
{
	int64_t d;

	if (p->refined || p->settling || !p->lag_known ||
	    p->steps < PLAYER_REFINE_STEPS || p->hi - p->lo > PLAYER_REFINE_SPREAD)
		return;
	p->refined = 1;
	d = now + (p->lo + p->hi) / 2 - p->lag - heard;
	if (d >= -PLAYER_REFINE_MAX && d <= PLAYER_REFINE_MAX)
		player_amem_shift(&p->amem, d);
}

/* Reads what is heard now into p->last, within the media and the clip. */
static void
player_clock_update(struct player *p, int64_t now)
{
	int64_t t;

	player_lag_find(p);
	player_clock_read(p, now);
	if (!player_counts(p)) {
		p->last = player_clock_at(p, now);
		return;
	}
	if ((t = player_amem_heard(&p->amem)) >= 0) {
		player_clock_refine(p, now, t);
		t = player_amem_heard(&p->amem);
	}
	if (t < p->last)
		t = p->last;
	if (p->clip_end > 0 && t > p->clip_end)
		t = p->clip_end;
	if (p->length > 0 && t > p->length)
		t = p->length;
	p->last = t;
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

char *
player_outputs_list(void)
{
	static const char *const args[] = { "--quiet", "--no-video" };
	libvlc_instance_t *vlc;
	libvlc_audio_output_t *list, *o;
	size_t len = 0, cap = 256;
	char *out = xmalloc(cap), *line;

	out[0] = '\0';
	vlc = player_vlc_quiet(args, sizeof args / sizeof args[0]);
	if (vlc == NULL)
		return (out);
	list = libvlc_audio_output_list_get(vlc);
	for (o = list; o != NULL; o = o->p_next) {
		line = xasprintf("%-12s %s\n", o->psz_name,
		    o->psz_description != NULL ? o->psz_description : "");
		if (len + strlen(line) + 1 > cap) {
			cap = (len + strlen(line) + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + len, line, strlen(line) + 1);
		len += strlen(line);
		free(line);
	}
	if (list != NULL)
		libvlc_audio_output_list_release(list);
	libvlc_release(vlc);
	return (out);
}

const char *
player_message(const struct player *p)
{
	return (p->message != NULL ? p->message : p->output_message);
}

int
player_audible(const struct player *p)
{
	return (!p->silent);
}
