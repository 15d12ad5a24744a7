/*
 * Parsed transcripts and chapters as pretty JSON with sorted keys, for
 * `earmark parse FILE --json`. Times are seconds with millisecond precision.
 * A line with word times has "words": [{start, end, text}].
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

#define TRJSON_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(15))

/* Sets key to s, or to null when s is NULL. */
static void
trjson_set_str(json_t *o, const char *key, const char *s)
{
	json_t *v = s != NULL ? json_string(s) : json_null();

	/* json_string() refuses invalid UTF-8; parsers give only valid text. */
	json_object_set_new(o, key, v != NULL ? v : json_null());
}

static json_t *
trjson_seconds(int64_t ms)
{
	return json_real((double)ms / 1000.0);
}

/* The newline-separated warnings as an array. */
static json_t *
trjson_warnings(const char *w)
{
	json_t *a = json_array(), *v;
	const char *nl;

	while (w != NULL && *w != '\0') {
		nl = strchr(w, '\n');
		v = json_stringn(w, nl != NULL ? (size_t)(nl - w) : strlen(w));
		if (v != NULL)
			json_array_append_new(a, v);
		w = nl != NULL ? nl + 1 : NULL;
	}
	return a;
}

/* Dumps v and releases it; NULL never comes back. */
static char *
trjson_dump(json_t *v)
{
	char *s, *out;

	if ((s = json_dumps(v, TRJSON_FLAGS)) == NULL)
		BUG();
	json_decref(v);
	out = xasprintf("%s\n", s);
	free(s);
	return out;
}

/* A line's words as [{start, end, text}]. */
static json_t *
trjson_words(const struct transcript_line *l)
{
	json_t *a = json_array(), *o, *v;
	size_t i;

	for (i = 0; i < l->nwords; i++) {
		o = json_object();
		json_object_set_new(o, "start", trjson_seconds(l->words[i].start_ms));
		json_object_set_new(o, "end", trjson_seconds(l->words[i].end_ms));
		v = json_stringn(l->text + l->words[i].off, l->words[i].len);
		json_object_set_new(o, "text", v != NULL ? v : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

char *
transcript_to_json(const struct transcript *t)
{
	json_t *root, *lines, *l;
	size_t i;

	root = json_object();
	lines = json_array();
	for (i = 0; i < t->n; i++) {
		l = json_object();
		json_object_set_new(l, "start", trjson_seconds(t->lines[i].start_ms));
		json_object_set_new(l, "end", trjson_seconds(t->lines[i].end_ms));
		trjson_set_str(l, "speaker", t->lines[i].speaker);
		trjson_set_str(l, "text", t->lines[i].text);
		if (t->lines[i].nwords > 0)
			json_object_set_new(l, "words", trjson_words(&t->lines[i]));
		json_array_append_new(lines, l);
	}
	json_object_set_new(root, "lines", lines);
	json_object_set_new(root, "warnings", trjson_warnings(t->warnings));
	json_object_set_new(root, "estimated", json_boolean(t->estimated));
	return trjson_dump(root);
}

char *
chapters_to_json(const struct chapter_list *l)
{
	const struct chapter *ch;
	json_t *root, *list, *o;
	size_t i;

	root = json_object();
	list = json_array();
	for (i = 0; i < l->n; i++) {
		ch = &l->items[i];
		o = json_object();
		json_object_set_new(o, "startTime", trjson_seconds(ch->start_ms));
		if (ch->end_ms >= 0)
			json_object_set_new(o, "endTime", trjson_seconds(ch->end_ms));
		if (ch->title != NULL)
			trjson_set_str(o, "title", ch->title);
		if (ch->url != NULL)
			trjson_set_str(o, "url", ch->url);
		if (ch->img != NULL)
			trjson_set_str(o, "img", ch->img);
		if (!ch->toc)
			json_object_set_new(o, "toc", json_false());
		json_array_append_new(list, o);
	}
	json_object_set_new(root, "version", json_string("1.2.0"));
	json_object_set_new(root, "chapters", list);
	return trjson_dump(root);
}
