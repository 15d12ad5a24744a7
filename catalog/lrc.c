/*
 * LRC lyrics files into transcript lines.
 *
 * A line starts with one or more time tags "[mm:ss.xx]" (spaces inside the
 * brackets, a colon for the point and one to three fraction digits are
 * accepted); its text is kept once for each tag. Other tags at the start of
 * a line ("[ar:...]", "[ti:...]") are metadata and ignored, except
 * "[offset:+/-ms]": by the LRC convention a positive offset makes every line
 * come earlier (lrc-kit adds it instead), and times are clamped at zero.
 * Word times inside the text, "<mm:ss.xx>" (enhanced LRC) or "[mm:ss.xx]"
 * (foobar2000), are removed and runs of spaces collapsed. Lines without a
 * time tag are ignored.
 *
 * Word times are kept for a line with one time tag: the text after each
 * word time is heard from then until the next word time (a last tag with no
 * text after it ends the last word), the text before the first from the
 * line's time. A text kept at several times has no word times.
 *
 * Lines are sorted by time, stably. A line ends where the next one starts; a
 * time tag with no text (often used to end a line early) gives no line but
 * still ends the one before. The last line ends where it starts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define LRC_MAX_TAGS 64  /* Time tags read at the start of one line. */

/* One timed text before sorting. */
struct lrc_entry {
	int64_t ms;
	size_t seq;      /* File order, to keep the sort stable. */
	char *text;      /* NULL for a time tag without text. */
	struct transcript_word *words;  /* Word times, NULL when none. */
	size_t nwords;
};

struct lrc_list {
	struct lrc_entry *e;
	size_t n;
	size_t cap;
};

static int
lrc_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void
lrc_skip_spaces(const char *s, size_t len, size_t *pos)
{
	while (*pos < len && (s[*pos] == ' ' || s[*pos] == '\t'))
		(*pos)++;
}

/* Reads digits at *pos (at most 9); returns how many there were. */
static size_t
lrc_number(const char *s, size_t len, size_t *pos, int64_t *v)
{
	size_t n = 0;

	*v = 0;
	while (*pos < len && lrc_is_digit(s[*pos])) {
		if (n < 9)
			*v = *v * 10 + (s[*pos] - '0');
		(*pos)++;
		n++;
	}
	return n > 9 ? 0 : n;
}

/* Reads a time "mm:ss[.:]xx" between brackets opened at *pos by open; -1 if it is not one. */
static int
lrc_time(const char *s, size_t len, size_t *pos, char open, int64_t *ms)
{
	int64_t m, sec, frac = 0;
	size_t p = *pos + 1, n;
	char close = open == '[' ? ']' : '>';

	if (*pos >= len || s[*pos] != open)
		return -1;
	lrc_skip_spaces(s, len, &p);
	if (lrc_number(s, len, &p, &m) == 0)
		return -1;
	lrc_skip_spaces(s, len, &p);
	if (p >= len || s[p] != ':')
		return -1;
	p++;
	lrc_skip_spaces(s, len, &p);
	if (lrc_number(s, len, &p, &sec) == 0)
		return -1;
	lrc_skip_spaces(s, len, &p);
	if (p < len && (s[p] == '.' || s[p] == ':')) {
		p++;
		lrc_skip_spaces(s, len, &p);
		if ((n = lrc_number(s, len, &p, &frac)) == 0)
			return -1;
		for (; n < 3; n++)
			frac *= 10;
		for (; n > 3; n--)
			frac /= 10;
		lrc_skip_spaces(s, len, &p);
	}
	if (p >= len || s[p] != close)
		return -1;
	*pos = p + 1;
	*ms = m * 60000 + sec * 1000 + frac;
	return 0;
}

/* Reads a metadata tag at *pos; sets *offset for "[offset:...]". -1 if it is not one. */
static int
lrc_meta(const char *s, size_t len, size_t *pos, int64_t *offset)
{
	const char *close, *colon;
	size_t p = *pos + 1, k;
	int64_t v;
	int neg = 0;

	if ((close = memchr(s + *pos, ']', len - *pos)) == NULL ||
	    (colon = memchr(s + *pos, ':', (size_t)(close - s) - *pos)) == NULL)
		return -1;
	lrc_skip_spaces(s, len, &p);
	for (k = p; s + k < colon && s[k] != ' '; k++)
		/* nothing */;
	if (k - p == 6 && memcmp(s + p, "offset", 6) == 0) {
		p = (size_t)(colon - s) + 1;
		lrc_skip_spaces(s, len, &p);
		if (s[p] == '+' || s[p] == '-')
			neg = s[p++] == '-';
		if (lrc_number(s, len, &p, &v) > 0) {
			lrc_skip_spaces(s, len, &p);
			if (s + p == close)
				*offset = neg ? -v : v;
		}
	}
	*pos = (size_t)(close - s) + 1;
	return 0;
}

