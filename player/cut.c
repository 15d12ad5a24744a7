#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
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

/* A cut may take this long to open, plus CUT_WAIT_FACTOR times its length. */
#define CUT_WAIT_BASE 20000
#define CUT_WAIT_FACTOR 2

/* Bits for what libvlc reported. */
#define CUT_EV_ENDED 0x01
#define CUT_EV_STOPPED 0x02
#define CUT_EV_ERROR 0x04

/* What the event callback shares with the waiting thread. */
struct cut_wait {
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* Signalled when seen changes. */
	unsigned seen;
};

/* One encoding a destination's suffix selects. */
struct cut_format {
	const char *suffix;
	const char *transcode;	/* The transcode module's options. */
	const char *mux;
};

static const struct cut_format cut_formats[] = {
	{ ".ogg", "vcodec=none,acodec=vorb,ab=96,channels=2,samplerate=48000",
	    "ogg" },
	{ ".opus", "vcodec=none,acodec=opus,ab=64,channels=2,samplerate=48000",
	    "ogg" },
	{ ".mp3", "vcodec=none,acodec=mp3,ab=128,channels=2",
	    "raw" },
};

/* Runs on libvlc's threads: records the event and wakes the waiter. */
static void
cut_event_cb(const struct libvlc_event_t *e, void *data)
{
	struct cut_wait *w = data;
	unsigned bit;

	switch (e->type) {
	case libvlc_MediaPlayerEndReached:
		bit = CUT_EV_ENDED;
		break;
	case libvlc_MediaPlayerStopped:
		bit = CUT_EV_STOPPED;
		break;
	case libvlc_MediaPlayerEncounteredError:
		bit = CUT_EV_ERROR;
		break;
	default:
		return;
	}
	pthread_mutex_lock(&w->lock);
	w->seen |= bit;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/* The format dest's suffix names, or NULL. */
static const struct cut_format *
cut_format_find(const char *dest)
{
	size_t i, n, len = strlen(dest);

	for (i = 0; i < sizeof cut_formats / sizeof cut_formats[0]; i++) {
		n = strlen(cut_formats[i].suffix);
		if (len > n &&
		    strcasecmp(dest + len - n, cut_formats[i].suffix) == 0)
			return (&cut_formats[i]);
	}
	return (NULL);
}

/* Checks everything that can be known before libvlc starts; sets *err when not. */
static const struct cut_format *
cut_check(const char *location, int64_t start_ms, int64_t end_ms,
    const char *dest, char **err)
{
	const struct cut_format *f;
	struct stat sb;
	int url;

	if (start_ms < 0 || end_ms <= start_ms) {
		*err = xstrdup("the clip ends before it starts");
		return (NULL);
	}
	if (!player_location_allowed(location, &url)) {
		*err = xasprintf("cannot cut \"%s\": only local files and "
		    "http(s) URLs can be cut", location);
		return (NULL);
	}
	if (!url && stat(location, &sb) != 0) {
		*err = xasprintf("%s: %s", location, strerror(errno));
		return (NULL);
	}
	if ((f = cut_format_find(dest)) == NULL) {
		*err = xasprintf("%s: the name must end in .ogg, .opus or .mp3",
		    dest);
		return (NULL);
	}
	if (strpbrk(dest, "'\"\\{}") != NULL) {
		*err = xasprintf("%s: quotes, backslashes and braces cannot be "
		    "in the name", dest);
		return (NULL);
	}
	if (lstat(dest, &sb) == 0) {
		*err = xasprintf("%s: already exists", dest);
		return (NULL);
	}
	if (errno != ENOENT) {
		*err = xasprintf("%s: %s", dest, strerror(errno));
		return (NULL);
	}
	return (f);
}

/* Adds ":name=S.mmm", written by hand: libvlc wants a point whatever LC_NUMERIC says. */
static void
cut_add_time(libvlc_media_t *m, const char *name, int64_t ms)
{
	char opt[64];

	snprintf(opt, sizeof opt, ":%s=%lld.%03lld", name,
	    (long long)(ms / 1000), (long long)(ms % 1000));
	libvlc_media_add_option(m, opt);
}

/* A media for location that writes start_ms..end_ms to part in format f. */
static libvlc_media_t *
cut_media(libvlc_instance_t *vlc, const char *location, int64_t start_ms,
    int64_t end_ms, const struct cut_format *f, const char *part)
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
	if (start_ms > 0)
		cut_add_time(m, "start-time", start_ms);
	cut_add_time(m, "stop-time", end_ms);
	sout = xasprintf(":sout=#transcode{%s}:std{access=file,mux=%s,"
	    "dst='%s'}", f->transcode, f->mux, part);
	libvlc_media_add_option(m, sout);
	free(sout);
	libvlc_media_add_option(m, ":no-sout-all");
	libvlc_media_add_option(m, ":sout-keep");
	return (m);
}

