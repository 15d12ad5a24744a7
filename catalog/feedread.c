#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "catalog/feedin.h"
#include "catalog/feedxml.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/*
 * The feed is parsed by libxml2's own tree builder in recover mode, as
 * xmlReadMemory() would, but each child of the channel (or of the Atom feed)
 * is read as soon as its end tag is seen and then freed, so the tree never
 * holds more than one item. What recover mode leaves open at the end of the
 * document is read from the tree afterwards, in document order.
 */

/* The guids given so far, to drop an item repeating one. */
struct feed_guids {
	char	**slot;
	size_t	  cap;	/* A power of two. */
	size_t	  n;
};

struct feed_state {
	struct feed		*f;
	xmlParserCtxtPtr	 ctxt;
	const char		*base_url;
	char			*base;		/* The root's xml:base against base_url. */
	int			 based;
	int			 kind;		/* enum feed_root, once the root is known. */
	const xmlNode		*channel;	/* The first RSS channel, while open. */
	int			 channel_seen;
	int			 channel_done;
	char			*image;		/* The lesser image, see feed_head_read. */
	size_t			 items;		/* Items met, kept or not. */
	struct feed_guids	 guids;
	feed_item_fn		 cb;
	void			*ctx;
	int			 stopped;	/* cb asked to stop. */
};

static uint64_t
feed_guid_hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h);
}

/* Adds guid to the set; 0 when it was there already. */
static int
feed_guids_add(struct feed_guids *g, const char *guid)
{
	char	**old;
	size_t	  i, oldcap;

	if (g->n * 2 >= g->cap) {
		old = g->slot;
		oldcap = g->cap;
		g->cap = g->cap == 0 ? 256 : g->cap * 2;
		g->slot = xcalloc(g->cap, sizeof *g->slot);
		g->n = 0;
		for (i = 0; i < oldcap; i++) {
			if (old[i] != NULL) {
				feed_guids_add(g, old[i]);
				free(old[i]);
			}
		}
		free(old);
	}
	for (i = feed_guid_hash(guid) & (g->cap - 1); g->slot[i] != NULL;
	    i = (i + 1) & (g->cap - 1)) {
		if (strcmp(g->slot[i], guid) == 0)
			return (0);
	}
	g->slot[i] = xstrdup(guid);
	g->n++;
	return (1);
}

static void
feed_guids_clear(struct feed_guids *g)
{
	size_t	i;

	for (i = 0; i < g->cap; i++)
		free(g->slot[i]);
	free(g->slot);
	memset(g, 0, sizeof *g);
}

/* The root's xml:base against base_url, or a copy of base_url. */
static const char *
feed_state_base(struct feed_state *st, xmlDoc *doc, const xmlNode *root)
{
	xmlChar	*b;

	if (st->based)
		return (st->base);
	st->based = 1;
	if (xmlHasNsProp(root, (const xmlChar *)"base", XML_XML_NAMESPACE) &&
	    (b = xmlNodeGetBase(doc, root)) != NULL) {
		st->base = xstrdup((const char *)b);
		xmlFree(b);
	} else if (st->base_url != NULL)
		st->base = xstrdup(st->base_url);
	return (st->base);
}

/* Reads one item, drops it when it has no guid or repeats one, else hands it on. */
static void
feed_state_item(struct feed_state *st, const xmlNode *n, const char *base)
{
	struct feed		*f = st->f;
	struct feed_item	 it;

	if (st->items >= FEED_MAX_ITEMS) {
		if (st->items++ == FEED_MAX_ITEMS)
			feed_warn(f, "more than %d items; the rest are ignored",
			    FEED_MAX_ITEMS);
		return;
	}
	st->items++;
	memset(&it, 0, sizeof it);
	feed_item_read(f, &it, n, base, st->kind == FEED_ROOT_ATOM);
	if (it.guid == NULL)
		feed_warn(f, "item %zu (%s) has no guid, enclosure or link; skipped",
		    st->items, it.title != NULL ? it.title : "untitled");
	else if (!feed_guids_add(&st->guids, it.guid))
		feed_warn(f, "guid %s repeats; item %zu skipped", it.guid, st->items);
	else if (st->cb(st->ctx, f, &it) != 0) {
		st->stopped = 1;
		if (st->ctxt != NULL)
			xmlStopParser(st->ctxt);
	}
	feed_item_clear(&it);
}

