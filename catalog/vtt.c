/*
 * WebVTT transcripts, read by the WebVTT file parsing algorithm
 * (https://www.w3.org/TR/webvtt1/#file-parsing) into transcript lines.
 *
 * Kept from the specification: an optional BOM, the "WEBVTT" signature
 * followed by a space, a tab, a line end or nothing (anything else is an
 * error), CR, LF and CRLF line ends, NUL read as U+FFFD, header lines, NOTE,
 * STYLE and REGION blocks skipped, cue identifiers, cue settings accepted and
 * ignored, cue text ending at a blank line or at a line holding "-->", and a
 * cue whose timing line does not parse skipped up to the next blank line.
 *
 * Lenient where podcast files need it. A timing line is first read with the
 * specification's strict timestamp rules; when that fails it is read again
 * accepting what hosts and the Podcast Index publish: bare seconds with a
 * fraction ("0.860"), one-digit minutes or hours ("1:01.080"), no fraction
 * ("00:01:02"), a fraction of one to three digits (more are ignored) and a
 * comma for the point. Minutes and seconds below the leading unit must stay
 * under 60. Files using these forms get one warning.
 *
 * Cue text: the first voice (<v Name> or <v.class Name>) names the line's
 * speaker, a later change of voice is written inline as "Name: ", every other
 * tag (c, i, b, u, ruby, rt, lang, timestamps) is removed, character
 * references are decoded, lines are joined with one space and the result is
 * sanitized. Timestamp tags ("<00:00:01.500>", read like cue times) give the
 * line word times in the karaoke style: the text after a tag is heard from
 * its time to the next tag's, the text before the first from the cue's start. A cue left with no text is dropped: the previous line stays
 * current through it. Lines are kept in file order, then sorted stably by
 * start. Past PARSE_MAX_INPUT bytes, PARSE_MAX_LINES cues or PARSE_MAX_TEXT
 * bytes of text, what was read so far is kept and a warning says so.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Bytes of one cue's raw text read before tags and references are handled. */
#define VTT_MAX_RAW (16 * PARSE_MAX_TEXT)

/* Where the parser is in the preprocessed input. */
struct vtt_state {
	const char *p;   /* Input with LF line ends and no NUL. */
	size_t len;
	size_t pos;
	int lenient;     /* Set once a timing line needed the lenient rules. */
	int truncated;   /* Set once a cue's text was cut at PARSE_MAX_TEXT. */
};

static int
vtt_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
vtt_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Collects the digits at *pos (the value from the first 18); returns how many there were. */
static size_t
vtt_digits(const char *s, size_t len, size_t *pos, int64_t *value)
{
	size_t n = 0;

	*value = 0;
	while (*pos < len && vtt_is_digit(s[*pos])) {
		if (n < 18)
			*value = *value * 10 + (s[*pos] - '0');
		(*pos)++;
		n++;
	}
	return n;
}

/* Reads a timestamp by the specification's rules; returns -1 on failure. */
static int
vtt_time_strict(const char *s, size_t len, size_t *pos, int64_t *ms)
{
	int64_t v1, v2, v3, v4;
	size_t n;
	int hours;

	if (*pos >= len || !vtt_is_digit(s[*pos]))
		return -1;
	n = vtt_digits(s, len, pos, &v1);
	hours = (n != 2 || v1 > 59);
	if (n > 18 || *pos >= len || s[*pos] != ':')
		return -1;
	(*pos)++;
	if (vtt_digits(s, len, pos, &v2) != 2)
		return -1;
	if (hours || (*pos < len && s[*pos] == ':')) {
		if (*pos >= len || s[*pos] != ':')
			return -1;
		(*pos)++;
		if (vtt_digits(s, len, pos, &v3) != 2)
			return -1;
	} else {
		v3 = v2;
		v2 = v1;
		v1 = 0;
	}
	if (*pos >= len || s[*pos] != '.')
		return -1;
	(*pos)++;
	if (vtt_digits(s, len, pos, &v4) != 3)
		return -1;
	if (v2 > 59 || v3 > 59 || v1 > INT64_MAX / 3600000 - 1)
		return -1;
	*ms = v1 * 3600000 + v2 * 60000 + v3 * 1000 + v4;
	return 0;
}

