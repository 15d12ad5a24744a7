#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "testutil.h"

/* Parses a test feed from tests/data/feeds with a fixed base URL. */
static struct feed *
parse_feed(const char *name, const char *base)
{
	struct feed	*f = NULL;
	char		*rel, *path, *buf, *err = NULL;
	size_t		 len;
	int		 rc;

	rel = xasprintf("tests/data/feeds/%s", name);
	path = test_data_path(rel);
	free(rel);
	buf = test_read_file(path, &len);
	rc = feed_parse(buf, len, base, &f, &err);
	ck_assert_msg(rc == 0, "%s: %s", name, err != NULL ? err : "?");
	ck_assert_ptr_null(err);
	free(buf);
	free(path);
	return (f);
}

START_TEST(test_channel)
{
	struct feed	*f = parse_feed("basic.xml", "/data/feeds/basic.xml");

	ck_assert_str_eq(f->title, "Test Cast");
	ck_assert_str_eq(f->description, "A feed for tests.");
	ck_assert_str_eq(f->link, "https://example.org/test");
	ck_assert_str_eq(f->language, "en");
	ck_assert_str_eq(f->author, "Tess Ter");
	ck_assert_str_eq(f->guid, "0f1e2d3c-test-guid");
	ck_assert_str_eq(f->image, "/data/feeds/cover.jpg");
	ck_assert_uint_eq(f->n, 5);
	feed_free(f);
}
END_TEST

START_TEST(test_items)
{
	struct feed		*f = parse_feed("basic.xml", "/data/feeds/basic.xml");
	struct feed_item	*it;

	it = &f->items[0];
	ck_assert_str_eq(it->guid, "t-ep1");
	ck_assert_str_eq(it->title, "First words");
	ck_assert_str_eq(it->link, "https://example.org/test/1");
	ck_assert_str_eq(it->description, "<p>One &amp; only</p>");
	ck_assert_int_eq(it->number, 1);
	ck_assert_int_eq(it->published, 1772445600);
	ck_assert_int_eq(it->duration_ms, 90000);
	ck_assert_str_eq(it->enclosure_url, "/data/feeds/audio/ep1.opus");
	ck_assert_str_eq(it->enclosure_type, "audio/ogg");
	ck_assert_int_eq(it->enclosure_length, 1234);
	ck_assert_uint_eq(it->ntranscripts, 2);
	ck_assert_str_eq(it->transcripts[0].url, "/data/feeds/ep1.srt");
	ck_assert_str_eq(it->transcripts[0].type, "application/x-subrip");
	ck_assert_ptr_null(it->transcripts[0].language);
	ck_assert_str_eq(it->transcripts[1].url, "/data/feeds/ep1.vtt");
	ck_assert_str_eq(it->transcripts[1].type, "text/vtt");
	ck_assert_str_eq(it->transcripts[1].language, "en");
	ck_assert_str_eq(it->transcripts[1].rel, "captions");
	ck_assert_str_eq(it->chapters_url, "/data/feeds/ep1.chapters.json");
	ck_assert_str_eq(it->chapters_type, "application/json+chapters");
	ck_assert_uint_eq(it->nsoundbites, 1);
	ck_assert_int_eq(it->soundbites[0].start_ms, 2500);
	ck_assert_int_eq(it->soundbites[0].duration_ms, 3000);
	ck_assert_str_eq(it->soundbites[0].title, "Listening closely");

	it = &f->items[1];
	ck_assert_int_eq(it->published, 1773131400);
	ck_assert_int_eq(it->duration_ms, 3600000);
	ck_assert_int_eq(it->season, 1);
	ck_assert_str_eq(it->enclosure_url, "https://cdn.example.org/ep2.mp3");
	ck_assert_ptr_null(it->chapters_url);

	it = &f->items[2];
	ck_assert_int_eq(it->published, 1773853200);
	ck_assert_int_eq(it->duration_ms, 60500);
	ck_assert_int_eq(it->enclosure_length, 0);
	ck_assert_uint_eq(it->nsoundbites, 1);
	ck_assert_ptr_null(it->soundbites[0].title);
	ck_assert_ptr_nonnull(f->warnings);
	ck_assert_ptr_nonnull(strstr(f->warnings, "soundbite"));

	/* No guid: the enclosure stands in. */
	it = &f->items[3];
	ck_assert_str_eq(it->guid, "file:///etc/passwd");
	ck_assert_int_eq(it->published, 1773849600);
	ck_assert_int_eq(it->duration_ms, 0);
	it = &f->items[4];
	ck_assert_str_eq(it->guid, "v4l2:///dev/video0");
	ck_assert_int_eq(it->published, 1770015599);
	ck_assert_int_eq(it->duration_ms, 3723000);
	feed_free(f);
}
END_TEST

