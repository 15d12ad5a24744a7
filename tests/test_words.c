#include "config.h"

#include <check.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "tests/testutil.h"

typedef int (*parse_fn)(const char *, size_t, struct transcript *, char **);

/* Parses a string that must be accepted. */
static void
parse_ok(parse_fn parse, const char *s, struct transcript *t)
{
	char *err = NULL;

	ck_assert_msg(parse(s, strlen(s), t, &err) == 0, "rejected: %s", err);
	ck_assert_ptr_null(err);
}

/* Parses a file under tests/data that must be accepted. */
static void
load_ok(parse_fn parse, const char *rel, struct transcript *t)
{
	char *path, *buf, *err = NULL;
	size_t len;

	path = test_data_path(rel);
	buf = test_read_file(path, &len);
	free(path);
	ck_assert_msg(parse(buf, len, t, &err) == 0, "%s rejected: %s", rel, err);
	free(buf);
}

/* Checks word i of line l: its times and the text it covers. */
static void
check_word(const struct transcript_line *l, size_t i, int64_t start, int64_t end,
    const char *text)
{
	const struct transcript_word *w;

	ck_assert_msg(i < l->nwords, "word %zu missing (%zu words)", i, l->nwords);
	w = &l->words[i];
	ck_assert_int_eq(w->start_ms, start);
	ck_assert_int_eq(w->end_ms, end);
	ck_assert_uint_le(w->off + w->len, strlen(l->text));
	ck_assert_int_eq((int)w->len, (int)strlen(text));
	ck_assert_msg(memcmp(l->text + w->off, text, w->len) == 0, "word %zu is \"%.*s\"",
	    i, (int)w->len, l->text + w->off);
}

/* Whether two lines have the same word times and places. */
static int
same_words(const struct transcript_line *a, const struct transcript_word *w, size_t n)
{
	size_t i;

	if (a->nwords != n)
		return 0;
	for (i = 0; i < n; i++) {
		if (a->words[i].start_ms != w[i].start_ms || a->words[i].end_ms != w[i].end_ms ||
		    a->words[i].off != w[i].off || a->words[i].len != w[i].len)
			return 0;
	}
	return 1;
}

