#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "catalog/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/*
 * OPML subscription lists. A folder outline is named by its text, else its
 * title (as newsboat reads them); a feed by its title, else its text. A feed
 * whose xmlUrl starts with '|' names a command to run (Liferea's convention)
 * and is skipped: a podcast player never runs what a list tells it to.
 */

/* An attribute's value, or NULL; entity references are never followed. */
static char *
opml_attr(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;
	const xmlNode	*t;
	char		*buf = NULL;
	size_t		 len = 0, add;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL || strcmp((const char *)a->name, name) != 0)
			continue;
		for (t = a->children; t != NULL; t = t->next) {
			if (t->type != XML_TEXT_NODE || t->content == NULL)
				continue;
			add = strlen((const char *)t->content);
			buf = xrealloc(buf, len + add + 1);
			memcpy(buf + len, t->content, add);
			len += add;
		}
		if (buf == NULL)
			return (xstrdup(""));
		buf[len] = '\0';
		return (buf);
	}
	return (NULL);
}

/* Copies s without surrounding spaces; NULL stays NULL. */
static char *
opml_strip(char *s)
{
	char	*start, *end, *out;

	if (s == NULL)
		return (NULL);
	for (start = s; *start == ' ' || *start == '\t' || *start == '\n' ||
	    *start == '\r'; start++)
		/* nothing */;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n' || end[-1] == '\r'))
		end--;
	out = xstrndup(start, end - start);
	free(s);
	return (out);
}

/* Reads the outlines under parent, inside folder (NULL at the top). */
static void
opml_outlines(struct opml *o, const xmlNode *parent, const char *folder,
    int depth)
{
	const xmlNode		*n;
	struct opml_feed	*f;
	char			*url, *name, *path;

	for (n = parent->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "outline") != 0)
			continue;
		if ((url = opml_strip(opml_attr(n, "xmlUrl"))) != NULL && *url != '\0') {
			if (*url == '|' || o->n == OPML_MAX_FEEDS) {
				free(url);
				continue;
			}
			o->feeds = xreallocarray(o->feeds, o->n + 1, sizeof *o->feeds);
			f = &o->feeds[o->n++];
			f->url = url;
			if ((f->title = opml_strip(opml_attr(n, "title"))) == NULL ||
			    *f->title == '\0') {
				free(f->title);
				if ((f->title = opml_strip(opml_attr(n, "text"))) == NULL)
					f->title = xstrdup("");
			}
			f->folder = folder != NULL ? xstrdup(folder) : NULL;
			continue;
		}
		free(url);
		if (depth == OPML_MAX_DEPTH)
			continue;
		if ((name = opml_strip(opml_attr(n, "text"))) == NULL || *name == '\0') {
			free(name);
			name = opml_strip(opml_attr(n, "title"));
		}
		if (name == NULL || *name == '\0')
			path = folder != NULL ? xstrdup(folder) : NULL;
		else if (folder != NULL)
			path = xasprintf("%s/%s", folder, name);
		else
			path = xstrdup(name);
		free(name);
		opml_outlines(o, n, path, depth + 1);
		free(path);
	}
}

/* The first child element of n called name, or NULL. */
static const xmlNode *
opml_child(const xmlNode *n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return (n);
	}
	return (NULL);
}

/*
 * 1 unless the XML declaration names an encoding that is no encoding name at
 * all (encoding=">...): libxml2 then retries its conversion piece by piece and
 * churns through memory, so such a list is read as UTF-8.
 */
static int
opml_encoding_sane(const char *buf, size_t len)
{
	const char	*p, *end, *e;
	char		 q;

	if (len > 256)
		len = 256;
	end = buf + len;
	if (len < 5 || memcmp(buf, "<?xml", 5) != 0 ||
	    (e = memmem(buf, len, "?>", 2)) == NULL)
		return (1);
	if ((p = memmem(buf, (size_t)(e - buf), "encoding", 8)) == NULL)
		return (1);
	for (p += 8; p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'); p++)
		;
	if (p >= e || *p++ != '=')
		return (0);
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p >= e || (*p != '"' && *p != '\''))
		return (0);
	q = *p++;
	for (len = 0; p < end && *p != q; p++, len++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.' &&
		    *p != ':')
			return (0);
	}
	return (p < e && len > 0 && len <= 40);
}

int
opml_parse(const char *buf, size_t len, struct opml **out, char **err)
{
	xmlDoc		*doc;
	const xmlNode	*root, *head, *body, *t;
	struct opml	*o;
	xmlChar		*title;

	*out = NULL;
	*err = NULL;
	if (len > PARSE_MAX_INPUT) {
		*err = xasprintf("list is larger than %u bytes", PARSE_MAX_INPUT);
		return (-1);
	}
	doc = xmlReadMemory(buf, (int)len, NULL,
	    opml_encoding_sane(buf, len) ? NULL : "UTF-8", XML_PARSE_RECOVER |
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		*err = xstrdup("list is not readable XML");
		return (-1);
	}
	if (root->ns != NULL || strcmp((const char *)root->name, "opml") != 0) {
		xmlFreeDoc(doc);
		*err = xstrdup("the <opml> root element is missing");
		return (-1);
	}
	if ((body = opml_child(root, "body")) == NULL) {
		xmlFreeDoc(doc);
		*err = xstrdup("the <body> element in the <opml> root element is "
		    "missing");
		return (-1);
	}
	o = xcalloc(1, sizeof *o);
	if ((head = opml_child(root, "head")) != NULL &&
	    (t = opml_child(head, "title")) != NULL &&
	    (title = xmlNodeGetContent(t)) != NULL) {
		o->title = opml_strip(xstrdup((const char *)title));
		xmlFree(title);
	}
	opml_outlines(o, body, NULL, 0);
	xmlFreeDoc(doc);
	*out = o;
	return (0);
}