static const struct {
	const char	*s;
	int		 rc;
	int64_t		 t;
} dates[] = {
	{ "Mon, 02 Mar 2026 10:00:00 GMT", 0, 1772445600 },
	{ "Mon, 02 Mar 2026 11:00:00 +0100", 0, 1772445600 },
	{ "Mon, 02 Mar 2026 05:00:00 -0500", 0, 1772445600 },
	{ "Mon, 02 Mar 2026 05:00:00 EST", 0, 1772445600 },
	{ "Mon, 02 Mar 2026 06:00:00 EDT", 0, 1772445600 },
	{ "Mon, 02 Mar 2026 03:00:00 PDT", 0, 1772445600 },
	{ "Mon, 02 Mar 2026 02:00:00 PST", 0, 1772445600 },
	{ "2 Mar 2026 10:00:00 UT", 0, 1772445600 },
	{ "02 Mar 26 10:00 GMT", 0, 1772445600 },
	{ "  Monday, 2 March 2026 10:00:00 Z  ", 0, 1772445600 },
	{ "Fri, 31 Dec 99 23:59 +0000", 0, 946684740 },
	{ "Fri, 09 Oct 2020 04:30:38 GMT", 0, 1602217838 },
	{ "Mon, 02 Mar 2026 10:00:00", 0, 1772445600 },
	{ "", -1, 0 },
	{ "yesterday", -1, 0 },
	{ "2026-03-02T10:00:00Z", 0, 1772445600 },
	{ "2026-03-02T11:00:00+01:00", 0, 1772445600 },
	{ "2026-03-02T05:00:00.250-0500", 0, 1772445600 },
	{ "2026-03-02 10:00:00", 0, 1772445600 },
	{ "2026-03-02", 0, 1772409600 },
	{ "2026-13-02T10:00:00Z", -1, 0 },
	{ "2026-03-02T10:00:00Q", -1, 0 },
	{ "2026-03-02T10", -1, 0 },
	{ "Mon, 32 Mar 2026 10:00:00 GMT", -1, 0 },
	{ "Mon, 02 Foo 2026 10:00:00 GMT", -1, 0 },
	{ "Mon, 02 Mar 2026 25:00:00 GMT", -1, 0 },
	{ "Mon, 02 Mar 2026 10:00:00 GMT trailing", -1, 0 },
};

START_TEST(test_dates)
{
	int64_t	t = -42;
	int	rc;

	rc = feed_date_parse(dates[_i].s, strlen(dates[_i].s), &t);
	ck_assert_msg(rc == dates[_i].rc, "'%s': rc %d", dates[_i].s, rc);
	if (rc == 0)
		ck_assert_msg(t == dates[_i].t, "'%s': %lld", dates[_i].s, (long long)t);
}
END_TEST

static const struct {
	const char	*s;
	int		 rc;
	int64_t		 ms;
} times[] = {
	{ "45", 0, 45000 },
	{ "3600", 0, 3600000 },
	{ "1:30", 0, 90000 },
	{ "90:00", 0, 5400000 },
	{ "01:02:03", 0, 3723000 },
	{ "1:02:03.250", 0, 3723250 },
	{ "12.5", 0, 12500 },
	{ "12.3456", 0, 12345 },
	{ " 7 ", 0, 7000 },
	{ "", -1, 0 },
	{ "abc", -1, 0 },
	{ "-5", -1, 0 },
	{ "1:2:3:4", -1, 0 },
	{ "1:75", -1, 0 },
	{ "1:", -1, 0 },
	{ "12 minutes", -1, 0 },
};