/* Reads a timestamp by the lenient rules in the comment above; -1 on failure. */
static int
vtt_time_lenient(const char *s, size_t len, size_t *pos, int64_t *ms)
{
	int64_t v[3], frac = 0, scale = 100, d;
	size_t n, groups = 0, i;

	for (;;) {
		n = vtt_digits(s, len, pos, &v[groups]);
		if (n == 0 || n > 9)
			return -1;
		groups++;
		if (groups == 3 || *pos >= len || s[*pos] != ':')
			break;
		(*pos)++;
	}
	if (*pos < len && (s[*pos] == '.' || s[*pos] == ',')) {
		(*pos)++;
		for (i = 0; *pos < len && vtt_is_digit(s[*pos]); i++, (*pos)++) {
			d = s[*pos] - '0';
			if (i < 3) {
				frac += d * scale;
				scale /= 10;
			}
		}
		if (i == 0)
			return -1;
	}
	for (i = 1; i < groups; i++) {
		if (v[i] > 59)
			return -1;
	}
	*ms = frac;
	for (i = 0; i < groups; i++)
		*ms += v[i] * (groups - i == 3 ? 3600000 : groups - i == 2 ? 60000 : 1000);
	return 0;
}

/* Parses a timing line into start and end; -1 when it is not one. */
static int
vtt_timing(const char *s, size_t len, int lenient, int64_t *start, int64_t *end)
{
	int (*get)(const char *, size_t, size_t *, int64_t *);
	size_t pos = 0;

	get = lenient ? vtt_time_lenient : vtt_time_strict;
	while (pos < len && vtt_is_space(s[pos]))
		pos++;
	if (get(s, len, &pos, start) != 0)
		return -1;
	while (pos < len && vtt_is_space(s[pos]))
		pos++;
	/* cppcheck-suppress knownConditionTrueFalse ; pos may equal len here. */
	if (len - pos < 3 || memcmp(s + pos, "-->", 3) != 0)
		return -1;
	pos += 3;
	while (pos < len && vtt_is_space(s[pos]))
		pos++;
	if (get(s, len, &pos, end) != 0)
		return -1;
	/* The rest holds cue settings, which are ignored. */
	if (lenient && pos < len && !vtt_is_space(s[pos]))
		return -1;
	return 0;
}

/* Takes the next line from the input; returns 0 past the end. */
static int
vtt_line(struct vtt_state *st, const char **line, size_t *n)
{
	const char *nl;

	if (st->pos >= st->len)
		return 0;
	*line = st->p + st->pos;
	nl = memchr(*line, '\n', st->len - st->pos);
	*n = nl != NULL ? (size_t)(nl - *line) : st->len - st->pos;
	st->pos += *n + (nl != NULL);
	return 1;
}

static int
vtt_has_arrow(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++) {
		if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>')
			return 1;
	}
	return 0;
}

/* Collapses whitespace in an annotation and decodes its references. */
static char *
vtt_annotation(const char *s, size_t n)
{
	struct strbuf b = STRBUF_INIT;
	char *dec, *out;
	size_t i, dlen;
	int space = 0;

	for (i = 0; i < n; i++) {
		if (vtt_is_space(s[i])) {
			space = (b.len > 0);
			continue;
		}
		if (space)
			strbuf_add(&b, " ", 1);
		space = 0;
		strbuf_add(&b, s + i, 1);
	}
	if (b.len == 0)
		return NULL;
	dec = text_decode_refs(b.s, b.len, &dlen);
	free(b.s);
	out = text_sanitize(dec, dlen);
	free(dec);
	if (*out == '\0') {
		free(out);
		return NULL;
	}
	return out;
}

/* Handles one tag (its contents between < and >) for the voice rules. */
static void
vtt_tag(const char *s, size_t n, char **speaker, char **voice, struct strbuf *raw)
{
	size_t name;
	char *who, *inl;

	if (n == 0 || s[0] != 'v')
		return;
	if (n > 1 && s[1] != '.' && !vtt_is_space(s[1]))
		return;
	for (name = 1; name < n && !vtt_is_space(s[name]); name++)
		/* nothing */;
	if ((who = vtt_annotation(s + name, n - name)) == NULL)
		return;
	if (*speaker == NULL) {
		*speaker = who;
		*voice = xstrdup(who);
		return;
	}
	if (*voice != NULL && strcmp(*voice, who) == 0) {
		free(who);
		return;
	}
	/* Escape & so the later reference decoding leaves the name alone. */
	inl = xasprintf("%s: ", who);
	if (raw->len > 0 && raw->s[raw->len - 1] != ' ' && raw->s[raw->len - 1] != '\n')
		strbuf_add(raw, " ", 1);
	for (name = 0; inl[name] != '\0'; name++) {
		if (inl[name] == '&')
			strbuf_add(raw, "&amp;", 5);
		else
			strbuf_add(raw, inl + name, 1);
	}
	free(inl);
	free(*voice);
	*voice = who;
}

/* Cuts s to at most max bytes without splitting a UTF-8 sequence. */
static int
vtt_cap(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return 0;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	s[max] = '\0';
	return 1;
}

