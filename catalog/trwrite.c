/*
 * Transcripts written out as WebVTT, SubRip or timestamped text.
 *
 * WebVTT names the speaker with a voice tag (<v Name>), marks where each timed
 * word starts with a timestamp tag and escapes &, < and > in names and text. SubRip puts "Name: " before the text and escapes only
 * what srt.c would otherwise read as a tag, an override block or a character
 * reference. Text gives "[hh:mm:ss] Name: text" a line. What srt_parse() and
 * vtt_parse() read back from these is the same list of lines.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Writes ms as HH:MM:SS followed by sep and milliseconds (sep 0: none). */
static void
trw_time(struct strbuf *b, int64_t ms, char sep)
{
	char t[64];

	if (ms < 0)
		ms = 0;
	if (sep != '\0')
		snprintf(t, sizeof t, "%02lld:%02lld:%02lld%c%03lld",
		    (long long)(ms / 3600000), (long long)(ms / 60000 % 60),
		    (long long)(ms / 1000 % 60), sep, (long long)(ms % 1000));
	else
		snprintf(t, sizeof t, "%02lld:%02lld:%02lld",
		    (long long)(ms / 3600000), (long long)(ms / 60000 % 60),
		    (long long)(ms / 1000 % 60));
	strbuf_puts(b, t);
}

static int
trw_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
trw_is_alnum(char c)
{
	return trw_is_alpha(c) || (c >= '0' && c <= '9');
}

/* Writes s with &, < and > as references, as WebVTT needs. */
static void
trw_vtt_text(struct strbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			strbuf_puts(b, "&amp;");
		else if (*s == '<')
			strbuf_puts(b, "&lt;");
		else if (*s == '>')
			strbuf_puts(b, "&gt;");
		else
			strbuf_add(b, s, 1);
	}
}

/* Writes s escaping only what srt.c would take for markup. */
static void
trw_srt_text(struct strbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&' && (s[1] == '#' || trw_is_alnum(s[1])))
			strbuf_puts(b, "&amp;");
		else if (*s == '<' && (trw_is_alpha(s[1]) || s[1] == '/'))
			strbuf_puts(b, "&lt;");
		else if (*s == '{' && s[1] == '\\')
			strbuf_puts(b, "&#123;");
		else
			strbuf_add(b, s, 1);
	}
}

/* Writes a line's text with a timestamp tag where each timed word starts. */
static void
trw_vtt_words(struct strbuf *b, const struct transcript_line *l)
{
	size_t i, from = 0;
	char *piece;

	for (i = 0; i < l->nwords; i++) {
		if (i == 0 && l->words[0].start_ms == l->start_ms)
			continue;
		piece = xstrndup(l->text + from, l->words[i].off - from);
		trw_vtt_text(b, piece);
		free(piece);
		strbuf_puts(b, "<");
		trw_time(b, l->words[i].start_ms, '.');
		strbuf_puts(b, ">");
		from = l->words[i].off;
	}
	trw_vtt_text(b, l->text + from);
}

static void
trw_vtt(struct strbuf *b, const struct transcript *t)
{
	size_t i;

	strbuf_puts(b, "WEBVTT\n");
	for (i = 0; i < t->n; i++) {
		strbuf_puts(b, "\n");
		trw_time(b, t->lines[i].start_ms, '.');
		strbuf_puts(b, " --> ");
		trw_time(b, t->lines[i].end_ms, '.');
		strbuf_puts(b, "\n");
		if (t->lines[i].speaker != NULL) {
			strbuf_puts(b, "<v ");
			trw_vtt_text(b, t->lines[i].speaker);
			strbuf_puts(b, ">");
		}
		trw_vtt_words(b, &t->lines[i]);
		strbuf_puts(b, "\n");
	}
}

static void
trw_srt(struct strbuf *b, const struct transcript *t)
{
	char n[32];
	size_t i;

	for (i = 0; i < t->n; i++) {
		snprintf(n, sizeof n, "%s%zu\n", i == 0 ? "" : "\n", i + 1);
		strbuf_puts(b, n);
		trw_time(b, t->lines[i].start_ms, ',');
		strbuf_puts(b, " --> ");
		trw_time(b, t->lines[i].end_ms, ',');
		strbuf_puts(b, "\n");
		if (t->lines[i].speaker != NULL) {
			trw_srt_text(b, t->lines[i].speaker);
			strbuf_puts(b, ": ");
		}
		trw_srt_text(b, t->lines[i].text);
		strbuf_puts(b, "\n");
	}
}

static void
trw_txt(struct strbuf *b, const struct transcript *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		strbuf_puts(b, "[");
		trw_time(b, t->lines[i].start_ms, '\0');
		strbuf_puts(b, "] ");
		if (t->lines[i].speaker != NULL) {
			strbuf_puts(b, t->lines[i].speaker);
			strbuf_puts(b, ": ");
		}
		strbuf_puts(b, t->lines[i].text);
		strbuf_puts(b, "\n");
	}
}

char *
transcript_write(const struct transcript *t, const char *format)
{
	struct strbuf b = STRBUF_INIT;

	if (format == NULL)
		return NULL;
	if (strcmp(format, "vtt") == 0)
		trw_vtt(&b, t);
	else if (strcmp(format, "srt") == 0)
		trw_srt(&b, t);
	else if (strcmp(format, "txt") == 0)
		trw_txt(&b, t);
	else
		return NULL;
	return b.s != NULL ? b.s : xstrdup("");
}