START_TEST(test_json_words)
{
	struct transcript t;

	load_ok(jsontr_parse, "tests/data/json-transcript/podcastns-example.json", &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_str_eq(t.lines[0].text, "I am your father.");
	check_word(&t.lines[0], 0, 500, 750, "I");
	check_word(&t.lines[0], 1, 1000, 1250, "am");
	check_word(&t.lines[0], 2, 1500, 2000, "your");
	check_word(&t.lines[0], 3, 2250, 2500, "father.");
	ck_assert_uint_eq(t.lines[0].nwords, 4);
	check_word(&t.lines[1], 0, 2750, 3000, "Nooooo");
	transcript_clear(&t);

	/* Segments of sentences are lines as they are, without word times. */
	parse_ok(jsontr_parse, "{\"segments\":[{\"startTime\":1,\"body\":\"one line\"},"
	    "{\"startTime\":2,\"body\":\"and a second\"}]}", &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_uint_eq(t.lines[0].nwords, 0);
	ck_assert_uint_eq(t.lines[1].nwords, 0);
	transcript_clear(&t);

	/* A missing end is the next word's start; a blank word is skipped. */
	parse_ok(jsontr_parse, "{\"segments\":[{\"startTime\":1,\"body\":\"one\"},"
	    "{\"startTime\":1.5,\"endTime\":2,\"body\":\" \"},"
	    "{\"startTime\":2,\"endTime\":2.5,\"body\":\"two\"},"
	    "{\"startTime\":2.5,\"endTime\":3,\"body\":\"three four\"}]}", &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.lines[0].text, "one two three four");
	check_word(&t.lines[0], 0, 1000, 2000, "one");
	check_word(&t.lines[0], 1, 2000, 2500, "two");
	check_word(&t.lines[0], 2, 2500, 3000, "three four");
	transcript_clear(&t);
}
END_TEST

/* Compares one lrc-kit line's word times with what lrc_parse() gave; 1 when they agree. */
static int
lrc_words_match(const struct transcript_line *l, json_t *want)
{
	json_t *words = json_object_get(want, "wordTimestamps"), *times, *texts;
	size_t i, n;
	char *s;
	int ok;

	times = json_object_get(want, "wordTimestamps.timestamp");
	texts = json_object_get(want, "wordTimestamps.content(trimmed)");
	n = words != NULL ? json_array_size(words) : json_array_size(times);
	if (l->nwords != n)
		return 0;
	for (i = 0; i < n; i++) {
		double at = words != NULL ? json_number_value(json_object_get(
		    json_array_get(words, i), "timestamp")) :
		    json_number_value(json_array_get(times, i));
		const char *text = words != NULL ? json_string_value(json_object_get(
		    json_array_get(words, i), "content")) :
		    json_string_value(json_array_get(texts, i));

		/* lrc-kit keeps the spaces around a word; earmark's words hold none. */
		while (*text == ' ')
			text++;
		s = xstrdup(text);
		while (*s != '\0' && s[strlen(s) - 1] == ' ')
			s[strlen(s) - 1] = '\0';
		ok = l->words[i].start_ms == (int64_t)(at * 1000 + 0.5) &&
		    l->words[i].len == strlen(s) &&
		    memcmp(l->text + l->words[i].off, s, l->words[i].len) == 0;
		free(s);
		if (!ok)
			return 0;
	}
	return 1;
}

START_TEST(test_lrc_words_conformance)
{
	static const struct {
		const char *file;
		const char *key;
		size_t line;
		const char *deviation;
	} cases[] = {
		{ "enhanced-foobar2000.lrc", "lyrics[0]", 0, NULL },
		{ "enhanced-foobar2000.lrc", "lyrics[1]", 1, NULL },
		{ "enhanced-foobar2000.lrc", "lyrics[2]", 2,
		    "a line without word times has none; lrc-kit gives it one word" },
		{ "enhanced-a2.lrc", "lyrics[0]", 0, NULL },
		{ "enhanced-a2.lrc", "lyrics[1]", 1, NULL },
	};
	json_t *root, *file, *want, *single, *c;
	json_error_t jerr;
	struct transcript t;
	int passed = 0, failed = 0, ok;
	char *path, *rel, *err;
	const char *line;
	size_t i;

	path = test_data_path("tests/data/lrc/lrc-kit/EXPECTED.json");
	root = json_load_file(path, 0, &jerr);
	free(path);
	ck_assert_ptr_nonnull(root);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rel = xasprintf("tests/data/lrc/lrc-kit/%s", cases[i].file);
		load_ok(lrc_parse, rel, &t);
		free(rel);
		file = json_object_get(root, cases[i].file);
		want = json_object_get(file, cases[i].key);
		ok = want != NULL && cases[i].line < t.n &&
		    (cases[i].deviation != NULL ? t.lines[cases[i].line].nwords == 0 :
		    lrc_words_match(&t.lines[cases[i].line], want));
		passed += ok;
		failed += !ok;
		if (!ok)
			printf("FAIL lrc words %s %s\n", cases[i].file, cases[i].key);
		else if (cases[i].deviation != NULL)
			printf("deviation lrc words %s %s: %s\n", cases[i].file, cases[i].key,
			    cases[i].deviation);
		transcript_clear(&t);
	}
	single = json_object_get(json_object_get(root, "single_lines"), "cases");
	for (i = 0; i < json_array_size(single); i++) {
		c = json_array_get(single, i);
		want = json_array_get(c, 1);
		if (json_object_get(want, "wordTimestamps") == NULL)
			continue;
		line = json_string_value(json_array_get(c, 0));
		err = NULL;
		ok = lrc_parse(line, strlen(line), &t, &err) == 0 && t.n == 1 &&
		    lrc_words_match(&t.lines[0], want);
		passed += ok;
		failed += !ok;
		if (!ok)
			printf("FAIL lrc words \"%s\"\n", line);
		free(err);
		transcript_clear(&t);
	}
	json_decref(root);
	printf("lrc lrc-kit words: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	ck_assert_int_eq(failed, 0);
	ck_assert_int_ge(passed, 8);
}
END_TEST

START_TEST(test_lrc_words)
{
	struct transcript t;

	/* A last tag with no text after it ends the last word. */
	parse_ok(lrc_parse, "[00:01.00]<00:01.20>one  <00:02.00>two &amp; <00:02.50>"
	    "three<00:03.00>\n[00:05.00]next\n", &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_str_eq(t.lines[0].text, "one two & three");
	check_word(&t.lines[0], 0, 1200, 2000, "one");
	check_word(&t.lines[0], 1, 2000, 2500, "two &");
	check_word(&t.lines[0], 2, 2500, 3000, "three");
	ck_assert_uint_eq(t.lines[0].nwords, 3);
	ck_assert_uint_eq(t.lines[1].nwords, 0);
	transcript_clear(&t);

	/* Otherwise the last word lasts to the line's end; the offset moves words too. */
	parse_ok(lrc_parse, "[offset:500]\n[00:02.00]a <00:03.00>b\n[00:04.00]c\n", &t);
	check_word(&t.lines[0], 0, 1500, 2500, "a");
	check_word(&t.lines[0], 1, 2500, 3500, "b");
	transcript_clear(&t);

	/* A text repeated at several times has no word times. */
	parse_ok(lrc_parse, "[00:01.00][00:09.00]a <00:01.50>b\n", &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_uint_eq(t.lines[0].nwords, 0);
	ck_assert_uint_eq(t.lines[1].nwords, 0);
	transcript_clear(&t);

	/* A word time earlier than the one before is moved up to it. */
	parse_ok(lrc_parse, "[00:05.00]<00:06.00>a <00:04.00>b\n", &t);
	check_word(&t.lines[0], 0, 6000, 6000, "a");
	check_word(&t.lines[0], 1, 6000, 6000, "b");
	transcript_clear(&t);
}
END_TEST

START_TEST(test_vtt_words)
{
	struct transcript t;

	parse_ok(vtt_parse, "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n"
	    "<v Ann>Never <00:00:01.500><c>drink</c>\n<00:00:02.000>liquid &amp; "
	    "<00:00:03.000><v Bob>nitrogen.\n\n"
	    "00:00:06.000 --> 00:00:07.000\nplain cue\n\n"
	    "00:00:08.000 --> 00:00:09.000\nx <00:08.500>y <bad:00>z <00:00:08.2x>w\n", &t);
	ck_assert_uint_eq(t.n, 3);
	ck_assert_str_eq(t.lines[0].speaker, "Ann");
	ck_assert_str_eq(t.lines[0].text, "Never drink liquid & Bob: nitrogen.");
	check_word(&t.lines[0], 0, 1000, 1500, "Never");
	check_word(&t.lines[0], 1, 1500, 2000, "drink");
	check_word(&t.lines[0], 2, 2000, 3000, "liquid &");
	check_word(&t.lines[0], 3, 3000, 5000, "Bob: nitrogen.");
	ck_assert_uint_eq(t.lines[0].nwords, 4);
	ck_assert_uint_eq(t.lines[1].nwords, 0);
	/* Lenient times are read; what is no timestamp is a tag removed. */
	ck_assert_str_eq(t.lines[2].text, "x y z w");
	check_word(&t.lines[2], 0, 8000, 8500, "x");
	check_word(&t.lines[2], 1, 8500, 9000, "y z w");
	transcript_clear(&t);

	/* Words of cues sorted by start stay with their lines. */
	parse_ok(vtt_parse, "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nb <00:00:05.500>c\n\n"
	    "00:00:01.000 --> 00:00:02.000\na\n", &t);
	ck_assert_str_eq(t.lines[1].text, "b c");
	check_word(&t.lines[1], 1, 5500, 6000, "c");
	ck_assert_uint_eq(t.lines[0].nwords, 0);
	transcript_clear(&t);
}
END_TEST

START_TEST(test_words_caps)
{
	struct transcript t;
	char *buf, *p;
	size_t i;

	/* More timestamp tags than PARSE_MAX_WORDS in one cue. */
	buf = xmalloc(64 + 2000 * 20);
	p = buf + sprintf(buf, "WEBVTT\n\n00:00:00.000 --> 01:00:00.000\n");
	for (i = 0; i < 2000; i++)
		p += sprintf(p, "<00:%02zu:%02zu.000>w ", i / 60, i % 60);
	parse_ok(vtt_parse, buf, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_uint_le(t.lines[0].nwords, PARSE_MAX_WORDS);
	ck_assert_uint_ge(t.lines[0].nwords, PARSE_MAX_WORDS - 1);
	transcript_clear(&t);
	/* Words past the cut of a long text are dropped. */
	p = buf + sprintf(buf, "WEBVTT\n\n00:00:00.000 --> 01:00:00.000\n");
	for (i = 0; i < 1000; i++)
		p += sprintf(p, "<00:00:%02zu.000>wordy-word ", i / 100);
	parse_ok(vtt_parse, buf, &t);
	ck_assert_uint_le(strlen(t.lines[0].text), PARSE_MAX_TEXT);
	ck_assert_uint_gt(t.lines[0].nwords, 0);
	i = t.lines[0].nwords - 1;
	ck_assert_uint_le(t.lines[0].words[i].off + t.lines[0].words[i].len,
	    strlen(t.lines[0].text));
	transcript_clear(&t);
	free(buf);
}
END_TEST

/* n one-byte words at every other byte, in the stored form. */
static char *
many_words(size_t n)
{
	char *s = xmalloc(n * 24 + 1), *p = s;
	size_t i;

	*s = '\0';
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s0+1@%zu:1", i > 0 ? " " : "", 2 * i);
	return s;
}

START_TEST(test_words_codec)
{
	static const char *const bad[] = {
		"x", "0+1@0:1 ", " 0+1@0:1", "0+1@0:9", "0+1@0:0", "5+1@0:1 4+1@2:1",
		"0+1@0:3 1+1@2:1", "0+1@1:1", "0+1@0:1x", "0+1@0", "0+1@2:1",
		"9999999999999999+1@0:1", "-1+1@0:1", "0+1@4:2",
	};
	struct transcript_word w[3] = {
		{ 1000, 1250, 0, 1 }, { 1400, 1400, 2, 2 }, { 1500, 2500, 5, 6 },
	};
	struct transcript_word *out;
	struct transcript_line l;
	char *s, *text;
	size_t n, i;

	s = transcript_words_encode(w, 3, 1000);
	ck_assert_str_eq(s, "0+250@0:1 400+0@2:2 500+1000@5:6");
	memset(&l, 0, sizeof l);
	transcript_words_decode(s, strlen(s), "I am your\xc3\xa9 x", 1000, &out, &n);
	l.words = out;
	l.nwords = n;
	ck_assert(same_words(&l, w, 3));
	free(out);
	/* Stored relative to the line's start, the words move with it. */
	transcript_words_decode(s, strlen(s), "I am your\xc3\xa9 x", 3000, &out, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(out[2].start_ms, 3500);
	free(out);
	free(s);
	ck_assert_ptr_null(transcript_words_encode(w, 0, 0));
	/* Anything malformed gives no words. The text has 8 bytes. */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		transcript_words_decode(bad[i], strlen(bad[i]), "I\xc3\xa9m y\xc3\xa9", 0, &out,
		    &n);
		ck_assert_msg(n == 0 && out == NULL, "\"%s\" read as %zu words", bad[i], n);
	}
	transcript_words_decode("0+1@0:1", 7, NULL, 0, &out, &n);
	ck_assert_uint_eq(n, 0);
	/* More than PARSE_MAX_WORDS words are refused. */
	text = xmalloc(2 * PARSE_MAX_WORDS + 8);
	for (i = 0; i < 2 * PARSE_MAX_WORDS + 4; i++)
		text[i] = i % 2 == 0 ? 'a' : ' ';
	text[i] = '\0';
	s = many_words(PARSE_MAX_WORDS + 1);
	transcript_words_decode(s, strlen(s), text, 0, &out, &n);
	ck_assert_uint_eq(n, 0);
	free(s);
	s = many_words(PARSE_MAX_WORDS);
	transcript_words_decode(s, strlen(s), text, 0, &out, &n);
	ck_assert_uint_eq(n, PARSE_MAX_WORDS);
	free(out);
	free(s);
	free(text);
}
END_TEST

START_TEST(test_word_at)
{
	struct transcript_word w[3] = {
		{ 1000, 1200, 0, 1 }, { 1500, 1700, 2, 1 }, { 1500, 2000, 4, 1 },
	};

	ck_assert_int_eq(transcript_word_at(w, 3, 999), -1);
	ck_assert_int_eq(transcript_word_at(w, 3, 1000), 0);
	ck_assert_int_eq(transcript_word_at(w, 3, 1499), 0);
	ck_assert_int_eq(transcript_word_at(w, 3, 1500), 2);
	ck_assert_int_eq(transcript_word_at(w, 3, 99999), 2);
	ck_assert_int_eq(transcript_word_at(w, 0, 1000), -1);
}
END_TEST

START_TEST(test_words_json)
{
	struct transcript t;
	json_t *root, *words;
	json_error_t jerr;
	char *s;

	parse_ok(vtt_parse, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na <00:00:01.250>b\n\n"
	    "00:00:03.000 --> 00:00:04.000\nc\n", &t);
	s = transcript_to_json(&t);
	root = json_loads(s, 0, &jerr);
	ck_assert_ptr_nonnull(root);
	words = json_object_get(json_array_get(json_object_get(root, "lines"), 0), "words");
	ck_assert_uint_eq(json_array_size(words), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(words, 1), "text")),
	    "b");
	ck_assert(json_real_value(json_object_get(json_array_get(words, 1), "start")) == 1.25);
	ck_assert(json_real_value(json_object_get(json_array_get(words, 1), "end")) == 2.0);
	ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(root, "lines"), 1),
	    "words"));
	json_decref(root);
	free(s);
	transcript_clear(&t);
}
END_TEST

