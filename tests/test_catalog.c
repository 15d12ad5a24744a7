#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "testdb.h"
#include "testutil.h"

static char		*tmpdir;
static struct catalog	*cat;
static int64_t		 podcast;

static void
import_basic(struct catalog_import_report *r)
{
	char	*feed = test_data_path("tests/data/feeds/basic.xml");

	ck_assert_msg(catalog_import_feed(cat, feed, r) == 0, "%s", catalog_error(cat));
	free(feed);
}

/* A fresh catalog holding the basic test feed. */
static void
setup_basic(void)
{
	struct catalog_import_report	 r;
	char				*path, *err = NULL;

	tmpdir = test_tmpdir_new();
	path = xasprintf("%s/catalog.db", tmpdir);
	ck_assert_msg(catalog_open(path, &cat, &err) == 0, "%s", err);
	free(path);
	import_basic(&r);
	podcast = r.podcast_id;
	catalog_import_report_clear(&r);
}

static void
teardown_basic(void)
{
	catalog_free(cat);
	cat = NULL;
	test_tmpdir_free(tmpdir);
	tmpdir = NULL;
}

static int64_t
episode(const char *guid)
{
	int64_t	id = catalog_episode_find_guid(cat, podcast, guid);

	ck_assert_msg(id > 0, "no episode %s", guid);
	return (id);
}

