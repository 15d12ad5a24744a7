#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "testutil.h"

/*
 * Exporting clips: two bookmarks on the demo podcast written in every format
 * and compared with tests/data/export/, the demo folder shown as @DEMO@.
 * With EXPORT_ACTUAL set to a folder, what was written is saved there too.
 */

static char *tmpdir;
static struct catalog *cat;
static int64_t podcast;
static int64_t clip1, clip2;	/* In episodes 1 and 2. */
static char *demo;		/* The demo folder as the catalog has it. */

static int64_t
ep(const char *guid)
{
	int64_t id = catalog_episode_find_guid(cat, podcast, guid);

	ck_assert_msg(id > 0, "no episode %s", guid);
	return id;
}

static int64_t
add_bookmark(int64_t episode, int64_t start, int64_t end, const char *title,
    const char *note, const char *quote, int64_t created)
{
	struct catalog_clip k;
	int64_t id;

	memset(&k, 0, sizeof k);
	k.episode_id = episode;
	k.start_ms = start;
	k.end_ms = end;
	k.kind = CLIP_BOOKMARK;
	k.title = (char *)title;
	k.note = (char *)note;
	k.quote = (char *)quote;
	k.created = created;
	id = catalog_clip_add(cat, &k);
	ck_assert_msg(id > 0, "%s", catalog_error(cat));
	return id;
}

static void
setup(void)
{
	struct catalog_import_report r;
	struct catalog_episode e;
	char *feed = test_data_path("assets/demo/feed.xml"), *err = NULL, *path, *slash;

	tmpdir = test_tmpdir_new();
	path = xasprintf("%s/catalog.db", tmpdir);
	ck_assert_msg(catalog_open(path, &cat, &err) == 0, "%s", err);
	free(path);
	memset(&r, 0, sizeof r);
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	podcast = r.podcast_id;
	catalog_import_report_clear(&r);
	free(feed);

	/* Ben's line and the start of Ada's answer, cut at 12 s. */
	clip1 = add_bookmark(ep("close-listening-ep1"), 4000, 12000,
	    "Ben's <notes> & Ada's_answer", "Forgot the notes *again*",
	    "And I'm Ben.", 1700000000);
	/* Untitled: the quote's first words stand in. */
	clip2 = add_bookmark(ep("close-listening-ep2"), 31676, 39245, NULL, NULL,
	    "Exactly. A transcript is not a document. It is a map of the episode.",
	    1700000060);

	memset(&e, 0, sizeof e);
	ck_assert_int_eq(catalog_episode_get(cat, ep("close-listening-ep1"), &e), 0);
	ck_assert_ptr_nonnull(e.audio);
	ck_assert_msg(e.audio[0] == '/', "audio %s", e.audio);
	demo = xstrdup(e.audio);
	slash = strrchr(demo, '/');
	*slash = '\0';
	catalog_episode_clear(&e);
}

static void
teardown(void)
{
	catalog_free(cat);
	cat = NULL;
	test_tmpdir_free(tmpdir);
	free(demo);
}

/* Replaces every from in s (which it frees) with to. */
static char *
replace_all(char *s, const char *from, const char *to)
{
	size_t flen = strlen(from), tlen = strlen(to), n = 0, len = 0;
	char *p, *out, *q;

	for (p = s; (p = strstr(p, from)) != NULL; p += flen)
		n++;
	out = xmalloc(strlen(s) + n * tlen + 1);
	q = out;
	for (p = s; ; ) {
		char *hit = strstr(p, from);

		len = hit == NULL ? strlen(p) : (size_t)(hit - p);
		memcpy(q, p, len);
		q += len;
		if (hit == NULL)
			break;
		memcpy(q, to, tlen);
		q += tlen;
		p = hit + flen;
	}
	*q = '\0';
	free(s);
	return out;
}

/* The demo folder percent-escaped as in a file:// URI. */
static char *
demo_escaped(void)
{
	const char *p;
	char *out = xmalloc(strlen(demo) * 3 + 1), *q = out;

	for (p = demo; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			*q++ = *p;
		else
			q += sprintf(q, "%%%02X", (unsigned char)*p);
	}
	*q = '\0';
	return out;
}

/* Exports ids in fmt, the demo folder replaced by @DEMO@. */
static char *
export_ids(const int64_t *ids, int n, enum export_format fmt)
{
	char *out = NULL, *esc;

	ck_assert_msg(catalog_export_clips(cat, ids, n, fmt, &out) == 0, "%s: %s",
	    catalog_export_format_name(fmt), catalog_error(cat));
	ck_assert_ptr_nonnull(out);
	esc = demo_escaped();
	out = replace_all(out, esc, "@DEMO@");
	out = replace_all(out, demo, "@DEMO@");
	free(esc);
	return out;
}

