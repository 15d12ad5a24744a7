#ifndef EARMARK_PLAYER_H
#define EARMARK_PLAYER_H

#include <stdint.h>

/*
 * Audio playback through libvlc behind a small interface. Everything here is
 * called from one thread (the UI loop). libvlc's own threads only record what
 * changed and write one byte to the pipe returned by player_fd(); the loop
 * then calls player_update() and reads the new state.
 *
 * Nothing here writes to the terminal: libvlc's log goes to player_log_path
 * (or nowhere).
 */

struct player;

enum player_state {
	PLAYER_IDLE = 0,  /* Nothing loaded. */
	PLAYER_OPENING,
	PLAYER_PLAYING,
	PLAYER_PAUSED,
	PLAYER_ENDED,     /* Reached the end of the media or of the clip. */
	PLAYER_ERROR      /* Could not open or play; see player_message(). */
};

enum player_output {
	PLAYER_OUTPUT_AUTO = 0, /* libvlc's default, or a silent clock when no device is found. */
	PLAYER_OUTPUT_NAMED,    /* The libvlc output given in audio_output. */
	PLAYER_OUTPUT_SILENT    /* No sound: a clock paced like a sound card. */
};

/*
 * Called on libvlc's thread with each buffer the silent output takes: count
 * frames of interleaved signed 16-bit samples, PLAYER_RENDER_CHANNELS a frame
 * at PLAYER_RENDER_RATE, the first heard at at_us (CLOCK_MONOTONIC, in
 * microseconds). It must return quickly and never call the player.
 */
#define PLAYER_RENDER_RATE 48000
#define PLAYER_RENDER_CHANNELS 2
typedef void (*player_render_cb)(void *arg, int64_t at_us,
    const int16_t *frames, unsigned count);

struct player_options {
	enum player_output output;
	const char *audio_output;  /* libvlc aout module for PLAYER_OUTPUT_NAMED. */
	const char *audio_device;  /* Optional device for that output. */
	const char *log_path;      /* libvlc's log is appended here; NULL drops it. */
	int opening_timeout_ms;    /* Opening longer than this is an error; 0 = 20 s. */
	player_render_cb render;   /* Sees what the silent output plays, or NULL. */
	void *render_arg;
	int stream_port;           /* >0: also serve the audio as MP3 on http://127.0.0.1:port/. */
	int stream_delay_ms;       /* How far the stream's listener hears behind the output. */
	int defer_start;           /* Leave starting libvlc to player_start(). */
};

struct player *player_new(const struct player_options *opts, char **err);
/*
 * Starts libvlc (tens of milliseconds). player_new() does it unless told
 * to defer it, so that a screen can be drawn first; player_play() does it
 * when still needed. Returns -1 with *err when libvlc cannot start.
 */
int player_start(struct player *p, char **err);
void player_free(struct player *p);

/* Read end of the notification pipe: readable when state changed. */
int player_fd(const struct player *p);
/*
 * Drains the pipe and folds in what libvlc reported. Returns 1 when state,
 * length or message changed since the last call, else 0.
 */
int player_update(struct player *p);

/*
 * Opens location (a local path or an http/https URL) and starts playing at
 * start_ms. When stop_ms > 0 playback ends there (a clip). Returns -1 with a
 * message when location is refused outright.
 */
int player_play(struct player *p, const char *location, int64_t start_ms, int64_t stop_ms);
void player_pause(struct player *p, int pause);
void player_toggle(struct player *p);
void player_stop(struct player *p);
/* Seeks within the loaded media (clamped to it, and to the clip when one is playing). */
void player_seek(struct player *p, int64_t ms);

enum player_state player_state(const struct player *p);
const char *player_state_name(enum player_state s);
/*
 * Position in ms of what is being heard, never stepping backwards except on a
 * seek or a new media. The silent output counts the samples it plays from
 * where playback began, set right by libvlc's clock once that is known
 * closely; a device runs on libvlc's clock, interpolated on the
 * monotonic clock between its updates and corrected by how far it lags what
 * is heard. -1 when nothing is loaded.
 */
int64_t player_time(struct player *p);
/* Media length in ms, 0 when not known yet. */
int64_t player_length(const struct player *p);
/* The clip's end when one is playing, else 0. */
int64_t player_clip_end(const struct player *p);
/* Milliseconds until the clock next needs reading for smooth display (idle: -1). */
int player_next_tick_ms(const struct player *p);

