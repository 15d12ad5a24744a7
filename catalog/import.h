#ifndef EARMARK_CATALOG_IMPORT_H
#define EARMARK_CATALOG_IMPORT_H

/*
 * Shared between import.c (a feed into the catalog), importep.c (one
 * episode's row, and whether it changed) and importtr.c (its transcript);
 * never included outside catalog/.
 */

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "catalog/fetch.h"
#include "catalog/parse.h"

/* A chapter waiting until every episode is in, to tell segments from chapters. */
struct import_pending {
	int64_t	 episode_id;
	int64_t	 start_ms;
	int64_t	 end_ms;
	char	*title;
	char	*source;	/* Chapter URL as a path or URL without fragment, or NULL. */
	int64_t	 source_start_ms;
};

/* Statements an import prepares once and runs for every item. */
enum import_sql {
	IMPORT_SQL_FIND,
	IMPORT_SQL_INSERT,
	IMPORT_SQL_UPDATE,
	IMPORT_SQL_SIDES,
	IMPORT_SQL_SOUNDBITES,
	IMPORT_SQL_RESET_CLIPS,
	IMPORT_SQL_RESET_LINES,
	IMPORT_SQL_RESET_TRANSCRIPT,
	IMPORT_SQL_STAMPED,
	IMPORT_SQL_LINE,
	IMPORT_NSQL
};

struct import_ctx {
	struct catalog			*c;
	struct catalog_import_report	*r;
	const char			*feed_url;	/* The podcast's key. */
	int64_t				 podcast_id;	/* 0 until the podcast is saved. */
	struct import_pending		*pending;
	size_t				 npending;
	int				 nwarnings;
	size_t				 nitems;	/* Items met. */
	sqlite3_stmt			*stmt[IMPORT_NSQL];
	import_get_fn			 get;		/* Reads http(s) URLs, or NULL. */
	void				*get_ctx;
	const char			*moved;		/* A permanent redirect's target. */
	/*
	 * A file the feed names could not be read or parsed this time, so the
	 * feed is read again next time even if its bytes are the same.
	 */
	int				 retry;
};

enum import_scheme {
	IMPORT_LOCAL,
	IMPORT_HTTP,
	IMPORT_OTHER
};

/* An import that only looks, for what a fetch may skip (see import_check_new). */
struct import_check {
	struct import_ctx		x;
	struct catalog_import_report	r;
};

void import_ctx_init(struct import_ctx *x, struct catalog *c, const char *feed_url,
    import_get_fn get, void *ctx, struct catalog_import_report *report);
/* Frees what the import held, its statements too. */
void import_ctx_clear(struct import_ctx *x);
void import_warn(struct import_ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Adds each line of a newline-separated list as a warning about what. */
void import_warn_lines(struct import_ctx *x, const char *what, const char *lines);
/* Reads and checks a file named by uri, or warns and returns -1. */
int import_read(struct import_ctx *x, const char *what, const char *uri, char **buf,
    size_t *len);
/*
 * Stores the item's transcript for episode id (importtr.c): the feed's in the
 * format and language preferred, else a file beside local audio; -1 only on a
 * catalog error.
 */
int import_transcript(struct import_ctx *x, int64_t id, const struct feed_item *it,
    const char *what, const char *feed_language);
/* Sanitized copy of s for storage, or NULL. */
char *import_text(const char *s);
enum import_scheme import_scheme(const char *uri);
/* A URI as it is stored: local references become plain paths. */
char *import_uri_path(const char *uri);
/* The enclosure as stored, or NULL (with a warning) when it may not be played. */
char *import_audio(struct import_ctx *x, const struct feed_item *it, const char *what);
/* STEM.vtt, .srt, .json, .lrc or .txt beside a local audio file, or NULL. */
char *import_sidecar(const struct feed_item *it);
/* The statement which, prepared on first use and reset after. */
sqlite3_stmt *import_stmt(struct import_ctx *x, enum import_sql which);

/*
 * Saves an item's episode row and returns its id, or -1. *unchanged is set
 * when the stored row and what the item names beside it (transcript,
 * soundbites, chapters) are as the item gives them, and nothing was written.
 */
int64_t import_episode(struct import_ctx *x, const struct feed_item *it,
    const char *what, const char *feed_language, int *unchanged);
/* 1 when the item is stored as it is (see import_episode), 0 when not, -1 on failure. */
int import_episode_unchanged(struct import_ctx *x, const struct feed_item *it,
    const char *feed_language);
/*
 * 1 when a person worked on the episode's transcript: stamped lines of it
 * (sync mode) or placed it on the audio (earmark align); else 0, -1 on error.
 */
int import_stamped(struct import_ctx *x, int64_t id);
/*
 * 1 when the import would store a transcript for the item (one the feed
 * names and can be read, or a file beside its local audio), else 0.
 */
int import_gives_transcript(const struct import_ctx *x, const struct feed_item *it,
    const char *lang);
/*
 * Forgets what the last import stored for an episode, keeping bookmarks, and
 * the transcript too when keep_transcript is set: a person worked on it (see
 * import_stamped), or the feed gives none in its place (one given by hand).
 */
int import_episode_reset(struct import_ctx *x, int64_t id, int keep_transcript);

/*
 * A hash of the feed's bytes and of what else shapes its import (the
 * preferred transcript language, where it moved, its base URL), as hex; NULL
 * when the source cannot be read twice (not a buffer or a regular file).
 */
char *import_digest(const struct import_ctx *x, const struct feed_source *src);
/*
 * 1 when the podcast under x->feed_url was last imported from the same
 * digest, filling the report as for a feed whose every episode is unchanged;
 * 0 when not, -1 on error.
 */
int import_digest_same(struct import_ctx *x, const char *digest);
/* Remembers the digest of the feed just imported. */
int import_digest_save(struct import_ctx *x, const char *digest);

#endif
