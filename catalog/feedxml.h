#ifndef EARMARK_CATALOG_FEEDXML_H
#define EARMARK_CATALOG_FEEDXML_H

/*
 * The element readers of feed.c, for the streaming driver in feedread.c;
 * never included outside catalog/.
 */

#include <libxml/tree.h>

#include "catalog/parse.h"

enum feed_root {
	FEED_ROOT_NONE,
	FEED_ROOT_RSS,
	FEED_ROOT_ATOM,
	FEED_ROOT_OTHER
};

/* Appends one line to the feed's newline-separated warnings. */
void feed_warn(struct feed *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* What kind of document root is the root of. */
int feed_root_kind(const xmlNode *root);
/* True when n is the RSS element local (no namespace). */
int feed_is_rss(const xmlNode *n, const char *local);
/* True when n is an RSS item, or an Atom entry when atom is set. */
int feed_is_item(const xmlNode *n, int atom);
/* Reads an item or an entry into it, which starts zeroed. */
void feed_item_read(struct feed *f, struct feed_item *it, const xmlNode *n,
    const char *base, int atom);
/*
 * Reads a child of the channel or the Atom feed other than an item;
 * *image collects the lesser image (RSS image/url, Atom logo).
 */
void feed_head_read(struct feed *f, const xmlNode *n, const char *base, int atom,
    char **image);
/* The newLocation of an RSS <redirect>, resolved, or NULL. */
char *feed_redirect_url(const xmlNode *n, const char *base);
void feed_item_clear(struct feed_item *it);

#endif
