#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "testutil.h"

/* Sync mode's stamps: re-placing the unstamped lines, undoing, refusing disorder. */

static char *tmpdir;
static char *dbpath;
static struct catalog *cat;
static int64_t episode;
static int64_t ids[8];

static void
setup(void)
{
	struct catalog_import_report r;
	char *feed = test_data_path("assets/demo/feed.xml"), *err = NULL;

	tmpdir = test_tmpdir_new();
	dbpath = xasprintf("%s/catalog.db", tmpdir);
	ck_assert_msg(catalog_open(dbpath, &cat, &err) == 0, "%s", err);
	memset(&r, 0, sizeof r);
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	episode = catalog_episode_find_guid(cat, r.podcast_id, "close-listening-ep1");
	ck_assert(episode > 0);
	catalog_import_report_clear(&r);
	free(feed);
}

static void
teardown(void)
{
	catalog_free(cat);
	cat = NULL;
	test_tmpdir_free(tmpdir);
	free(dbpath);
}

/* Replaces the episode's transcript with lines of the given text lengths and times. */
static void
attach(int n, const int *chars, const int64_t *starts, int64_t end, int estimated)
{
	struct transcript t;
	struct catalog_line_time lt[8];
	int i;

	transcript_init(&t);
	for (i = 0; i < n; i++) {
		char *text = xmalloc((size_t)chars[i] + 1);

		memset(text, 'a' + i, (size_t)chars[i]);
		text[chars[i]] = '\0';
		ck_assert_int_eq(transcript_add(&t, starts[i], i + 1 < n ? starts[i + 1] : end,
		    NULL, text), 0);
	}
	t.estimated = estimated;
	ck_assert_msg(catalog_transcript_set(cat, episode, &t, "test", "text/plain", NULL) == 0,
	    "%s", catalog_error(cat));
	transcript_clear(&t);
	ck_assert_int_eq(catalog_line_times(cat, episode, 0, n, lt), n);
	for (i = 0; i < n; i++)
		ids[i] = lt[i].id;
}

/* Reads the lines back through a second connection, so only committed rows count. */
static void
expect(int n, const int64_t *starts, int64_t last_end, const int *stamped)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int i = 0;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT start_ms, end_ms, stamped FROM line "
	    "WHERE episode_id = ? ORDER BY start_ms, id", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, episode);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t s = sqlite3_column_int64(st, 0), e = sqlite3_column_int64(st, 1);

		ck_assert_int_lt(i, n);
		ck_assert_msg(s == starts[i], "line %d starts at %lld, not %lld", i,
		    (long long)s, (long long)starts[i]);
		ck_assert_msg(e == (i + 1 < n ? starts[i + 1] : last_end),
		    "line %d ends at %lld", i, (long long)e);
		ck_assert_int_eq(sqlite3_column_int(st, 2), stamped[i]);
		i++;
	}
	ck_assert_int_eq(i, n);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

