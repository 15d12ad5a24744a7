#ifndef EARMARK_CATALOG_FETCH_H
#define EARMARK_CATALOG_FETCH_H

/*
 * HTTP and HTTPS transfers for the catalog's own files (see fetch.c); never
 * included outside catalog/. Only http and https URLs are fetched, also
 * through redirects. HTTPS certificates are checked against the system's CA
 * store, or the file the EARMARK_CA_FILE variable names.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "catalog/catalog.h"

#define FETCH_MAX_FEED     (64u << 20) /* Bytes of a feed. */
#define FETCH_MAX_SIDE     (16u << 20) /* Bytes of a transcript or chapters file. */
#define FETCH_PARALLEL     4           /* Connections open at once. */
#define FETCH_MAX_REDIRS   5

struct fetch {
	/* What to fetch. */
	const char	*url;
	const char	*etag;		/* Sent as If-None-Match, or NULL. */
	const char	*modified;	/* Sent as If-Modified-Since, or NULL. */
	size_t		 max;		/* Cap on the body. */
	FILE		*out;		/* Body goes here instead of to body. */
	int64_t		 resume;	/* Bytes already in out: asked with Range. */

	/* What came back. */
	long		 status;	/* HTTP status, 0 when none arrived. */
	char		*body;		/* NUL-terminated, len bytes. */
	size_t		 len;
	int64_t		 total;		/* Expected body size, 0 when unknown. */
	char		*new_etag;
	char		*new_modified;
	char		*type;		/* Content-Type without parameters. */
	char		*charset;	/* Content-Type's charset parameter, or NULL. */
	char		*final_url;	/* Where the redirects led. */
	int		 moved;		/* Every redirect was permanent (301, 308). */
	char		*error;		/* NULL when the body came whole. */
	int		 partial;	/* The server honoured the Range. */
	int		 not_modified;	/* 304: body is empty. */
};

/* Whether url is http or https, the only schemes fetched. */
int fetch_url_ok(const char *url);

/*
 * Runs the n transfers at most FETCH_PARALLEL at a time; cb (may be NULL) is
 * told of progress. Each transfer's error says why it failed; returns the
 * number that failed.
 */
int fetch_all(struct fetch *f, size_t n, catalog_progress_fn cb, void *ctx);
void fetch_clear(struct fetch *f);

struct feed;
struct feed_source;
struct feed_item;
struct feed_transcript;

/* Gives the body of a file a feed names by http(s) URL; 0, or -1 with *err. */
typedef int (*import_get_fn)(void *ctx, const char *url, char **buf, size_t *len,
    char **err);

/*
 * Reads a feed from src and imports it item by item under feed_url, in one
 * transaction; *head (may be NULL) gets the feed's head, the caller's to free.
 * With moved not NULL the subscription follows the feed's new-feed-url, else
 * moved itself when it is not "" (where a permanent redirect led).
 */
int catalog_import_source(struct catalog *c, const struct feed_source *src,
    const char *feed_url, import_get_fn get, void *ctx, const char *moved,
    struct catalog_import_report *report, struct feed **head);

/*
 * 1 when catalog_import_source() would find the feed as at its last import
 * and not read it (the report then says so), 0 when it would read it, -1 on
 * error.
 */
int catalog_import_unchanged(struct catalog *c, const struct feed_source *src,
    const char *feed_url, import_get_fn get, const char *moved,
    struct catalog_import_report *report);

/* Tells which items of a feed are stored as they are, so their files need no fetch. */
struct import_check;
struct import_check *import_check_new(struct catalog *c, const char *feed_url);
int import_check_unchanged(struct import_check *k, const struct feed *f,
    const struct feed_item *it);
void import_check_free(struct import_check *k);
/* The transcript the import reads for an item, or NULL. */
const struct feed_transcript *import_transcript_pick(const struct catalog *c,
    const struct feed_item *it, const char *feed_language);

#endif
