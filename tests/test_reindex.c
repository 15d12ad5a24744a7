#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "testutil.h"

/*
 * An import indexes what it adds for search at its end, in one statement
 * (schema 6, catalog/ftshold.c), and does not read a feed again whose bytes
 * are those of its last import (catalog/digest.c). These tests check the
 * index against the tables with FTS5's own integrity check and by searching,
 * and that a feed is read again whenever reading it could give more.
 */

static char		*tmpdir;
static char		*dbpath;
static struct catalog	*cat;

static void
setup(void)
{
	char	*err = NULL;

	tmpdir = test_tmpdir_new();
	dbpath = xasprintf("%s/catalog.db", tmpdir);
	ck_assert_msg(catalog_open(dbpath, &cat, &err) == 0, "%s", err);
}

static void
teardown(void)
{
	catalog_free(cat);
	free(dbpath);
	test_tmpdir_free(tmpdir);
}

/* Runs SQL on a second connection to the catalog's file; returns the first column of its last row. */
static int64_t
raw(const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	const char	*tail = sql;
	int64_t		 v = -1;
	int		 rc;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	while (tail != NULL && *tail != '\0') {
		rc = sqlite3_prepare_v2(db, tail, -1, &stmt, &tail);
		ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
		if (stmt == NULL)
			break;
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			v = sqlite3_column_int64(stmt, 0);
		ck_assert_msg(rc == SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return (v);
}

/* FTS5's check of both indexes against their tables (rank 1: the content too). */
static void
check_indexes(void)
{
	raw("INSERT INTO episode_fts (episode_fts, rank) VALUES ('integrity-check', 1);"
	    "INSERT INTO line_fts (line_fts, rank) VALUES ('integrity-check', 1)");
	ck_assert_int_eq(raw("SELECT count(*) FROM fts_hold"), 0);
}

/* How many hits of kind (0 lines, 1 episodes) the query finds. */
static int
hits(const char *query, int kind)
{
	struct catalog_hit	h[20];
	int			n, i, k = 0;

	n = catalog_search(cat, query, 0, 20, h);
	ck_assert_msg(n >= 0, "%s: %s", query, catalog_error(cat));
	for (i = 0; i < n; i++) {
		if (h[i].kind == kind)
			k++;
		catalog_hit_clear(&h[i]);
	}
	return (k);
}

static void
write_file(const char *name, const char *text)
{
	char	*path = xasprintf("%s/%s", tmpdir, name);
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
}

/* A feed of n items; item i is titled "<word> i" and item 1 names t1.vtt. */
static char *
write_feed(const char *word, int n, const char *tail)
{
	char	*path = xasprintf("%s/feed.xml", tmpdir);
	FILE	*f = fopen(path, "w");
	int	 i;

	ck_assert_ptr_nonnull(f);
	fputs("<rss xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">"
	    "<channel><title>Indexed</title>", f);
	for (i = 1; i <= n; i++)
		fprintf(f, "<item><guid>g%d</guid><title>%s %d</title>"
		    "<description>about marmalade number %d</description>"
		    "<enclosure url=\"https://example.org/%d.mp3\" type=\"audio/mpeg\"/>"
		    "%s</item>", i, word, i, i, i, i == 1 ?
		    "<podcast:transcript url=\"t1.vtt\" type=\"text/vtt\"/>" : "");
	fprintf(f, "</channel></rss>%s", tail);
	ck_assert_int_eq(fclose(f), 0);
	return (path);
}

static void
import(const char *feed, struct catalog_import_report *r)
{
	ck_assert_msg(catalog_import_feed(cat, feed, r) == 0, "%s", catalog_error(cat));
}

START_TEST(test_import_indexed)
{
	struct catalog_import_report	 r;
	char				*feed;

	write_file("t1.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nzebras gallop\n\n"
	    "00:02.000 --> 00:04.000\nquietly home\n");
	feed = write_feed("Walrus", 40, "");
	import(feed, &r);
	ck_assert_int_eq(r.episodes_added, 40);
	ck_assert_int_eq(r.lines, 2);
	catalog_import_report_clear(&r);
	check_indexes();
	ck_assert_int_eq(hits("zebras", 0), 1);
	ck_assert_int_eq(hits("walrus", 1), 20);
	ck_assert_int_eq(hits("marmalade", 1), 20);
	ck_assert_int_eq(raw("SELECT count(*) FROM episode_fts WHERE episode_fts "
	    "MATCH 'walrus'"), 40);

	/* New titles, a new transcript and more items: old words go, new ones come. */
	write_file("t1.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nantelopes rest\n");
	free(feed);
	feed = write_feed("Narwhal", 45, "");
	import(feed, &r);
	ck_assert_int_eq(r.episodes_added, 5);
	ck_assert_int_eq(r.episodes_updated, 40);
	catalog_import_report_clear(&r);
	check_indexes();
	ck_assert_int_eq(hits("zebras", 0), 0);
	ck_assert_int_eq(hits("antelopes", 0), 1);
	ck_assert_int_eq(hits("walrus", 1), 0);
	ck_assert_int_eq(raw("SELECT count(*) FROM episode_fts WHERE episode_fts "
	    "MATCH 'narwhal'"), 45);
	free(feed);
}
END_TEST

/* A transcript given by hand is indexed too, and replaces the old lines' entries. */
START_TEST(test_transcript_set_indexed)
{
	struct catalog_import_report	 r;
	struct transcript		 t;
	char				*feed, *err = NULL;
	int64_t				 ep;
	static const char		 vtt[] = "WEBVTT\n\n00:00.000 --> 00:01.000\n"
	    "capybaras swim\n\n00:01.000 --> 00:02.000\nand dive\n";

	write_file("t1.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nzebras gallop\n");
	feed = write_feed("Walrus", 2, "");
	import(feed, &r);
	ep = catalog_episode_find_guid(cat, r.podcast_id, "g1");
	catalog_import_report_clear(&r);
	memset(&t, 0, sizeof t);
	ck_assert_msg(vtt_parse(vtt, sizeof vtt - 1, &t, &err) == 0, "%s", err);
	ck_assert_msg(catalog_transcript_set(cat, ep, &t, "hand.vtt", "vtt", NULL) == 0,
	    "%s", catalog_error(cat));
	transcript_clear(&t);
	check_indexes();
	ck_assert_int_eq(hits("zebras", 0), 0);
	ck_assert_int_eq(hits("capybaras", 0), 1);
	ck_assert_int_eq(hits("dive", 0), 1);
	free(feed);
}
END_TEST

/*
 * A hold left in the file (by a program that wrote rows under it and
 * committed) is mended when the catalog is next opened.
 */
START_TEST(test_hold_recovered)
{
	char	*err = NULL;

	raw("INSERT INTO podcast (title, feed) VALUES ('P', 'x');"
	    "INSERT INTO episode (podcast_id, guid, title) VALUES (1, 'a', 'okapi one');"
	    "INSERT INTO fts_hold (tbl, watermark) SELECT 'episode', max(id) FROM episode;"
	    "INSERT INTO episode (podcast_id, guid, title) VALUES (1, 'b', 'okapi two')");
	ck_assert_int_eq(raw("SELECT count(*) FROM episode_fts WHERE episode_fts "
	    "MATCH 'okapi'"), 1);
	catalog_free(cat);
	ck_assert_msg(catalog_open(dbpath, &cat, &err) == 0, "%s", err);
	check_indexes();
	ck_assert_int_eq(raw("SELECT count(*) FROM episode_fts WHERE episode_fts "
	    "MATCH 'okapi'"), 2);
}
END_TEST

START_TEST(test_same_bytes_not_read)
{
	struct catalog_import_report	 r;
	char				*feed;

	write_file("t1.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nzebras gallop\n");
	feed = write_feed("Walrus", 3, "");
	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 0);
	ck_assert_int_eq(r.episodes_added, 3);
	catalog_import_report_clear(&r);

	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 1);
	ck_assert_int_eq(r.episodes_unchanged, 3);
	ck_assert_int_eq(r.episodes_added + r.episodes_updated, 0);
	ck_assert_str_eq(r.podcast_title, "Indexed");
	ck_assert_int_gt(r.podcast_id, 0);
	catalog_import_report_clear(&r);

	/* Other bytes, the same items: read, and every item found unchanged. */
	free(feed);
	feed = write_feed("Walrus", 3, "<!-- rebuilt -->\n");
	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 0);
	ck_assert_int_eq(r.episodes_unchanged, 3);
	catalog_import_report_clear(&r);
	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 1);
	catalog_import_report_clear(&r);

	/* Another preferred transcript language may pick other transcripts. */
	catalog_set_language(cat, "de");
	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 0);
	catalog_import_report_clear(&r);
	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 1);
	catalog_import_report_clear(&r);
	free(feed);
}
END_TEST