START_TEST(test_open_creates)
{
	struct catalog	*c;
	struct stat	 st;
	char		*dir, *path, *err = NULL, *mode;

	dir = test_tmpdir_new();
	path = xasprintf("%s/a/b/c/catalog.db", dir);
	ck_assert_msg(catalog_open(path, &c, &err) == 0, "%s", err);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(catalog_schema_version(c), 6);
	ck_assert_int_eq(catalog_podcast_count(c), 0);
	ck_assert_int_eq(catalog_episode_count(c, 0), 0);
	mode = test_sql_one(path, "PRAGMA journal_mode");
	ck_assert_str_eq(mode, "wal");
	free(mode);
	catalog_free(c);

	/* Opening again changes nothing. */
	ck_assert_msg(catalog_open(path, &c, &err) == 0, "%s", err);
	ck_assert_int_eq(catalog_schema_version(c), 6);
	ck_assert_int_eq(catalog_podcast_count(c), 0);
	catalog_free(c);
	mode = test_sql_one(path, "SELECT count(*) FROM sqlite_master WHERE name = 'line_fts'");
	ck_assert_str_eq(mode, "1");
	free(mode);
	free(path);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_open_future)
{
	struct catalog	*c = NULL;
	char		*dir, *path, *err = NULL, *v;

	dir = test_tmpdir_new();
	path = xasprintf("%s/catalog.db", dir);
	v = test_sql_one(path, "PRAGMA user_version = 99");
	free(v);
	ck_assert_int_eq(catalog_open(path, &c, &err), -1);
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, "newer") != NULL, "%s", err);
	free(err);
	v = test_sql_one(path, "PRAGMA user_version");
	ck_assert_str_eq(v, "99");
	free(v);
	free(path);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_open_bad)
{
	struct catalog	*c = NULL;
	char		*dir, *path, *err = NULL;

	dir = test_tmpdir_new();
	path = xasprintf("%s/junk.db", dir);
	test_write_file(path, "this is not a database, not at all, no.......", 46);
	ck_assert_int_eq(catalog_open(path, &c, &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	free(path);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_reopen_keeps)
{
	char	*path, *err = NULL;

	path = xasprintf("%s/catalog.db", tmpdir);
	catalog_free(cat);
	ck_assert_msg(catalog_open(path, &cat, &err) == 0, "%s", err);
	ck_assert_int_eq(catalog_podcast_count(cat), 1);
	ck_assert_int_eq(catalog_episode_count(cat, podcast), 5);
	free(path);
}
END_TEST

START_TEST(test_podcasts)
{
	struct catalog_podcast	p[4];
	char			*feed, *real;

	ck_assert_int_eq(catalog_podcasts(cat, 0, 4, p), 1);
	ck_assert_int_eq(p[0].id, podcast);
	ck_assert_str_eq(p[0].title, "Test Cast");
	ck_assert_str_eq(p[0].author, "Tess Ter");
	ck_assert_int_eq(p[0].episodes, 5);
	feed = test_data_path("tests/data/feeds/basic.xml");
	real = realpath(feed, NULL);
	ck_assert_str_eq(p[0].feed, real);
	catalog_podcast_clear(&p[0]);
	ck_assert_int_eq(catalog_podcasts(cat, 1, 4, p), 0);
	free(real);
	free(feed);
}
END_TEST

START_TEST(test_episode_pages)
{
	static const char *const order[] = {
		"Best of", "Bad scheme", "Second", "First words", "Webcam"
	};
	struct catalog_episode	e[2];
	int			off, n, i, seen = 0;

	ck_assert_int_eq(catalog_episode_count(cat, podcast), 5);
	ck_assert_int_eq(catalog_episode_count(cat, podcast + 1), 0);
	for (off = 0; off < 6; off += 2) {
		n = catalog_episodes(cat, podcast, off, 2, e);
		ck_assert_int_eq(n, off < 4 ? 2 : 1);
		for (i = 0; i < n; i++) {
			ck_assert_str_eq(e[i].title, order[off + i]);
			ck_assert_int_eq(e[i].podcast_id, podcast);
			catalog_episode_clear(&e[i]);
			seen++;
		}
	}
	ck_assert_int_eq(seen, 5);
	ck_assert_int_eq(catalog_episodes(cat, podcast, 10, 2, e), 0);
	ck_assert_int_eq(catalog_episodes(cat, podcast, -1, 2, e), -1);
}
END_TEST

START_TEST(test_episode_get)
{
	struct catalog_episode	 e;
	char			*dir, *real, *want;

	ck_assert_int_eq(catalog_episode_get(cat, episode("t-ep1"), &e), 0);
	ck_assert_str_eq(e.guid, "t-ep1");
	ck_assert_str_eq(e.title, "First words");
	ck_assert_int_eq(e.number, 1);
	ck_assert_int_eq(e.published, 1772445600);
	ck_assert_int_eq(e.duration_ms, 90000);
	ck_assert_str_eq(e.description, "<p>One &amp; only</p>");
	ck_assert_int_eq(e.lines, 3);
	ck_assert_int_eq(e.clips, 3);
	ck_assert_int_eq(e.resume_ms, 0);
	dir = test_data_path("tests/data/feeds");
	real = realpath(dir, NULL);
	want = xasprintf("%s/audio/ep1.opus", real);
	ck_assert_str_eq(e.audio, want);
	catalog_episode_clear(&e);
	free(want);
	free(real);
	free(dir);

	ck_assert_int_eq(catalog_episode_get(cat, 9999, &e), -1);
	ck_assert_ptr_nonnull(strstr(catalog_error(cat), "9999"));
	ck_assert_int_eq(catalog_episode_find_guid(cat, podcast, "nope"), 0);
}
END_TEST

START_TEST(test_import_clips)
{
	struct catalog_clip	k[8];
	int64_t			ep1 = episode("t-ep1"), ep2 = episode("t-ep2");
	int			n, i;

	n = catalog_clips(cat, episode("t-ep3"), 0, 8, k);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(k[0].kind, CLIP_CHAPTER);
	ck_assert_str_eq(k[0].title, "Intro");
	ck_assert_int_eq(k[0].start_ms, 0);
	ck_assert_int_eq(k[0].end_ms, 5000);
	ck_assert_int_eq(k[1].kind, CLIP_SOUNDBITE);
	ck_assert_int_eq(k[1].start_ms, 1000);
	ck_assert_int_eq(k[1].end_ms, 3000);
	ck_assert_int_eq(k[2].kind, CLIP_SEGMENT);
	ck_assert_str_eq(k[2].title, "From the first");
	ck_assert_int_eq(k[2].start_ms, 5000);
	ck_assert_int_eq(k[2].end_ms, 10500);
	ck_assert_int_eq(k[2].source_episode_id, ep1);
	ck_assert_int_eq(k[2].source_start_ms, 2500);
	ck_assert_int_eq(k[3].kind, CLIP_SEGMENT);
	ck_assert_int_eq(k[3].end_ms, 20000);
	ck_assert_int_eq(k[3].source_episode_id, ep2);
	ck_assert_int_eq(k[3].source_start_ms, 60000);
	ck_assert_int_eq(k[4].kind, CLIP_CHAPTER);
	ck_assert_str_eq(k[4].title, "Elsewhere");
	ck_assert_int_eq(k[4].source_episode_id, 0);
	ck_assert_int_eq(k[4].end_ms, 60500);
	for (i = 0; i < n; i++)
		catalog_clip_clear(&k[i]);

	n = catalog_clips(cat, ep1, 0, 8, k);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(k[0].title, "Start");
	ck_assert_int_eq(k[0].end_ms, 4000);
	ck_assert_str_eq(k[1].title, "Listening closely");
	ck_assert_int_eq(k[1].kind, CLIP_SOUNDBITE);
	ck_assert_int_eq(k[1].end_ms, 5500);
	ck_assert_str_eq(k[2].title, "Middle");
	ck_assert_int_eq(k[2].end_ms, 90000);
	for (i = 0; i < n; i++)
		catalog_clip_clear(&k[i]);
}
END_TEST

START_TEST(test_clip_add_get_delete)
{
	struct catalog_clip	k, got;
	int64_t			ep1 = episode("t-ep1"), id;

	memset(&k, 0, sizeof k);
	k.episode_id = ep1;
	k.kind = CLIP_BOOKMARK;
	k.start_ms = 3000;
	k.end_ms = 4500;
	k.title = xstrdup("Mine");
	id = catalog_clip_add(cat, &k);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(catalog_clip_count(cat, ep1), 4);
	ck_assert_int_eq(catalog_clip_get(cat, id, &got), 0);
	ck_assert_int_eq(got.id, id);
	ck_assert_int_eq(got.episode_id, ep1);
	ck_assert_int_eq(got.kind, CLIP_BOOKMARK);
	ck_assert_int_eq(got.start_ms, 3000);
	ck_assert_int_eq(got.end_ms, 4500);
	ck_assert_str_eq(got.title, "Mine");
	ck_assert_int_gt(got.created, 0);
	catalog_clip_clear(&got);

	ck_assert_int_eq(catalog_clip_delete(cat, id), 0);
	ck_assert_int_eq(catalog_clip_count(cat, ep1), 3);
	ck_assert_int_eq(catalog_clip_get(cat, id, &got), -1);
	ck_assert_int_eq(catalog_clip_delete(cat, id), -1);

	k.episode_id = 9999;
	ck_assert_int_eq(catalog_clip_add(cat, &k), -1);
	k.episode_id = ep1;
	k.end_ms = 1000;
	ck_assert_int_eq(catalog_clip_add(cat, &k), -1);
	k.end_ms = 4500;
	k.kind = CLIP_KIND_COUNT;
	ck_assert_int_eq(catalog_clip_add(cat, &k), -1);
	catalog_clip_clear(&k);
	ck_assert_int_eq(catalog_clip_count(cat, ep1), 3);

	ck_assert_str_eq(catalog_clip_kind_name(CLIP_CHAPTER), "chapter");
	ck_assert_str_eq(catalog_clip_kind_name(CLIP_SOUNDBITE), "soundbite");
	ck_assert_str_eq(catalog_clip_kind_name(CLIP_SEGMENT), "segment");
	ck_assert_str_eq(catalog_clip_kind_name(CLIP_BOOKMARK), "bookmark");
}
END_TEST

START_TEST(test_reimport_keeps_bookmarks)
{
	struct catalog_import_report	r;
	struct catalog_clip		k, got;
	struct catalog_episode		e;
	int64_t				ep1 = episode("t-ep1"), id;

	memset(&k, 0, sizeof k);
	k.episode_id = ep1;
	k.kind = CLIP_BOOKMARK;
	k.start_ms = 6000;
	k.end_ms = 7000;
	id = catalog_clip_add(cat, &k);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(catalog_resume_set(cat, ep1, 4242), 0);

	import_basic(&r);
	ck_assert_int_eq(r.podcast_id, podcast);
	ck_assert_int_eq(r.episodes_added, 0);
	/* The item whose chapters file is missing is tried again; the rest are kept. */
	ck_assert_int_eq(r.episodes_updated, 1);
	ck_assert_int_eq(r.episodes_unchanged, 4);
	ck_assert_int_eq(r.lines, 0);
	catalog_import_report_clear(&r);

	ck_assert_int_eq(catalog_podcast_count(cat), 1);
	ck_assert_int_eq(catalog_episode_count(cat, podcast), 5);
	ck_assert_int_eq(episode("t-ep1"), ep1);
	ck_assert_int_eq(catalog_clip_get(cat, id, &got), 0);
	ck_assert_int_eq(got.kind, CLIP_BOOKMARK);
	ck_assert_int_eq(got.start_ms, 6000);
	catalog_clip_clear(&got);
	ck_assert_int_eq(catalog_clip_count(cat, ep1), 4);
	ck_assert_int_eq(catalog_line_count(cat, ep1), 3);
	ck_assert_int_eq(catalog_clip_count(cat, episode("t-ep3")), 5);
	ck_assert_int_eq(catalog_episode_get(cat, ep1, &e), 0);
	ck_assert_int_eq(e.resume_ms, 4242);
	catalog_episode_clear(&e);
}
END_TEST

/* Writes a feed of three items into dir/feed.xml; title2 names the second. */
static char *
write_small_feed(const char *dir, const char *title2, const char *vtt, int more)
{
	char	*path = xasprintf("%s/feed.xml", dir);
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "<rss><channel><title>Small</title>"
	    "<item><guid>s1</guid><title>One</title>"
	    "<enclosure url=\"https://example.org/1.mp3\" type=\"audio/mpeg\"/>"
	    "<podcast:transcript url=\"%s\" type=\"text/vtt\"/></item>"
	    "<item><guid>s2</guid><title>%s</title>"
	    "<enclosure url=\"https://example.org/2.mp3\" type=\"audio/mpeg\"/></item>"
	    "<item><guid>s3</guid><title>Three</title><pubDate>Mon, 02 Mar 2026 "
	    "10:00:00 GMT</pubDate><podcast:soundbite startTime=\"1\" duration=\"2\">"
	    "Bite</podcast:soundbite>"
	    "<enclosure url=\"https://example.org/3.mp3\" type=\"audio/mpeg\"/></item>"
	    "%s</channel></rss>", vtt, title2, more ?
	    "<item><guid>s4</guid><title>Four</title></item>" : "");
	fclose(f);
	return (path);
}

static void
write_vtt(const char *dir, const char *name, int cues)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*f = fopen(path, "w");
	int	 i;

	ck_assert_ptr_nonnull(f);
	fputs("WEBVTT\n\n", f);
	for (i = 0; i < cues; i++)
		fprintf(f, "00:00:%02d.000 --> 00:00:%02d.500\nCue %d\n\n", i, i, i);
	fclose(f);
	free(path);
}

