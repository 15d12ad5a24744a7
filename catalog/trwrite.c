/*
 * Transcripts written out as WebVTT, SubRip or timestamped text.
 *
 * WebVTT names the speaker with a voice tag (<v Name>) and escapes &, < and >
 * in names and text. SubRip puts "Name: " before the text and escapes only
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
#include "util/xmalloc.h"

/* A growing string. */
struct trw_str {
	char *s;
	size_t len;
	size_t cap;
};

static void
trw_add(struct trw_str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = b->cap == 0 ? 4096 : b->cap;
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
trw_puts(struct trw_str *b, const char *s)
{
	trw_add(b, s, strlen(s));
}

/* Writes ms as HH:MM:SS followed by sep and milliseconds (sep 0: none). */
static void
trw_time(struct trw_str *b, int64_t ms, char sep)
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
	trw_puts(b, t);
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
trw_vtt_text(struct trw_str *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			trw_puts(b, "&amp;");
		else if (*s == '<')
			trw_puts(b, "&lt;");
		else if (*s == '>')
			trw_puts(b, "&gt;");
		else
			trw_add(b, s, 1);
	}
}

/* Writes s escaping only what srt.c would take for markup. */
static void
trw_srt_text(struct trw_str *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&' && (s[1] == '#' || trw_is_alnum(s[1])))
			trw_puts(b, "&amp;");
		else if (*s == '<' && (trw_is_alpha(s[1]) || s[1] == '/'))
			trw_puts(b, "&lt;");
		else if (*s == '{' && s[1] == '\\')
			trw_puts(b, "&#123;");
		else
			trw_add(b, s, 1);
	}
}

static void
trw_vtt(struct trw_str *b, const struct transcript *t)
{
	size_t i;

	trw_puts(b, "WEBVTT\n");
	for (i = 0; i < t->n; i++) {
		trw_puts(b, "\n");
		trw_time(b, t->lines[i].start_ms, '.');
		trw_puts(b, " --> ");
		trw_time(b, t->lines[i].end_ms, '.');
		trw_puts(b, "\n");
		if (t->lines[i].speaker != NULL) {
			trw_puts(b, "<v ");
			trw_vtt_text(b, t->lines[i].speaker);
			trw_puts(b, ">");
		}
		trw_vtt_text(b, t->lines[i].text);
		trw_puts(b, "\n");
	}
}

static void
trw_srt(struct trw_str *b, const struct transcript *t)
{
	char n[32];
	size_t i;

	for (i = 0; i < t->n; i++) {
		snprintf(n, sizeof n, "%s%zu\n", i == 0 ? "" : "\n", i + 1);
		trw_puts(b, n);
		trw_time(b, t->lines[i].start_ms, ',');
		trw_puts(b, " --> ");
		trw_time(b, t->lines[i].end_ms, ',');
		trw_puts(b, "\n");
		if (t->lines[i].speaker != NULL) {
			trw_srt_text(b, t->lines[i].speaker);
			trw_puts(b, ": ");
		}
		trw_srt_text(b, t->lines[i].text);
		trw_puts(b, "\n");
	}
}

static void
trw_txt(struct trw_str *b, const struct transcript *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		trw_puts(b, "[");
		trw_time(b, t->lines[i].start_ms, '\0');
		trw_puts(b, "] ");
		if (t->lines[i].speaker != NULL) {
			trw_puts(b, t->lines[i].speaker);
			trw_puts(b, ": ");
		}
		trw_puts(b, t->lines[i].text);
		trw_puts(b, "\n");
	}
}

char *
transcript_write(const struct transcript *t, const char *format)
{
	struct trw_str b = { NULL, 0, 0 };

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
