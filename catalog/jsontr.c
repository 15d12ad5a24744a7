/*
 * Podcast Index JSON transcripts (https://github.com/Podcastindex-org/
 * podcast-namespace/blob/main/transcripts/transcripts.md): an object whose
 * "segments" array holds objects with "startTime" and "endTime" in seconds,
 * "body" and an optional "speaker".
 *
 * Times may be numbers or numeric strings; a segment whose start cannot be
 * read, or whose body is empty, is skipped with a warning. A missing or
 * unreadable end becomes the next segment's start (the last segment's own
 * start), so the line stays current until the next one begins.
 *
 * Many hosts write one word per segment. When at least half of the segments
 * hold a single word, jsontr_parse() joins them into readable lines: a new
 * line starts when the speaker changes, after a word ending a sentence
 * (. ? ! or U+2026), after a pause longer than JSONTR_PAUSE_MS or when the line
 * would pass JSONTR_LINE_BYTES. jsontr_parse_segments() keeps one line per
 * segment. Lines keep file order. Joined lines keep each segment's start,
 * end and place in the text as a word time.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

#define JSONTR_PAUSE_MS   800   /* A longer silence between words ends a line. */
#define JSONTR_LINE_BYTES 200   /* Bytes after which a joined line ends. */

/* Reads seconds from a number or a numeric string into milliseconds; -1 if neither. */
static int
jsontr_time(json_t *v, int64_t *ms)
{
	char tmp[64], *end;
	const char *s;
	double d;
	size_t n;

	if (json_is_number(v))
		d = json_number_value(v);
	else if (json_is_string(v)) {
		s = json_string_value(v);
		n = json_string_length(v);
		if (n == 0 || n >= sizeof tmp)
			return -1;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		d = strtod(tmp, &end);
		while (*end == ' ')
			end++;
		if (end == tmp || *end != '\0')
			return -1;
	} else
		return -1;
	if (!(d >= 0 && d < 1e12))
		return -1;
	*ms = (int64_t)(d * 1000 + 0.5);
	return 0;
}

/* Sanitized, trimmed copy of a JSON string cut to PARSE_MAX_TEXT, or NULL when blank. */
static char *
jsontr_text(json_t *v)
{
	char *s, *start, *out;
	size_t n;

	if (!json_is_string(v))
		return NULL;
	n = json_string_length(v);
	if (n > 4 * PARSE_MAX_TEXT)
		n = 4 * PARSE_MAX_TEXT;
	s = text_sanitize(json_string_value(v), n);
	for (start = s; *start == ' '; start++)
		/* nothing */;
	n = strlen(start);
	while (n > 0 && start[n - 1] == ' ')
		n--;
	if (n > PARSE_MAX_TEXT) {
		n = PARSE_MAX_TEXT;
		while (n > 0 && ((unsigned char)start[n] & 0xc0) == 0x80)
			n--;
	}
	out = n == 0 ? NULL : xstrndup(start, n);
	free(s);
	return out;
}

/* Reads every segment into one line each. */
static int
jsontr_read(const char *buf, size_t len, struct transcript *out, char **err)
{
	json_t *root, *segs, *seg;
	json_error_t jerr;
	char *text, *speaker;
	size_t i, bad = 0;
	int64_t start, end;

	transcript_init(out);
	*err = NULL;
	if (len > PARSE_MAX_INPUT) {
		*err = xasprintf("file larger than %u bytes", PARSE_MAX_INPUT);
		return -1;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		*err = xasprintf("not JSON: %s (line %d)", jerr.text, jerr.line);
		return -1;
	}
	segs = json_object_get(root, "segments");
	if (!json_is_array(segs)) {
		json_decref(root);
		*err = xstrdup("not a JSON transcript: no \"segments\" array");
		return -1;
	}
	for (i = 0; i < json_array_size(segs); i++) {
		seg = json_array_get(segs, i);
		if (!json_is_object(seg) ||
		    jsontr_time(json_object_get(seg, "startTime"), &start) != 0 ||
		    (text = jsontr_text(json_object_get(seg, "body"))) == NULL) {
			bad++;
			continue;
		}
		if (jsontr_time(json_object_get(seg, "endTime"), &end) != 0 || end < start)
			end = -1;
		speaker = jsontr_text(json_object_get(seg, "speaker"));
		if (transcript_add(out, start, end, speaker, text) != 0) {
			transcript_warn(out, "more than %d segments: the rest were skipped",
			    PARSE_MAX_LINES);
			break;
		}
	}
	json_decref(root);
	if (bad > 0)
		transcript_warn(out, "%zu segments without a start time or text were skipped",
		    bad);
	for (i = 0; i < out->n; i++) {
		if (out->lines[i].end_ms != -1)
			continue;
		if (i + 1 < out->n && out->lines[i + 1].start_ms >= out->lines[i].start_ms)
			out->lines[i].end_ms = out->lines[i + 1].start_ms;
		else
			out->lines[i].end_ms = out->lines[i].start_ms;
	}
	return 0;
}