void
opml_free(struct opml *o)
{
	size_t	i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++) {
		free(o->feeds[i].url);
		free(o->feeds[i].title);
		free(o->feeds[i].folder);
	}
	free(o->feeds);
	free(o->title);
	free(o);
}

static void
opml_put(struct strbuf *w, const char *s, size_t n)
{
	strbuf_add(w, s, n);
}

static void
opml_puts(struct strbuf *w, const char *s)
{
	strbuf_puts(w, s);
}

/* Writes s escaped for an attribute value; controls XML cannot hold are dropped. */
static void
opml_escape(struct strbuf *w, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			opml_puts(w, "&amp;");
			break;
		case '<':
			opml_puts(w, "&lt;");
			break;
		case '>':
			opml_puts(w, "&gt;");
			break;
		case '"':
			opml_puts(w, "&quot;");
			break;
		case '\t':
			opml_puts(w, "&#9;");
			break;
		case '\n':
			opml_puts(w, "&#10;");
			break;
		case '\r':
			opml_puts(w, "&#13;");
			break;
		default:
			if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
				opml_put(w, &s[i], 1);
			break;
		}
	}
}

/* Orders folder paths so that a folder comes just before what it holds. */
static int
opml_folder_cmp(const void *a, const void *b)
{
	const struct opml_feed	*x = *(const struct opml_feed *const *)a;
	const struct opml_feed	*y = *(const struct opml_feed *const *)b;
	const unsigned char	*p, *q;
	unsigned		 c, d;

	if (x->folder == NULL || y->folder == NULL) {
		if (x->folder != y->folder)
			return (x->folder == NULL ? -1 : 1);
		return (x < y ? -1 : x > y);
	}
	for (p = (const unsigned char *)x->folder,
	    q = (const unsigned char *)y->folder; *p != '\0' && *p == *q; p++, q++)
		/* nothing */;
	c = *p == '/' ? 1 : *p == '\0' ? 0 : *p + 1u;
	d = *q == '/' ? 1 : *q == '\0' ? 0 : *q + 1u;
	if (c != d)
		return (c < d ? -1 : 1);
	return (x < y ? -1 : x > y);
}

/* Number of leading path segments a and b share. */
static size_t
opml_common(const char *a, const char *b)
{
	size_t	n = 0, i;

	if (a == NULL || b == NULL)
		return (0);
	for (i = 0;; i++) {
		if ((a[i] == '/' || a[i] == '\0') && (b[i] == '/' || b[i] == '\0')) {
			n++;
			if (a[i] == '\0' || b[i] == '\0')
				return (n);
		} else if (a[i] != b[i])
			return (n);
	}
}

static void
opml_indent(struct strbuf *w, size_t depth)
{
	size_t	i;

	for (i = 0; i < depth + 2; i++)
		opml_puts(w, "  ");
}

/* Closes folders down to keep levels and opens the rest of path's. */
static void
opml_move(struct strbuf *w, const char *path, size_t *open, size_t keep)
{
	const char	*seg, *end;
	size_t		 i;

	for (; *open > keep; (*open)--) {
		opml_indent(w, *open - 1);
		opml_puts(w, "</outline>\n");
	}
	if (path == NULL)
		return;
	for (seg = path, i = 0; *seg != '\0'; i++) {
		end = seg + strcspn(seg, "/");
		if (i >= keep) {
			opml_indent(w, *open);
			opml_puts(w, "<outline text=\"");
			opml_escape(w, seg, end - seg);
			opml_puts(w, "\">\n");
			(*open)++;
		}
		seg = *end == '/' ? end + 1 : end;
	}
}

char *
opml_write(const struct opml *o)
{
	struct strbuf		  w = STRBUF_INIT;
	const struct opml_feed	**by, *f, *prev = NULL;
	size_t			  i, open = 0, keep;

	opml_puts(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n  <head>\n    <title>");
	opml_escape(&w, o->title != NULL ? o->title : "earmark subscriptions",
	    strlen(o->title != NULL ? o->title : "earmark subscriptions"));
	opml_puts(&w, "</title>\n  </head>\n  <body>\n");
	by = xreallocarray(NULL, o->n + 1, sizeof *by);
	for (i = 0; i < o->n; i++)
		by[i] = &o->feeds[i];
	qsort(by, o->n, sizeof *by, opml_folder_cmp);
	for (i = 0; i < o->n; i++) {
		f = by[i];
		if (prev == NULL || prev->folder == NULL || f->folder == NULL ||
		    strcmp(prev->folder, f->folder) != 0) {
			keep = opml_common(prev != NULL ? prev->folder : NULL, f->folder);
			if (keep > open)
				keep = open;
			opml_move(&w, f->folder, &open, keep);
		}
		opml_indent(&w, open);
		opml_puts(&w, "<outline type=\"rss\" text=\"");
		opml_escape(&w, f->title, strlen(f->title));
		opml_puts(&w, "\" title=\"");
		opml_escape(&w, f->title, strlen(f->title));
		opml_puts(&w, "\" xmlUrl=\"");
		opml_escape(&w, f->url, strlen(f->url));
		opml_puts(&w, "\"/>\n");
		prev = f;
	}
	opml_move(&w, NULL, &open, 0);
	opml_puts(&w, "  </body>\n</opml>\n");
	free(by);
	return (strbuf_finish(&w));
}