START_TEST(test_reimport_changed_only)
{
	struct catalog_import_report	 r;
	struct catalog_episode		 e;
	char				*dir = test_tmpdir_new(), *feed;
	int64_t				 s1, s2, pid;

	write_vtt(dir, "a.vtt", 3);
	write_vtt(dir, "b.vtt", 5);
	feed = write_small_feed(dir, "Two", "a.vtt", 0);
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	ck_assert_int_eq(r.episodes_added, 3);
	ck_assert_int_eq(r.lines, 3);
	ck_assert_int_eq(r.clips, 1);
	pid = r.podcast_id;
	catalog_import_report_clear(&r);
	free(feed);

	feed = write_small_feed(dir, "Two", "a.vtt", 0);
	ck_assert_int_eq(catalog_import_feed(cat, feed, &r), 0);
	ck_assert_int_eq(r.episodes_added, 0);
	ck_assert_int_eq(r.episodes_updated, 0);
	ck_assert_int_eq(r.episodes_unchanged, 3);
	ck_assert_int_eq(r.lines, 0);
	ck_assert_int_eq(r.clips, 0);
	catalog_import_report_clear(&r);
	free(feed);
	s1 = catalog_episode_find_guid(cat, pid, "s1");
	s2 = catalog_episode_find_guid(cat, pid, "s2");
	ck_assert_int_eq(catalog_line_count(cat, s1), 3);
	ck_assert_int_eq(catalog_clip_count(cat, catalog_episode_find_guid(cat, pid, "s3")), 1);

	/* A new title, a new transcript and a new item: only those are written. */
	feed = write_small_feed(dir, "Two, again", "b.vtt", 1);
	ck_assert_int_eq(catalog_import_feed(cat, feed, &r), 0);
	ck_assert_int_eq(r.episodes_added, 1);
	ck_assert_int_eq(r.episodes_updated, 2);
	ck_assert_int_eq(r.episodes_unchanged, 1);
	ck_assert_int_eq(r.lines, 5);
	catalog_import_report_clear(&r);
	free(feed);
	ck_assert_int_eq(catalog_line_count(cat, s1), 5);
	ck_assert_int_eq(catalog_episode_get(cat, s2, &e), 0);
	ck_assert_str_eq(e.title, "Two, again");
	catalog_episode_clear(&e);
	ck_assert_int_eq(catalog_clip_count(cat, catalog_episode_find_guid(cat, pid, "s3")), 1);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_resume)
{
	struct catalog_episode	e;
	int64_t			ep2 = episode("t-ep2");

	ck_assert_int_eq(catalog_resume_set(cat, ep2, 1234), 0);
	ck_assert_int_eq(catalog_episode_get(cat, ep2, &e), 0);
	ck_assert_int_eq(e.resume_ms, 1234);
	catalog_episode_clear(&e);
	ck_assert_int_eq(catalog_resume_set(cat, ep2, 98765), 0);
	ck_assert_int_eq(catalog_episode_get(cat, ep2, &e), 0);
	ck_assert_int_eq(e.resume_ms, 98765);
	catalog_episode_clear(&e);

	/* Begun and not finished: "Continue listening". */
	ck_assert_int_eq(catalog_episode_count(cat, CATALOG_CONTINUE), 1);
	ck_assert_int_eq(catalog_episodes(cat, CATALOG_CONTINUE, 0, 1, &e), 1);
	ck_assert_int_eq(e.id, ep2);
	ck_assert_int_eq(e.resume_ms, 98765);
	catalog_episode_clear(&e);
	ck_assert_int_eq(catalog_episode_set_played(cat, ep2, 1), 0);
	ck_assert_int_eq(catalog_episode_count(cat, CATALOG_CONTINUE), 0);
	ck_assert_int_eq(catalog_episodes(cat, CATALOG_CONTINUE, 0, 1, &e), 0);
	ck_assert_int_eq(catalog_episode_set_played(cat, ep2, 0), 0);
	ck_assert_int_eq(catalog_episode_count(cat, 0), catalog_episode_count(cat, podcast));
	ck_assert_int_eq(catalog_resume_set(cat, ep2, 0), 0);
	ck_assert_int_eq(catalog_episode_get(cat, ep2, &e), 0);
	ck_assert_int_eq(e.resume_ms, 0);
	catalog_episode_clear(&e);
	ck_assert_int_eq(catalog_episode_count(cat, CATALOG_CONTINUE), 0);
	ck_assert_int_eq(catalog_resume_set(cat, 9999, 10), -1);
}
END_TEST