/* Reads a child of the channel or the Atom feed. */
static void
feed_state_child(struct feed_state *st, xmlDoc *doc, const xmlNode *root,
    const xmlNode *n)
{
	const char	*base;
	int		 atom = st->kind == FEED_ROOT_ATOM;

	if (n->type != XML_ELEMENT_NODE || st->stopped)
		return;
	base = feed_state_base(st, doc, root);
	if (feed_is_item(n, atom))
		feed_state_item(st, n, base);
	else
		feed_head_read(st->f, n, base, atom, &st->image);
}

/* Reads an RSS <redirect>. */
static void
feed_state_redirect(struct feed_state *st, xmlDoc *doc, const xmlNode *root,
    const xmlNode *n)
{
	char	*url;

	if (!feed_is_rss(n, "redirect"))
		return;
	url = feed_redirect_url(n, feed_state_base(st, doc, root));
	if (url != NULL && st->f->new_url == NULL)
		st->f->new_url = url;
	else
		free(url);
}

/*
 * Reads, in document order, the RSS root's children still in the tree before
 * stop (NULL: all of them): a <redirect>, or the first channel, whose children
 * still in the tree are read; nothing after that channel counts. What is
 * still in the tree was not read yet: an element is freed once read, and
 * recover mode closes some elements without an end tag.
 */
static void
feed_state_root(struct feed_state *st, xmlDoc *doc, const xmlNode *root,
    const xmlNode *stop)
{
	const xmlNode	*n, *m;

	for (n = root->children; n != NULL && n != stop && !st->channel_done;
	    n = n->next) {
		if (!feed_is_rss(n, "channel")) {
			feed_state_redirect(st, doc, root, n);
			continue;
		}
		st->channel_seen = st->channel_done = 1;
		st->channel = NULL;
		for (m = n->children; m != NULL; m = m->next)
			feed_state_child(st, doc, root, m);
	}
}

/* Frees parent's children up to and including last, all read or not wanted. */
static void
feed_drop(xmlNode *parent, const xmlNode *last)
{
	xmlNode	*n, *next;
	int	 end = 0;

	for (n = parent->children; n != NULL && !end; n = next) {
		next = n->next;
		end = n == last;
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
}

/* Reads parent's children still in the tree, up to and including last, and frees them. */
static void
feed_state_children(struct feed_state *st, xmlDoc *doc, const xmlNode *root,
    xmlNode *parent, xmlNode *last)
{
	const xmlNode	*n;

	for (n = parent->children; n != NULL; n = n->next) {
		feed_state_child(st, doc, root, n);
		if (n == last)
			break;
	}
	feed_drop(parent, last);
}

/* Whether parent, a child of the RSS root, is the first channel. */
static int
feed_state_channel(struct feed_state *st, xmlDoc *doc, xmlNode *root,
    xmlNode *parent)
{
	if (st->channel == parent)
		return (1);
	if (st->channel != NULL || st->channel_done || !feed_is_rss(parent, "channel"))
		return (0);
	feed_state_root(st, doc, root, parent);
	if (st->channel_done)
		return (0);
	if (parent->prev != NULL)
		feed_drop(root, parent->prev);
	st->channel = parent;
	st->channel_seen = 1;
	return (1);
}

/* The tree builder's end of an element, reading and freeing what is done. */
static void
feed_sax_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct feed_state	*st = ctxt->_private;
	xmlNode			*cur = ctxt->node, *parent, *root;
	xmlDoc			*doc = ctxt->myDoc;

	xmlSAX2EndElementNs(ctx, local, prefix, uri);
	if (cur == NULL || st->stopped || (parent = cur->parent) == NULL ||
	    parent->type != XML_ELEMENT_NODE || doc == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	if (st->kind == FEED_ROOT_NONE)
		st->kind = feed_root_kind(root);
	if (st->kind == FEED_ROOT_OTHER) {
		xmlStopParser(ctxt);
		return;
	}
	if (parent == root && st->kind == FEED_ROOT_ATOM)
		feed_state_children(st, doc, root, parent, cur);
	else if (parent == root) {
		feed_state_root(st, doc, root, NULL);
		feed_drop(root, cur);
	} else if (parent->parent == root && st->kind == FEED_ROOT_RSS &&
	    feed_is_rss(parent, "channel")) {
		if (feed_state_channel(st, doc, root, parent))
			feed_state_children(st, doc, root, parent, cur);
		else
			feed_drop(parent, cur);
	}
}

/* Reads what recover mode left open at the end of the document. */
static void
feed_state_rest(struct feed_state *st, xmlDoc *doc)
{
	const xmlNode	*root, *n;

	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL)
		return;
	if (st->kind == FEED_ROOT_NONE)
		st->kind = feed_root_kind(root);
	if (st->kind == FEED_ROOT_ATOM) {
		for (n = root->children; n != NULL; n = n->next)
			feed_state_child(st, doc, root, n);
	} else if (st->kind == FEED_ROOT_RSS)
		feed_state_root(st, doc, root, NULL);
}

