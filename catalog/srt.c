/*
 * SubRip (.srt) transcripts into transcript lines.
 *
 * Encoding: a UTF-8, UTF-16 or UTF-32 byte order mark is honoured; without
 * one the file is UTF-8 when it is valid UTF-8, else windows-1252 (bytes
 * that encoding leaves undefined become U+FFFD). CR, LF and CRLF end lines.
 *
 * Layout: a cue is an optional index line, a timing line
 * "HH:MM:SS,mmm --> HH:MM:SS,mmm" and text up to a blank line. Files seen in
 * the wild are read leniently: the index may be missing, a point may stand
 * for the comma, hours may be missing, the fraction may have one to three
 * digits (more are ignored), coordinates after the end time are ignored, and
 * a timing line (or an index right before one) ends the cue before it even
 * without a blank line. Text before the first timing line is ignored.
 *
 * Text: lines are joined with one space; HTML-like tags (<i>, </b>, <font
 * color=...>) and ASS override blocks ({\an8}) are removed and character
 * references decoded. A name of one to three words followed by a colon and
 * a space at the start of a cue becomes the line's speaker. A cue left
 * without text is dropped. Lines keep file order.
 */

#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"


/* Whether s holds only well-formed UTF-8 (no overlongs or surrogates). */
static int
srt_is_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0)
			n = 1, cp = s[i] & 0x1f;
		else if ((s[i] & 0xf0) == 0xe0)
			n = 2, cp = s[i] & 0x0f;
		else if ((s[i] & 0xf8) == 0xf0)
			n = 3, cp = s[i] & 0x07;
		else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* Converts from an encoding to UTF-8; an invalid unit of step bytes becomes U+FFFD. */
static char *
srt_iconv(const char *from, size_t step, const char *buf, size_t len, size_t *outlen)
{
	struct strbuf b = STRBUF_INIT;
	char chunk[4096], *in = (char *)buf, *o;
	size_t left = len, room;
	iconv_t cd;

	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		return NULL;
	while (left > 0) {
		o = chunk;
		room = sizeof chunk;
		if (iconv(cd, &in, &left, &o, &room) != (size_t)-1 || errno == E2BIG) {
			strbuf_add(&b, chunk, (size_t)(o - chunk));
			continue;
		}
		strbuf_add(&b, chunk, (size_t)(o - chunk));
		if (errno != EILSEQ)
			break;
		strbuf_add(&b, "\xef\xbf\xbd", 3);
		if (left < step)
			break;
		in += step;
		left -= step;
	}
	iconv_close(cd);
	*outlen = b.len;
	return b.s != NULL ? b.s : xstrdup("");
}

/* The input as UTF-8 by the rules in the comment at the top. */
static char *
srt_decode(const char *buf, size_t len, size_t *outlen, struct transcript *out)
{
	static const struct {
		const char *bom;
		size_t n;
		const char *enc;
		size_t step;
	} boms[] = {
		{ "\xff\xfe\0\0", 4, "UTF-32LE", 4 },
		{ "\0\0\xfe\xff", 4, "UTF-32BE", 4 },
		{ "\xef\xbb\xbf", 3, NULL, 1 },
		{ "\xff\xfe", 2, "UTF-16LE", 2 },
		{ "\xfe\xff", 2, "UTF-16BE", 2 },
	};
	const char *enc = NULL;
	size_t i, step = 1;
	char *s;

	for (i = 0; i < sizeof boms / sizeof boms[0]; i++) {
		if (len >= boms[i].n && memcmp(buf, boms[i].bom, boms[i].n) == 0) {
			buf += boms[i].n;
			len -= boms[i].n;
			enc = boms[i].enc;
			step = boms[i].step;
			break;
		}
	}
	if (enc == NULL && !srt_is_utf8((const unsigned char *)buf, len)) {
		enc = "WINDOWS-1252";
		transcript_warn(out, "not UTF-8: read as windows-1252");
	}
	if (enc != NULL && (s = srt_iconv(enc, step, buf, len, outlen)) != NULL)
		return s;
	s = xmalloc(len + 1);
	memcpy(s, buf, len);
	s[len] = '\0';
	*outlen = len;
	return s;
}

