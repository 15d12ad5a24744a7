#include "config.h"

#include <sys/types.h>

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/parse.h"
#include "testutil.h"

/*
 * Runs every feed of gpodder's podcastparser test data through feed_parse()
 * and compares what a player uses against the result podcastparser returns
 * (tests/data/feeds/gpodder-podcastparser/NAME.json). Episodes are matched
 * by guid, else by title: podcastparser sorts them by date, earmark keeps
 * the feed's order. A difference listed in deviations[] is deliberate.
 */

#define CONF_DIR	"tests/data/feeds/gpodder-podcastparser"

static const struct {
	const char	*name;
	const char	*field;
	const char	*reason;
} deviations[] = {
#define PERMA_GUID "a guid stays as written; resolved against the feed's " \
	"location it would change whenever the feed file moves"
#define PERMA_LINK "a permalink guid becomes the link only when it is a " \
	"web address, not a path next to a local feed file"
	{ "chapters", "guid", PERMA_GUID },
	{ "chapters", "link", PERMA_LINK },
	{ "duration", "guid", PERMA_GUID },
	{ "duration", "link", PERMA_LINK },
	{ "itunes_duration", "guid", PERMA_GUID },
	{ "itunes_duration", "link", PERMA_LINK },
	{ "itunes_episode_image", "guid", PERMA_GUID },
	{ "itunes_episode_image", "link", PERMA_LINK },
	{ "itunes_no_xmlns", "guid", PERMA_GUID },
	{ "itunes_no_xmlns", "link", PERMA_LINK },
	{ "itunes_subtitle", "guid", PERMA_GUID },
	{ "itunes_subtitle", "link", PERMA_LINK },
	{ "itunes_xmlns", "guid", PERMA_GUID },
	{ "itunes_xmlns", "link", PERMA_LINK },
	{ "media_episode_thumbnail", "guid", PERMA_GUID },
	{ "media_episode_thumbnail", "link", PERMA_LINK },
	{ "media_episode_thumbnail_group", "guid", PERMA_GUID },
	{ "media_episode_thumbnail_group", "link", PERMA_LINK },
	{ "image_and_audio", "link", PERMA_LINK },
	{ "permalink", "guid", PERMA_GUID },
	{ "no_guid", "guid", "without a guid the enclosure URL names the episode "
	    "before the link: it is what is played, and many feeds give every "
	    "item the same page" },
	{ "image_and_audio", "enclosure", "of several enclosures the first audio "
	    "or video one is kept, not a cover image listed before it" },
	{ "no_title_multi_enclosure", "episodes", "an untitled item with several "
	    "enclosures is kept, named after the one it plays" },
};

struct conf_result {
	int	 diffs;		/* Differences not in deviations[]. */
	int	 listed;	/* Differences in deviations[]. */
};