/* Playback speed, pitch kept; clamped to PLAYER_RATE_MIN..PLAYER_RATE_MAX. */
#define PLAYER_RATE_MIN 0.5
#define PLAYER_RATE_MAX 3.0
void player_set_rate(struct player *p, double rate);
double player_rate(const struct player *p);
/* Volume in percent, 0-150. */
void player_set_volume(struct player *p, int volume);
int player_volume(const struct player *p);
void player_set_mute(struct player *p, int mute);
int player_mute(const struct player *p);

/*
 * The one rule for what may be opened: 1 for a local path or an http(s) URL
 * (*url says which), 0 for any other scheme (file://, v4l2://, smb://, ...).
 */
int player_location_allowed(const char *location, int *url);

/* libvlc's audio outputs, one "name  description" line each (a new string). */
char *player_outputs_list(void);

/* A human sentence about the output or the last error, or NULL. */
const char *player_message(const struct player *p);
/*
 * With a stream, player_time() reports what its listener hears: the output's
 * time less stream_delay_ms, held at the point playback started or was
 * sought to until the listener gets there. The stream stays open from one
 * media to the next.
 */
#define PLAYER_STREAM_DELAY_MAX 30000
/* The stream's URL, or NULL when there is none. */
const char *player_stream_url(const struct player *p);

/*
 * 1 when sound goes to a device, 0 when playing silently (no device found, or
 * libvlc could start none of its outputs).
 */
int player_audible(const struct player *p);

/*
 * Cutting a clip to a file. player_cut() writes start_ms..end_ms of location
 * (a local path or an http/https URL) to dest through a private libvlc, as
 * Ogg/Vorbis (.ogg), Ogg/Opus (.opus) or MP3 (.mp3) by dest's suffix. It
 * blocks until done, never replaces an existing dest and leaves nothing
 * behind on failure. Returns -1 with a message in *err (the caller's).
 */
int player_cut(const char *location, int64_t start_ms, int64_t end_ms,
    const char *dest, char **err);

/*
 * Decoding a whole media faster than real time (decode.c). player_decode()
 * reads location (a local path or an http/https URL) through a private
 * libvlc and hands every buffer as signed 16-bit samples at the media's own
 * rate to pcm, on libvlc's thread: mono, or count interleaved left-right
 * pairs when channels is 2; pcm returns nonzero to stop. progress, when set,
 * is called on the caller's thread about twice a second with the media time
 * decoded and the length (0 when not known). It blocks until the end, or
 * until until_ms of media time are decoded when until_ms > 0 (buffers may
 * still come a little past it), and gives up when no audio comes for
 * stall_ms (0: 20 s). Returns -1 with a message in *err (the caller's).
 */
typedef int (*player_pcm_cb)(void *arg, const int16_t *samples, unsigned count,
    unsigned rate);
typedef void (*player_progress_cb)(void *arg, int64_t done_ms, int64_t length_ms);

struct player_decode_options {
	player_pcm_cb pcm;
	player_progress_cb progress;
	void *arg;		/* Given to both. */
	int stall_ms;
	unsigned channels;	/* 2 for stereo; 0 or 1 for mono. */
	int64_t until_ms;	/* Stop cleanly past this media time; 0: the end. */
};

int player_decode(const char *location, const struct player_decode_options *o,
    char **err);
/*
 * Like player_cut, telling progress how far the decoding is: done_ms of the
 * clip's end (a cut decodes up to the clip's end: from its start in an Ogg
 * Opus or Vorbis file, an MP3 or an MP4, from the media's start in any other).
 */
int player_cut_progress(const char *location, int64_t start_ms, int64_t end_ms,
    const char *dest, player_progress_cb progress, void *arg, char **err);

/* A chapter the media file itself carries. */
struct player_chapter {
	int64_t start_ms;
	int64_t end_ms;  /* -1 when neither the file nor the next chapter gives one. */
	char *title;     /* As the file has it (not sanitized), or NULL. */
};

/*
 * The chapters of a local media file as libvlc reads them (MP4, Matroska,
 * Ogg/Opus comments; libvlc does not read the ID3 CHAP frames of MP3). Sets
 * *n to 0 when there are none. Blocks for a few milliseconds, at most 3 s.
 * Returns -1 with a message in *err (the caller's) when the file cannot be
 * read. Free with player_chapters_free().
 */
int player_chapters(const char *path, struct player_chapter **out, int *n, char **err);
void player_chapters_free(struct player_chapter *c, int n);

#endif