/* The words found in a line's text. */
struct lrc_words {
	struct transcript_word *w;
	size_t n;
	size_t cap;
	int timed;       /* Set once a word time was read. */
};

/* Decodes and sanitizes raw[0, n) onto out, starting a word there at ms (-1: the line's time). */
static void
lrc_piece(struct strbuf *out, const char *raw, size_t n, int64_t ms, struct lrc_words *lw)
{
	char *dec, *clean;
	size_t dlen;

	dec = text_decode_refs(raw, n, &dlen);
	clean = text_sanitize(dec, dlen);
	free(dec);
	if (lw->n < PARSE_MAX_WORDS) {
		if (lw->n == lw->cap) {
			lw->cap = lw->cap == 0 ? 8 : lw->cap * 2;
			lw->w = xreallocarray(lw->w, lw->cap, sizeof *lw->w);
		}
		lw->w[lw->n].start_ms = ms;
		lw->w[lw->n].end_ms = -1;
		lw->w[lw->n].off = (uint32_t)out->len;
		lw->w[lw->n].len = (uint32_t)strlen(clean);
		lw->n++;
	}
	strbuf_puts(out, clean);
	free(clean);
}

/* Collapses runs of spaces in s, moving the words' places with the text; returns the new length. */
static size_t
lrc_collapse(char *s, size_t n, struct lrc_words *lw)
{
	size_t *map, i, o = 0, end;

	map = xreallocarray(NULL, n + 1, sizeof *map);
	for (i = 0; i < n; i++) {
		map[i] = o;
		if (s[i] == ' ' && (o == 0 || s[o - 1] == ' '))
			continue;
		s[o++] = s[i];
	}
	map[n] = o;
	for (i = 0; i < lw->n; i++) {
		end = map[lw->w[i].off + lw->w[i].len];
		lw->w[i].off = (uint32_t)map[lw->w[i].off];
		lw->w[i].len = (uint32_t)(end - lw->w[i].off);
	}
	free(map);
	return o;
}

/*
 * The text after the line's tags, word times removed and spaces collapsed,
 * or NULL; the text after each word time is a word of lw, the text before
 * the first one a word starting with the line (-1).
 */
static char *
lrc_text(const char *s, size_t len, struct lrc_words *lw)
{
	struct strbuf b = STRBUF_INIT;
	size_t i, from = 0, o, k;
	int64_t ms, at = -1;
	char *out;

	if (len > 4 * PARSE_MAX_TEXT)
		len = 4 * PARSE_MAX_TEXT;
	for (i = 0; i < len; ) {
		k = i;
		if ((s[i] == '<' || s[i] == '[') && lrc_time(s, len, &i, s[i], &ms) == 0) {
			lrc_piece(&b, s + from, k - from, at, lw);
			from = i;
			at = ms;
			lw->timed = 1;
			continue;
		}
		i++;
	}
	lrc_piece(&b, s + from, len - from, at, lw);
	for (k = 0; k < lw->n; k++)
		lw->w[k].end_ms = k + 1 < lw->n ? lw->w[k + 1].start_ms : -1;
	o = b.s != NULL ? lrc_collapse(b.s, b.len, lw) : 0;
	while (o > 0 && b.s[o - 1] == ' ')
		o--;
	if (o > PARSE_MAX_TEXT) {
		o = PARSE_MAX_TEXT;
		while (o > 0 && ((unsigned char)b.s[o] & 0xc0) == 0x80)
			o--;
	}
	out = o == 0 ? NULL : xstrndup(b.s, o);
	free(b.s);
	return out;
}

