#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "testdb.h"
#include "testutil.h"

/* Clips: adding with a quote, changing, finding across the catalog, re-anchoring, speeds. */

static char *tmpdir;
static char *dbpath;
static struct catalog *cat;
static int64_t podcast;

static void
setup_demo(void)
{
	struct catalog_import_report r;
	char *feed = test_data_path("assets/demo/feed.xml"), *err = NULL;

	tmpdir = test_tmpdir_new();
	dbpath = xasprintf("%s/catalog.db", tmpdir);
	ck_assert_msg(catalog_open(dbpath, &cat, &err) == 0, "%s", err);
	memset(&r, 0, sizeof r);
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	podcast = r.podcast_id;
	catalog_import_report_clear(&r);
	free(feed);
}

static void
teardown_demo(void)
{
	catalog_free(cat);
	cat = NULL;
	test_tmpdir_free(tmpdir);
	free(dbpath);
}

static int64_t
ep(const char *guid)
{
	int64_t id = catalog_episode_find_guid(cat, podcast, guid);

	ck_assert_msg(id > 0, "no episode %s", guid);
	return id;
}

static int64_t
add_bookmark(int64_t episode, int64_t start, int64_t end, const char *title,
    const char *quote)
{
	struct catalog_clip k;
	int64_t id;

	memset(&k, 0, sizeof k);
	k.episode_id = episode;
	k.start_ms = start;
	k.end_ms = end;
	k.kind = CLIP_BOOKMARK;
	k.title = (char *)title;
	k.quote = (char *)quote;
	k.note = (char *)"a note";
	id = catalog_clip_add(cat, &k);
	ck_assert_msg(id > 0, "%s", catalog_error(cat));
	return id;
}

START_TEST(test_clip_fields)
{
	struct catalog_clip k;
	struct catalog_episode e;
	int64_t e1 = ep("close-listening-ep1"), id;

	id = add_bookmark(e1, 4000, 9000, "Ben's notes", "And I'm Ben.");
	memset(&k, 0, sizeof k);
	ck_assert_int_eq(catalog_clip_get(cat, id, &k), 0);
	ck_assert_str_eq(k.title, "Ben's notes");
	ck_assert_str_eq(k.note, "a note");
	ck_assert_str_eq(k.quote, "And I'm Ben.");
	ck_assert_str_eq(k.podcast_title, "Close Listening");
	ck_assert_str_eq(k.episode_title, "The moment you almost missed");
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(catalog_episode_get(cat, e1, &e), 0);
	ck_assert_int_eq(k.episode_duration_ms, e.duration_ms);
	ck_assert_int_gt(k.episode_duration_ms, 0);
	catalog_episode_clear(&e);

	free(k.title);
	k.title = xstrdup("Renamed");
	k.start_ms = 3000;
	k.end_ms = 12000;
	ck_assert_int_eq(catalog_clip_update(cat, &k), 0);
	catalog_clip_clear(&k);
	ck_assert_int_eq(catalog_clip_get(cat, id, &k), 0);
	ck_assert_str_eq(k.title, "Renamed");
	ck_assert_int_eq(k.start_ms, 3000);
	ck_assert_int_eq(k.end_ms, 12000);
	/* A clip may not end before it starts. */
	k.end_ms = 1000;
	ck_assert_int_eq(catalog_clip_update(cat, &k), -1);
	catalog_clip_clear(&k);
}
END_TEST

START_TEST(test_clip_find)
{
	struct catalog_clip_filter f;
	struct catalog_clip out[64];
	int64_t e1 = ep("close-listening-ep1"), e2 = ep("close-listening-ep2");
	int n, all, i;

	add_bookmark(e1, 4000, 9000, "first mark", "And I'm Ben.");
	add_bookmark(e2, 1000, 2000, "second mark", "Welcome back");
	memset(&f, 0, sizeof f);
	all = catalog_clip_count_find(cat, &f);
	ck_assert_int_ge(all, 20);

	f.kinds = 1u << CLIP_BOOKMARK;
	ck_assert_int_eq(catalog_clip_count_find(cat, &f), 2);
	n = catalog_clips_find(cat, &f, 0, 64, out);
	ck_assert_int_eq(n, 2);
	/* Newest first: the second bookmark was made last (same second: by id). */
	ck_assert_str_eq(out[0].title, "second mark");
	for (i = 0; i < n; i++)
		catalog_clip_clear(&out[i]);

	f.kinds = 1u << CLIP_SEGMENT;
	n = catalog_clips_find(cat, &f, 0, 64, out);
	ck_assert_int_eq(n, 4);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(out[i].kind, CLIP_SEGMENT);
		ck_assert_int_gt(out[i].source_episode_id, 0);
		catalog_clip_clear(&out[i]);
	}

	f.kinds = 0;
	f.text = "BEN";  /* Case does not matter; the quote counts. */
	n = catalog_clips_find(cat, &f, 0, 64, out);
	ck_assert_int_ge(n, 1);
	for (i = 0; i < n; i++)
		catalog_clip_clear(&out[i]);
	f.text = "no such words anywhere";
	ck_assert_int_eq(catalog_clip_count_find(cat, &f), 0);

	f.text = NULL;
	f.podcast_id = podcast + 1000;
	ck_assert_int_eq(catalog_clip_count_find(cat, &f), 0);
	f.podcast_id = podcast;
	f.by_episode = 1;
	n = catalog_clips_find(cat, &f, 0, 64, out);
	ck_assert_int_eq(n, all);
	/* By episode: newest episode first, then by start. */
	for (i = 1; i < n; i++) {
		if (out[i].episode_id == out[i - 1].episode_id)
			ck_assert_int_ge(out[i].start_ms, out[i - 1].start_ms);
	}
	for (i = 0; i < n; i++)
		catalog_clip_clear(&out[i]);
}
END_TEST

