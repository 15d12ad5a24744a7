#ifndef EARMARK_CATALOG_H
#define EARMARK_CATALOG_H

#include <stddef.h>
#include <stdint.h>

/*
 * The SQLite catalog: podcasts, episodes, clips, transcript lines (with a
 * full-text index) and resume positions. Lists are read a page at a time
 * (offset, limit) so the caller never holds more than it shows.
 *
 * Functions returning int give 0 (or a count) on success and -1 on failure;
 * after a failure catalog_error() says why in a sentence fit for a status line.
 * Strings in the structs filled here are owned by the struct and released by
 * the matching _clear() function.
 */

struct catalog;
struct chapter_list;

enum clip_kind {
	CLIP_CHAPTER = 0,
	CLIP_SOUNDBITE,
	CLIP_SEGMENT,   /* A part of a compilation episode taken from another. */
	CLIP_BOOKMARK,  /* Made by the user. */
	CLIP_KIND_COUNT
};

struct catalog_podcast {
	int64_t id;
	char *title;
	char *author;
	char *feed;        /* Where the feed was read from (path or URL). */
	int episodes;      /* Number of episodes in the catalog. */
};

struct catalog_episode {
	int64_t id;
	int64_t podcast_id;
	char *guid;
	char *title;
	int number;        /* Episode number, 0 when the feed gave none. */
	int64_t published; /* Unix seconds, 0 when unknown. */
	int64_t duration_ms; /* 0 when unknown. */
	char *audio;       /* Local path or http(s) URL of the enclosure. */
	char *description;
	int64_t resume_ms; /* Saved position, 0 when none. */
	int lines;         /* Number of transcript lines. */
	int clips;         /* Number of clips of any kind. */
	int played;        /* Heard to the end, or marked so. */
};

/* As a podcast id: the episodes begun and not finished, across podcasts. */
#define CATALOG_CONTINUE (-1)

struct catalog_clip {
	int64_t id;
	int64_t episode_id;
	int64_t start_ms;
	int64_t end_ms;
	char *title;
	enum clip_kind kind;
	int64_t source_episode_id; /* For a segment: the episode it came from, else 0. */
	int64_t source_start_ms;   /* For a segment: where it starts in that episode. */
	int64_t created;           /* Unix seconds. */
	char *note;                /* The user's free text, or NULL. */
	char *quote;               /* Transcript text inside the clip when it was made. */
	int64_t episode_duration_ms; /* The episode's length when the clip was made. */
	char *episode_title;       /* Filled when read back, for lists across episodes. */
	char *podcast_title;
};

/* Which clips catalog_clips_find() lists. */
struct catalog_clip_filter {
	unsigned int kinds;        /* Bit (1 << kind) per kind wanted; 0 = all. */
	int64_t podcast_id;        /* 0 = every podcast. */
	const char *text;          /* Substring of title, note or quote; NULL = any. */
	int by_episode;            /* Sort by podcast, episode and start, else newest first. */
};

struct transcript_word;

struct catalog_line {
	int64_t id;
	int64_t start_ms;
	int64_t end_ms;
	char *speaker;     /* NULL when the transcript names none. */
	char *text;
	struct transcript_word *words;  /* Word times (see parse.h), NULL when none. */
	size_t nwords;
};

struct catalog_hit {
	int64_t episode_id;
	int64_t line_id;   /* 0 unless a line. */
	int64_t start_ms;  /* A line's or clip's start; 0 for an episode. */
	char *podcast_title;
	char *episode_title;
	char *snippet;     /* The matching text with matches between [ and ]. */
	int kind;          /* 0 a line, 1 an episode's title or description, 2 a clip. */
	int64_t clip_id;   /* 0 unless a clip. */
};

/* What an import did, for a message to the user. */
struct catalog_import_report {
	char *podcast_title;
	int64_t podcast_id;
	int episodes_added;
	int episodes_updated;
	int episodes_unchanged; /* Found as stored and left alone. */
	int lines;
	int clips;
	int skipped;       /* Items or files that could not be read. */
	char *warnings;    /* Newline-separated, NULL when none. */
	char *moved_to;    /* The feed's new URL when the subscription followed a move. */
	int feed_unchanged; /* The same bytes as the last import: not read again. */
};