/* Reports one difference, telling whether the table lists it. */
static void
conf_diff(struct conf_result *r, const char *name, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
conf_diff(struct conf_result *r, const char *name, const char *field,
    const char *fmt, ...)
{
	va_list	ap;
	size_t	i;
	int	listed = 0;

	for (i = 0; i < sizeof deviations / sizeof deviations[0]; i++) {
		if (strcmp(deviations[i].name, name) == 0 &&
		    strcmp(deviations[i].field, field) == 0)
			listed = 1;
	}
	printf("  %s %s %s: ", listed ? "deviation" : "FAIL", name, field);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (listed)
		r->listed++;
	else
		r->diffs++;
}

/* Compares a string field; NULL stands for the empty string. */
static void
conf_str(struct conf_result *r, const char *name, const char *field,
    json_t *want, const char *got)
{
	const char	*w = json_is_string(want) ? json_string_value(want) : "";

	if (got == NULL)
		got = "";
	if (strcmp(w, got) != 0)
		conf_diff(r, name, field, "want \"%s\", got \"%s\"", w, got);
}

static void
conf_int(struct conf_result *r, const char *name, const char *field,
    json_t *want, int64_t got)
{
	int64_t	w = json_is_integer(want) ? json_integer_value(want) : 0;

	if (w != got)
		conf_diff(r, name, field, "want %lld, got %lld", (long long)w,
		    (long long)got);
}

/* The item matching an expected episode, by guid, else by title. */
static const struct feed_item *
conf_match(const struct feed *f, json_t *ep)
{
	const char	*guid = json_string_value(json_object_get(ep, "guid"));
	const char	*title = json_string_value(json_object_get(ep, "title"));
	size_t		 i;

	for (i = 0; guid != NULL && i < f->n; i++) {
		if (f->items[i].guid != NULL && strcmp(f->items[i].guid, guid) == 0)
			return (&f->items[i]);
	}
	for (i = 0; title != NULL && i < f->n; i++) {
		if (f->items[i].title != NULL && strcmp(f->items[i].title, title) == 0)
			return (&f->items[i]);
	}
	return (NULL);
}

static void
conf_episode(struct conf_result *r, const char *name, json_t *ep,
    const struct feed_item *it)
{
	json_t		*enc;
	const char	*type;
	int64_t		 size;

	conf_str(r, name, "guid", json_object_get(ep, "guid"), it->guid);
	conf_str(r, name, "title", json_object_get(ep, "title"), it->title);
	conf_str(r, name, "link", json_object_get(ep, "link"), it->link);
	conf_int(r, name, "total_time", json_object_get(ep, "total_time"),
	    it->duration_ms / 1000);
	conf_int(r, name, "published", json_object_get(ep, "published"),
	    it->published);
	enc = json_array_get(json_object_get(ep, "enclosures"), 0);
	if (enc == NULL) {
		if (it->enclosure_url != NULL)
			conf_diff(r, name, "enclosure", "want none, got %s",
			    it->enclosure_url);
		return;
	}
	type = it->enclosure_type != NULL ? it->enclosure_type :
	    "application/octet-stream";
	size = it->enclosure_length > 0 ? it->enclosure_length : -1;
	if (it->enclosure_url == NULL ||
	    strcmp(it->enclosure_url, json_string_value(json_object_get(enc,
	    "url"))) != 0 || strcmp(type, json_string_value(json_object_get(enc,
	    "mime_type"))) != 0 || size != json_integer_value(json_object_get(enc,
	    "file_size")))
		conf_diff(r, name, "enclosure", "want %s %s %lld, got %s %s %lld",
		    json_string_value(json_object_get(enc, "url")),
		    json_string_value(json_object_get(enc, "mime_type")),
		    (long long)json_integer_value(json_object_get(enc, "file_size")),
		    it->enclosure_url != NULL ? it->enclosure_url : "(none)", type,
		    (long long)size);
}

/* Runs one case, returning its differences. */
static struct conf_result
conf_run(const char *name)
{
	struct conf_result	 r = { 0, 0 };
	struct feed		*f = NULL;
	json_t			*want, *eps, *ep, *param;
	json_error_t		 jerr;
	const struct feed_item	*it;
	char			*rel, *path, *buf, *err = NULL, *base;
	size_t			 len, i, n;
	int			 rc;

	rel = xasprintf("%s/%s.json", CONF_DIR, name);
	path = test_data_path(rel);
	want = json_load_file(path, 0, &jerr);
	ck_assert_msg(want != NULL, "%s: %s", path, jerr.text);
	free(path);
	free(rel);
	rel = xasprintf("%s/%s.param.json", CONF_DIR, name);
	path = test_data_path(rel);
	param = json_load_file(path, 0, &jerr);
	free(path);
	free(rel);

	rel = xasprintf("%s/%s.rss", CONF_DIR, name);
	path = test_data_path(rel);
	buf = test_read_file(path, &len);
	base = xasprintf("file://tests/data/%s.rss", name);
	rc = feed_parse(buf, len, base, &f, &err);
	free(base);
	free(buf);
	free(path);
	free(rel);
	if (rc != 0) {
		conf_diff(&r, name, "parse", "%s", err);
		free(err);
		json_decref(want);
		json_decref(param);
		return (r);
	}
	conf_str(&r, name, "title", json_object_get(want, "title"),
	    f->title != NULL ? f->title : name);
	if (json_object_get(want, "new_url") != NULL)
		conf_str(&r, name, "new_url", json_object_get(want, "new_url"),
		    f->new_url);
	eps = json_object_get(want, "episodes");
	n = f->n;
	if (param != NULL && (size_t)json_integer_value(json_object_get(param,
	    "max_episodes")) < n)
		n = (size_t)json_integer_value(json_object_get(param, "max_episodes"));
	if (json_array_size(eps) != n)
		conf_diff(&r, name, "episodes", "want %zu, got %zu",
		    json_array_size(eps), n);
	json_array_foreach(eps, i, ep) {
		if ((it = conf_match(f, ep)) == NULL)
			conf_diff(&r, name, "episodes", "no episode like %s",
			    json_string_value(json_object_get(ep, "guid")));
		else
			conf_episode(&r, name, ep, it);
	}
	feed_free(f);
	json_decref(want);
	json_decref(param);
	return (r);
}

static int
conf_name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Names of every NAME.rss in the folder, sorted. */
static char **
conf_names(size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	char		*dir, **names = NULL;
	size_t		 len;

	*n = 0;
	dir = test_data_path(CONF_DIR);
	ck_assert_msg((d = opendir(dir)) != NULL, "%s", dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".rss") != 0)
			continue;
		names = xreallocarray(names, *n + 1, sizeof *names);
		names[(*n)++] = xstrndup(de->d_name, len - 4);
	}
	closedir(d);
	free(dir);
	qsort(names, *n, sizeof *names, conf_name_cmp);
	return (names);
}