START_TEST(test_times)
{
	int64_t	ms = -42;
	int	rc;

	rc = feed_time_parse(times[_i].s, strlen(times[_i].s), &ms);
	ck_assert_msg(rc == times[_i].rc, "'%s': rc %d", times[_i].s, rc);
	if (rc == 0)
		ck_assert_msg(ms == times[_i].ms, "'%s': %lld", times[_i].s, (long long)ms);
}
END_TEST

/* A length beyond the buffer's NUL must not be read past. */
START_TEST(test_time_no_nul)
{
	int64_t	ms;

	ck_assert_int_eq(feed_time_parse("1:30garbage", 4, &ms), 0);
	ck_assert_int_eq(ms, 90000);
	ck_assert_int_eq(feed_date_parse("02 Mar 26 10:00 GMTxx", 19, &ms), 0);
	ck_assert_int_eq(ms, 1772445600);
}
END_TEST

START_TEST(test_prefixes)
{
	struct feed		*f = parse_feed("prefixes.xml", "/data/feeds/prefixes.xml");
	struct feed_item	*it;

	ck_assert_str_eq(f->author, "Declared Author");
	ck_assert_str_eq(f->guid, "undeclared-guid");
	ck_assert_uint_eq(f->n, 2);
	ck_assert_str_eq(f->items[1].guid, "https://example.org/p2");
	it = &f->items[0];
	ck_assert_int_eq(it->duration_ms, 120000);
	ck_assert_int_eq(it->number, 7);
	ck_assert_str_eq(it->enclosure_url, "/data/audio/p1.mp3");
	ck_assert_uint_eq(it->ntranscripts, 1);
	ck_assert_str_eq(it->transcripts[0].url, "/data/feeds/p1.vtt");
	ck_assert_str_eq(it->transcripts[0].language, "fr");
	ck_assert_str_eq(it->chapters_url, "/data/feeds/p1.json");
	ck_assert_uint_eq(it->nsoundbites, 1);
	ck_assert_int_eq(it->soundbites[0].start_ms, 250);
	ck_assert_int_eq(it->soundbites[0].duration_ms, 1750);
	ck_assert_str_eq(it->soundbites[0].title, "Bite");
	feed_free(f);
}
END_TEST

START_TEST(test_podcastns_example)
{
	struct feed		*f;
	struct feed_item	*it;
	static const int64_t	 sb[3][2] = {
		{ 33833, 60000 }, { 45400, 56000 }, { 29320, 34000 }
	};
	size_t			 i;

	f = parse_feed("podcastns-example.xml", "/data/feeds/podcastns-example.xml");
	ck_assert_str_eq(f->title, "Podcasting 2.0 Namespace Example");
	ck_assert_str_eq(f->guid, "y0ur-gu1d-g035-h3r3");
	ck_assert_str_eq(f->image, "https://example.com/images/pci_avatar-massive.jpg");
	ck_assert_uint_eq(f->n, 3);
	for (i = 0; i < 3; i++) {
		it = &f->items[i];
		ck_assert_ptr_nonnull(it->chapters_url);
		ck_assert_str_eq(it->chapters_type, "application/json");
		ck_assert_uint_eq(it->nsoundbites, 1);
		ck_assert_int_eq(it->soundbites[0].start_ms, sb[i][0]);
		ck_assert_int_eq(it->soundbites[0].duration_ms, sb[i][1]);
		ck_assert_ptr_null(it->soundbites[0].title);
		ck_assert_uint_ge(it->ntranscripts, 1);
		ck_assert_str_eq(it->transcripts[0].type, "text/plain");
	}
	it = &f->items[0];
	ck_assert_str_eq(it->title, "Episode 3 - The Future");
	ck_assert_str_eq(it->guid, "https://example.com/ep0003");
	ck_assert_int_eq(it->published, 1602217838);
	ck_assert_str_eq(it->chapters_url, "https://example.com/ep3_chapters.json");
	ck_assert_str_eq(it->enclosure_url, "https://example.com/file-03.mp3");
	ck_assert_int_eq(it->enclosure_length, 43200000);
	ck_assert_uint_eq(it->ntranscripts, 2);
	ck_assert_str_eq(it->transcripts[0].url, "https://example.com/ep3/transcript.txt");
	ck_assert_str_eq(it->transcripts[1].url,
	    "https://example.com/episode1/transcript.vtt");
	ck_assert_str_eq(it->transcripts[1].type, "text/vtt");
	ck_assert_str_eq(it->transcripts[1].language, "es");
	ck_assert_str_eq(it->transcripts[1].rel, "captions");
	ck_assert_str_eq(f->items[2].title, "Episode 1 - The Past");
	feed_free(f);
}
END_TEST

