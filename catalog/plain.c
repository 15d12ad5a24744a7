/*
 * Plain-text transcripts: no times, so they are estimated.
 *
 * The input is UTF-8 (a BOM is skipped; invalid bytes become U+FFFD); CR, LF
 * and CRLF end lines. Every line holding more than white space becomes a
 * transcript line; a name of one to three words followed by a colon and a
 * space at its start becomes the speaker, by the rule srt.c uses. The lines
 * are spread over the episode's duration in proportion to their length in
 * characters, each ending where the next starts; with no duration known they
 * are given PLAIN_MS_PER_CHAR per character. The transcript is marked
 * estimated and carries a warning saying so.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

#define PLAIN_MS_PER_CHAR 65      /* About 15 characters a second when speaking. */
#define PLAIN_MAX_DURATION (1000LL * 3600 * 1000) /* A thousand hours. */

/* Characters (not bytes) in a UTF-8 string. */
static int64_t
plain_chars(const char *s)
{
	int64_t n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/* Adds one raw line, sanitized and trimmed; -1 when the transcript is full. */
static int
plain_line(struct transcript *out, const char *s, size_t n)
{
	if (n > 4 * PARSE_MAX_TEXT)
		n = 4 * PARSE_MAX_TEXT;
	return transcript_add_text(out, 0, 0, text_sanitize(s, n));
}

/* Gives each line a share of duration_ms as long as its share of the characters. */
static void
plain_spread(struct transcript *out, int64_t duration_ms)
{
	int64_t total = 0, before = 0, *chars;
	size_t i;

	if (out->n == 0)
		return;
	chars = xreallocarray(NULL, out->n, sizeof *chars);
	for (i = 0; i < out->n; i++) {
		chars[i] = plain_chars(out->lines[i].text);
		if (out->lines[i].speaker != NULL)
			chars[i] += plain_chars(out->lines[i].speaker) + 2;
		total += chars[i];
	}
	if (duration_ms <= 0)
		duration_ms = total * PLAIN_MS_PER_CHAR;
	if (duration_ms > PLAIN_MAX_DURATION)
		duration_ms = PLAIN_MAX_DURATION;
	for (i = 0; i < out->n; i++) {
		out->lines[i].start_ms = duration_ms * before / total;
		before += chars[i];
		out->lines[i].end_ms = duration_ms * before / total;
	}
	free(chars);
}

int
plain_parse(const char *buf, size_t len, int64_t duration_ms, struct transcript *out,
    char **err)
{
	size_t pos, end;
	int full = 0;

	transcript_init(out);
	*err = NULL;
	if (len > PARSE_MAX_INPUT) {
		len = PARSE_MAX_INPUT;
		transcript_warn(out, "file larger than %u bytes: only its start was read",
		    PARSE_MAX_INPUT);
	}
	pos = 0;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len && !full) {
		for (end = pos; end < len && buf[end] != '\n' && buf[end] != '\r'; end++)
			/* nothing */;
		if (plain_line(out, buf + pos, end - pos) != 0)
			full = 1;
		pos = end;
		if (pos < len && buf[pos] == '\r')
			pos++;
		if (pos < len && buf[pos] == '\n')
			pos++;
	}
	if (out->n == 0) {
		transcript_clear(out);
		*err = xstrdup("no text in the transcript");
		return -1;
	}
	if (full)
		transcript_warn(out, "more than %d lines: the rest were skipped",
		    PARSE_MAX_LINES);
	plain_spread(out, duration_ms);
	out->estimated = 1;
	transcript_warn(out, "timings are estimated from line lengths");
	return 0;
}
