#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <unistd.h>
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

/* Keeps nothing: for a head-only read. */
static int
seen_item_keep(void *ctx, struct feed *f, struct feed_item *it)
{
	(void)ctx;
	(void)f;
	(void)it;
	return (0);
}

/* What a feed_read() callback saw. */
struct seen {
	size_t	 n;
	size_t	 stop_at;	/* Stop after this many, or 0. */
	int	 bad;		/* An item was not as written. */
};

static int
seen_item(void *ctx, struct feed *f, struct feed_item *it)
{
	struct seen	*sn = ctx;
	char		 want[64];

	(void)f;
	snprintf(want, sizeof want, "Caf\xc3\xa9 %zu", sn->n);
	if (it->title == NULL || (strncmp(it->title, "Caf", 3) == 0 &&
	    strcmp(it->title, want) != 0))
		sn->bad = 1;
	sn->n++;
	return (sn->stop_at > 0 && sn->n == sn->stop_at ? -1 : 0);
}

/*
 * A feed of n items far larger than a block: titles with an HTML reference,
 * descriptions in CDATA holding a literal reference and '>', item 3 repeated
 * as item 7 and item 11 with nothing to know it by.
 */
static char *
big_feed(size_t n, size_t *len)
{
	char	*buf = NULL, *item;
	size_t	 i, k = 0;

	*len = 0;
	buf = xstrdup("<rss><channel><title>Big &amp; wide</title>");
	*len = strlen(buf);
	for (i = 0; i < n; i++) {
		if (i == 7)
			item = xstrdup("<item><guid>g3</guid><title>Again</title></item>\n");
		else if (i == 11)
			item = xstrdup("<item><title>Nothing</title></item>\n");
		else
			item = xasprintf("<item><guid>g%zu</guid><title>Caf&eacute; %zu"
			    "</title><description><![CDATA[a &nbsp; > b]]></description>"
			    "</item>\n", i, k++);
		buf = xrealloc(buf, *len + strlen(item) + 32);
		memcpy(buf + *len, item, strlen(item));
		*len += strlen(item);
		free(item);
	}
	memcpy(buf + *len, "</channel></rss>", 16);
	*len += 16;
	return (buf);
}

START_TEST(test_stream_large)
{
	struct feed_source	 src;
	struct feed		*f, *g;
	struct seen		 sn;
	char			*buf, *err, *dir, *path;
	size_t			 len;
	FILE			*fp;

	buf = big_feed(20000, &len);
	ck_assert_uint_gt(len, 1 << 20);
	memset(&src, 0, sizeof src);
	src.buf = buf;
	src.len = len;
	src.fd = -1;
	memset(&sn, 0, sizeof sn);
	ck_assert_int_eq(feed_read(&src, seen_item, &sn, &f, &err), 0);
	ck_assert_uint_eq(sn.n, 19998);
	ck_assert_int_eq(sn.bad, 0);
	ck_assert_uint_eq(f->n, 0);
	ck_assert_str_eq(f->title, "Big & wide");
	ck_assert_ptr_nonnull(strstr(f->warnings, "guid g3 repeats; item 8 skipped"));
	ck_assert_ptr_nonnull(strstr(f->warnings, "item 12 (Nothing) has no guid"));
	feed_free(f);

	/* The same from a file, and kept whole by feed_parse(). */
	dir = test_tmpdir_new();
	path = xasprintf("%s/big.xml", dir);
	fp = fopen(path, "w");
	ck_assert_uint_eq(fwrite(buf, 1, len, fp), len);
	fclose(fp);
	src.buf = NULL;
	src.len = 0;
	src.fd = open(path, O_RDONLY);
	ck_assert_int_ge(src.fd, 0);
	memset(&sn, 0, sizeof sn);
	ck_assert_int_eq(feed_read(&src, seen_item, &sn, &f, &err), 0);
	close(src.fd);
	ck_assert_uint_eq(sn.n, 19998);
	ck_assert_int_eq(sn.bad, 0);
	feed_free(f);
	ck_assert_int_eq(feed_parse(buf, len, NULL, &g, &err), 0);
	ck_assert_uint_eq(g->n, 19998);
	ck_assert_str_eq(g->items[19997].title, "Caf\xc3\xa9 19997");
	ck_assert_str_eq(g->items[0].description, "a &nbsp; > b");
	feed_free(g);
	free(path);
	test_tmpdir_free(dir);
	free(buf);
}
END_TEST

START_TEST(test_stream_stop)
{
	struct feed_source	 src;
	struct feed		*f = NULL;
	struct seen		 sn;
	char			*buf, *err = NULL;
	size_t			 len;

	buf = big_feed(3000, &len);
	memset(&src, 0, sizeof src);
	src.buf = buf;
	src.len = len;
	src.fd = -1;
	memset(&sn, 0, sizeof sn);
	sn.stop_at = 5;
	ck_assert_int_eq(feed_read(&src, seen_item, &sn, &f, &err), -1);
	ck_assert_ptr_null(err);
	ck_assert_ptr_null(f);
	ck_assert_uint_eq(sn.n, 5);
	free(buf);
}
END_TEST

/* Parses a feed held in a string. */
static int
parse_str(const char *xml, const char *charset, struct feed **f, char **err)
{
	struct feed_source	src;

	memset(&src, 0, sizeof src);
	src.buf = xml;
	src.len = strlen(xml);
	src.fd = -1;
	src.charset = charset;
	if (charset == NULL)
		return (feed_parse(xml, strlen(xml), NULL, f, err));
	return (feed_read(&src, seen_item_keep, NULL, f, err));
}