START_TEST(test_entity_bomb)
{
	struct feed	*f = NULL;
	char		*path, *buf, *err = NULL;
	size_t		 len;
	time_t		 t0 = time(NULL);

	path = test_data_path("tests/data/feeds/bomb.xml");
	buf = test_read_file(path, &len);
	if (feed_parse(buf, len, NULL, &f, &err) == 0) {
		ck_assert_ptr_nonnull(f->title);
		ck_assert_msg(strlen(f->title) < 64, "title expanded: %zu bytes",
		    strlen(f->title));
		ck_assert_ptr_null(strstr(f->title, "lollol"));
		if (f->n > 0 && f->items[0].title != NULL)
			ck_assert_ptr_null(strstr(f->items[0].title, "lollol"));
	} else
		ck_assert_ptr_nonnull(err);
	ck_assert_int_le(time(NULL) - t0, 5);
	feed_free(f);
	free(err);
	free(buf);
	free(path);
}
END_TEST

START_TEST(test_external_entity)
{
	struct feed	*f = parse_feed("xxe.xml", NULL);

	ck_assert_str_eq(f->title, "XXE");
	ck_assert_uint_eq(f->n, 1);
	ck_assert_ptr_null(f->items[0].title);
	ck_assert_str_eq(f->items[0].description, "before  after");
	ck_assert_ptr_null(strstr(f->items[0].description, "root:"));
	feed_free(f);
}
END_TEST

START_TEST(test_refused)
{
	struct feed	*f = NULL;
	char		*err = NULL, *big;
	static const char *const bad[] = {
		"", "not xml at all", "<html><body/></html>", "<rss version=\"2.0\"/>"
	};
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(feed_parse(bad[i], strlen(bad[i]), NULL, &f, &err) == -1,
		    "accepted '%s'", bad[i]);
		ck_assert_ptr_null(f);
		ck_assert_ptr_nonnull(err);
		free(err);
		err = NULL;
	}
	big = xcalloc(1, PARSE_MAX_INPUT + 1);
	ck_assert_int_eq(feed_parse(big, PARSE_MAX_INPUT + 1, NULL, &f, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "larger"));
	free(err);
	free(big);
}
END_TEST

/* Opens a fresh catalog in a temporary folder. */
static struct catalog *
open_temp(char **dir)
{
	struct catalog	*c;
	char		*path, *err = NULL;

	*dir = test_tmpdir_new();
	path = xasprintf("%s/catalog.db", *dir);
	ck_assert_msg(catalog_open(path, &c, &err) == 0, "%s", err);
	free(path);
	return (c);
}

