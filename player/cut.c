/*
 * Cutting a clip to a file in two steps. The clip's samples go to a WAV file
 * beside the destination: an Ogg Opus or Vorbis file, an MP3 or an MP4 is
 * decoded from the clip's first sample (opusfile, vorbisfile, libmpg123 and
 * FFmpeg seek exactly, seekdec.c); any other media is decoded by
 * player_decode() from its start, counting samples, since libvlc's seeks
 * start early wherever the demuxer lands and its stream output keeps what
 * lies before the start time. Then libvlc's stream output encodes that whole
 * WAV into the destination's format.
 */

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

/* Clips that end past this are refused, so sample sums cannot overflow (ms). */
#define CUT_MS_MAX (1000LL * 3600 * 24 * 30)
/* A WAV file's sizes are 32-bit: at most this many bytes of samples. */
#define CUT_WAV_DATA_MAX (UINT32_MAX - 64)
/* libavformat reads a WAV in packets of this many frames (4096 bytes). */
#define CUT_WAV_BLOCK 1024
/* A trimmed MP3 keeps at least this many frames, for readers to know it as MP3. */
#define CUT_MP3_MIN_FRAMES 4
/* Bytes of a WAV header (RIFF, fmt and data chunk headers). */
#define CUT_WAV_HEADER 44

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
	int lead_ms;		/* Silence the encoder drops at the start. */
	int tail_ms;		/* Silence the encoder keeps back at the end. */
	int mp3;		/* Raw MP3 frames, cut after the clip by cut_mp3_trim(). */
};

/* The decoded clip on its way into a WAV file; only the decoding thread writes it. */
struct cut_pcm {
	FILE *f;
	int64_t start_ms;
	int64_t end_ms;
	unsigned rate;		/* The WAV's rate, from the first sample kept; 0 before. */
	unsigned at_rate;	/* The rate of the latest buffer. */
	int64_t base_us;	/* Media time where at_rate began. */
	int64_t at;		/* Frames decoded since base_us. */
	uint64_t frames;	/* Frames written. */
	int lead_ms;		/* Silence to write before the first frame. */
	uint64_t lead;		/* Frames of it written. */
	const char *fault;	/* Why the pcm callback stopped, or NULL. */
	int error;		/* errno of a failed write. */
	player_progress_cb progress;	/* Told of the decoding, or NULL. */
	void *progress_arg;
};

/*
 * lead_ms and tail_ms are as measured with libvlc 3.0 (tests/test_cut.c
 * checks the result): its MP3 encoding loses about 33 ms at the start, and no
 * encoder is drained at the end, so what each keeps back must be silence. An
 * MP3 encoder keeps back a varying amount (its bit reservoir), so an MP3 gets
 * more silence and is cut after the clip's frames.
 */