int
jsontr_parse_segments(const char *buf, size_t len, struct transcript *out, char **err)
{
	return jsontr_read(buf, len, out, err);
}

/* Whether a word ends a sentence. */
static int
jsontr_sentence_end(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')'))
		n--;
	if (n == 0)
		return 0;
	if (s[n - 1] == '.' || s[n - 1] == '?' || s[n - 1] == '!')
		return 1;
	return n >= 3 && memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0;
}

static int
jsontr_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether at least half of the segments are single words. */
static int
jsontr_is_words(const struct transcript *t)
{
	size_t i, words = 0;

	for (i = 0; i < t->n; i++)
		words += (strchr(t->lines[i].text, ' ') == NULL);
	return t->n > 1 && words * 2 >= t->n;
}

/* Appends one word's time and place to a line's list. */
static void
jsontr_word(struct transcript_word **w, size_t *n, size_t *cap,
    const struct transcript_line *seg, size_t off)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		*w = xreallocarray(*w, *cap, sizeof **w);
	}
	(*w)[*n].start_ms = seg->start_ms;
	(*w)[*n].end_ms = seg->end_ms;
	(*w)[*n].off = (uint32_t)off;
	(*w)[*n].len = (uint32_t)strlen(seg->text);
	(*n)++;
}

/* Joins word segments into lines by the rules in the comment at the top, keeping each word's time. */
static void
jsontr_join(struct transcript *words, struct transcript *out)
{
	struct transcript_line *w, *last;
	struct transcript_word *tw = NULL;
	char *text = NULL, *speaker, *joined;
	size_t i, len = 0, ntw = 0, cap = 0;

	transcript_init(out);
	out->warnings = words->warnings;
	words->warnings = NULL;
	for (i = 0; i < words->n; i++) {
		w = &words->lines[i];
		last = out->n > 0 ? &out->lines[out->n - 1] : NULL;
		if (last != NULL && text != NULL &&
		    jsontr_same(last->speaker, w->speaker) &&
		    !jsontr_sentence_end(text) &&
		    w->start_ms - last->end_ms <= JSONTR_PAUSE_MS &&
		    len + 1 + strlen(w->text) <= JSONTR_LINE_BYTES) {
			jsontr_word(&tw, &ntw, &cap, w, len + 1);
			joined = xasprintf("%s %s", text, w->text);
			len = strlen(joined);
			free(last->text);
			last->text = text = joined;
			if (w->end_ms > last->end_ms)
				last->end_ms = w->end_ms;
			continue;
		}
		transcript_add_words(out, tw, ntw);
		tw = NULL;
		ntw = cap = 0;
		speaker = w->speaker;
		text = w->text;
		len = strlen(text);
		w->speaker = w->text = NULL;
		if (transcript_add(out, w->start_ms, w->end_ms, speaker, text) != 0) {
			text = NULL;
			break;
		}
		jsontr_word(&tw, &ntw, &cap, &out->lines[out->n - 1], 0);
	}
	transcript_add_words(out, tw, ntw);
	transcript_clear(words);
}

int
jsontr_parse(const char *buf, size_t len, struct transcript *out, char **err)
{
	struct transcript words;

	if (jsontr_read(buf, len, &words, err) != 0) {
		transcript_init(out);
		return -1;
	}
	if (!jsontr_is_words(&words)) {
		*out = words;
		return 0;
	}
	jsontr_join(&words, out);
	return 0;
}