START_TEST(test_lines)
{
	struct catalog_line	l[4];
	int64_t			ep1 = episode("t-ep1");
	int			n, i;

	ck_assert_int_eq(catalog_line_count(cat, ep1), 3);
	n = catalog_lines(cat, ep1, 0, 4, l);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(l[0].start_ms, 1000);
	ck_assert_int_eq(l[0].end_ms, 3000);
	ck_assert_str_eq(l[0].speaker, "Ada");
	ck_assert_str_eq(l[0].text, "Hello and welcome, we listen closely.");
	ck_assert_str_eq(l[1].speaker, "Ben");
	ck_assert_ptr_null(l[2].speaker);
	for (i = 0; i < n; i++)
		catalog_line_clear(&l[i]);
	ck_assert_int_eq(catalog_lines(cat, ep1, 2, 4, l), 1);
	ck_assert_int_eq(l[0].start_ms, 7000);
	catalog_line_clear(&l[0]);
}
END_TEST

START_TEST(test_line_index_at)
{
	static const struct {
		int64_t	t;
		int	want;
	} at[] = {
		{ -5, -1 }, { 0, -1 }, { 999, -1 }, { 1000, 0 }, { 2000, 0 },
		{ 3000, 0 }, { 4999, 0 }, { 5000, 1 }, { 6999, 1 }, { 7000, 2 },
		{ 9500, 2 }, { 1000000, 2 },
	};
	struct catalog_line	l[3];
	int64_t			starts[3], ep1 = episode("t-ep1");
	size_t			i;

	ck_assert_int_eq(catalog_lines(cat, ep1, 0, 3, l), 3);
	for (i = 0; i < 3; i++) {
		starts[i] = l[i].start_ms;
		catalog_line_clear(&l[i]);
	}
	for (i = 0; i < sizeof at / sizeof at[0]; i++) {
		ck_assert_msg(catalog_line_index_at(cat, ep1, at[i].t) == at[i].want,
		    "at %lld", (long long)at[i].t);
		ck_assert_int_eq(transcript_index_at(starts, 3, at[i].t), at[i].want);
	}
	ck_assert_int_eq(catalog_line_index_at(cat, episode("t-ep2"), 5000), -1);
}
END_TEST