START_TEST(test_estimated_by_length)
{
	static const int chars[5] = { 10, 20, 10, 30, 30 };
	static const int64_t starts[5] = { 0, 1000, 3000, 4000, 7000 };
	int64_t after1[5] = { 0, 1667, 5000, 5714, 7857 };
	int64_t after2[5] = { 0, 1667, 5000, 6000, 9000 };
	int st1[5] = { 0, 0, 1, 0, 0 }, st2[5] = { 0, 0, 1, 0, 1 };

	attach(5, chars, starts, 10000, 1);
	ck_assert_int_eq(catalog_line_stamped_count(cat, episode), 0);
	/* Line 2 at 5 s: lines 0-1 share 0-5 s as 10:20, lines 2-4 share 5-10 s as 10:30:30. */
	ck_assert_msg(catalog_line_stamp(cat, ids[2], 5000) == 0, "%s", catalog_error(cat));
	expect(5, after1, 10000, st1);
	ck_assert_int_eq(catalog_line_stamped_count(cat, episode), 1);
	/* Line 4 at 9 s: line 3 alone between the two stamps. */
	ck_assert_msg(catalog_line_stamp(cat, ids[4], 9000) == 0, "%s", catalog_error(cat));
	expect(5, after2, 10000, st2);
	ck_assert_int_eq(catalog_line_stamped_count(cat, episode), 2);
	/* Out of order: refused, nothing written. */
	ck_assert_int_eq(catalog_line_stamp(cat, ids[3], 4999), -1);
	ck_assert_str_eq(catalog_error(cat), "too early: line 3 is stamped later than that");
	ck_assert_int_eq(catalog_line_stamp(cat, ids[3], 9000), -1);
	ck_assert_int_eq(catalog_line_stamp(cat, ids[1], 5000), -1);
	ck_assert(strstr(catalog_error(cat), "too late") != NULL);
	expect(5, after2, 10000, st2);
	/* Undo the last stamp: back to where it was, stamp cleared. */
	ck_assert_msg(catalog_line_unstamp(cat, ids[4], 7857) == 0, "%s", catalog_error(cat));
	expect(5, after1, 10000, st1);
	/* Unstamping without a place to go back to keeps the times. */
	ck_assert_int_eq(catalog_line_unstamp(cat, ids[2], -1), 0);
	st1[2] = 0;
	expect(5, after1, 10000, st1);
	ck_assert_int_eq(catalog_line_stamped_count(cat, episode), 0);
}
END_TEST

START_TEST(test_timed_by_span)
{
	static const int chars[4] = { 50, 5, 5, 50 };
	static const int64_t starts[4] = { 1000, 2000, 4000, 5000 };
	static const int64_t after[4] = { 1000, 2667, 6000, 6600 };
	static const int st[4] = { 0, 0, 1, 0 }, none[4] = { 0, 0, 0, 0 };

	attach(4, chars, starts, 9000, 0);
	/* A publisher's times keep their shape: spans 1:2 before, 1:4 after, whatever the text. */
	ck_assert_msg(catalog_line_stamp(cat, ids[2], 6000) == 0, "%s", catalog_error(cat));
	expect(4, after, 9000, st);
	ck_assert_int_eq(catalog_line_unstamp(cat, ids[2], 4000), 0);
	expect(4, starts, 9000, none);
}
END_TEST

START_TEST(test_head_and_tail)
{
	static const int chars[3] = { 10, 10, 10 };
	static const int64_t starts[3] = { 1000, 2000, 3000 };
	static const int64_t early[3] = { 0, 500, 2250 };
	static const int64_t late[3] = { 0, 500, 20000 };
	static const int st[3] = { 0, 1, 0 }, st2[3] = { 0, 1, 1 };
	struct catalog_line_time lt[3];

	attach(3, chars, starts, 4000, 0);
	/* Before the first line's start: the head moves back to the episode's start. */
	ck_assert_msg(catalog_line_stamp(cat, ids[1], 500) == 0, "%s", catalog_error(cat));
	expect(3, early, 4000, st);
	/* Past the last line's end: the last line runs on to the episode's end. */
	ck_assert_msg(catalog_line_stamp(cat, ids[2], 20000) == 0, "%s", catalog_error(cat));
	ck_assert_int_eq(catalog_line_times(cat, episode, 0, 3, lt), 3);
	ck_assert_int_gt(lt[2].end_ms, 20000);
	expect(3, late, lt[2].end_ms, st2);
	ck_assert_int_eq(catalog_line_stamp(cat, 999999, 0), -1);
	ck_assert_int_eq(catalog_line_stamp(cat, ids[0], -5), -1);
}
END_TEST

/* Changes the stored episode's title behind the catalog's back, as a feed's edit would. */
static void
episode_retitle(const char *title)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "UPDATE episode SET title = ? WHERE id = ?",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, episode);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	/* The feed differs from what is stored, as if its bytes had changed. */
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE podcast SET feed_digest = NULL",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