START_TEST(test_conformance)
{
	struct conf_result	  r;
	char			**names;
	size_t			  n, i;
	int			  passed = 0, failed = 0, listed = 0;

	names = conf_names(&n);
	ck_assert_uint_ge(n, 70);
	for (i = 0; i < n; i++) {
		r = conf_run(names[i]);
		if (r.diffs != 0)
			failed++;
		else
			passed++;
		if (r.diffs == 0 && r.listed != 0)
			listed++;
		free(names[i]);
	}
	free(names);
	printf("gpodder-podcastparser: %d passed, %d failed (%d passed with "
	    "listed deviations)\n", passed, failed, listed);
	fflush(stdout);
	ck_assert_int_eq(failed, 0);
}
END_TEST

/* Documents that are not feeds must be refused. */
static const char *invalid_roots[] = {
	"<html><body/></html>",
	"<foo xmlns=\"http://example.com/foo.xml\"><bar/></foo>",
	"<baz:foo xmlns:baz=\"http://example.com/baz.xml\"><baz:bar/></baz:foo>",
};

START_TEST(test_invalid_roots)
{
	struct feed	*f = NULL;
	char		*err = NULL;

	ck_assert_int_eq(feed_parse(invalid_roots[_i], strlen(invalid_roots[_i]),
	    NULL, &f, &err), -1);
	ck_assert_ptr_null(f);
	ck_assert_ptr_nonnull(err);
	free(err);
}
END_TEST

/* podcastparser's parse_time doctests: seconds, or 0 for what cannot be read. */
static const struct {
	const char	*s;
	int64_t		 sec;
} durations[] = {
	{ "0", 0 }, { "128", 128 }, { "00:00", 0 }, { "00:00:00", 0 },
	{ "00:20", 20 }, { "00:00:20", 20 }, { "01:00:00", 3600 },
	{ " 03:02:01", 10921 }, { "61:08", 3668 }, { "25:03:30 ", 90210 },
	{ "25:3:30", 90210 }, { "61.08", 61 }, { "01:02:03.500", 3723 },
	{ " ", 0 }, { "", 0 }, { "garbage", 0 }, { "1:2:3:4", 0 }, { "-5", 0 },
	{ "12:", 0 },
};