static int
srt_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads [H:]MM:SS[,.]f at *pos into milliseconds; -1 when it is not one. */
static int
srt_time(const char *s, size_t len, size_t *pos, int64_t *ms)
{
	int64_t v[3], frac = 0, scale = 100;
	size_t groups = 0, n, i;

	while (*pos < len && s[*pos] == ' ')
		(*pos)++;
	for (;;) {
		v[groups] = 0;
		for (n = 0; *pos < len && srt_is_digit(s[*pos]); n++, (*pos)++) {
			if (n < 9)
				v[groups] = v[groups] * 10 + (s[*pos] - '0');
		}
		if (n == 0 || n > 9)
			return -1;
		groups++;
		if (groups == 3 || *pos >= len || s[*pos] != ':')
			break;
		(*pos)++;
	}
	if (groups < 2)
		return -1;
	if (*pos < len && (s[*pos] == ',' || s[*pos] == '.')) {
		(*pos)++;
		for (i = 0; *pos < len && srt_is_digit(s[*pos]); i++, (*pos)++) {
			if (i < 3) {
				frac += (s[*pos] - '0') * scale;
				scale /= 10;
			}
		}
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

/* Parses a timing line; -1 when the line is not one. */
static int
srt_timing(const char *s, size_t len, int64_t *start, int64_t *end)
{
	size_t pos = 0;

	if (srt_time(s, len, &pos, start) != 0)
		return -1;
	while (pos < len && s[pos] == ' ')
		pos++;
	/* cppcheck-suppress knownConditionTrueFalse ; pos may equal len here. */
	if (len - pos < 3 || memcmp(s + pos, "-->", 3) != 0)
		return -1;
	pos += 3;
	if (srt_time(s, len, &pos, end) != 0)
		return -1;
	if (pos < len && s[pos] != ' ' && s[pos] != '\t')
		return -1;
	if (*end < *start)
		*end = *start;
	return 0;
}

static int
srt_is_index(const char *s, size_t n)
{
	size_t i;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (i = 0; i < n; i++) {
		if (!srt_is_digit(s[i]))
			return 0;
	}
	return n > 0;
}

static int
srt_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Removes tags and ASS override blocks from raw cue text. */
static void
srt_strip(const char *s, size_t n, struct strbuf *b)
{
	const char *close;
	size_t i, j;

	for (i = 0; i < n; i = j) {
		if (s[i] == '<' && i + 1 < n && (srt_is_alpha(s[i + 1]) ||
		    (s[i + 1] == '/' && i + 2 < n && srt_is_alpha(s[i + 2]))) &&
		    (close = memchr(s + i, '>', n - i)) != NULL) {
			j = (size_t)(close - s) + 1;
			continue;
		}
		if (s[i] == '{' && i + 1 < n && s[i + 1] == '\\' &&
		    (close = memchr(s + i, '}', n - i)) != NULL) {
			j = (size_t)(close - s) + 1;
			continue;
		}
		for (j = i + 1; j < n && s[j] != '<' && s[j] != '{'; j++)
			/* nothing */;
		strbuf_add(b, s + i, j - i);
	}
}

/* Turns one cue's raw lines (LF-separated) into a transcript line. */
static int
srt_cue(struct transcript *out, int64_t start, int64_t end, const char *s, size_t n)
{
	struct strbuf b = STRBUF_INIT;
	char *dec, *clean;
	size_t dlen;

	if (n > 4 * PARSE_MAX_TEXT)
		n = 4 * PARSE_MAX_TEXT;
	srt_strip(s, n, &b);
	dec = text_decode_refs(b.s != NULL ? b.s : "", b.len, &dlen);
	free(b.s);
	clean = text_sanitize(dec, dlen);
	free(dec);
	return transcript_add_text(out, start, end, clean);
}

/* Where the next line starts, or len. */
static size_t
srt_next(const char *s, size_t len, size_t pos)
{
	const char *nl = memchr(s + pos, '\n', len - pos);

	return nl == NULL ? len : (size_t)(nl - s) + 1;
}

/* Length of the line at pos without its line end. */
static size_t
srt_line_len(const char *s, size_t len, size_t pos)
{
	size_t next = srt_next(s, len, pos);

	return next - pos - (next > pos && s[next - 1] == '\n');
}

/* Copies the input with CR and CRLF made LF. */
static char *
srt_lines(const char *s, size_t len, size_t *outlen)
{
	char *p = xmalloc(len + 1);
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			p[o++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else
			p[o++] = s[i];
	}
	p[o] = '\0';
	*outlen = o;
	return p;
}

int
srt_parse(const char *buf, size_t len, struct transcript *out, char **err)
{
	struct strbuf text = STRBUF_INIT;
	char *utf8, *s;
	size_t n, pos, next, l, l2;
	int64_t start = 0, end = 0, s2, e2;
	int in_cue = 0, full = 0, cues = 0;

	transcript_init(out);
	*err = NULL;
	if (len > PARSE_MAX_INPUT) {
		len = PARSE_MAX_INPUT;
		transcript_warn(out, "file larger than %u bytes: only its start was read",
		    PARSE_MAX_INPUT);
	}
	utf8 = srt_decode(buf, len, &n, out);
	s = srt_lines(utf8, n, &n);
	free(utf8);
	for (pos = 0; pos < n && !full; pos = next) {
		next = srt_next(s, n, pos);
		l = srt_line_len(s, n, pos);
		if (srt_timing(s + pos, l, &s2, &e2) == 0 ||
		    (srt_is_index(s + pos, l) && next < n &&
		    (l2 = srt_line_len(s, n, next)) > 0 &&
		    srt_timing(s + next, l2, &s2, &e2) == 0) ||
		    l == 0) {
			if (in_cue && srt_cue(out, start, end, text.s != NULL ? text.s : "",
			    text.len) != 0)
				full = 1;
			text.len = 0;
			in_cue = 0;
			if (l == 0 || srt_is_index(s + pos, l))
				continue;
			in_cue = 1;
			cues++;
			start = s2;
			end = e2;
			continue;
		}
		if (!in_cue)
			continue;
		if (text.len > 0)
			strbuf_add(&text, " ", 1);
		if (text.len < 4 * PARSE_MAX_TEXT)
			strbuf_add(&text, s + pos, l);
	}
	if (in_cue && !full && srt_cue(out, start, end, text.s != NULL ? text.s : "",
	    text.len) != 0)
		full = 1;
	if (full)
		transcript_warn(out, "more than %d cues: the rest were skipped",
		    PARSE_MAX_LINES);
	free(text.s);
	free(s);
	if (cues == 0 && n > 0) {
		transcript_clear(out);
		*err = xstrdup("not a SubRip file: no cue timings found");
		return -1;
	}
	return 0;
}
