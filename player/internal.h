#ifndef EARMARK_PLAYER_INTERNAL_H
#define EARMARK_PLAYER_INTERNAL_H

/* Shared between the player's own files; never included outside player/. */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include <vlc/vlc.h>

#include "player/player.h"

/*
 * A private libvlc for a short job (cutting, decoding, reading chapters,
 * listing outputs) whose log is dropped, so nothing reaches the terminal;
 * NULL when libvlc cannot start.
 */
libvlc_instance_t *player_vlc_quiet(const char *const *args, int nargs);

/* Frames a second of the silent output when the media does not say. */
#define PLAYER_AMEM_RATE PLAYER_RENDER_RATE

/* The silent output (amem.c): takes samples no faster than a sound card would. */
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

void player_amem_init(struct player_amem *a);
void player_amem_destroy(struct player_amem *a);
/* Makes the silent output libvlc's audio output for mp. */
void player_amem_attach(struct player_amem *a, libvlc_media_player_t *mp);
/* Sets or clears the flag that makes the silent output return at once. */
void player_amem_stopping(struct player_amem *a, int stopping);
/* The next samples begin at ms: at once, or after the flush a seek brings. */
void player_amem_anchor(struct player_amem *a, int64_t ms, int seek);
/* Media time (ms) of the sample being heard now, or -1 while not known. */
int64_t player_amem_heard(struct player_amem *a);
/* Moves the media time counted for the buffers played by ms. */
void player_amem_shift(struct player_amem *a, int64_t ms);
void player_amem_rate(struct player_amem *a, double rate);

/* What libvlc's threads report, read by player_update(). */
struct player_events {
	pthread_mutex_t lock;
	unsigned seen;		/* PLAYER_EV_* bits since the last update. */
	unsigned last;		/* The latest state bit seen. */
	int64_t length;
};

/* One player: libvlc's media player and what is known of it (player.c). */
struct player {
	libvlc_instance_t *vlc;
	libvlc_media_player_t *mp;
	int pipe[2];
	FILE *log;

	struct player_events ev;
	struct player_amem amem;
	int silent;		/* Output goes to the silent clock. */
	int no_output;		/* libvlc started no audio output: no sound. */
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

/* clock.c */
/* Monotonic time in ms. */
int64_t player_mono_ms(void);
/* Monotonic time scaled by the playback rate: media time moves with it. */
int64_t player_vnow(const struct player *p);
/* Starts the clock at ms; it holds there until libvlc's clock moves. */
void player_clock_reset(struct player *p, int64_t ms);
/* Holds the clock where it is, as when paused. */
void player_clock_hold(struct player *p, int64_t now);
/* Lets a held clock run again from where it stopped. */
void player_clock_resume(struct player *p, int64_t now);
/* The clock at now from what is known, without asking libvlc. */
int64_t player_clock_at(const struct player *p, int64_t now);
/* Reads what is heard now into p->last, within the media and the clip. */
void player_clock_update(struct player *p, int64_t now);

/* output.c */
/* Chooses the audio output; a device-less AUTO becomes the silent clock. */
void player_output_choose(struct player *p, const struct player_options *opts);
/* Sets up the chosen audio output; returns -1 with *err on failure. */
int player_output_set(struct player *p, char **err);
/* Sets up the HTTP stream on 127.0.0.1; returns -1 with *err on failure. */
int player_stream_set(struct player *p, const struct player_options *opts, char **err);

/*
 * seekdec.c: an Ogg Opus or Vorbis file of one or two channels and one
 * stream, an MP3 or an MP4, decoded from an exact sample; player_seekdec_open()
 * gives NULL for any other file (then libvlc decodes it).
 */
struct player_seekdec;
struct player_seekdec *player_seekdec_open(const char *path);
/* Frames a second of what player_seekdec_run() gives (48000 for Opus). */
unsigned player_seekdec_rate(const struct player_seekdec *d);
/*
 * Gives o->pcm stereo 16-bit frames from frame from (counted from the start)
 * on, past o->until_ms or to the end; o->progress is told how far. 1 when it
 * cannot seek there (a damaged file: libvlc may do better), -1 with *err
 * when it cannot decode or o->pcm stops it.
 */
int player_seekdec_run(struct player_seekdec *d, int64_t from,
    const struct player_decode_options *o, const char *path, char **err);
void player_seekdec_free(struct player_seekdec *d);

/*
 * mp4dec.c, for seekdec.c: the audio of an MP4 file (seekdec.c knows it by
 * its ftyp box) through FFmpeg, read as stereo 16-bit at its own rate; NULL
 * when FFmpeg finds no audio it can decode.
 */
struct player_mp4;
struct player_mp4 *player_mp4_open(const char *path, unsigned *rate, int64_t *length);
/* Positions at frame from (counted from the start); -1 when it cannot. */
int player_mp4_seek(struct player_mp4 *m, int64_t from);
/* Up to max frames into s: how many, 0 at the end, -1 on an error. */
int player_mp4_read(struct player_mp4 *m, int16_t *s, int max);
void player_mp4_free(struct player_mp4 *m);

#endif