static void
check_expected(const char *got, const char *name)
{
	const char *keep = getenv("EXPORT_ACTUAL");
	char *rel = xasprintf("tests/data/export/%s", name), *path = test_data_path(rel);
	char *want, *save;

	if (keep != NULL && *keep != '\0') {
		save = xasprintf("%s/%s", keep, name);
		test_write_file(save, got, strlen(got));
		free(save);
	}
	want = test_read_file(path, NULL);
	ck_assert_msg(strcmp(got, want) == 0, "%s differs:\n%s", name, got);
	free(want);
	free(path);
	free(rel);
}

START_TEST(test_export_names)
{
	static const char *const names[] = { "md", "json", "m3u", "soundbite", "chapters",
	    "srt", "vtt" };
	static const char *const exts[] = { ".md", ".json", ".m3u", ".xml", ".json", ".srt",
	    ".vtt" };
	enum export_format f;
	int i;

	ck_assert_int_eq(EXPORT_FORMAT_COUNT, 7);
	for (i = 0; i < EXPORT_FORMAT_COUNT; i++) {
		ck_assert_str_eq(catalog_export_format_name((enum export_format)i), names[i]);
		ck_assert_str_eq(catalog_export_format_ext((enum export_format)i), exts[i]);
		ck_assert_int_eq(catalog_export_format_parse(names[i], &f), 0);
		ck_assert_int_eq(f, i);
	}
	ck_assert_int_eq(catalog_export_format_parse("markdown", &f), -1);
	ck_assert_int_eq(catalog_export_format_parse("", &f), -1);
	ck_assert_int_eq(catalog_export_format_parse(NULL, &f), -1);
	ck_assert_str_eq(catalog_export_format_name(EXPORT_FORMAT_COUNT), "unknown");
}
END_TEST

static const struct {
	enum export_format fmt;
	const char *file;
	int both;	/* Both clips, else the one of episode 1. */
} expected[] = {
	{ EXPORT_MARKDOWN, "clips.md", 1 },
	{ EXPORT_JSON, "clips.json", 1 },
	{ EXPORT_M3U, "clips.m3u", 1 },
	{ EXPORT_SOUNDBITE, "clips.xml", 1 },
	{ EXPORT_CHAPTERS, "chapters.json", 0 },
	{ EXPORT_SRT, "clips.srt", 1 },
	{ EXPORT_VTT, "clips.vtt", 1 },
};

START_TEST(test_export_expected)
{
	int64_t ids[2] = { clip1, clip2 };
	char *got;

	got = export_ids(ids, expected[_i].both ? 2 : 1, expected[_i].fmt);
	check_expected(got, expected[_i].file);
	free(got);
}
END_TEST

START_TEST(test_export_json_numbers)
{
	int64_t ids[2] = { clip1, clip2 };
	json_error_t jerr;
	json_t *root, *k, *lines;
	char *out = NULL;

	ck_assert_int_eq(catalog_export_clips(cat, ids, 2, EXPORT_JSON, &out), 0);
	root = json_loads(out, JSON_REJECT_DUPLICATES, &jerr);
	ck_assert_msg(root != NULL, "%s", jerr.text);
	ck_assert(json_is_array(root));
	ck_assert_int_eq(json_array_size(root), 2);
	k = json_array_get(root, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(k, "id")), clip1);
	ck_assert_str_eq(json_string_value(json_object_get(k, "kind")), "bookmark");
	ck_assert(json_real_value(json_object_get(k, "start")) == 4.0);
	ck_assert(json_real_value(json_object_get(k, "end")) == 12.0);
	ck_assert(json_real_value(json_object_get(k, "episode_duration")) == 116.0);
	ck_assert_str_eq(json_string_value(json_object_get(k, "created")),
	    "2023-11-14T22:13:20Z");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(k, "episode"),
	    "guid")), "close-listening-ep1");
	lines = json_object_get(k, "lines");
	ck_assert_int_eq(json_array_size(lines), 2);
	ck_assert(json_real_value(json_object_get(json_array_get(lines, 0), "start")) ==
	    4.226);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(lines, 1),
	    "speaker")), "Ada");
	ck_assert_ptr_null(json_object_get(k, "source"));
	k = json_array_get(root, 1);
	ck_assert(json_is_null(json_object_get(k, "title")));
	ck_assert(json_real_value(json_object_get(k, "start")) == 31.676);
	ck_assert_int_eq(json_array_size(json_object_get(k, "lines")), 1);
	json_decref(root);
	free(out);
}
END_TEST

START_TEST(test_export_segment)
{
	struct catalog_clip_filter f;
	json_error_t jerr;
	json_t *root, *k, *src;
	char *out = NULL;
	size_t i;

	memset(&f, 0, sizeof f);
	f.kinds = 1u << CLIP_SEGMENT;
	f.by_episode = 1;
	ck_assert_int_eq(catalog_export_find(cat, &f, EXPORT_JSON, &out), 0);
	root = json_loads(out, 0, &jerr);
	ck_assert_msg(root != NULL, "%s", jerr.text);
	ck_assert_int_eq(json_array_size(root), 4);
	json_array_foreach(root, i, k) {
		ck_assert_str_eq(json_string_value(json_object_get(k, "kind")), "segment");
		src = json_object_get(k, "source");
		ck_assert(json_is_object(src));
		ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(src, "guid")),
		    "close-listening-ep"));
		ck_assert(json_is_number(json_object_get(src, "start")));
	}
	json_decref(root);
	free(out);
}
END_TEST