START_TEST(test_demo_words)
{
	static const char *const eps[] = { "ep1", "ep2", "ep3", "ep4" };
	struct transcript t;
	size_t i, j, k, with = 0, lines = 0;
	char *rel;

	/* The demo's transcripts time every word after espeak-ng, inside each cue. */
	for (i = 0; i < sizeof eps / sizeof eps[0]; i++) {
		rel = xasprintf("assets/demo/%s.vtt", eps[i]);
		load_ok(vtt_parse, rel, &t);
		free(rel);
		for (j = 0; j < t.n; j++) {
			const struct transcript_line *l = &t.lines[j];

			lines++;
			with += l->nwords > 1;
			for (k = 0; k < l->nwords; k++) {
				ck_assert_int_ge(l->words[k].start_ms, l->start_ms);
				ck_assert_int_lt(l->words[k].start_ms, l->end_ms);
				ck_assert(k == 0 || l->words[k].start_ms > l->words[k - 1].start_ms);
			}
		}
		transcript_clear(&t);
	}
	ck_assert_uint_eq(lines, 74);
	ck_assert_uint_ge(with, 70);
}
END_TEST

/* Reads every line of an episode from the catalog. */
static int
read_lines(struct catalog *c, int64_t id, struct catalog_line **out)
{
	int n = catalog_line_count(c, id);

	ck_assert_int_gt(n, 0);
	*out = xcalloc((size_t)n, sizeof **out);
	ck_assert_int_eq(catalog_lines(c, id, 0, n, *out), n);
	return n;
}