START_TEST(test_malformed)
{
	static const char	 broken_tag[] = "<rss xmlns:itunes=\"http://www.itunes."
	    "com/dtds/podcast-1.0.dtd\"><channel><title>T</title><itunes:image "
	    "href=\"a<b.jpg\"/><item><guid>g</guid></item></channel></rss>";
	struct feed		*f;
	char			*err;

	/* Cut off inside an item: what was read is kept, and said to be broken. */
	ck_assert_int_eq(parse_str("<rss><channel><title>T</title><item><guid>a</guid>"
	    "</item><item><guid>b</guid><title>half", NULL, &f, &err), 0);
	ck_assert_uint_eq(f->n, 2);
	ck_assert_str_eq(f->items[1].title, "half");
	ck_assert_ptr_nonnull(strstr(f->warnings, "not well-formed XML (line 1:"));
	feed_free(f);

	/*
	 * Recover mode closes an element whose start tag is broken without an end
	 * tag: it is read all the same, in its place, as from a whole tree.
	 */
	ck_assert_int_eq(feed_parse(broken_tag, strlen(broken_tag),
	    "https://example.org/feed.xml", &f, &err), 0);
	ck_assert_str_eq(f->image, "https://example.org/a");
	ck_assert_uint_eq(f->n, 1);
	feed_free(f);
	/* The first channel counts, even one closed so; nothing after it does. */
	ck_assert_int_eq(parse_str("<rss><channel&><title>T</title><channel><item>"
	    "<guid>g</guid></item></channel></rss>", NULL, &f, &err), 0);
	ck_assert_ptr_null(f->title);
	ck_assert_uint_eq(f->n, 0);
	feed_free(f);

	ck_assert_int_eq(parse_str("<html><body><rss><channel><item><guid>a</guid>"
	    "</item></channel></rss></body></html>", NULL, &f, &err), -1);
	ck_assert_str_eq(err, "feed is neither RSS nor Atom (root element <html>)");
	free(err);
	ck_assert_int_eq(parse_str("<rss><title>no channel</title></rss>", NULL, &f,
	    &err), -1);
	ck_assert_str_eq(err, "feed has no <channel>");
	free(err);
}
END_TEST

START_TEST(test_charset_hint)
{
	struct feed	*f;
	char		*err;

	/* No declaration: the header's charset is used. */
	ck_assert_int_eq(parse_str("<rss><channel><title>Caf\xe9</title></channel></rss>",
	    "ISO-8859-1", &f, &err), 0);
	ck_assert_str_eq(f->title, "Caf\xc3\xa9");
	feed_free(f);
	/* A declaration wins over the header. */
	ck_assert_int_eq(parse_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<rss><channel><title>Caf\xc3\xa9</title></channel></rss>", "ISO-8859-1",
	    &f, &err), 0);
	ck_assert_str_eq(f->title, "Caf\xc3\xa9");
	feed_free(f);
	/* A document that is valid UTF-8 is read so, whatever the header says. */
	ck_assert_int_eq(parse_str("<rss><channel><title>Caf\xc3\xa9</title></channel>"
	    "</rss>", "ISO-8859-1", &f, &err), 0);
	ck_assert_str_eq(f->title, "Caf\xc3\xa9");
	feed_free(f);
	ck_assert_int_eq(parse_str("<rss><channel><title>\x93quoted\x94</title>"
	    "</channel></rss>", "windows-1252", &f, &err), 0);
	ck_assert_str_eq(f->title, "\xe2\x80\x9cquoted\xe2\x80\x9d");
	feed_free(f);
	/* A charset nobody knows is ignored. */
	ck_assert_int_eq(parse_str("<rss><channel><title>plain</title></channel></rss>",
	    "x-no-such-charset", &f, &err), 0);
	ck_assert_str_eq(f->title, "plain");
	feed_free(f);
}
END_TEST

START_TEST(test_new_feed_url)
{
	static const char	moved[] = "<rss xmlns:itunes=\"http://www.itunes.com/"
	    "dtds/podcast-1.0.dtd\" xmlns:podcast=\"https://podcastindex.org/"
	    "namespace/1.0\"><channel><itunes:new-feed-url> new.xml "
	    "</itunes:new-feed-url><podcast:locked owner=\"a@example.org\">yes"
	    "</podcast:locked><podcast:guid>abc</podcast:guid></channel></rss>";
	static const char	redirect[] = "<rss><redirect><newLocation>"
	    "https://example.org/there.xml</newLocation></redirect></rss>";
	struct feed		*f;
	char			*err;

	ck_assert_int_eq(feed_parse(moved, strlen(moved),
	    "https://example.org/old/feed.xml", &f, &err), 0);
	ck_assert_str_eq(f->new_url, "https://example.org/old/new.xml");
	ck_assert_int_eq(f->locked, 1);
	ck_assert_str_eq(f->guid, "abc");
	feed_free(f);
	ck_assert_int_eq(feed_parse(redirect, strlen(redirect), NULL, &f, &err), 0);
	ck_assert_str_eq(f->new_url, "https://example.org/there.xml");
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
	tcase_add_test(tc, test_stream_large);
	tcase_add_test(tc, test_stream_stop);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_charset_hint);
	tcase_add_test(tc, test_new_feed_url);
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
	return (test_suite_run(feed_suite(), CK_FORK_GETENV));
}