/* Word times found in a cue's text: where each starts in the raw text, and when. */
struct vtt_marks {
	size_t at[PARSE_MAX_WORDS];
	int64_t ms[PARSE_MAX_WORDS];
	size_t n;
};

/* Records a timestamp tag (its contents between < and >); -1 when it is not one. */
static int
vtt_mark(const char *s, size_t n, size_t raw_len, struct vtt_marks *m)
{
	size_t pos = 0;
	int64_t ms;

	if (n == 0 || !vtt_is_digit(s[0]))
		return -1;
	if ((vtt_time_strict(s, n, &pos, &ms) != 0 || pos != n) &&
	    ((pos = 0), vtt_time_lenient(s, n, &pos, &ms) != 0 || pos != n))
		return -1;
	if (m->n < PARSE_MAX_WORDS) {
		m->at[m->n] = raw_len;
		m->ms[m->n] = ms;
		m->n++;
	}
	return 0;
}

/* Decoded, sanitized text of raw[from, to), appended to b. */
static void
vtt_piece(struct strbuf *b, const char *raw, size_t from, size_t to)
{
	char *dec, *clean;
	size_t dlen;

	dec = text_decode_refs(raw + from, to - from, &dlen);
	clean = text_sanitize(dec, dlen);
	free(dec);
	strbuf_puts(b, clean);
	free(clean);
}

/*
 * The cue's text, read piece by piece between timestamp tags, with a word
 * for each piece: the text before the first tag starts with the cue, the
 * text after a tag at its time (the karaoke style of WebVTT).
 */
static char *
vtt_words(const struct strbuf *raw, const struct vtt_marks *m, int64_t start,
    struct transcript_word **words, size_t *nwords)
{
	struct strbuf b = STRBUF_INIT;
	struct transcript_word *w;
	size_t i, from;

	w = xreallocarray(NULL, m->n + 1, sizeof *w);
	for (i = 0; i <= m->n; i++) {
		from = i == 0 ? 0 : m->at[i - 1];
		w[i].start_ms = i == 0 ? start : m->ms[i - 1];
		w[i].end_ms = i < m->n ? m->ms[i] : -1;
		w[i].off = (uint32_t)b.len;
		vtt_piece(&b, raw->s != NULL ? raw->s : "", from, i < m->n ? m->at[i] : raw->len);
		w[i].len = (uint32_t)(b.len - w[i].off);
	}
	*words = w;
	*nwords = m->n + 1;
	return strbuf_finish(&b);
}

/* Turns one cue's raw text into a line; skips it when no text is left. */
static int
vtt_cue(struct vtt_state *st, struct transcript *out, int64_t start, int64_t end,
    const char *s, size_t n)
{
	struct strbuf raw = STRBUF_INIT;
	struct vtt_marks *marks;
	struct transcript_word *words = NULL;
	char *speaker = NULL, *voice = NULL, *dec, *text;
	size_t i, j, dlen, nwords = 0;

	/* Text far past the cap is never read, so one cue cannot cost much memory. */
	if (n > VTT_MAX_RAW)
		n = VTT_MAX_RAW;
	marks = xmalloc(sizeof *marks);
	marks->n = 0;
	for (i = 0; i < n; i = j) {
		if (s[i] == '<') {
			for (j = i + 1; j < n && s[j] != '>'; j++)
				/* nothing */;
			if (vtt_mark(s + i + 1, j - i - 1, raw.len, marks) != 0)
				vtt_tag(s + i + 1, j - i - 1, &speaker, &voice, &raw);
			if (j < n)
				j++;
			continue;
		}
		for (j = i; j < n && s[j] != '<'; j++)
			/* nothing */;
		strbuf_add(&raw, s + i, j - i);
	}
	free(voice);
	if (marks->n > 0)
		text = vtt_words(&raw, marks, start, &words, &nwords);
	else {
		dec = text_decode_refs(raw.s != NULL ? raw.s : "", raw.len, &dlen);
		text = text_sanitize(dec, dlen);
		free(dec);
	}
	free(marks);
	free(raw.s);
	if (vtt_cap(text, PARSE_MAX_TEXT) && !st->truncated) {
		st->truncated = 1;
		transcript_warn(out, "cue text longer than %d bytes was cut", PARSE_MAX_TEXT);
	}
	for (i = 0; text[i] == ' '; i++)
		/* nothing */;
	if (text[i] == '\0') {
		free(text);
		free(speaker);
		free(words);
		return 0;
	}
	if (transcript_add(out, start, end, speaker, text) != 0) {
		free(words);
		return -1;
	}
	transcript_add_words(out, words, nwords);
	return 0;
}