/* Opens (creating if need be, with parent folders) and migrates the catalog at path. */
int catalog_open(const char *path, struct catalog **out, char **err);
void catalog_free(struct catalog *c);
const char *catalog_error(const struct catalog *c);
/* The schema version the catalog is at after opening. */
int catalog_schema_version(struct catalog *c);
/*
 * The language (en, pt-BR, ...) whose transcripts imports prefer when an item
 * offers several, before their format; NULL or "" for the feed's own language,
 * which then only settles a tie of formats.
 */
void catalog_set_language(struct catalog *c, const char *lang);
/*
 * 1 when the catalog file or its folder could not be written, so it was opened
 * read-only and every change fails with a message saying so.
 */
int catalog_read_only(struct catalog *c);
/* Copies the open catalog to dest_path with SQLite's online backup. */
int catalog_backup(struct catalog *c, const char *dest_path);

int catalog_podcast_count(struct catalog *c);
int catalog_podcasts(struct catalog *c, int offset, int limit, struct catalog_podcast *out);
void catalog_podcast_clear(struct catalog_podcast *p);

/* podcast_id 0 counts every podcast's episodes; CATALOG_CONTINUE those begun. */
int catalog_episode_count(struct catalog *c, int64_t podcast_id);
/* Newest first, then by number. */
int catalog_episodes(struct catalog *c, int64_t podcast_id, int offset, int limit,
    struct catalog_episode *out);
int catalog_episode_get(struct catalog *c, int64_t episode_id, struct catalog_episode *out);
int64_t catalog_episode_find_guid(struct catalog *c, int64_t podcast_id, const char *guid);
void catalog_episode_clear(struct catalog_episode *e);

int catalog_resume_set(struct catalog *c, int64_t episode_id, int64_t ms);
int catalog_episode_set_played(struct catalog *c, int64_t episode_id, int played);

/* Clips of one episode ordered by start. */
int catalog_clip_count(struct catalog *c, int64_t episode_id);
int catalog_clips(struct catalog *c, int64_t episode_id, int offset, int limit,
    struct catalog_clip *out);
int catalog_clip_get(struct catalog *c, int64_t clip_id, struct catalog_clip *out);
/* Adds a clip; returns its id, or -1. */
int64_t catalog_clip_add(struct catalog *c, const struct catalog_clip *clip);
int catalog_clip_delete(struct catalog *c, int64_t clip_id);
void catalog_clip_clear(struct catalog_clip *clip);
/* Changes start, end, title, note and quote of a clip. */
int catalog_clip_update(struct catalog *c, const struct catalog_clip *clip);
/* Clips of every episode that pass the filter. */
int catalog_clip_count_find(struct catalog *c, const struct catalog_clip_filter *f);
int catalog_clips_find(struct catalog *c, const struct catalog_clip_filter *f, int offset,
    int limit, struct catalog_clip *out);
/*
 * When the clip's episode changed length since the clip was made (inserted
 * ads shift times), moves the clip to where its quoted text now starts.
 * Returns 1 when it moved the clip, 0 when nothing was needed or the quote is
 * not found, -1 on error.
 */
int catalog_clip_reanchor(struct catalog *c, int64_t clip_id);
/*
 * Stores the chapters a media file carries (see player_chapters()) as chapter
 * clips of an episode that has no chapters yet, in one transaction. Returns
 * how many were added: 0 when the episode already had chapters.
 */
int catalog_media_chapters_add(struct catalog *c, int64_t episode_id,
    const struct chapter_list *l);

/* Playback speed remembered per podcast (1.0 when never set). */
double catalog_podcast_rate(struct catalog *c, int64_t podcast_id);
int catalog_podcast_rate_set(struct catalog *c, int64_t podcast_id, double rate);
const char *catalog_clip_kind_name(enum clip_kind kind);

/* Transcript lines of one episode ordered by start. */
int catalog_line_count(struct catalog *c, int64_t episode_id);
int catalog_lines(struct catalog *c, int64_t episode_id, int offset, int limit,
    struct catalog_line *out);
