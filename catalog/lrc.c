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
 * Lines are sorted by time, stably. A line ends where the next one starts; a
 * time tag with no text (often used to end a line early) gives no line but
 * still ends the one before. The last line ends where it starts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

#define LRC_MAX_TAGS 64  /* Time tags read at the start of one line. */

/* One timed text before sorting. */
struct lrc_entry {
	int64_t ms;
	size_t seq;      /* File order, to keep the sort stable. */
	char *text;      /* NULL for a time tag without text. */
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

/* The text after the line's tags, word times removed and spaces collapsed, or NULL. */
static char *
lrc_text(const char *s, size_t len)
{
	char *raw, *dec, *clean, *out;
	size_t i, o = 0, dlen;
	int64_t ms;

	if (len > 4 * PARSE_MAX_TEXT)
		len = 4 * PARSE_MAX_TEXT;
	raw = xmalloc(len + 1);
	for (i = 0; i < len; ) {
		if ((s[i] == '<' || s[i] == '[') && lrc_time(s, len, &i, s[i], &ms) == 0)
			continue;
		raw[o++] = s[i++];
	}
	dec = text_decode_refs(raw, o, &dlen);
	free(raw);
	clean = text_sanitize(dec, dlen);
	free(dec);
	for (i = 0, o = 0; clean[i] != '\0'; i++) {
		if (clean[i] == ' ' && (o == 0 || clean[o - 1] == ' '))
			continue;
		clean[o++] = clean[i];
	}
	while (o > 0 && clean[o - 1] == ' ')
		o--;
	if (o > PARSE_MAX_TEXT) {
		o = PARSE_MAX_TEXT;
		while (o > 0 && ((unsigned char)clean[o] & 0xc0) == 0x80)
			o--;
	}
	out = o == 0 ? NULL : xstrndup(clean, o);
	free(clean);
	return out;
}

/* Reads one line's tags and text into the list; -1 when the list is full. */
static int
lrc_line(const char *s, size_t len, struct lrc_list *l, int64_t *offset)
{
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
	text = lrc_text(s + pos, len - pos);
	for (i = 0; i < n; i++) {
		if (l->n >= PARSE_MAX_LINES) {
			free(text);
			return -1;
		}
		if (l->n == l->cap) {
			l->cap = l->cap == 0 ? 64 : l->cap * 2;
			l->e = xreallocarray(l->e, l->cap, sizeof *l->e);
		}
		l->e[l->n].ms = times[i];
		l->e[l->n].seq = l->n;
		l->e[l->n].text = text == NULL ? NULL : i + 1 == n ? text : xstrdup(text);
		l->n++;
	}
	return 0;
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
	for (i = 0; i < l.n; i++)
		l.e[i].ms = l.e[i].ms - offset < 0 ? 0 : l.e[i].ms - offset;
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
		transcript_add(out, start, end, NULL, l.e[i].text);
	}
	free(l.e);
	return 0;
}
