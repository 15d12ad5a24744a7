#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/parse.h"
#include "testutil.h"

/*
 * Checks opml_parse() against newsboat's OPML cases
 * (tests/data/opml/newsboat/EXPECTED.json), feeds compared as a set, and
 * opml_write() by reading back what it writes.
 */

#define OPML_DIR	"tests/data/opml/newsboat"

/* Expected feeds earmark deliberately reads otherwise. */
static const struct {
	const char	*file;
	const char	*url;		/* The expected xmlUrl. */
	const char	*got;		/* What earmark gives instead; NULL when skipped. */
	const char	*reason;
} deviations[] = {
	{ "piped.opml", "exec:~/fetch_tweets.py", NULL,
	    "a '|' xmlUrl is a command to run; a podcast player never runs one" },
	{ "filtered.opml", "filter:~/.bin/keep_interesting.pl:https://example.com/firehose",
	    "https://example.com/firehose",
	    "a filter command is not run; the feed's own URL is kept" },
};

static struct opml *
opml_load(const char *file, char **err)
{
	struct opml	*o = NULL;
	char		*rel, *path, *buf;
	size_t		 len;

	rel = xasprintf("%s/%s", OPML_DIR, file);
	path = test_data_path(rel);
	buf = test_read_file(path, &len);
	*err = NULL;
	if (opml_parse(buf, len, &o, err) != 0)
		o = NULL;
	free(buf);
	free(path);
	free(rel);
	return (o);
}

/* The feed of o with url, or NULL. */
static const struct opml_feed *
opml_find(const struct opml *o, const char *url)
{
	size_t	i;

	for (i = 0; url != NULL && i < o->n; i++) {
		if (strcmp(o->feeds[i].url, url) == 0)
			return (&o->feeds[i]);
	}
	return (NULL);
}

/* Compares one case, printing each difference; returns how many there were. */
static int
opml_case(const char *file, json_t *want)
{
	struct opml		*o;
	const struct opml_feed	*f;
	json_t			*feed, *folder;
	const char		*url, *title, *err_want;
	char			*err;
	size_t			 i, k, n;
	int			 diffs = 0;

	o = opml_load(file, &err);
	if ((err_want = json_string_value(json_object_get(want, "error"))) != NULL) {
		if (o != NULL || err == NULL || strcmp(err, err_want) != 0) {
			printf("  FAIL %s: want error \"%s\", got %s\n", file, err_want,
			    err != NULL ? err : "none");
			diffs++;
		}
		free(err);
		opml_free(o);
		return (diffs);
	}
	if (o == NULL) {
		printf("  FAIL %s: %s\n", file, err);
		free(err);
		return (1);
	}
	n = 0;
	json_array_foreach(json_object_get(want, "feeds"), i, feed) {
		url = json_string_value(json_object_get(feed, "xmlUrl"));
		for (k = 0; k < sizeof deviations / sizeof deviations[0]; k++) {
			if (strcmp(deviations[k].file, file) == 0 &&
			    strcmp(deviations[k].url, url) == 0)
				break;
		}
		if (k < sizeof deviations / sizeof deviations[0]) {
			printf("  deviation %s %s: %s\n", file, url,
			    deviations[k].reason);
			if ((url = deviations[k].got) == NULL)
				continue;
		}
		n++;
		if ((f = opml_find(o, url)) == NULL) {
			printf("  FAIL %s: no feed %s\n", file, url);
			diffs++;
			continue;
		}
		title = json_string_value(json_object_get(feed, "title"));
		if (title != NULL && strcmp(title, f->title) != 0) {
			printf("  FAIL %s %s: title \"%s\", want \"%s\"\n", file, url,
			    f->title, title);
			diffs++;
		}
		if ((folder = json_object_get(feed, "folder")) == NULL)
			continue;
		if (json_is_null(folder) ? f->folder != NULL : f->folder == NULL ||
		    strcmp(f->folder, json_string_value(folder)) != 0) {
			printf("  FAIL %s %s: folder %s, want %s\n", file, url,
			    f->folder != NULL ? f->folder : "(top)",
			    json_is_null(folder) ? "(top)" : json_string_value(folder));
			diffs++;
		}
	}
	/* newsboat checks this list imported on top of another: only its own feed counts. */
	if (n != o->n && strcmp(file, "test-urls+.opml") != 0) {
		printf("  FAIL %s: %zu feeds, want %zu\n", file, o->n, n);
		diffs++;
	}
	opml_free(o);
	return (diffs);
}

START_TEST(test_newsboat)
{
	json_t		*want, *v;
	json_error_t	 jerr;
	const char	*file;
	char		*path;
	int		 passed = 0, failed = 0;

	path = test_data_path(OPML_DIR "/EXPECTED.json");
	want = json_load_file(path, 0, &jerr);
	ck_assert_msg(want != NULL, "%s: %s", path, jerr.text);
	free(path);
	json_object_foreach(want, file, v) {
		if (strstr(file, ".opml") == NULL)
			continue;
		if (opml_case(file, v) == 0)
			passed++;
		else
			failed++;
	}
	json_decref(want);
	printf("newsboat: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	ck_assert_int_eq(failed, 0);
	ck_assert_int_ge(passed, 8);
}
END_TEST

/* True when a and b hold the same feeds, in any order. */
static int
opml_same(const struct opml *a, const struct opml *b)
{
	const struct opml_feed	*f;
	size_t			 i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++) {
		if ((f = opml_find(b, a->feeds[i].url)) == NULL ||
		    strcmp(f->title, a->feeds[i].title) != 0 ||
		    (f->folder == NULL) != (a->feeds[i].folder == NULL) ||
		    (f->folder != NULL && strcmp(f->folder, a->feeds[i].folder) != 0))
			return (0);
	}
	return (1);
}