/* A file the feed names that could not be read makes the next import read the feed again. */
START_TEST(test_missing_file_read_again)
{
	struct catalog_import_report	 r;
	char				*feed;
	int64_t				 ep;

	feed = write_feed("Walrus", 2, "");
	import(feed, &r);
	ck_assert_int_eq(r.skipped, 1);
	ck_assert_int_eq(r.lines, 0);
	ep = catalog_episode_find_guid(cat, r.podcast_id, "g1");
	catalog_import_report_clear(&r);

	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 0);
	ck_assert_int_eq(r.skipped, 1);
	catalog_import_report_clear(&r);

	write_file("t1.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nzebras gallop\n");
	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 0);
	ck_assert_int_eq(r.skipped, 0);
	ck_assert_int_eq(r.lines, 1);
	catalog_import_report_clear(&r);
	ck_assert_int_eq(catalog_line_count(cat, ep), 1);
	ck_assert_int_eq(hits("zebras", 0), 1);

	import(feed, &r);
	ck_assert_int_eq(r.feed_unchanged, 1);
	catalog_import_report_clear(&r);
	check_indexes();
	free(feed);
}
END_TEST

/*
 * A transcript given by hand to an episode whose feed names none is kept
 * when the feed changes, also when the episode itself changes; when the feed
 * starts naming one, the feed's replaces it.
 */