static void
free_lines(struct catalog_line *l, int n)
{
	while (n > 0)
		catalog_line_clear(&l[--n]);
	free(l);
}

/* Checks that the catalog's lines carry the parsed transcript's words. */
static void
check_stored(struct catalog *c, int64_t id, const struct transcript *t)
{
	struct catalog_line *lines;
	size_t i, with = 0;
	int n;

	n = read_lines(c, id, &lines);
	ck_assert_uint_eq((size_t)n, t->n);
	for (i = 0; i < t->n; i++) {
		ck_assert_str_eq(lines[i].text, t->lines[i].text);
		ck_assert_msg(same_words(&t->lines[i], lines[i].words, lines[i].nwords),
		    "line %zu: words differ", i);
		with += lines[i].nwords > 0;
	}
	ck_assert_uint_gt(with, 0);
	free_lines(lines, n);
}

START_TEST(test_words_store)
{
	struct catalog_import_report r;
	struct catalog_line *lines;
	struct transcript t, back;
	struct catalog *c;
	sqlite3 *db;
	char *dir, *path, *err = NULL, *vtt;
	int64_t json_id, vtt_id;
	int n, i;

	dir = test_tmpdir_new();
	path = xasprintf("%s/db", dir);
	ck_assert_msg(catalog_open(path, &c, &err) == 0, "%s", err);
	free(path);
	path = test_data_path("tests/data/words/feed.xml");
	ck_assert_msg(catalog_import_feed(c, path, &r) == 0, "%s", catalog_error(c));
	free(path);
	json_id = catalog_episode_find_guid(c, r.podcast_id, "json");
	vtt_id = catalog_episode_find_guid(c, r.podcast_id, "vtt");
	catalog_import_report_clear(&r);

	/* An import keeps the words of every line. */
	load_ok(jsontr_parse, "tests/data/words/ep1.json", &t);
	check_stored(c, json_id, &t);
	transcript_clear(&t);
	load_ok(vtt_parse, "tests/data/words/wide.vtt", &t);
	check_stored(c, vtt_id, &t);

	/* So does a transcript attached later, and a WebVTT export reads back the same. */
	ck_assert_int_eq(catalog_transcript_set(c, json_id, &t, "wide.vtt", "text/vtt", NULL),
	    0);
	check_stored(c, json_id, &t);
	vtt = transcript_write(&t, "vtt");
	ck_assert_ptr_nonnull(strstr(vtt, "<00:00:01.000>"));
	parse_ok(vtt_parse, vtt, &back);
	ck_assert_uint_eq(back.n, t.n);
	for (i = 0; i < (int)t.n; i++) {
		ck_assert_str_eq(back.lines[i].text, t.lines[i].text);
		ck_assert(same_words(&back.lines[i], t.lines[i].words, t.lines[i].nwords));
	}
	free(vtt);
	transcript_clear(&back);

	/* Lines given new times without their words (align) are stored without them. */
	t.lines[1].start_ms += 60000;
	t.lines[1].end_ms += 60000;
	ck_assert_int_eq(catalog_transcript_set(c, json_id, &t, "wide.vtt", "text/vtt",
	    "aligned"), 0);
	n = read_lines(c, json_id, &lines);
	ck_assert_uint_eq(lines[0].nwords, t.lines[0].nwords);
	ck_assert_uint_eq(lines[1].nwords, 0);
	free_lines(lines, n);
	transcript_clear(&t);

	/* Damaged word times read as none, the lines as they are. */
	path = xasprintf("%s/db", dir);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	free(path);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE line SET words = CASE id % 3 "
	    "WHEN 0 THEN '0+1@0:99999' WHEN 1 THEN 'garbage' ELSE '' END", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	n = read_lines(c, vtt_id, &lines);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(lines[i].nwords, 0);
		ck_assert_ptr_null(lines[i].words);
		ck_assert_ptr_nonnull(lines[i].text);
	}
	free_lines(lines, n);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

static Suite *
words_suite(void)
{
	Suite *s = suite_create("words");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_json_words);
	tcase_add_test(tc, test_lrc_words_conformance);
	tcase_add_test(tc, test_lrc_words);
	tcase_add_test(tc, test_vtt_words);
	tcase_add_test(tc, test_words_caps);
	tcase_add_test(tc, test_demo_words);
	suite_add_tcase(s, tc);

	tc = tcase_create("codec");
	tcase_add_test(tc, test_words_codec);
	tcase_add_test(tc, test_word_at);
	tcase_add_test(tc, test_words_json);
	suite_add_tcase(s, tc);

	tc = tcase_create("store");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_words_store);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return (test_suite_run(words_suite(), CK_FORK_GETENV));
}