/*
 * The charset to impose: the HTTP header's, when the document has no byte
 * order mark and declares no encoding, and is not valid UTF-8 (servers often
 * name ISO-8859-1 by default for feeds written in UTF-8).
 */
static const char *
feed_charset(struct feedin *in, const char *charset)
{
	xmlCharEncodingHandlerPtr	 h;
	const unsigned char		*b;
	const char			*end;
	size_t				 len;

	if (charset == NULL || strcasecmp(charset, "utf-8") == 0 ||
	    (b = (const unsigned char *)feedin_peek(in, &len)) == NULL)
		return (NULL);
	if ((len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) ||
	    (len >= 2 && ((b[0] == 0xfe && b[1] == 0xff) ||
	    (b[0] == 0xff && b[1] == 0xfe))) || (len >= 2 && (b[0] == 0 || b[1] == 0)))
		return (NULL);
	if (len >= 5 && memcmp(b, "<?xml", 5) == 0 &&
	    (end = memmem(b, len, "?>", 2)) != NULL &&
	    memmem(b, end - (const char *)b, "encoding", 8) != NULL)
		return (NULL);
	if ((h = xmlFindCharEncodingHandler(charset)) == NULL)
		return (NULL);
	xmlCharEncCloseFunc(h);
	return (feedin_utf8(in) == 1 ? NULL : charset);
}

/* Says that recover mode was needed, and where the last error was. */
static void
feed_state_malformed(struct feed_state *st, xmlParserCtxtPtr ctxt)
{
	const xmlError	*e = xmlCtxtGetLastError(ctxt);
	size_t		 n;

	if (e == NULL || e->message == NULL) {
		feed_warn(st->f, "not well-formed XML; what could be read is kept");
		return;
	}
	for (n = strlen(e->message); n > 0 && (e->message[n - 1] == '\n' ||
	    e->message[n - 1] == ' '); n--)
		/* nothing */;
	feed_warn(st->f, "not well-formed XML (line %d: %.*s); what could be read "
	    "is kept", e->line, (int)(n > 200 ? 200 : n), e->message);
}