START_TEST(test_export_find)
{
	struct catalog_clip_filter f;
	int64_t ids[2] = { clip2, clip1 };
	char *a = NULL, *b = NULL;
	int fmt;

	memset(&f, 0, sizeof f);
	f.kinds = 1u << CLIP_BOOKMARK;	/* Newest first: clip 2, then clip 1. */
	for (fmt = 0; fmt < EXPORT_FORMAT_COUNT; fmt++) {
		if (fmt == EXPORT_CHAPTERS)
			continue;
		ck_assert_int_eq(catalog_export_find(cat, &f, (enum export_format)fmt, &a), 0);
		ck_assert_int_eq(catalog_export_clips(cat, ids, 2, (enum export_format)fmt,
		    &b), 0);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(test_export_soundbite_groups)
{
	static const char sb4[] = "<podcast:soundbite startTime=\"4.000\"";
	int64_t ids[3] = { clip1, clip2, clip1 };
	char *out = NULL, *p;

	/* Grouped by episode in the order episodes first appear. */
	ck_assert_int_eq(catalog_export_clips(cat, ids, 3, EXPORT_SOUNDBITE, &out), 0);
	p = strstr(out, "<!-- close-listening-ep1 -->\n");
	ck_assert_ptr_eq(p, out);
	p = strchr(p, '\n') + 1;
	ck_assert_int_eq(strncmp(p, sb4, sizeof sb4 - 1), 0);
	p = strchr(p, '\n') + 1;
	ck_assert_int_eq(strncmp(p, sb4, sizeof sb4 - 1), 0);
	p = strchr(p, '\n') + 1;
	ck_assert_str_eq(p, "\n<!-- close-listening-ep2 -->\n<podcast:soundbite "
	    "startTime=\"31.676\" duration=\"7.569\">Exactly. A transcript is not a "
	    "document. It\u2026</podcast:soundbite>\n");
	free(out);
}
END_TEST

START_TEST(test_export_chapters_refused)
{
	int64_t ids[2] = { clip1, clip2 };
	char *out = (char *)"unchanged";

	ck_assert_int_eq(catalog_export_clips(cat, ids, 2, EXPORT_CHAPTERS, &out), -1);
	ck_assert_ptr_null(out);
	ck_assert_str_eq(catalog_error(cat),
	    "chapters are for one episode, and these clips come from 2");
}
END_TEST

START_TEST(test_export_empty)
{
	static const char *const want[EXPORT_FORMAT_COUNT] = {
		"",
		"[]\n",
		"#EXTM3U\n",
		"",
		"{\n  \"chapters\": [],\n  \"version\": \"1.2.0\"\n}\n",
		"",
		"WEBVTT\n"
	};
	struct catalog_clip_filter f;
	char *out = NULL;
	int fmt;

	memset(&f, 0, sizeof f);
	f.text = "no clip says this";
	for (fmt = 0; fmt < EXPORT_FORMAT_COUNT; fmt++) {
		ck_assert_int_eq(catalog_export_clips(cat, NULL, 0, (enum export_format)fmt,
		    &out), 0);
		ck_assert_str_eq(out, want[fmt]);
		free(out);
		ck_assert_int_eq(catalog_export_find(cat, &f, (enum export_format)fmt, &out),
		    0);
		ck_assert_str_eq(out, want[fmt]);
		free(out);
	}
}
END_TEST

START_TEST(test_export_errors)
{
	int64_t ids[2] = { clip1, 999999 };
	char *out = NULL;

	ck_assert_int_eq(catalog_export_clips(cat, ids, 2, EXPORT_JSON, &out), -1);
	ck_assert_ptr_null(out);
	ck_assert_str_eq(catalog_error(cat), "no clip 999999");
	ck_assert_int_eq(catalog_export_clips(cat, ids, 1, EXPORT_FORMAT_COUNT, &out), -1);
	ck_assert_ptr_null(out);
}
END_TEST

static Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("export");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_export_names);
	tcase_add_loop_test(tc, test_export_expected, 0,
	    (int)(sizeof expected / sizeof expected[0]));
	tcase_add_test(tc, test_export_json_numbers);
	tcase_add_test(tc, test_export_segment);
	tcase_add_test(tc, test_export_find);
	tcase_add_test(tc, test_export_soundbite_groups);
	tcase_add_test(tc, test_export_chapters_refused);
	tcase_add_test(tc, test_export_empty);
	tcase_add_test(tc, test_export_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return (test_suite_run(export_suite(), CK_FORK_GETENV));
}