/* Index (in start order) of the line current at t_ms by the sync rule, or -1. */
int catalog_line_index_at(struct catalog *c, int64_t episode_id, int64_t t_ms);
void catalog_line_clear(struct catalog_line *l);

/*
 * Sync mode (see lines.c): line starts stamped by hand. The times of an
 * episode's lines with their stamp, in the order of catalog_lines().
 */
struct catalog_line_time {
	int64_t id;
	int64_t start_ms;
	int64_t end_ms;
	int stamped;       /* A person stamped this start. */
};

int catalog_line_times(struct catalog *c, int64_t episode_id, int offset, int limit,
    struct catalog_line_time *out);
int catalog_line_stamped_count(struct catalog *c, int64_t episode_id);
/*
 * Starts line line_id at start_ms and marks it stamped; the unstamped lines
 * between it and the nearest stamped lines on each side (else the first
 * line's start, the last line's end) are re-placed between them by text
 * length (estimated transcripts) or by their current spans (others), each
 * ending where the next starts. One transaction; -1 when start_ms is not
 * between the neighbouring stamps.
 */
int catalog_line_stamp(struct catalog *c, int64_t line_id, int64_t start_ms);
/* Clears a line's stamp, first moving it back to restore_ms as above unless that is -1. */
int catalog_line_unstamp(struct catalog *c, int64_t line_id, int64_t restore_ms);

struct transcript;

/* "timed", "estimated" or "aligned" in *kind (the caller frees it); NULL: none. */
int catalog_transcript_kind(struct catalog *c, int64_t episode_id, char **kind);
/*
 * Replaces an episode's transcript and lines with t in one transaction; kind
 * NULL means "estimated" when t says so, else "timed".
 */
int catalog_transcript_set(struct catalog *c, int64_t episode_id, const struct transcript *t,
    const char *source, const char *format, const char *kind);
/*
 * Gives lines ids[0..n-1] of an episode's transcript new times (dropping
 * their word times and stamps) and marks the transcript kind ("aligned"), in
 * one transaction; -1 when a line is not the episode's or it has no transcript.
 */
int catalog_transcript_set_times(struct catalog *c, int64_t episode_id, const int64_t *ids,
    const int64_t *start_ms, const int64_t *end_ms, size_t n, const char *kind);

/*
 * Full-text search of transcript lines, episode titles and descriptions and
 * clip titles and notes, best first, at most five hits of one episode; query
 * in FTS5 syntax with plain words tolerated.
 */
int catalog_search(struct catalog *c, const char *query, int offset, int limit,
    struct catalog_hit *out);
void catalog_hit_clear(struct catalog_hit *h);

/* Imports (or re-imports) an RSS feed from a local file, in one transaction. */
int catalog_import_feed(struct catalog *c, const char *path,
    struct catalog_import_report *report);
void catalog_import_report_clear(struct catalog_import_report *r);

/*
 * The sync rule: given n lines sorted by start, the index of the line current
 * at t_ms (the last line starting at or before t_ms), or -1 before the first.
 * A line stays current through a silent gap until the next one starts.
 */
int transcript_index_at(const int64_t *starts, int n, int64_t t_ms);

/*
 * Exporting clips (see export.c). Each returns a new string in *out, the
 * caller's to free; an empty selection gives an empty document of the format.
 */
enum export_format {
	EXPORT_MARKDOWN = 0,
	EXPORT_JSON,
	EXPORT_M3U,        /* Extended M3U with VLC start and stop options. */
	EXPORT_SOUNDBITE,  /* podcast:soundbite tags, grouped per episode. */
	EXPORT_CHAPTERS,   /* Podcasting 2.0 JSON chapters; clips of one episode only. */
	EXPORT_SRT,        /* Captions timed from each clip's start. */
	EXPORT_VTT,
	EXPORT_FORMAT_COUNT
};

/* Exports the clips with the given ids, in that order. */
int catalog_export_clips(struct catalog *c, const int64_t *clip_ids, int n,
    enum export_format fmt, char **out);
/* Exports every clip that passes the filter, in its order. */
int catalog_export_find(struct catalog *c, const struct catalog_clip_filter *f,
    enum export_format fmt, char **out);