/* Runs the parser over in; the document, whatever recover mode made of it. */
static xmlDoc *
feed_state_parse(struct feed_state *st, struct feedin *in, const char *charset)
{
	xmlParserCtxtPtr		 ctxt;
	xmlCharEncodingHandlerPtr	 h;
	xmlDoc				*doc;
	const char			*enc;

	enc = feed_charset(in, charset);
	if (in->err != NULL)
		return (NULL);
	ctxt = xmlCreateIOParserCtxt(NULL, NULL, feedin_io_read, NULL, in,
	    XML_CHAR_ENCODING_NONE);
	if (ctxt == NULL)
		BUG();
	st->ctxt = ctxt;
	ctxt->_private = st;
	ctxt->sax->endElementNs = feed_sax_end;
	xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (st->base_url != NULL && ctxt->input != NULL && ctxt->input->filename == NULL)
		ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)st->base_url);
	if (enc != NULL && (h = xmlFindCharEncodingHandler(enc)) != NULL)
		xmlSwitchToEncoding(ctxt, h);
	xmlParseDocument(ctxt);
	if (!ctxt->wellFormed && !st->stopped && in->err == NULL)
		feed_state_malformed(st, ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	st->ctxt = NULL;
	xmlFreeParserCtxt(ctxt);
	return (doc);
}

/* Checks what was read; 0, or -1 with *err. */
static int
feed_state_check(struct feed_state *st, xmlDoc *doc, struct feedin *in, char **err)
{
	const xmlNode	*root;

	if (st->stopped)
		return (-1);
	if (in->err != NULL) {
		*err = xstrdup(in->err);
		return (-1);
	}
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		*err = xstrdup("feed is not readable XML");
		return (-1);
	}
	if (st->kind == FEED_ROOT_OTHER || feed_root_kind(root) == FEED_ROOT_OTHER) {
		*err = xasprintf("feed is neither RSS nor Atom (root element <%s>)",
		    (const char *)root->name);
		return (-1);
	}
	if (st->kind == FEED_ROOT_RSS && !st->channel_seen && st->f->new_url == NULL) {
		*err = xstrdup("feed has no <channel>");
		return (-1);
	}
	return (0);
}

int
feed_read(const struct feed_source *src, feed_item_fn cb, void *ctx,
    struct feed **out, char **err)
{
	struct feed_state	 st;
	struct feedin		 in;
	xmlDoc			*doc;
	int			 rc;

	*out = NULL;
	*err = NULL;
	if (src->fd == -1 && src->len > PARSE_MAX_INPUT) {
		*err = xasprintf("feed is larger than %u bytes", PARSE_MAX_INPUT);
		return (-1);
	}
	memset(&st, 0, sizeof st);
	st.f = xcalloc(1, sizeof *st.f);
	st.base_url = src->base_url;
	st.cb = cb;
	st.ctx = ctx;
	feedin_init(&in, src->buf, src->len, src->fd);
	doc = feed_state_parse(&st, &in, src->charset);
	if (!st.stopped)
		feed_state_rest(&st, doc);
	rc = feed_state_check(&st, doc, &in, err);
	xmlFreeDoc(doc);
	feedin_clear(&in);
	feed_guids_clear(&st.guids);
	free(st.base);
	if (rc != 0) {
		free(st.image);
		feed_free(st.f);
		return (-1);
	}
	if (st.f->image == NULL)
		st.f->image = st.image;
	else
		free(st.image);
	if (st.kind == FEED_ROOT_RSS && st.f->description == NULL &&
	    st.f->summary != NULL)
		st.f->description = xstrdup(st.f->summary);
	st.f->atom = st.kind == FEED_ROOT_ATOM;
	*out = st.f;
	return (0);
}

/* Keeps each item in the feed the caller gets. */
static int
feed_keep(void *ctx, struct feed *f, struct feed_item *it)
{
	size_t	*cap = ctx;

	(void)f;
	if (f->n == *cap) {
		*cap = *cap == 0 ? 64 : *cap * 2;
		f->items = xreallocarray(f->items, *cap, sizeof *f->items);
	}
	f->items[f->n++] = *it;
	memset(it, 0, sizeof *it);
	return (0);
}

int
feed_parse(const char *buf, size_t len, const char *base_url, struct feed **out,
    char **err)
{
	struct feed_source	src;
	size_t			cap = 0;

	memset(&src, 0, sizeof src);
	src.buf = buf;
	src.len = len;
	src.fd = -1;
	src.base_url = base_url;
	return (feed_read(&src, feed_keep, &cap, out, err));
}
