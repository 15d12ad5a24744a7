/*
 * HTML transcripts in the layout of the Podcasting 2.0 namespace:
 *
 *	<cite>Kevin:</cite>
 *	<time>0:00</time>
 *	<p>Welcome to the show.</p>
 *
 * The document is read with libxml2's HTML parser (no network, no error
 * output) and walked in document order. A <cite> names the speaker of the
 * lines after it, its trailing colon removed, until the next <cite>. A <time>
 * (SS, MM:SS or HH:MM:SS, with an optional fraction; the text, else the
 * datetime attribute) starts the next line. A <p> is the text of the line its
 * time started; a second <p> before a new <time> continues that line, and a
 * <p> before any <time> is skipped with a warning. A line ends where the next
 * one starts and the last one HTMLTR_LAST_MS after its own start.
 *
 * A document with no <time> at all is not read as timed: htmltr_parse()
 * fails, and htmltr_text() gives its paragraphs as "Speaker: text" lines that
 * plain_parse() spreads over the episode's duration (transcript_parse_any()
 * does both). Text is whitespace-collapsed, sanitized and cut at
 * PARSE_MAX_TEXT bytes.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "catalog/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define HTMLTR_LAST_MS   5000  /* Length given to the last line. */
#define HTMLTR_MAX_NAME  200   /* Bytes of a speaker's name kept. */

/* What the walk has seen so far. */
struct htmltr_state {
	struct transcript *out;
	char *speaker;     /* From the last <cite>, or NULL. */
	int64_t start;     /* From the last <time> not yet used, or -1. */
	int times;         /* <time> elements read. */
	int orphans;       /* Paragraphs before any time. */
	int full;          /* PARSE_MAX_LINES reached. */
	struct strbuf text; /* For htmltr_text(): the lines so far. */
};

/* Whether element n is named name. */
static int
htmltr_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcasecmp((const char *)n->name, name) == 0;
}

/* The text inside n, whitespace collapsed, sanitized and capped; never NULL. */
static char *
htmltr_node_text(xmlNode *n)
{
	xmlChar *raw;
	char *clean, *o;
	const char *p;
	size_t len;
	int space = 0;

	raw = xmlNodeGetContent(n);
	if (raw == NULL)
		return xstrdup("");
	len = strlen((const char *)raw);
	if (len > 4 * PARSE_MAX_TEXT)
		len = 4 * PARSE_MAX_TEXT;
	clean = text_sanitize((const char *)raw, len);
	xmlFree(raw);
	for (p = clean, o = clean; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = o != clean;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = *p;
	}
	*o = '\0';
	len = (size_t)(o - clean);
	if (len > PARSE_MAX_TEXT) {
		len = PARSE_MAX_TEXT;
		while (len > 0 && ((unsigned char)clean[len] & 0xc0) == 0x80)
			len--;
		clean[len] = '\0';
	}
	return clean;
}

/* Reads a <time>: its text, else its datetime attribute; -1 when neither is a time. */
static int
htmltr_time(xmlNode *n, int64_t *ms)
{
	char *s;
	xmlChar *attr;
	int rc;

	s = htmltr_node_text(n);
	rc = feed_time_parse(s, strlen(s), ms);
	free(s);
	if (rc == 0)
		return 0;
	if ((attr = xmlGetProp(n, (const xmlChar *)"datetime")) == NULL)
		return -1;
	rc = feed_time_parse((const char *)attr, strlen((const char *)attr), ms);
	xmlFree(attr);
	return rc;
}