static const struct cut_format cut_formats[] = {
	{ ".ogg", "vcodec=none,acodec=vorb,ab=96,channels=2,samplerate=48000",
	    "ogg", 0, 70, 0 },
	{ ".opus", "vcodec=none,acodec=opus,ab=64,channels=2,samplerate=48000",
	    "ogg", 0, 45, 0 },
	{ ".mp3", "vcodec=none,acodec=mp3,ab=128,channels=2",
	    "raw", 33, 250, 1 },
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
	if (end_ms > CUT_MS_MAX) {
		*err = xstrdup("the clip ends too late to be cut");
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

/* A media for the WAV at wav that writes it all to part in format f. */
static libvlc_media_t *
cut_media(libvlc_instance_t *vlc, const char *wav, const struct cut_format *f,
    const char *part)
{
	libvlc_media_t *m;
	char *sout;

	if ((m = libvlc_media_new_path(vlc, wav)) == NULL)
		return (NULL);
	libvlc_media_add_option(m, ":demux=avformat");
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

/* Encodes the WAV at wav, len_ms long, into part; 0 when libvlc reached the end without error. */
static int
cut_encode(const char *wav, int64_t len_ms, const struct cut_format *f,
    const char *part, char **err)
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
	if ((m = cut_media(vlc, wav, f, part)) == NULL) {
		*err = xstrdup("cannot open the decoded clip for encoding");
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
		*err = xstrdup("cannot encode the decoded clip");
		goto out;
	}
	seen = cut_wait_end(&w, CUT_WAIT_BASE + CUT_WAIT_FACTOR * len_ms);
	if (seen & CUT_EV_ERROR)
		*err = xasprintf("cannot encode the clip as %s", f->suffix + 1);
	else if (seen == 0)
		*err = xstrdup("encoding the clip took too long");
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

/* Writes frames of silence to the WAV; 0 when written. */
static int
cut_silence(struct cut_pcm *c, uint64_t frames)
{
	static const int16_t zero[2 * 1024];
	size_t k;

	for (; frames > 0; frames -= k) {
		k = frames < 1024 ? (size_t)frames : 1024;
		if (fwrite(zero, 4, k, c->f) != k) {
			c->error = errno;
			return (-1);
		}
		c->frames += k;
	}
	return (0);
}

/* Tells the caller how far the decoding is, out of the clip's end. */
static void
cut_progress(void *arg, int64_t done_ms, int64_t length_ms)
{
	struct cut_pcm *c = arg;

	(void)length_ms;
	if (c->progress != NULL)
		c->progress(c->progress_arg, done_ms < c->end_ms ? done_ms : c->end_ms,
		    c->end_ms);
}

/* Takes the clip's part of a decoded buffer of count stereo frames into the WAV. */
static int
cut_pcm(void *arg, const int16_t *s, unsigned count, unsigned rate)
{
	struct cut_pcm *c = arg;
	int64_t from, to, first, last;

	if (rate != c->at_rate) {
		if (c->at_rate != 0)
			c->base_us += c->at * 1000000 / c->at_rate;
		c->at_rate = rate;
		c->at = 0;
	}
	/* The clip's first and last frames, counted from base_us at this rate. */
	from = ((c->start_ms * 1000 - c->base_us) * rate + 500000) / 1000000;
	to = ((c->end_ms * 1000 - c->base_us) * rate + 500000) / 1000000;
	first = from > c->at ? from : c->at;
	last = to < c->at + count ? to : c->at + count;
	if (first >= last) {
		c->at += count;
		return (0);
	}
	s += (first - c->at) * 2;
	c->at += count;
	if (c->rate == 0) {
		c->rate = rate;
		if (cut_silence(c, (uint64_t)c->lead_ms * rate / 1000) != 0)
			return (-1);
		c->lead = c->frames;
	}
	if (rate != c->rate) {
		c->fault = "the sample rate changes within the clip";
		return (-1);
	}
	if ((c->frames + (uint64_t)(last - first)) * 4 > CUT_WAV_DATA_MAX) {
		c->fault = "the clip is too long for a WAV file";
		return (-1);
	}
	if (fwrite(s, 4, (size_t)(last - first), c->f) != (size_t)(last - first)) {
		c->error = errno;
		return (-1);
	}
	c->frames += (uint64_t)(last - first);
	return (0);
}

static void
cut_put16(uint8_t *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void
cut_put32(uint8_t *p, uint32_t v)
{
	cut_put16(p, v & 0xffff);
	cut_put16(p + 2, v >> 16);
}

/* Writes the header of a 16-bit stereo WAV of frames at rate at the start of f; 0 when written. */
static int
cut_wav_header(FILE *f, unsigned rate, uint64_t frames)
{
	uint8_t h[CUT_WAV_HEADER];
	uint32_t data = (uint32_t)(frames * 4);

	memcpy(h, "RIFF", 4);
	cut_put32(h + 4, data + CUT_WAV_HEADER - 8);
	memcpy(h + 8, "WAVEfmt ", 8);
	cut_put32(h + 16, 16);
	cut_put16(h + 20, 1);		/* PCM */
	cut_put16(h + 22, 2);		/* Channels. */
	cut_put32(h + 24, rate);
	cut_put32(h + 28, rate * 4);	/* Bytes a second. */
	cut_put16(h + 32, 4);		/* Bytes a frame. */
	cut_put16(h + 34, 16);
	memcpy(h + 36, "data", 4);
	cut_put32(h + 40, data);
	if (fseek(f, 0, SEEK_SET) != 0 || fwrite(h, sizeof h, 1, f) != 1)
		return (-1);
	return (0);
}

/*
 * Decodes location into c through o: an Ogg Opus or Vorbis file, an MP3 or
 * an MP4 from the clip's first sample (player_seekdec_*), anything else from
 * its start (libvlc).
 */
static int
cut_decode_run(const char *location, int64_t start_ms, struct cut_pcm *c,
    const struct player_decode_options *o, char **err)
{
	struct player_seekdec *sd;
	int url, rc;

	if (!player_location_allowed(location, &url) || url ||
	    (sd = player_seekdec_open(location)) == NULL)
		return (player_decode(location, o, err));
	/* Counted from the media's start, as libvlc's samples are. */
	c->at_rate = player_seekdec_rate(sd);
	c->at = start_ms * c->at_rate / 1000;
	rc = player_seekdec_run(sd, c->at, o, location, err);
	player_seekdec_free(sd);
	if (rc != 1)
		return (rc);
	c->at_rate = 0;
	c->at = 0;
	return (player_decode(location, o, err));
}

/* Decodes location and writes start_ms..end_ms of it to f as a WAV file; 0 when written. */
static int
cut_decode(const char *location, int64_t start_ms, int64_t end_ms,
    const struct cut_format *fmt, FILE *f, const char *wav, int64_t *clip_us,
    player_progress_cb progress, void *arg, char **err)
{
	struct player_decode_options o;
	struct cut_pcm c;
	uint64_t tail;

	memset(&c, 0, sizeof c);
	c.progress = progress;
	c.progress_arg = arg;
	c.f = f;
	c.start_ms = start_ms;
	c.end_ms = end_ms;
	c.lead_ms = fmt->lead_ms;
	memset(&o, 0, sizeof o);
	o.pcm = cut_pcm;
	o.progress = cut_progress;
	o.arg = &c;
	o.channels = 2;
	o.until_ms = end_ms;
	/* A header's room first; its sizes are known at the end. */
	if (cut_wav_header(f, 48000, 0) != 0) {
		*err = xasprintf("%s: %s", wav, strerror(errno));
		return (-1);
	}
	if (cut_decode_run(location, start_ms, &c, &o, err) != 0) {
		if (c.fault != NULL || c.error != 0) {
			free(*err);
			*err = c.fault != NULL ? xasprintf("%s: %s", location, c.fault) :
			    xasprintf("%s: %s", wav, strerror(c.error));
		}
		return (-1);
	}
	if (c.frames == 0) {
		*err = xasprintf("%s: the clip starts after the end of the audio",
		    location);
		return (-1);
	}
	*clip_us = (int64_t)((c.frames - c.lead) * 1000000 / c.rate);
	tail = (uint64_t)fmt->tail_ms * c.rate / 1000;
	tail += (CUT_WAV_BLOCK - (c.frames + tail) % CUT_WAV_BLOCK) % CUT_WAV_BLOCK;
	if ((c.frames + tail) * 4 > CUT_WAV_DATA_MAX) {
		*err = xasprintf("%s: the clip is too long for a WAV file", location);
		return (-1);
	}
	if (cut_silence(&c, tail) != 0 ||
	    cut_wav_header(f, c.rate, c.frames) != 0 || fflush(f) != 0) {
		*err = xasprintf("%s: %s", wav, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Bit rates of MPEG-1 and of MPEG-2 and 2.5 Layer III (kbit/s), by index. */
static const unsigned cut_mp3_kbps[2][15] = {
	{ 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320 },
	{ 0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160 }
};

/* Sample rates of MPEG-1, 2 and 2.5, by index. */
static const unsigned cut_mp3_rates[3][3] = {
	{ 44100, 48000, 32000 }, { 22050, 24000, 16000 }, { 11025, 12000, 8000 }
};

/*
 * The length in bytes of the MPEG audio Layer III frame whose four header
 * bytes are h, with its samples and rate; 0 when h is no such header.
 */
static size_t
cut_mp3_frame(const uint8_t h[4], unsigned *samples, unsigned *rate)
{
	unsigned version, br, sr, pad, mpeg1;

	if (h[0] != 0xff || (h[1] & 0xe0) != 0xe0 || ((h[1] >> 1) & 3) != 1)
		return (0);
	version = (h[1] >> 3) & 3;	/* 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5. */
	br = h[2] >> 4;
	sr = (h[2] >> 2) & 3;
	pad = (h[2] >> 1) & 1;
	if (version == 1 || br == 0 || br == 15 || sr == 3)
		return (0);
	mpeg1 = version == 3;
	*rate = cut_mp3_rates[mpeg1 ? 0 : version == 2 ? 1 : 2][sr];
	*samples = mpeg1 ? 1152 : 576;
	return ((mpeg1 ? 144000 : 72000) * cut_mp3_kbps[!mpeg1][br] / *rate + pad);
}

/*
 * Ends the raw MP3 at part after the frames that hold clip_us of audio: the
 * rest is the silence added for the encoder to keep back, and how much of it
 * the encoder lets out depends on its bit reservoir. A file that does not
 * read as frames is left as it is.
 */
static int
cut_mp3_trim(const char *part, int64_t clip_us, char **err)
{
	uint8_t h[4];
	unsigned samples, rate;
	int64_t have_us = 0;
	off_t off = 0;
	size_t len;
	int fd, n = 0, rc = 0;

	if ((fd = open(part, O_RDWR | O_CLOEXEC)) == -1) {
		*err = xasprintf("%s: %s", part, strerror(errno));
		return (-1);
	}
	while ((have_us < clip_us || n < CUT_MP3_MIN_FRAMES) &&
	    pread(fd, h, sizeof h, off) == (ssize_t)sizeof h &&
	    (len = cut_mp3_frame(h, &samples, &rate)) != 0) {
		off += (off_t)len;
		have_us += (int64_t)samples * 1000000 / rate;
		n++;
	}
	if (have_us >= clip_us && n >= CUT_MP3_MIN_FRAMES && ftruncate(fd, off) != 0) {
		*err = xasprintf("%s: %s", part, strerror(errno));
		rc = -1;
	}
	close(fd);
	return (rc);
}

/* The /proc/self/fd path of fd in buf; 0 when it opens (no /proc: -1). */
static int
cut_fd_path(int fd, char *buf, size_t size)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
	return (access(buf, F_OK) == 0 ? 0 : -1);
}

/*
 * Cuts location's clip into part by way of a WAV file beside dest. The WAV is
 * unlinked as soon as it is made and read back through /proc/self/fd, so it
 * is gone however the cut ends, even killed (without /proc, at the end).
 */
static int
cut_run(const char *location, int64_t start_ms, int64_t end_ms,
    const struct cut_format *f, const char *dest, const char *part,
    player_progress_cb progress, void *arg, char **err)
{
	char *wav, byfd[64];
	FILE *fp;
	int64_t clip_us;
	int fd, named = 1, rc = -1;

	wav = xasprintf("%s.XXXXXX.wav", dest);
	if ((fd = mkostemps(wav, 4, O_CLOEXEC)) == -1) {
		*err = xasprintf("%s: %s", wav, strerror(errno));
		free(wav);
		return (-1);
	}
	named = cut_fd_path(fd, byfd, sizeof byfd) != 0;
	if (!named)
		unlink(wav);
	if ((fp = fdopen(fd, "w+")) == NULL) {
		*err = xasprintf("%s: %s", wav, strerror(errno));
		close(fd);
		goto out;
	}
	if (cut_decode(location, start_ms, end_ms, f, fp, wav, &clip_us, progress, arg,
	    err) == 0 &&
	    cut_encode(named ? wav : byfd, end_ms - start_ms, f, part, err) == 0 &&
	    (!f->mp3 || cut_mp3_trim(part, clip_us, err) == 0))
		rc = 0;
	if (fclose(fp) != 0 && rc == 0) {
		*err = xasprintf("%s: %s", wav, strerror(errno));
		rc = -1;
	}
out:
	if (named)
		unlink(wav);
	free(wav);
	return (rc);
}

int
player_cut(const char *location, int64_t start_ms, int64_t end_ms,
    const char *dest, char **err)
{
	return (player_cut_progress(location, start_ms, end_ms, dest, NULL, NULL, err));
}

/*
 * An unnamed file in dest's folder for the encoded clip (O_TMPFILE), written
 * through /proc/self/fd/N and linked as dest at the end, so nothing is left
 * however the cut ends; -1 where the file system has none.
 */
static int
cut_tmpfile(const char *dest, char *byfd, size_t size)
{
	char *dir = xstrdup(dest), *slash = strrchr(dir, '/');
	int fd;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	fd = open(slash != NULL ? dir : ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
	free(dir);
	if (fd == -1)
		return (-1);
	/* Without /proc, it could neither be written by libvlc nor linked. */
	if (cut_fd_path(fd, byfd, size) != 0) {
		close(fd);
		return (-1);
	}
	return (fd);
}

int
player_cut_progress(const char *location, int64_t start_ms, int64_t end_ms,
    const char *dest, player_progress_cb progress, void *arg, char **err)
{
	const struct cut_format *f;
	struct stat sb;
	char *part = NULL, byfd[64];
	int fd, rc = -1;

	*err = NULL;
	if ((f = cut_check(location, start_ms, end_ms, dest, err)) == NULL)
		return (-1);
	if ((fd = cut_tmpfile(dest, byfd, sizeof byfd)) == -1) {
		/* DEST.part where there are no unnamed files. */
		part = xasprintf("%s.part", dest);
		fd = open(part, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd == -1) {
			*err = xasprintf("%s: %s", part, strerror(errno));
			free(part);
			return (-1);
		}
	}
	if (cut_run(location, start_ms, end_ms, f, dest, part != NULL ? part : byfd,
	    progress, arg, err) != 0)
		goto out;
	if (fstat(fd, &sb) != 0 || sb.st_size == 0) {
		*err = xasprintf("%s: nothing was written (is the %s encoder "
		    "missing?)", dest, f->suffix + 1);
		goto out;
	}
	/* Links never replace a file made meanwhile; rename() where links are not kept. */
	if (part == NULL ? linkat(AT_FDCWD, byfd, AT_FDCWD, dest, AT_SYMLINK_FOLLOW) != 0 :
	    link(part, dest) != 0 && ((errno != EPERM && errno != EOPNOTSUPP) ||
	    rename(part, dest) != 0)) {
		*err = xasprintf("%s: %s", dest, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(fd);
	if (part != NULL)
		unlink(part);
	free(part);
	return (rc);
}
