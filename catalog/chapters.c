/*
 * Podcasting 2.0 JSON chapters (version, chapters[] of startTime, endTime,
 * title, url, img, toc). A chapter whose startTime is missing, negative or not
 * a number is skipped; a missing title reads as "", a missing url or img as
 * NULL, a missing endTime as -1. Chapters come back sorted by start, keeping
 * file order among equal starts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

/* Latest time accepted, in seconds (about 31,000 years). */
#define CHAPTERS_MAX_SECONDS 1e12

/* Reads a time in seconds from a JSON number into ms; -1 if there is none. */
static int
chapters_time(json_t *v, int64_t *ms)
{
	double s;

	if (v == NULL || !json_is_number(v))
		return -1;
	s = json_number_value(v);
	if (!(s >= 0 && s < CHAPTERS_MAX_SECONDS))
		return -1;
	*ms = (int64_t)(s * 1000.0 + 0.5);
	return 0;
}

/* A sanitized copy of a JSON string member, cut at PARSE_MAX_TEXT, or NULL. */
static char *
chapters_string(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	size_t len;
	char *s;

	if (v == NULL || !json_is_string(v))
		return NULL;
	len = json_string_length(v);
	if (len > PARSE_MAX_TEXT)
		len = PARSE_MAX_TEXT;
	s = text_sanitize(json_string_value(v), len);
	return s;
}

/* A chapter's start and its place in the file, for a stable sort. */
struct chapters_key {
	int64_t start_ms;
	size_t index;
};

static int
chapters_cmp(const void *a, const void *b)
{
	const struct chapters_key *ka = a, *kb = b;

	if (ka->start_ms != kb->start_ms)
		return ka->start_ms < kb->start_ms ? -1 : 1;
	return ka->index < kb->index ? -1 : ka->index > kb->index;
}

/* Sorts chapters by start, keeping file order among equal starts. */
static void
chapters_sort(struct chapter_list *l)
{
	struct chapters_key *keys;
	struct chapter *sorted;
	size_t i;

	keys = xreallocarray(NULL, l->n + 1, sizeof *keys);
	for (i = 0; i < l->n; i++) {
		keys[i].start_ms = l->items[i].start_ms;
		keys[i].index = i;
	}
	qsort(keys, l->n, sizeof *keys, chapters_cmp);
	sorted = xreallocarray(NULL, l->n + 1, sizeof *sorted);
	for (i = 0; i < l->n; i++)
		sorted[i] = l->items[keys[i].index];
	free(keys);
	free(l->items);
	l->items = sorted;
}

int
chapters_parse_json(const char *buf, size_t len, struct chapter_list *out, char **err)
{
	json_t *root, *list, *item;
	json_error_t jerr;
	struct chapter *c;
	size_t i, n;

	memset(out, 0, sizeof *out);
	*err = NULL;
	if (len > PARSE_MAX_INPUT) {
		*err = xasprintf("chapters file larger than %u bytes", PARSE_MAX_INPUT);
		return -1;
	}
	root = json_loadb(buf, len, 0, &jerr);
	if (root == NULL) {
		*err = xasprintf("chapters are not valid JSON (line %d: %s)", jerr.line,
		    jerr.text);
		return -1;
	}
	list = json_is_object(root) ? json_object_get(root, "chapters") : NULL;
	if (list == NULL || !json_is_array(list)) {
		json_decref(root);
		*err = xstrdup("chapters file has no \"chapters\" array");
		return -1;
	}
	n = json_array_size(list);
	if (n > PARSE_MAX_LINES)
		n = PARSE_MAX_LINES;
	out->items = xcalloc(n > 0 ? n : 1, sizeof *out->items);
	for (i = 0; i < n; i++) {
		item = json_array_get(list, i);
		c = &out->items[out->n];
		if (!json_is_object(item) ||
		    chapters_time(json_object_get(item, "startTime"), &c->start_ms) != 0)
			continue;
		if (chapters_time(json_object_get(item, "endTime"), &c->end_ms) != 0)
			c->end_ms = -1;
		if ((c->title = chapters_string(item, "title")) == NULL)
			c->title = xstrdup("");
		c->url = chapters_string(item, "url");
		c->img = chapters_string(item, "img");
		c->toc = !json_is_false(json_object_get(item, "toc"));
		out->n++;
	}
	json_decref(root);
	chapters_sort(out);
	return 0;
}

int64_t
chapter_end(const struct chapter_list *l, size_t i, int64_t duration_ms)
{
	if (l->items[i].end_ms >= 0)
		return (l->items[i].end_ms);
	return (i + 1 < l->n ? l->items[i + 1].start_ms : duration_ms);
}

void
chapter_list_clear(struct chapter_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].title);
		free(l->items[i].url);
		free(l->items[i].img);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}