/* Reads one block at the current position; returns -1 when no more cues fit. */
static int
vtt_block(struct vtt_state *st, struct transcript *out, int in_header)
{
	const char *line, *text = NULL;
	size_t n, count = 0, prev = st->pos, text_end = 0;
	int64_t start = 0, end = 0;
	int seen_arrow = 0, cue = 0;

	while (vtt_line(st, &line, &n)) {
		count++;
		if (vtt_has_arrow(line, n)) {
			if (!in_header && (count == 1 || (count == 2 && !seen_arrow))) {
				seen_arrow = 1;
				prev = st->pos;
				cue = vtt_timing(line, n, 0, &start, &end) == 0;
				if (!cue && vtt_timing(line, n, 1, &start, &end) == 0) {
					cue = 1;
					if (!st->lenient) {
						st->lenient = 1;
						transcript_warn(out, "non-standard cue timestamps read leniently");
					}
				}
				text = st->p + st->pos;
				text_end = st->pos;
				continue;
			}
			st->pos = prev;
			break;
		}
		if (n == 0)
			break;
		prev = st->pos;
		if (seen_arrow)
			text_end = (size_t)(line - st->p) + n;
	}
	if (!cue)
		return 0;
	return vtt_cue(st, out, start, end, text,
	    text_end > (size_t)(text - st->p) ? text_end - (size_t)(text - st->p) : 0);
}

/* Merges two sorted runs of lines, keeping file order among equal starts. */
static void
vtt_merge(struct transcript_line *a, size_t mid, size_t n, struct transcript_line *tmp)
{
	size_t i = 0, j = mid, k = 0;

	while (i < mid && j < n) {
		if (a[j].start_ms < a[i].start_ms)
			tmp[k++] = a[j++];
		else
			tmp[k++] = a[i++];
	}
	while (i < mid)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof *a);
}

/* Sorts lines by start, stably (a bottom-up merge sort). */
static void
vtt_sort(struct transcript *t)
{
	struct transcript_line *tmp;
	size_t i, width, mid, hi;

	for (i = 1; i < t->n; i++) {
		if (t->lines[i].start_ms < t->lines[i - 1].start_ms)
			break;
	}
	if (i >= t->n)
		return;
	tmp = xreallocarray(NULL, t->n, sizeof *tmp);
	for (width = 1; width < t->n; width *= 2) {
		for (i = 0; i + width < t->n; i += 2 * width) {
			mid = width;
			hi = t->n - i < 2 * width ? t->n - i : 2 * width;
			vtt_merge(t->lines + i, mid, hi, tmp);
		}
	}
	free(tmp);
}

/* Copies the input with CR and CRLF made LF and NUL made U+FFFD. */
static char *
vtt_preprocess(const char *buf, size_t len, size_t *outlen)
{
	char *p;
	size_t i, o = 0, nul = 0;

	for (i = 0; i < len; i++)
		nul += (buf[i] == '\0');
	p = xmalloc(len + 2 * nul + 1);
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0') {
			memcpy(p + o, "\xef\xbf\xbd", 3);
			o += 3;
		} else if (buf[i] == '\r') {
			p[o++] = '\n';
			if (i + 1 < len && buf[i + 1] == '\n')
				i++;
		} else
			p[o++] = buf[i];
	}
	p[o] = '\0';
	*outlen = o;
	return p;
}

int
vtt_parse(const char *buf, size_t len, struct transcript *out, char **err)
{
	struct vtt_state st;
	char *p;
	const char *line;
	size_t n;
	int capped = 0;

	transcript_init(out);
	*err = NULL;
	if (len > PARSE_MAX_INPUT) {
		len = PARSE_MAX_INPUT;
		capped = 1;
	}
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (len < 6 || memcmp(buf, "WEBVTT", 6) != 0 ||
	    (len > 6 && buf[6] != ' ' && buf[6] != '\t' && buf[6] != '\n' &&
	    buf[6] != '\r')) {
		*err = xstrdup("not a WebVTT file: it does not start with WEBVTT");
		return -1;
	}
	memset(&st, 0, sizeof st);
	st.p = p = vtt_preprocess(buf, len, &st.len);
	if (capped) {
		transcript_warn(out, "file larger than %u bytes: only its start was read",
		    PARSE_MAX_INPUT);
	}
	vtt_line(&st, &line, &n);
	if (st.pos < st.len) {
		if (st.p[st.pos] != '\n')
			vtt_block(&st, out, 1);
		else
			st.pos++;
	}
	for (;;) {
		while (st.pos < st.len && st.p[st.pos] == '\n')
			st.pos++;
		if (st.pos >= st.len)
			break;
		if (vtt_block(&st, out, 0) != 0) {
			transcript_warn(out, "more than %d cues: the rest were skipped",
			    PARSE_MAX_LINES);
			break;
		}
	}
	free(p);
	vtt_sort(out);
	return 0;
}