/* The short name (md, json, m3u, soundbite, chapters, srt, vtt) and file extension. */
const char *catalog_export_format_name(enum export_format fmt);
const char *catalog_export_format_ext(enum export_format fmt);
/* Sets *out to the format with that short name; -1 when there is none. */
int catalog_export_format_parse(const char *name, enum export_format *out);

/*
 * Subscribing over the network (see fetch.c, subscribe.c). Only http and
 * https URLs are fetched, also through redirects; a feed is at most 64 MB, a
 * transcript or chapters file 16 MB.
 */

/* Where one transfer stands, for a progress line. */
struct catalog_progress {
	int		 index;		/* Which transfer of the call, from 0. */
	const char	*url;
	int64_t		 done;		/* Bytes received so far. */
	int64_t		 total;		/* Bytes expected, 0 when unknown. */
	int		 finished;	/* 1 once, when the transfer is over. */
	const char	*error;		/* When finished: why it failed, or NULL. */
	int		 count;		/* Transfers in the call. */
};

typedef void (*catalog_progress_fn)(void *ctx, const struct catalog_progress *p);

/* Seconds to connect and without a byte before a transfer is given up (10, 30). */
void catalog_net_timeouts_set(int connect_s, int stall_s);

/* Fetches the feed at an http(s) URL and imports it; the podcast's feed is url. */
int catalog_subscribe(struct catalog *c, const char *url,
    struct catalog_import_report *report);
/* Like catalog_subscribe, telling cb of the feed's transfer, then of its files'. */
int catalog_subscribe_progress(struct catalog *c, const char *url,
    catalog_progress_fn cb, void *ctx, struct catalog_import_report *report);

enum catalog_feed_state {
	CATALOG_FEED_UPDATED = 0,
	CATALOG_FEED_UNCHANGED,	/* 304 Not Modified: nothing parsed. */
	CATALOG_FEED_FAILED
};

struct catalog_feed_report {
	int64_t				 podcast_id;
	char				*url;
	enum catalog_feed_state		 state;
	char				*error;		/* When failed. */
	struct catalog_import_report	 import;	/* When updated. */
};

struct catalog_refresh_report {
	struct catalog_feed_report	*feeds;
	int				 n;
	int				 failed;
};

/*
 * Fetches every podcast whose feed is an http(s) URL, several at a time, and
 * imports those that changed; a feed that fails is reported and the others
 * still update. Returns the number of failed feeds, or -1 on a catalog error.
 */
int catalog_refresh(struct catalog *c, catalog_progress_fn cb, void *ctx,
    struct catalog_refresh_report *out);
void catalog_refresh_report_clear(struct catalog_refresh_report *r);

/*
 * Saves an episode's http(s) audio as dir/ID.EXT (EXT from the MIME type),
 * resuming dir/ID.EXT.part, and records it for the episode.
 */
int catalog_download(struct catalog *c, int64_t episode_id, const char *dir,
    catalog_progress_fn cb, void *ctx);
/* The downloaded audio of an episode when the file is still there, else NULL. */
char *catalog_episode_local_audio(struct catalog *c, int64_t episode_id);

/*
 * Placing untimed transcript lines on the audio (align.c). The audio comes
 * in as mono 16-bit samples and is kept as the level (dB) of every
 * ALIGN_FRAME_MS frame; align_place() finds the pauses in it and gives each
 * of n lines, of chars[i] characters, a start and an end in ms such that
 * lines begin where speech begins after a pause. It returns -1 when no speech
 * is found or nothing fits.
 */
#define ALIGN_FRAME_MS 10

struct align_energy;

struct align_energy *align_energy_new(void);
void align_energy_free(struct align_energy *e);
/* Adds samples at rate; -1 once twelve hours are held (the rest is dropped). */
int align_energy_feed(struct align_energy *e, const int16_t *s, size_t count,
    unsigned rate);
const float *align_energy_frames(const struct align_energy *e, size_t *n);
int align_place(const float *db, size_t frames, const int *chars, size_t n,
    int64_t *start_ms, int64_t *end_ms);
/* The letters and digits of a line, what its speaking time is reckoned from. */
int align_chars(const char *text);

#endif