START_TEST(test_import_refused_schemes)
{
	struct catalog			*c;
	struct catalog_import_report	 r;
	struct catalog_episode		 e;
	char				*dir, *feed;
	int64_t				 id;

	c = open_temp(&dir);
	feed = test_data_path("tests/data/feeds/basic.xml");
	ck_assert_msg(catalog_import_feed(c, feed, &r) == 0, "%s", catalog_error(c));
	ck_assert_ptr_nonnull(r.warnings);
	ck_assert_ptr_nonnull(strstr(r.warnings, "file:///etc/passwd"));
	ck_assert_ptr_nonnull(strstr(r.warnings, "v4l2:///dev/video0"));
	ck_assert_ptr_nonnull(strstr(r.warnings, "remote"));
	ck_assert_ptr_nonnull(strstr(r.warnings, "missing.chapters.json"));
	ck_assert_int_eq(r.episodes_added, 5);

	id = catalog_episode_find_guid(c, r.podcast_id, "file:///etc/passwd");
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(catalog_episode_get(c, id, &e), 0);
	ck_assert_ptr_null(e.audio);
	catalog_episode_clear(&e);
	id = catalog_episode_find_guid(c, r.podcast_id, "v4l2:///dev/video0");
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(catalog_episode_get(c, id, &e), 0);
	ck_assert_ptr_null(e.audio);
	catalog_episode_clear(&e);
	id = catalog_episode_find_guid(c, r.podcast_id, "t-ep2");
	ck_assert_int_eq(catalog_episode_get(c, id, &e), 0);
	ck_assert_str_eq(e.audio, "https://cdn.example.org/ep2.mp3");
	ck_assert_int_eq(e.lines, 0);
	catalog_episode_clear(&e);

	catalog_import_report_clear(&r);
	catalog_free(c);
	free(feed);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_import_demo)
{
	struct catalog			*c;
	struct catalog_import_report	 r;
	struct catalog_episode		 eps[8], src;
	struct catalog_clip		 clips[64];
	char				*dir, *feed, *slash;
	int				 n, i, j, k, kinds[CLIP_KIND_COUNT], segments = 0;

	feed = test_data_path("assets/demo/feed.xml");
	ck_assert_msg(access(feed, R_OK) == 0, "the demo feed %s is missing", feed);
	c = open_temp(&dir);
	ck_assert_msg(catalog_import_feed(c, feed, &r) == 0, "%s", catalog_error(c));
	ck_assert_int_eq(r.episodes_added, 4);
	ck_assert_msg(r.skipped == 0, "skipped %d: %s", r.skipped, r.warnings);
	n = catalog_episodes(c, r.podcast_id, 0, 8, eps);
	ck_assert_int_eq(n, 4);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(eps[i].audio);
		ck_assert_int_eq(access(eps[i].audio, R_OK), 0);
		ck_assert_int_gt(eps[i].lines, 0);
		k = catalog_clips(c, eps[i].id, 0, 64, clips);
		ck_assert_int_eq(k, eps[i].clips);
		memset(kinds, 0, sizeof kinds);
		for (j = 0; j < k; j++) {
			kinds[clips[j].kind]++;
			if (clips[j].kind != CLIP_SEGMENT)
				continue;
			segments++;
			ck_assert_int_ne(clips[j].source_episode_id, eps[i].id);
			ck_assert_int_eq(catalog_episode_get(c,
			    clips[j].source_episode_id, &src), 0);
			ck_assert_int_gt(clips[j].source_start_ms, 0);
			ck_assert_int_lt(clips[j].source_start_ms, src.duration_ms);
			ck_assert_int_gt(clips[j].end_ms, clips[j].start_ms);
			slash = strrchr(src.audio, '/');
			ck_assert_ptr_nonnull(slash);
			catalog_episode_clear(&src);
		}
		if (i == 0) {
			/* Newest first: the compilation. */
			ck_assert_int_ge(kinds[CLIP_SEGMENT], 3);
		} else {
			ck_assert_int_ge(kinds[CLIP_SOUNDBITE], 1);
			ck_assert_int_ge(kinds[CLIP_CHAPTER], 1);
			ck_assert_int_eq(kinds[CLIP_SEGMENT], 0);
		}
		for (j = 0; j < k; j++)
			catalog_clip_clear(&clips[j]);
		catalog_episode_clear(&eps[i]);
	}
	ck_assert_int_ge(segments, 3);
	catalog_import_report_clear(&r);
	catalog_free(c);
	free(feed);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_json)
{
	static const char doc[] =
	    "<rss xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">"
	    "<channel><title>T &amp; J &lt;&eacute;&gt;</title>"
	    "<item><title>One&nbsp;two</title><guid>g1</guid>"
	    "<enclosure url=\"a.mp3\" type=\"audio/mpeg\" length=\"10\"/>"
	    "<itunes:duration>1:02.5</itunes:duration>"
	    "<pubDate>2003-12-13T18:30:02Z</pubDate>"
	    "<podcast:transcript url=\"t.vtt\" type=\"text/vtt\" rel=\"captions\"/>"
	    "<podcast:chapters url=\"c.json\" type=\"application/json+chapters\"/>"
	    "<podcast:soundbite startTime=\"1\" duration=\"2.5\">Hi</podcast:soundbite>"
	    "</item><item><guid>g1</guid><title>again</title></item>"
	    "</channel></rss>";
	struct feed	*f = NULL;
	json_t		*j, *ep;
	json_error_t	 jerr;
	char		*err = NULL, *s;

	ck_assert_int_eq(feed_parse(doc, sizeof doc - 1, "http://e.org/f.xml", &f,
	    &err), 0);
	ck_assert_ptr_nonnull(strstr(f->warnings, "repeats"));
	s = feed_to_json(f);
	ck_assert_ptr_nonnull(strstr(s, "\n  \"author\": null,\n"));
	j = json_loads(s, 0, &jerr);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(j, "title")),
	    "T & J <\xc3\xa9>");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "episodes")), 1);
	ep = json_array_get(json_object_get(j, "episodes"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(ep, "title")),
	    "One\xc2\xa0two");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(ep,
	    "enclosure"), "url")), "http://e.org/a.mp3");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(ep,
	    "enclosure"), "length")), 10);
	ck_assert(json_real_value(json_object_get(ep, "duration")) == 62.5);
	ck_assert_int_eq(json_integer_value(json_object_get(ep, "published")),
	    1071340202);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(ep, "transcripts"), 0), "url")), "http://e.org/t.vtt");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(ep,
	    "chapters"), "type")), "application/json+chapters");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(
	    json_object_get(ep, "soundbites"), 0), "start")), 1);
	json_decref(j);
	free(s);
	feed_free(f);
}
END_TEST

