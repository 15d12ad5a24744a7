#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/parse.h"
#include "util/xmalloc.h"

/* Sets key to s, or to null when s is NULL. */
static void
feedjson_str(json_t *o, const char *key, const char *s)
{
	json_t	*v;
	char	*clean;

	if (s == NULL)
		v = json_null();
	else if ((v = json_string(s)) == NULL) {
		clean = text_sanitize(s, strlen(s));	/* Not UTF-8. */
		v = json_string(clean);
		free(clean);
	}
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		BUG();
}

static void
feedjson_int(json_t *o, const char *key, json_int_t n)
{
	if (json_object_set_new(o, key, json_integer(n)) != 0)
		BUG();
}

static void
feedjson_set(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		BUG();
}

/* Milliseconds as a number of seconds, whole when it is one. */
static json_t *
feedjson_seconds(int64_t ms)
{
	if (ms % 1000 == 0)
		return (json_integer(ms / 1000));
	return (json_real((double)ms / 1000.0));
}

static json_t *
feedjson_item(const struct feed_item *it)
{
	json_t	*o, *a, *e;
	size_t	 i;

	if ((o = json_object()) == NULL)
		BUG();
	feedjson_str(o, "guid", it->guid);
	feedjson_str(o, "title", it->title);
	feedjson_str(o, "link", it->link);
	feedjson_str(o, "description", it->description);
	feedjson_str(o, "author", it->author);
	feedjson_str(o, "image", it->image);
	feedjson_str(o, "episode_type", it->episode_type);
	feedjson_int(o, "explicit", it->explicit);
	if (it->enclosure_url == NULL)
		feedjson_set(o, "enclosure", json_null());
	else {
		e = json_object();
		feedjson_str(e, "url", it->enclosure_url);
		feedjson_str(e, "type", it->enclosure_type);
		feedjson_int(e, "length", it->enclosure_length);
		feedjson_set(o, "enclosure", e);
	}
	feedjson_set(o, "duration", feedjson_seconds(it->duration_ms));
	feedjson_int(o, "published", it->published);
	feedjson_int(o, "season", it->season);
	feedjson_int(o, "episode", it->number);
	a = json_array();
	for (i = 0; i < it->ntranscripts; i++) {
		e = json_object();
		feedjson_str(e, "url", it->transcripts[i].url);
		feedjson_str(e, "type", it->transcripts[i].type);
		feedjson_str(e, "language", it->transcripts[i].language);
		feedjson_str(e, "rel", it->transcripts[i].rel);
		if (e == NULL || json_array_append_new(a, e) != 0)
			BUG();
	}
	feedjson_set(o, "transcripts", a);
	if (it->chapters_url == NULL)
		feedjson_set(o, "chapters", json_null());
	else {
		e = json_object();
		feedjson_str(e, "url", it->chapters_url);
		feedjson_str(e, "type", it->chapters_type);
		feedjson_set(o, "chapters", e);
	}
	a = json_array();
	for (i = 0; i < it->nsoundbites; i++) {
		e = json_object();
		feedjson_set(e, "start", feedjson_seconds(it->soundbites[i].start_ms));
		feedjson_set(e, "duration",
		    feedjson_seconds(it->soundbites[i].duration_ms));
		feedjson_str(e, "title", it->soundbites[i].title);
		if (e == NULL || json_array_append_new(a, e) != 0)
			BUG();
	}
	feedjson_set(o, "soundbites", a);
	a = json_array();
	for (i = 0; i < it->npersons; i++) {
		e = json_object();
		feedjson_str(e, "name", it->persons[i].name);
		feedjson_str(e, "role", it->persons[i].role);
		feedjson_str(e, "group", it->persons[i].group);
		feedjson_str(e, "img", it->persons[i].img);
		feedjson_str(e, "href", it->persons[i].href);
		if (e == NULL || json_array_append_new(a, e) != 0)
			BUG();
	}
	feedjson_set(o, "persons", a);
	return (o);
}

/* Dumps v pretty-printed with sorted keys and frees it. */
static char *
feedjson_dump(json_t *v)
{
	char	*s, *out;

	if ((s = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL)
		BUG();
	json_decref(v);
	out = xasprintf("%s\n", s);
	free(s);
	return (out);
}

char *
feed_to_json(const struct feed *f)
{
	json_t	*o, *a;
	size_t	 i;

	if ((o = json_object()) == NULL || (a = json_array()) == NULL)
		BUG();
	feedjson_str(o, "title", f->title);
	feedjson_str(o, "description", f->description);
	feedjson_str(o, "link", f->link);
	feedjson_str(o, "language", f->language);
	feedjson_str(o, "author", f->author);
	feedjson_str(o, "guid", f->guid);
	feedjson_str(o, "image", f->image);
	feedjson_str(o, "type", f->type);
	feedjson_str(o, "new_url", f->new_url);
	feedjson_int(o, "explicit", f->explicit);
	for (i = 0; i < f->n; i++) {
		if (json_array_append_new(a, feedjson_item(&f->items[i])) != 0)
			BUG();
	}
	feedjson_set(o, "episodes", a);
	return (feedjson_dump(o));
}

char *
opml_to_json(const struct opml *o)
{
	json_t	*j, *a, *e;
	size_t	 i;

	if ((j = json_object()) == NULL || (a = json_array()) == NULL)
		BUG();
	feedjson_str(j, "title", o->title);
	for (i = 0; i < o->n; i++) {
		e = json_object();
		feedjson_str(e, "url", o->feeds[i].url);
		feedjson_str(e, "title", o->feeds[i].title);
		feedjson_str(e, "folder", o->feeds[i].folder);
		if (e == NULL || json_array_append_new(a, e) != 0)
			BUG();
	}
	feedjson_set(j, "feeds", a);
	return (feedjson_dump(j));
}