/* Runs a search expected to succeed, returning the hit count. */
static int
search(const char *q, struct catalog_hit *h, int limit)
{
	int	n = catalog_search(cat, q, 0, limit, h);

	ck_assert_msg(n >= 0, "search '%s': %s", q, catalog_error(cat));
	return (n);
}

static void
hits_clear(struct catalog_hit *h, int n)
{
	while (n > 0)
		catalog_hit_clear(&h[--n]);
}

START_TEST(test_search)
{
	struct catalog_hit	h[8];
	int			n;

	n = search("world", h, 8);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(h[0].episode_id, episode("t-ep1"));
	ck_assert_int_eq(h[0].start_ms, 5000);
	ck_assert_int_gt(h[0].line_id, 0);
	ck_assert_str_eq(h[0].podcast_title, "Test Cast");
	ck_assert_str_eq(h[0].episode_title, "First words");
	ck_assert_msg(strstr(h[0].snippet, "[world]") != NULL, "%s", h[0].snippet);
	hits_clear(h, n);

	/* Two lines and the title "First words". */
	n = search("wor*", h, 8);
	ck_assert_int_eq(n, 3);
	hits_clear(h, n);
	ck_assert_int_eq(catalog_search(cat, "wor*", 1, 8, h), 2);
	hits_clear(h, 2);

	/* Stemming: listening and listen are one word (two lines, a soundbite). */
	n = search("listening", h, 8);
	ck_assert_int_eq(n, 3);
	hits_clear(h, n);
	n = search("listen", h, 8);
	ck_assert_int_eq(n, 3);
	hits_clear(h, n);

	n = search("cafe", h, 8);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(h[0].start_ms, 7000);
	hits_clear(h, n);

	ck_assert_int_eq(search("nothinghere", h, 8), 0);
	ck_assert_int_eq(search("", h, 8), 0);
	ck_assert_int_eq(search("   ", h, 8), 0);
}
END_TEST