START_TEST(test_atom)
{
	static const char doc[] =
	    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://e.org/p/\">"
	    "<title>Caf\xe9</title><author><name>Ann</name></author>"
	    "<entry><id>e1</id><title><![CDATA[A <b>bold</b> one]]></title>"
	    "<link href=\"e1.html\"/><link rel=\"enclosure\" href=\"e1.ogg\" "
	    "type=\"audio/ogg\" length=\"5\"/>"
	    "<updated>2003-12-13T18:30:02Z</updated><summary>S</summary>"
	    "<podcast:person role=\"guest\" href=\"/ann\">Ann</podcast:person>"
	    "</entry></feed>";
	struct feed	*f = NULL;
	char		*err = NULL;

	ck_assert_int_eq(feed_parse(doc, sizeof doc - 1, NULL, &f, &err), 0);
	ck_assert_int_eq(f->atom, 1);
	ck_assert_str_eq(f->title, "Caf\xc3\xa9");
	ck_assert_str_eq(f->author, "Ann");
	ck_assert_uint_eq(f->n, 1);
	ck_assert_str_eq(f->items[0].guid, "e1");
	ck_assert_str_eq(f->items[0].title, "A <b>bold</b> one");
	ck_assert_str_eq(f->items[0].link, "http://e.org/p/e1.html");
	ck_assert_str_eq(f->items[0].enclosure_url, "http://e.org/p/e1.ogg");
	ck_assert_int_eq(f->items[0].published, 1071340202);
	ck_assert_str_eq(f->items[0].description, "S");
	ck_assert_uint_eq(f->items[0].npersons, 1);
	ck_assert_str_eq(f->items[0].persons[0].role, "guest");
	ck_assert_str_eq(f->items[0].persons[0].href, "http://e.org/ann");
	feed_free(f);
}
END_TEST

static Suite *
feed_suite(void)
{
	Suite	*s = suite_create("feed");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_channel);
	tcase_add_test(tc, test_items);
	tcase_add_loop_test(tc, test_dates, 0, sizeof dates / sizeof dates[0]);
	tcase_add_loop_test(tc, test_times, 0, sizeof times / sizeof times[0]);
	tcase_add_test(tc, test_time_no_nul);
	tcase_add_test(tc, test_prefixes);
	tcase_add_test(tc, test_podcastns_example);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_atom);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_test(tc, test_entity_bomb);
	tcase_add_test(tc, test_external_entity);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("import");
	tcase_add_test(tc, test_import_refused_schemes);
	tcase_add_test(tc, test_import_demo);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(feed_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