/* Takes a <cite>'s text as the speaker, without the colon. */
static void
htmltr_cite(struct htmltr_state *st, xmlNode *n)
{
	char *s = htmltr_node_text(n);
	size_t len = strlen(s);

	while (len > 0 && (s[len - 1] == ':' || s[len - 1] == ' '))
		len--;
	if (len > HTMLTR_MAX_NAME) {
		len = HTMLTR_MAX_NAME;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	s[len] = '\0';
	free(st->speaker);
	st->speaker = len > 0 ? s : NULL;
	if (len == 0)
		free(s);
}

/* Adds a paragraph as a line, or to the line before it. */
static void
htmltr_para(struct htmltr_state *st, xmlNode *n)
{
	struct transcript_line *last;
	char *text, *joined;
	size_t len;

	text = htmltr_node_text(n);
	if (*text == '\0' || st->full) {
		free(text);
		return;
	}
	if (st->start < 0) {
		last = st->out->n > 0 ? &st->out->lines[st->out->n - 1] : NULL;
		if (last == NULL) {
			st->orphans++;
			free(text);
			return;
		}
		len = strlen(last->text);
		if (len + 1 + strlen(text) <= PARSE_MAX_TEXT) {
			joined = xasprintf("%s %s", last->text, text);
			free(last->text);
			last->text = joined;
		}
		free(text);
		return;
	}
	if (transcript_add(st->out, st->start, st->start, st->speaker != NULL ?
	    xstrdup(st->speaker) : NULL, text) != 0)
		st->full = 1;
	st->start = -1;
}

/* Adds a paragraph to the untimed text, as "Speaker: text". */
static void
htmltr_para_text(struct htmltr_state *st, xmlNode *n)
{
	char *text, *line;

	text = htmltr_node_text(n);
	if (*text == '\0' || st->text.len > PARSE_MAX_INPUT) {
		free(text);
		return;
	}
	if (st->speaker != NULL)
		line = xasprintf("%s: %s\n", st->speaker, text);
	else
		line = xasprintf("%s\n", text);
	free(text);
	strbuf_puts(&st->text, line);
	free(line);
}

/* Visits every element in document order without recursion. */
static void
htmltr_walk(struct htmltr_state *st, xmlNode *root, int untimed)
{
	xmlNode *n = root;
	int64_t ms;
	int leaf;

	while (n != NULL) {
		leaf = 1;
		if (htmltr_is(n, "cite"))
			htmltr_cite(st, n);
		else if (htmltr_is(n, "time")) {
			if (htmltr_time(n, &ms) == 0) {
				st->start = ms;
				st->times++;
			}
		} else if (htmltr_is(n, "p")) {
			if (untimed)
				htmltr_para_text(st, n);
			else
				htmltr_para(st, n);
		} else if (htmltr_is(n, "script") || htmltr_is(n, "style") ||
		    htmltr_is(n, "head"))
			/* Not shown. */;
		else
			leaf = 0;
		if (!leaf && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != NULL && n != root && n->next == NULL)
			n = n->parent;
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
}

/* Parses the document; NULL with *err set when libxml2 cannot. */
static htmlDocPtr
htmltr_read(const char *buf, size_t len, struct transcript *out, char **err)
{
	const char *enc = "UTF-8";
	htmlDocPtr doc;
	size_t i, head;

	if (len > PARSE_MAX_INPUT) {
		len = PARSE_MAX_INPUT;
		if (out != NULL)
			transcript_warn(out, "file larger than %u bytes: only its "
			    "start was read", PARSE_MAX_INPUT);
	}
	/* A document that declares its charset is read in it. */
	head = len < 1024 ? len : 1024;
	/* cppcheck-suppress knownConditionTrueFalse ; head is 0 only for an empty buffer. */
	for (i = 0; i + 8 <= head; i++) {
		if (strncasecmp(buf + i, "charset=", 8) == 0) {
			enc = NULL;
			break;
		}
	}
	doc = htmlReadMemory(buf, (int)len, NULL, enc, HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		*err = xstrdup("not an HTML document");
		return NULL;
	}
	return doc;
}

int
htmltr_parse(const char *buf, size_t len, struct transcript *out, char **err)
{
	struct htmltr_state st;
	htmlDocPtr doc;
	size_t i;

	transcript_init(out);
	*err = NULL;
	if ((doc = htmltr_read(buf, len, out, err)) == NULL) {
		transcript_clear(out);
		return -1;
	}
	memset(&st, 0, sizeof st);
	st.out = out;
	st.start = -1;
	htmltr_walk(&st, xmlDocGetRootElement(doc), 0);
	xmlFreeDoc(doc);
	free(st.speaker);
	if (st.times == 0) {
		transcript_clear(out);
		*err = xstrdup("no <time> elements: not a timed HTML transcript");
		return -1;
	}
	if (st.orphans > 0)
		transcript_warn(out, "%d paragraphs before the first time skipped",
		    st.orphans);
	if (st.full)
		transcript_warn(out, "more than %d lines: the rest were skipped",
		    PARSE_MAX_LINES);
	for (i = 0; i < out->n; i++) {
		if (i + 1 < out->n && out->lines[i + 1].start_ms > out->lines[i].start_ms)
			out->lines[i].end_ms = out->lines[i + 1].start_ms;
		else if (i + 1 == out->n)
			out->lines[i].end_ms = out->lines[i].start_ms + HTMLTR_LAST_MS;
	}
	return 0;
}

int
htmltr_text(const char *buf, size_t len, char **text, size_t *textlen, char **err)
{
	struct htmltr_state st;
	htmlDocPtr doc;

	*err = NULL;
	*text = NULL;
	*textlen = 0;
	if ((doc = htmltr_read(buf, len, NULL, err)) == NULL)
		return -1;
	memset(&st, 0, sizeof st);
	st.start = -1;
	htmltr_walk(&st, xmlDocGetRootElement(doc), 1);
	xmlFreeDoc(doc);
	free(st.speaker);
	if (st.text.s == NULL) {
		*err = xstrdup("no paragraphs in the HTML transcript");
		return -1;
	}
	*textlen = st.text.len;
	*text = strbuf_finish(&st.text);
	return 0;
}