/* Reads one line's tags and text into the list; -1 when the list is full. */
static int
lrc_line(const char *s, size_t len, struct lrc_list *l, int64_t *offset)
{
	struct lrc_words lw = { NULL, 0, 0, 0 };
	int64_t times[LRC_MAX_TAGS], ms;
	size_t pos = 0, n = 0, i;
	char *text;

	for (;;) {
		lrc_skip_spaces(s, len, &pos);
		if (pos >= len || s[pos] != '[')
			break;
		if (lrc_time(s, len, &pos, '[', &ms) == 0) {
			if (n < LRC_MAX_TAGS)
				times[n++] = ms;
		} else if (n > 0 || lrc_meta(s, len, &pos, offset) != 0)
			break;
	}
	if (n == 0)
		return 0;
	text = lrc_text(s + pos, len - pos, &lw);
	/* Word times belong to one line time; a text repeated at several has none. */
	if (n > 1 || !lw.timed || text == NULL) {
		free(lw.w);
		lw.w = NULL;
		lw.n = 0;
	}
	for (i = 0; i < lw.n; i++) {
		if (lw.w[i].start_ms < 0)
			lw.w[i].start_ms = times[0];
	}
	for (i = 0; i < n; i++) {
		if (l->n >= PARSE_MAX_LINES) {
			free(text);
			free(lw.w);
			return -1;
		}
		if (l->n == l->cap) {
			l->cap = l->cap == 0 ? 64 : l->cap * 2;
			l->e = xreallocarray(l->e, l->cap, sizeof *l->e);
		}
		l->e[l->n].ms = times[i];
		l->e[l->n].seq = l->n;
		l->e[l->n].text = text == NULL ? NULL : i + 1 == n ? text : xstrdup(text);
		l->e[l->n].words = lw.w;
		l->e[l->n].nwords = lw.n;
		l->n++;
	}
	return 0;
}

/* A time moved by the file's offset, never below zero. */
static int64_t
lrc_shift(int64_t ms, int64_t offset)
{
	return ms - offset < 0 ? 0 : ms - offset;
}

/* Moves every line and word time by the file's offset. */
static void
lrc_offset(struct lrc_list *l, int64_t offset)
{
	struct transcript_word *w;
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		l->e[i].ms = lrc_shift(l->e[i].ms, offset);
		for (j = 0; j < l->e[i].nwords; j++) {
			w = &l->e[i].words[j];
			w->start_ms = lrc_shift(w->start_ms, offset);
			if (w->end_ms >= 0)
				w->end_ms = lrc_shift(w->end_ms, offset);
		}
	}
}

static int
lrc_compare(const void *a, const void *b)
{
	const struct lrc_entry *x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int
lrc_parse(const char *buf, size_t len, struct transcript *out, char **err)
{
	struct lrc_list l = { NULL, 0, 0 };
	const char *line;
	size_t i, j, n, pos = 0;
	int64_t offset = 0, start, end;

	transcript_init(out);
	*err = NULL;
	if (len > PARSE_MAX_INPUT) {
		len = PARSE_MAX_INPUT;
		transcript_warn(out, "file larger than %u bytes: only its start was read",
		    PARSE_MAX_INPUT);
	}
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		line = buf + pos;
		for (n = 0; pos + n < len && line[n] != '\n' && line[n] != '\r'; n++)
			/* nothing */;
		if (lrc_line(line, n, &l, &offset) != 0) {
			transcript_warn(out, "more than %d lines: the rest were skipped",
			    PARSE_MAX_LINES);
			break;
		}
		pos += n;
		if (pos < len && buf[pos++] == '\r' && pos < len && buf[pos] == '\n')
			pos++;
	}
	if (l.n == 0 && len > 0) {
		free(l.e);
		*err = xstrdup("not an LRC file: no time tags found");
		return -1;
	}
	lrc_offset(&l, offset);
	if (l.n > 1)
		qsort(l.e, l.n, sizeof *l.e, lrc_compare);
	for (i = 0; i < l.n; i++) {
		if (l.e[i].text == NULL)
			continue;
		start = l.e[i].ms;
		end = start;
		for (j = i + 1; j < l.n; j++) {
			if (l.e[j].ms > start || l.e[j].text != NULL) {
				end = l.e[j].ms;
				break;
			}
		}
		if (transcript_add(out, start, end, NULL, l.e[i].text) == 0)
			transcript_add_words(out, l.e[i].words, l.e[i].nwords);
		else
			free(l.e[i].words);
	}
	free(l.e);
	return 0;
}