START_TEST(test_reimport_keeps_stamps)
{
	struct catalog_import_report r;
	struct catalog_line_time lt[3];
	char *feed = test_data_path("assets/demo/feed.xml");
	int n = catalog_line_count(cat, episode);
	int64_t t;

	ck_assert_int_gt(n, 3);
	ck_assert_int_eq(catalog_line_times(cat, episode, 0, 3, lt), 3);
	t = lt[1].start_ms + 700;
	ck_assert_msg(catalog_line_stamp(cat, lt[1].id, t) == 0, "%s", catalog_error(cat));
	/*
	 * Importing the feed again (a refresh) keeps a transcript a person worked
	 * on, also when the episode changed and is written again.
	 */
	episode_retitle("Edited by the publisher");
	memset(&r, 0, sizeof r);
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	ck_assert_int_eq(r.episodes_updated, 1);
	ck_assert_int_eq(r.episodes_unchanged, 3);
	catalog_import_report_clear(&r);
	free(feed);
	ck_assert_int_eq(catalog_line_count(cat, episode), n);
	ck_assert_int_eq(catalog_line_stamped_count(cat, episode), 1);
	ck_assert_int_eq(catalog_line_times(cat, episode, 0, 3, lt), 3);
	ck_assert_int_eq(lt[1].stamped, 1);
	ck_assert_int_eq(lt[1].start_ms, t);
	/* Unstamped, the next import that writes the episode brings the publisher's back. */
	ck_assert_int_eq(catalog_line_unstamp(cat, lt[1].id, -1), 0);
	episode_retitle("Edited again");
	memset(&r, 0, sizeof r);
	feed = test_data_path("assets/demo/feed.xml");
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	ck_assert_int_eq(r.episodes_updated, 1);
	catalog_import_report_clear(&r);
	free(feed);
	ck_assert_int_eq(catalog_line_times(cat, episode, 0, 3, lt), 3);
	ck_assert_int_eq(lt[1].start_ms, t - 700);
}
END_TEST

/* Times placed on the audio (earmark align) are kept by an import that writes the episode again. */
START_TEST(test_reimport_keeps_aligned)
{
	struct catalog_import_report r;
	struct catalog_line_time lt[3];
	int64_t lid[3], start[3], end[3];
	char *feed, *kind = NULL;
	int i;

	ck_assert_int_eq(catalog_line_times(cat, episode, 0, 3, lt), 3);
	for (i = 0; i < 3; i++) {
		lid[i] = lt[i].id;
		start[i] = lt[i].start_ms + 250;
		end[i] = (i < 2 ? lt[i + 1].start_ms : lt[i].start_ms + 1000) + 250;
	}
	ck_assert_msg(catalog_transcript_set_times(cat, episode, lid, start, end, 3,
	    "aligned") == 0, "%s", catalog_error(cat));
	episode_retitle("Edited by the publisher");
	memset(&r, 0, sizeof r);
	feed = test_data_path("assets/demo/feed.xml");
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	ck_assert_int_eq(r.episodes_updated, 1);
	catalog_import_report_clear(&r);
	free(feed);
	ck_assert_int_eq(catalog_transcript_kind(cat, episode, &kind), 0);
	ck_assert_str_eq(kind, "aligned");
	free(kind);
	ck_assert_int_eq(catalog_line_times(cat, episode, 0, 3, lt), 3);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(lt[i].start_ms, start[i]);
}
END_TEST

static Suite *
lines_suite(void)
{
	Suite *s = suite_create("lines");
	TCase *tc = tcase_create("stamps");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_estimated_by_length);
	tcase_add_test(tc, test_timed_by_span);
	tcase_add_test(tc, test_head_and_tail);
	tcase_add_test(tc, test_reimport_keeps_stamps);
	tcase_add_test(tc, test_reimport_keeps_aligned);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return (test_suite_run(lines_suite(), CK_FORK_GETENV));
}