START_TEST(test_durations)
{
	int64_t	ms = 0;

	if (feed_time_parse(durations[_i].s, strlen(durations[_i].s), &ms) != 0)
		ms = 0;
	ck_assert_msg(ms / 1000 == durations[_i].sec, "'%s': %lld", durations[_i].s,
	    (long long)ms);
}
END_TEST

/* podcastparser's parse_pubdate doctests: Unix time, or 0. */
static const struct {
	const char	*s;
	int64_t		 t;
} pubdates[] = {
	{ "Fri, 21 Nov 1997 09:55:06 -0600", 880127706 },
	{ "2003-12-13T00:00:00+02:00", 1071266400 },
	{ "2003-12-13T18:30:02Z", 1071340202 },
	{ "Mon, 02 May 1960 09:05:01 +0100", -305049299 },
	{ "", 0 },
	{ "unknown", 0 },
};

START_TEST(test_pubdates)
{
	int64_t	t = 0;

	if (feed_date_parse(pubdates[_i].s, strlen(pubdates[_i].s), &t) != 0)
		t = 0;
	ck_assert_msg(t == pubdates[_i].t, "'%s': %lld", pubdates[_i].s,
	    (long long)t);
}
END_TEST

/* podcastparser's parse_length and parse_type doctests, through an enclosure. */
static const struct {
	const char	*attrs;
	int64_t		 length;	/* podcastparser's -1 is earmark's 0. */
	const char	*type;		/* NULL for application/octet-stream. */
} enclosures[] = {
	{ "", 0, NULL },
	{ "length=\"0\"", 0, NULL },
	{ "length=\"unknown\"", 0, NULL },
	{ "length=\"100\"", 100, NULL },
	{ "length=\"99999999999999999999999\"", 0, NULL },
	{ "type=\"text/plain\"", 0, "text/plain" },
	{ "type=\"text\"", 0, NULL },
	{ "type=\"\"", 0, NULL },
};

START_TEST(test_enclosures)
{
	struct feed	*f = NULL;
	char		*doc, *err = NULL;

	doc = xasprintf("<rss><channel><item><enclosure url=\"http://e.org/a.mp3\" "
	    "%s/></item></channel></rss>", enclosures[_i].attrs);
	ck_assert_int_eq(feed_parse(doc, strlen(doc), NULL, &f, &err), 0);
	ck_assert_uint_eq(f->n, 1);
	ck_assert_int_eq(f->items[0].enclosure_length, enclosures[_i].length);
	if (enclosures[_i].type == NULL)
		ck_assert_ptr_null(f->items[0].enclosure_type);
	else
		ck_assert_str_eq(f->items[0].enclosure_type, enclosures[_i].type);
	feed_free(f);
	free(doc);
}
END_TEST

static Suite *
conformance_suite(void)
{
	Suite	*s = suite_create("conformance_feeds");
	TCase	*tc;

	tc = tcase_create("podcastparser");
	tcase_add_test(tc, test_conformance);
	tcase_add_loop_test(tc, test_invalid_roots, 0,
	    sizeof invalid_roots / sizeof invalid_roots[0]);
	tcase_add_loop_test(tc, test_durations, 0,
	    sizeof durations / sizeof durations[0]);
	tcase_add_loop_test(tc, test_pubdates, 0,
	    sizeof pubdates / sizeof pubdates[0]);
	tcase_add_loop_test(tc, test_enclosures, 0,
	    sizeof enclosures / sizeof enclosures[0]);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (test_suite_run(conformance_suite(), CK_NOFORK));
}