START_TEST(test_hand_transcript_kept)
{
	struct catalog_import_report	 r;
	struct transcript		 t;
	char				*feed, *err = NULL;
	int64_t				 ep, pid;
	static const char		 vtt[] = "WEBVTT\n\n00:00.000 --> 00:01.000\n"
	    "pangolins curl up\n";

	feed = write_feed("Walrus", 3, "");
	import(feed, &r);
	pid = r.podcast_id;
	ep = catalog_episode_find_guid(cat, pid, "g2");
	catalog_import_report_clear(&r);
	memset(&t, 0, sizeof t);
	ck_assert_msg(vtt_parse(vtt, sizeof vtt - 1, &t, &err) == 0, "%s", err);
	ck_assert_int_eq(catalog_transcript_set(cat, ep, &t, "mine.vtt", "vtt", NULL), 0);
	transcript_clear(&t);

	free(feed);
	feed = write_feed("Walrus", 3, "<!-- rebuilt -->\n");
	import(feed, &r);
	/* Item 1's transcript is missing, so it is tried again. */
	ck_assert_int_eq(r.episodes_unchanged, 2);
	catalog_import_report_clear(&r);
	ck_assert_int_eq(catalog_line_count(cat, ep), 1);

	free(feed);
	feed = write_feed("Retitled", 3, "");
	import(feed, &r);
	ck_assert_int_eq(r.episodes_updated, 3);
	catalog_import_report_clear(&r);
	ck_assert_int_eq(catalog_line_count(cat, ep), 1);
	ck_assert_int_eq(hits("pangolins", 0), 1);
	check_indexes();

	/* Item 1 names t1.vtt; once it can be read, the feed's transcript is stored. */
	write_file("t1.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nzebras gallop\n");
	ep = catalog_episode_find_guid(cat, pid, "g1");
	import(feed, &r);
	catalog_import_report_clear(&r);
	ck_assert_int_eq(catalog_line_count(cat, ep), 1);
	ck_assert_int_eq(hits("zebras", 0), 1);
	free(feed);
}
END_TEST

static Suite *
reindex_suite(void)
{
	Suite	*s = suite_create("reindex");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_import_indexed);
	tcase_add_test(tc, test_transcript_set_indexed);
	tcase_add_test(tc, test_hold_recovered);
	tcase_add_test(tc, test_same_bytes_not_read);
	tcase_add_test(tc, test_missing_file_read_again);
	tcase_add_test(tc, test_hand_transcript_kept);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (test_suite_run(reindex_suite(), CK_FORK_GETENV));
}