START_TEST(test_search_malformed)
{
	static const char *const bad[] = {
		"don't", "a\"b", "(", ")", "\"", "*", "AND", "world OR", "NEAR(",
		"hello -", "col:world", "^", "wor* (", "welcome'",
	};
	struct catalog_hit	h[8];
	size_t			i;
	int			n;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = search(bad[i], h, 8);
		hits_clear(h, n);
	}
	/* Quoted retry still finds the words. */
	n = search("welcome'", h, 8);
	ck_assert_int_eq(n, 1);
	hits_clear(h, n);
	n = search("(world", h, 8);
	ck_assert_int_eq(n, 1);
	hits_clear(h, n);
}
END_TEST

static Suite *
catalog_suite(void)
{
	Suite	*s = suite_create("catalog");
	TCase	*tc;

	tc = tcase_create("open");
	tcase_add_test(tc, test_open_creates);
	tcase_add_test(tc, test_open_future);
	tcase_add_test(tc, test_open_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("data");
	tcase_add_checked_fixture(tc, setup_basic, teardown_basic);
	tcase_add_test(tc, test_reopen_keeps);
	tcase_add_test(tc, test_podcasts);
	tcase_add_test(tc, test_episode_pages);
	tcase_add_test(tc, test_episode_get);
	tcase_add_test(tc, test_import_clips);
	tcase_add_test(tc, test_clip_add_get_delete);
	tcase_add_test(tc, test_reimport_keeps_bookmarks);
	tcase_add_test(tc, test_reimport_changed_only);
	tcase_add_test(tc, test_resume);
	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_line_index_at);
	tcase_add_test(tc, test_search);
	tcase_add_test(tc, test_search_malformed);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (test_suite_run(catalog_suite(), CK_FORK_GETENV));
}
