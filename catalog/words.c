/*
 * Word times of transcript lines: attaching them to a parsed line, finding
 * the word heard at a time, and the compact text the catalog keeps in
 * line.words.
 *
 * The stored form is one item per word, separated by one space:
 *
 *	START+DURATION@OFFSET:LENGTH
 *
 * all decimal: START is the word's start in milliseconds after the line's
 * start (so a line stamped again by hand in sync mode takes its words
 * along), DURATION its length in milliseconds, OFFSET and LENGTH the bytes of
 * the line's text it covers. "0+250@0:1 500+250@2:2" times "I" then "am" in
 * "I am". Reading is strict: a bad number, a word out of order, overlapping
 * the one before, past the text or cutting a UTF-8 sequence gives no words
 * at all, never a crash.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Digits read for one number of the stored form. */
#define WORDS_MAX_DIGITS 15

static int
words_cont(const char *text, size_t i)
{
	return ((unsigned char)text[i] & 0xc0) == 0x80;
}

/* Trims the span [*off, *end) of spaces and widens it to whole UTF-8 sequences. */
static void
words_trim(const char *text, size_t tlen, size_t *off, size_t *end)
{
	if (*end > tlen)
		*end = tlen;
	while (*off < *end && (text[*off] == ' ' || words_cont(text, *off)))
		(*off)++;
	while (*end > *off && text[*end - 1] == ' ')
		(*end)--;
	while (*end > *off && *end < tlen && words_cont(text, *end))
		(*end)++;
}

size_t
transcript_add_words(struct transcript *t, struct transcript_word *w, size_t n)
{
	struct transcript_line *l;
	size_t i, k = 0, tlen, off, end, lim = 0;
	int64_t prev, next;

	if (t->n == 0 || n == 0 || w == NULL) {
		free(w);
		return (0);
	}
	l = &t->lines[t->n - 1];
	free(l->words);
	l->words = NULL;
	l->nwords = 0;
	tlen = strlen(l->text);
	prev = l->start_ms;
	for (i = 0; i < n && k < PARSE_MAX_WORDS; i++) {
		off = w[i].off;
		end = off + w[i].len;
		if (off < lim)
			off = lim;
		words_trim(l->text, tlen, &off, &end);
		if (off >= end)
			continue;
		w[k] = w[i];
		w[k].off = (uint32_t)off;
		w[k].len = (uint32_t)(end - off);
		if (w[k].start_ms < prev)
			w[k].start_ms = prev;
		prev = w[k].start_ms;
		lim = end;
		k++;
	}
	for (i = 0; i < k; i++) {
		next = i + 1 < k ? w[i + 1].start_ms : l->end_ms;
		if (w[i].end_ms < w[i].start_ms)
			w[i].end_ms = next > w[i].start_ms ? next : w[i].start_ms;
	}
	if (k == 0) {
		free(w);
		return (0);
	}
	l->words = w;
	l->nwords = k;
	return (k);
}

int
transcript_word_at(const struct transcript_word *w, size_t n, int64_t t_ms)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (w[mid].start_ms <= t_ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return ((int)lo - 1);
}

char *
transcript_words_encode(const struct transcript_word *w, size_t n, int64_t line_start)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;
	int64_t s;

	if (n == 0)
		return (NULL);
	for (i = 0; i < n; i++) {
		s = w[i].start_ms > line_start ? w[i].start_ms - line_start : 0;
		strbuf_printf(&b, "%s%lld+%lld@%u:%u", i > 0 ? " " : "", (long long)s,
		    (long long)(w[i].end_ms > w[i].start_ms ? w[i].end_ms - w[i].start_ms : 0),
		    w[i].off, w[i].len);
	}
	return (strbuf_finish(&b));
}

/* Reads a number ending in sep (0 for the end of the input) at *pos; -1 if there is none. */
static int
words_number(const char *s, size_t len, size_t *pos, char sep, int64_t *v)
{
	size_t n = 0;

	*v = 0;
	while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9') {
		if (++n > WORDS_MAX_DIGITS)
			return (-1);
		*v = *v * 10 + (s[*pos] - '0');
		(*pos)++;
	}
	if (n == 0)
		return (-1);
	if (sep == 0)
		return (*pos < len && s[*pos] != ' ' ? -1 : 0);
	if (*pos >= len || s[*pos] != sep)
		return (-1);
	(*pos)++;
	return (0);
}

void
transcript_words_decode(const char *s, size_t len, const char *text, int64_t line_start,
    struct transcript_word **out, size_t *n)
{
	struct transcript_word *w = NULL;
	size_t pos = 0, k = 0, cap = 0, tlen, lim = 0;
	int64_t st, dur, off, wl, prev = 0;

	*out = NULL;
	*n = 0;
	if (s == NULL || text == NULL || len == 0)
		return;
	tlen = strlen(text);
	while (pos < len) {
		if (k > 0 && s[pos++] != ' ')
			goto bad;
		if (k >= PARSE_MAX_WORDS ||
		    words_number(s, len, &pos, '+', &st) != 0 ||
		    words_number(s, len, &pos, '@', &dur) != 0 ||
		    words_number(s, len, &pos, ':', &off) != 0 ||
		    words_number(s, len, &pos, 0, &wl) != 0)
			goto bad;
		if (st < prev || wl == 0 || (size_t)off < lim || (size_t)off > tlen ||
		    (size_t)wl > tlen - (size_t)off || text[off] == ' ' ||
		    words_cont(text, (size_t)off) ||
		    ((size_t)(off + wl) < tlen && words_cont(text, (size_t)(off + wl))))
			goto bad;
		if (k == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			w = xreallocarray(w, cap, sizeof *w);
		}
		w[k].start_ms = line_start + st;
		w[k].end_ms = line_start + st + dur;
		w[k].off = (uint32_t)off;
		w[k].len = (uint32_t)wl;
		prev = st;
		lim = (size_t)(off + wl);
		k++;
	}
	*out = w;
	*n = k;
	return;
bad:
	free(w);
}