static const char *roundtrip_files[] = {
	"example.opml", "example2.opml", "category.opml", "piped.opml",
	"filtered.opml",
};

START_TEST(test_roundtrip)
{
	struct opml	*a, *b = NULL;
	char		*err, *doc;

	a = opml_load(roundtrip_files[_i], &err);
	ck_assert_ptr_nonnull(a);
	doc = opml_write(a);
	ck_assert_int_eq(opml_parse(doc, strlen(doc), &b, &err), 0);
	ck_assert_msg(opml_same(a, b), "%s:\n%s", roundtrip_files[_i], doc);
	ck_assert_str_eq(a->title, b->title);
	free(doc);
	opml_free(a);
	opml_free(b);
}
END_TEST

START_TEST(test_write_escapes)
{
	struct opml_feed	 feeds[] = {
		{ (char *)"https://e.org/a?x=1&y=\"2\"", (char *)"Tom & Jerry <live>", (char *)"A&B/C\"D" },
		{ (char *)"https://e.org/b", (char *)"", NULL },
		{ (char *)"https://e.org/c", (char *)"Tab\there", (char *)"A&B" },
		{ (char *)"https://e.org/d", (char *)"deep", (char *)"A&B/C\"D/E" },
	};
	struct opml		 o = { (char *)"List & <more>", feeds, 4 }, *b = NULL;
	char			*doc, *err;

	doc = opml_write(&o);
	ck_assert_ptr_null(strstr(doc, "Tom & Jerry"));
	ck_assert_ptr_nonnull(strstr(doc, "Tom &amp; Jerry &lt;live&gt;"));
	ck_assert_ptr_nonnull(strstr(doc, "<opml version=\"2.0\">"));
	ck_assert_int_eq(opml_parse(doc, strlen(doc), &b, &err), 0);
	ck_assert_msg(opml_same(&o, b), "%s", doc);
	ck_assert_str_eq(b->title, "List & <more>");
	free(doc);
	opml_free(b);
}
END_TEST

START_TEST(test_json)
{
	struct opml_feed	 feeds[] = {
		{ (char *)"https://e.org/a", (char *)"A", (char *)"Blogs/friends" },
		{ (char *)"https://e.org/b", (char *)"B", NULL },
	};
	struct opml		 o = { NULL, feeds, 2 };
	char			*s;

	s = opml_to_json(&o);
	ck_assert_str_eq(s,
	    "{\n"
	    "  \"feeds\": [\n"
	    "    {\n"
	    "      \"folder\": \"Blogs/friends\",\n"
	    "      \"title\": \"A\",\n"
	    "      \"url\": \"https://e.org/a\"\n"
	    "    },\n"
	    "    {\n"
	    "      \"folder\": null,\n"
	    "      \"title\": \"B\",\n"
	    "      \"url\": \"https://e.org/b\"\n"
	    "    }\n"
	    "  ],\n"
	    "  \"title\": null\n"
	    "}\n");
	free(s);
}
END_TEST

START_TEST(test_refused)
{
	static const char *const bad[] = {
		"", "not xml", "<html/>", "<opml><head/></opml>",
		"<x:opml xmlns:x=\"urn:x\"><body/></x:opml>",
	};
	struct opml	*o = NULL;
	char		*err = NULL;

	ck_assert_int_eq(opml_parse(bad[_i], strlen(bad[_i]), &o, &err), -1);
	ck_assert_ptr_null(o);
	ck_assert_ptr_nonnull(err);
	free(err);
}
END_TEST

/*
 * Found by the fuzzer: a folder title of ninety slashes (ninety levels when
 * written) in a list whose XML declaration names no encoding. It reads, as
 * UTF-8, and writes again; a real encoding name still counts.
 */
START_TEST(test_bad_encoding)
{
	static const char latin1[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
	    "<opml version=\"2.0\"><head><title>Caf\xe9</title></head><body>"
	    "<outline type=\"rss\" xmlUrl=\"https://example.com/f\"/></body></opml>";
	struct opml	*o = NULL;
	char		*path, *buf, *s, *err = NULL;
	size_t		 len;

	path = test_data_path("tests/data/opml/fuzz/oom-churn.opml.input");
	buf = test_read_file(path, &len);
	ck_assert_msg(opml_parse(buf, len, &o, &err) == 0, "%s", err);
	ck_assert_str_eq(o->title, "Example OPML that has URLs with pipe syls in it");
	ck_assert_uint_gt(o->n, 0);
	s = opml_write(o);
	ck_assert_ptr_nonnull(strstr(s, "<outline text=\"ged\">"));
	free(s);
	opml_free(o);
	free(buf);
	free(path);
	ck_assert_msg(opml_parse(latin1, sizeof latin1 - 1, &o, &err) == 0, "%s", err);
	ck_assert_str_eq(o->title, "Caf\xc3\xa9");
	opml_free(o);
}
END_TEST

static Suite *
opml_suite(void)
{
	Suite	*s = suite_create("opml");
	TCase	*tc;

	tc = tcase_create("opml");
	tcase_add_test(tc, test_newsboat);
	tcase_add_loop_test(tc, test_roundtrip, 0,
	    sizeof roundtrip_files / sizeof roundtrip_files[0]);
	tcase_add_test(tc, test_write_escapes);
	tcase_add_test(tc, test_json);
	tcase_add_loop_test(tc, test_refused, 0, 5);
	tcase_add_test(tc, test_bad_encoding);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (test_suite_run(opml_suite(), CK_NOFORK));
}