/* Waits until libvlc reports an end or error, or timeout_ms pass; returns what it saw. */
static unsigned
cut_wait_end(struct cut_wait *w, int64_t timeout_ms)
{
	struct timespec ts;
	unsigned seen;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (timeout_ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&w->lock);
	while (w->seen == 0)
		if (pthread_cond_timedwait(&w->cond, &w->lock, &ts) == ETIMEDOUT)
			break;
	seen = w->seen;
	pthread_mutex_unlock(&w->lock);
	return (seen);
}

static void
cut_wait_init(struct cut_wait *w)
{
	pthread_condattr_t ca;

	w->seen = 0;
	if (pthread_mutex_init(&w->lock, NULL) != 0)
		BUG();
	if (pthread_condattr_init(&ca) != 0 ||
	    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&w->cond, &ca) != 0)
		BUG();
	pthread_condattr_destroy(&ca);
}

/* Runs the cut into part; returns 0 when libvlc reached the end without error. */
static int
cut_run(const char *location, int64_t start_ms, int64_t end_ms,
    const struct cut_format *f, const char *part, char **err)
{
	static const char *const args[] = {
		"--quiet", "--no-video", "--no-xlib", "--no-stats",
		"--no-media-library", "--no-lua", "--no-sub-autodetect-file",
		"--no-spu", "--aout=dummy"
	};
	static const libvlc_event_type_t types[] = {
		libvlc_MediaPlayerEndReached, libvlc_MediaPlayerStopped,
		libvlc_MediaPlayerEncounteredError
	};
	libvlc_instance_t *vlc;
	libvlc_media_player_t *mp = NULL;
	libvlc_media_t *m;
	libvlc_event_manager_t *em = NULL;
	struct cut_wait w;
	unsigned seen = 0;
	size_t i;
	int rc = -1;

	cut_wait_init(&w);
	if ((vlc = player_vlc_quiet(args, sizeof args / sizeof args[0])) == NULL) {
		*err = xstrdup("cannot start libvlc");
		goto out;
	}
	if ((m = cut_media(vlc, location, start_ms, end_ms, f, part)) == NULL) {
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
		if (libvlc_event_attach(em, types[i], cut_event_cb, &w) != 0) {
			*err = xstrdup("cannot watch libvlc events");
			goto out;
		}
	if (libvlc_media_player_play(mp) != 0) {
		*err = xasprintf("cannot play %s", location);
		goto out;
	}
	seen = cut_wait_end(&w, CUT_WAIT_BASE + CUT_WAIT_FACTOR * (end_ms - start_ms));
	if (seen & CUT_EV_ERROR)
		*err = xasprintf("cannot read or encode %s", location);
	else if (seen == 0)
		*err = xasprintf("cutting %s took too long", location);
	else
		rc = 0;
out:
	if (mp != NULL) {
		libvlc_media_player_stop(mp);
		for (i = 0; em != NULL && i < sizeof types / sizeof types[0]; i++)
			libvlc_event_detach(em, types[i], cut_event_cb, &w);
		libvlc_media_player_release(mp);
	}
	if (vlc != NULL)
		libvlc_release(vlc);
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	return (rc);
}

int
player_cut(const char *location, int64_t start_ms, int64_t end_ms,
    const char *dest, char **err)
{
	const struct cut_format *f;
	struct stat sb;
	char *part;
	int fd, rc = -1;

	*err = NULL;
	if ((f = cut_check(location, start_ms, end_ms, dest, err)) == NULL)
		return (-1);
	part = xasprintf("%s.part", dest);
	fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd == -1) {
		*err = xasprintf("%s: %s", part, strerror(errno));
		free(part);
		return (-1);
	}
	close(fd);
	if (cut_run(location, start_ms, end_ms, f, part, err) != 0)
		goto out;
	if (stat(part, &sb) != 0 || sb.st_size == 0) {
		*err = xasprintf("%s: nothing was written (is the %s encoder "
		    "missing?)", dest, f->suffix + 1);
		goto out;
	}
	/* link() never replaces a file made meanwhile; rename() where links are not kept. */
	if (link(part, dest) != 0 && ((errno != EPERM && errno != EOPNOTSUPP) ||
	    rename(part, dest) != 0)) {
		*err = xasprintf("%s: %s", dest, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	unlink(part);
	free(part);
	return (rc);
}