START_TEST(test_clip_reanchor)
{
	struct catalog_clip k;
	struct catalog_line lines[3];
	int64_t e1 = ep("close-listening-ep1"), id;
	int i;
	char *sql;

	ck_assert_int_eq(catalog_lines(cat, e1, 1, 2, lines), 2);
	id = add_bookmark(e1, lines[0].start_ms, lines[1].end_ms, "two lines", lines[0].text);
	/* Same length: nothing to do. */
	ck_assert_int_eq(catalog_clip_reanchor(cat, id), 0);

	/* An ad of 7.5 s is inserted at the start: every line moves, the episode grows. */
	sql = xasprintf("UPDATE line SET start_ms = start_ms + 7500, end_ms = end_ms + 7500 "
	    "WHERE episode_id = %lld; UPDATE episode SET duration_ms = duration_ms + 7500 "
	    "WHERE id = %lld;", (long long)e1, (long long)e1);
	test_sql_run(dbpath, sql);
	free(sql);
	ck_assert_int_eq(catalog_clip_reanchor(cat, id), 1);
	memset(&k, 0, sizeof k);
	ck_assert_int_eq(catalog_clip_get(cat, id, &k), 0);
	ck_assert_int_eq(k.start_ms, lines[0].start_ms + 7500);
	ck_assert_int_eq(k.end_ms, lines[1].end_ms + 7500);
	catalog_clip_clear(&k);
	/* Done once: the clip now knows the new length. */
	ck_assert_int_eq(catalog_clip_reanchor(cat, id), 0);
	for (i = 0; i < 2; i++)
		catalog_line_clear(&lines[i]);
}
END_TEST

START_TEST(test_rate)
{
	ck_assert(catalog_podcast_rate(cat, podcast) == 1.0);
	ck_assert_int_eq(catalog_podcast_rate_set(cat, podcast, 1.5), 0);
	ck_assert(catalog_podcast_rate(cat, podcast) == 1.5);
}
END_TEST

/* One episode's many matches do not drown the others: at most five lines each. */
START_TEST(test_search_per_episode)
{
	struct catalog_hit hits[100];
	int64_t eps[100];
	int n, i, j, same, episodes = 0;

	n = catalog_search(cat, "the", 0, 100, hits);
	ck_assert_int_gt(n, 5);
	for (i = 0; i < n; i++) {
		for (same = 0, j = 0; j < n; j++)
			same += hits[j].episode_id == hits[i].episode_id;
		ck_assert_int_le(same, 5);
		for (j = 0; j < episodes && eps[j] != hits[i].episode_id; j++)
			;
		if (j == episodes)
			eps[episodes++] = hits[i].episode_id;
		ck_assert_ptr_nonnull(strchr(hits[i].snippet, '['));
	}
	ck_assert_int_eq(episodes, 4);
	for (i = 0; i < n; i++)
		catalog_hit_clear(&hits[i]);
	/* The best match leads: a line that is mostly the word searched. */
	n = catalog_search(cat, "ears", 0, 5, hits);
	ck_assert_int_ge(n, 1);
	ck_assert_msg(strstr(hits[0].snippet, "[ears]") != NULL, "%s", hits[0].snippet);
	for (i = 0; i < n; i++)
		catalog_hit_clear(&hits[i]);
}
END_TEST

/* A catalog made at schema 1, with a bookmark in it, opens at the latest schema with the bookmark. */
START_TEST(test_migrate_from_1)
{
	struct catalog_clip_filter f;
	char *err = NULL;
	int64_t e1 = ep("close-listening-ep1");

	add_bookmark(e1, 4000, 9000, "kept", "And I'm Ben.");
	catalog_free(cat);
	cat = NULL;
	test_sql_run(dbpath, TEST_SCHEMA6_UNDO
	    "DROP TRIGGER episode_fts_insert; DROP TRIGGER episode_fts_delete; "
	    "DROP TRIGGER episode_fts_update; DROP TABLE episode_fts; "
	    "DROP TRIGGER clip_fts_insert; DROP TRIGGER clip_fts_delete; "
	    "DROP TRIGGER clip_fts_update; DROP TABLE clip_fts; "
	    "DROP INDEX clip_created; ALTER TABLE podcast DROP COLUMN rate; "
	    "ALTER TABLE episode DROP COLUMN played; DROP TABLE feed_cache; DROP TABLE download; "
	    "ALTER TABLE line DROP COLUMN words; ALTER TABLE line DROP COLUMN stamped; PRAGMA user_version = 1;");
	ck_assert_msg(catalog_open(dbpath, &cat, &err) == 0, "%s", err);
	ck_assert_int_eq(catalog_schema_version(cat), 6);
	memset(&f, 0, sizeof f);
	f.kinds = 1u << CLIP_BOOKMARK;
	ck_assert_int_eq(catalog_clip_count_find(cat, &f), 1);
	ck_assert(catalog_podcast_rate(cat, podcast) == 1.0);
}
END_TEST

static Suite *
clips_suite(void)
{
	Suite *s = suite_create("clips");
	TCase *tc = tcase_create("clips");

	tcase_add_checked_fixture(tc, setup_demo, teardown_demo);
	tcase_add_test(tc, test_clip_fields);
	tcase_add_test(tc, test_clip_find);
	tcase_add_test(tc, test_clip_reanchor);
	tcase_add_test(tc, test_rate);
	tcase_add_test(tc, test_search_per_episode);
	tcase_add_test(tc, test_migrate_from_1);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return (test_suite_run(clips_suite(), CK_FORK_GETENV));
}
