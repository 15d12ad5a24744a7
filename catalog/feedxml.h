#ifndef EARMARK_CATALOG_FEEDXML_H
#define EARMARK_CATALOG_FEEDXML_H

/*
 * The element readers of feed.c, for the streaming driver in feedread.c, and
 * the node helpers of feednode.c; never included outside catalog/.
 */

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "catalog/parse.h"

enum feed_root {
	FEED_ROOT_NONE,
	FEED_ROOT_RSS,
	FEED_ROOT_ATOM,
	FEED_ROOT_OTHER
};

enum feed_ns {
	FEED_RSS,	/* No namespace. */
	FEED_ITUNES,
	FEED_PODCAST,
	FEED_ATOM,	/* The Atom namespace, or none inside an Atom document. */
	FEED_MEDIA,
	FEED_CONTENT
};

/* Node helpers (feednode.c). */
/* True when node is element local in namespace ns, declared or by bare prefix. */
int feed_is(const xmlNode *node, enum feed_ns ns, const char *local);
/* Copies s without surrounding whitespace, or NULL when nothing is left. */
char *feed_strip(const char *s, size_t len);
/* Appends add to the growing buffer *buf of *len bytes. */
void feed_append(char **buf, size_t *len, const char *add, size_t n);
/*
 * Text and CDATA directly inside node. Entity references are never followed:
 * an undeclared one (an HTML name such as &nbsp;) is decoded from the HTML
 * table, and a declared one is dropped.
 */
char *feed_text(const xmlNode *node);
/* An attribute's value, stripped; entity references are never followed. */
char *feed_attr(const xmlNode *node, const char *name);
/* Resolves url against base; a reference that is not a valid URI is escaped first. */
char *feed_resolve(const char *url, const char *base);
/* Like feed_resolve, freeing url. */
char *feed_resolve_take(char *url, const char *base);
/* An attribute holding a URL, resolved against base. */
char *feed_attr_url(const xmlNode *node, const char *name, const char *base);
/* An element's text holding a URL, resolved against base. */
char *feed_text_url(const xmlNode *node, const char *base);
/* Parses a non-negative decimal number of seconds into milliseconds. */
int64_t feed_seconds(const char *s);
/* Parses a non-negative integer of at most max, or -1 when s is not one. */
int64_t feed_number(const char *s, int64_t max);
/* Parses a small non-negative integer, 0 when not one. */
int feed_int(const char *s);
/* Sets *field to value unless it already holds one (the first tag wins). */
void feed_set(char **field, char *value);
/* Returns v when it is one of the words in list (compared without case), else frees it. */
char *feed_word_of(char *v, const char *const *list);

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
