#include "config.h"

#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "tests/testutil.h"

typedef int (*parse_fn)(const char *, size_t, struct transcript *, char **);

/* Counts of one table of cases. */
struct tally {
	int passed;
	int failed;
};

/* Parses a file under tests/data; returns the parser's status. */
static int
load(parse_fn parse, const char *rel, struct transcript *t, char **err)
{
	char *path, *buf;
	size_t len;
	int rc;

	path = test_data_path(rel);
	buf = test_read_file(path, &len);
	free(path);
	*err = NULL;
	rc = parse(buf, len, t, err);
	free(buf);
	return rc;
}

/* Parses a string that must be accepted. */
static void
parse_ok(parse_fn parse, const char *s, size_t len, struct transcript *t)
{
	char *err = NULL;

	ck_assert_msg(parse(s, len, t, &err) == 0, "rejected: %s", err);
	ck_assert_ptr_null(err);
}

#define PARSE_OK(fn, lit, t) parse_ok(fn, lit, sizeof lit - 1, t)

/* Checks one line's times, speaker (NULL for none) and text. */
static void
check_line(const struct transcript *t, size_t i, int64_t start, int64_t end,
    const char *speaker, const char *text)
{
	ck_assert_msg(i < t->n, "line %zu missing (%zu lines)", i, t->n);
	ck_assert_int_eq(t->lines[i].start_ms, start);
	ck_assert_int_eq(t->lines[i].end_ms, end);
	if (speaker == NULL)
		ck_assert_ptr_null(t->lines[i].speaker);
	else
		ck_assert_str_eq(t->lines[i].speaker, speaker);
	ck_assert_str_eq(t->lines[i].text, text);
}

/* Feeds a parser random bytes, truncations and a huge input; it must never crash. */
static void
check_garbage(parse_fn parse, const char *seed_text)
{
	struct transcript t;
	char *buf, *err;
	size_t i, j, n = strlen(seed_text);
	unsigned int seed = 12345;

	buf = xmalloc(4096);
	for (i = 0; i < 300; i++) {
		memcpy(buf, seed_text, n);
		for (j = n; j < 4096; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = "0:.,-> \n\r<>[]{}\"&;#x\x1b\xc2\xff\xfe"[(seed >> 16) % 25];
			if ((seed >> 8) % 7 == 0)
				buf[j] = (char)(seed >> 20);
		}
		err = NULL;
		if (parse(buf, i * 13 % 4096, &t, &err) == 0) {
			ck_assert_ptr_null(err);
			for (j = 0; j < t.n; j++) {
				ck_assert_ptr_nonnull(t.lines[j].text);
				ck_assert_ptr_null(strchr(t.lines[j].text, '\x1b'));
				ck_assert_uint_le(strlen(t.lines[j].text), PARSE_MAX_TEXT);
			}
		} else
			ck_assert_ptr_nonnull(err);
		free(err);
		transcript_clear(&t);
	}
	/* Every prefix of a valid file. */
	for (i = 0; i <= n; i++) {
		err = NULL;
		parse(seed_text, i, &t, &err);
		free(err);
		transcript_clear(&t);
	}
	free(buf);
}

/*
 * Podcast Index JSON.
 */

START_TEST(test_json_conformance)
{
	struct tally tally = { 0, 0 };
	struct transcript t;
	json_t *root, *entry, *want;
	json_error_t jerr;
	const char *name;
	char *path, *rel, *err;
	int64_t start, end;

	path = test_data_path("tests/data/json-transcript/podcast_search/EXPECTED.json");
	root = json_load_file(path, 0, &jerr);
	free(path);
	ck_assert_ptr_nonnull(root);
	json_object_foreach(root, name, entry) {
		if (name[0] == '_')
			continue;
		rel = xasprintf("tests/data/json-transcript/podcast_search/%s", name);
		want = json_object_get(entry, "subtitles[1]");
		start = json_integer_value(json_object_get(want, "start"));
		end = json_integer_value(json_object_get(want, "end"));
		if (end == 0)
			end = 10000;	/* A missing end is the next segment's start. */
		if (load(jsontr_parse_segments, rel, &t, &err) == 0 &&
		    t.n == (size_t)json_integer_value(json_object_get(entry, "count")) &&
		    t.lines[1].start_ms == start && t.lines[1].end_ms == end &&
		    strcmp(t.lines[1].text,
		    json_string_value(json_object_get(want, "data"))) == 0)
			tally.passed++;
		else {
			tally.failed++;
			printf("FAIL %s (%s)\n", name, err != NULL ? err : "differs");
		}
		free(err);
		transcript_clear(&t);
		/* Sentences per segment are never joined. */
		ck_assert_int_eq(load(jsontr_parse, rel, &t, &err), 0);
		ck_assert_uint_eq(t.n, 3);
		transcript_clear(&t);
		free(rel);
	}
	json_decref(root);
	printf("json podcast_search: %d passed, %d failed\n", tally.passed, tally.failed);
	fflush(stdout);
	ck_assert_int_eq(tally.failed, 0);
	ck_assert_int_eq(tally.passed, 2);
}
END_TEST

START_TEST(test_json_podcastns)
{
	static const char *names[] = { "podcastns-example.json", "podcastns-spec-snippet.json" };
	struct transcript t;
	char *rel, *err;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		rel = xasprintf("tests/data/json-transcript/%s", names[i]);
		ck_assert_int_eq(load(jsontr_parse_segments, rel, &t, &err), 0);
		ck_assert_uint_eq(t.n, 5);
		check_line(&t, 3, 2250, 2500, "Darth Vader", "father.");
		transcript_clear(&t);
		ck_assert_int_eq(load(jsontr_parse, rel, &t, &err), 0);
		ck_assert_uint_eq(t.n, 2);
		check_line(&t, 0, 500, 2500, "Darth Vader", "I am your father.");
		check_line(&t, 1, 2750, 3000, "Luke", "Nooooo");
		ck_assert_ptr_null(t.warnings);
		transcript_clear(&t);
		free(rel);
	}
}
END_TEST

START_TEST(test_json_join)
{
	static const char in[] = "{\"segments\":["
	    "{\"speaker\":\"A\",\"startTime\":0,\"endTime\":0.5,\"body\":\"one\"},"
	    "{\"speaker\":\"A\",\"startTime\":\"0.6\",\"endTime\":\"1.0\",\"body\":\"two\"},"
	    "{\"speaker\":\"A\",\"startTime\":2.0,\"endTime\":2.5,\"body\":\"after\"},"
	    "{\"speaker\":\"A\",\"startTime\":2.5,\"endTime\":3,\"body\":\"pause?\"},"
	    "{\"speaker\":\"A\",\"startTime\":3,\"endTime\":3.5,\"body\":\"new\"},"
	    "{\"speaker\":\"A\",\"startTime\":3.5,\"endTime\":4,\"body\":\"line\\u2026\"},"
	    "{\"speaker\":\"B\",\"startTime\":4,\"body\":\"other\"},"
	    "{\"startTime\":5,\"endTime\":5.5,\"body\":\"nobody &amp;\"},"
	    "{\"startTime\":\"x\",\"body\":\"bad\"},"
	    "{\"startTime\":6,\"body\":\"  \"},"
	    "{\"startTime\":6.6,\"endTime\":7,\"body\":\"last\\u001b[2J\"}]}";
	struct transcript t;
	char *buf, *p;
	size_t i;

	PARSE_OK(jsontr_parse, in, &t);
	ck_assert_uint_eq(t.n, 6);
	check_line(&t, 0, 0, 1000, "A", "one two");
	check_line(&t, 1, 2000, 3000, "A", "after pause?");
	check_line(&t, 2, 3000, 4000, "A", "new line\xe2\x80\xa6");
	check_line(&t, 3, 4000, 5000, "B", "other");
	check_line(&t, 4, 5000, 5500, NULL, "nobody &amp;");
	check_line(&t, 5, 6600, 7000, NULL, "last");
	ck_assert_ptr_nonnull(strstr(t.warnings, "2 segments"));
	transcript_clear(&t);

	/* A line of words ends near JSONTR_LINE_BYTES. */
	buf = xmalloc(100 * 64 + 64);
	p = buf + sprintf(buf, "{\"segments\":[");
	for (i = 0; i < 100; i++)
		p += sprintf(p, "%s{\"startTime\":%zu,\"endTime\":%zu.5,\"body\":\"word%02zu\"}",
		    i == 0 ? "" : ",", i, i, i);
	p += sprintf(p, "]}");
	parse_ok(jsontr_parse, buf, (size_t)(p - buf), &t);
	ck_assert_uint_gt(t.n, 2);
	ck_assert_uint_lt(t.n, 10);
	for (i = 0; i < t.n; i++)
		ck_assert_uint_le(strlen(t.lines[i].text), 200);
	transcript_clear(&t);
	free(buf);
}
END_TEST

START_TEST(test_json_malformed)
{
	static const char *bad[] = { "", "{", "[]", "{\"segments\":{}}", "null", "\"x\"",
	    "{\"segments\":[1,2]", "{\"segments\":[] } trailing" };
	struct transcript t;
	char *err;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		ck_assert_int_eq(jsontr_parse(bad[i], strlen(bad[i]), &t, &err), -1);
		ck_assert_ptr_nonnull(err);
		ck_assert_uint_eq(t.n, 0);
		free(err);
		transcript_clear(&t);
	}
	PARSE_OK(jsontr_parse, "{\"segments\":[1,null,{},{\"startTime\":-1,\"body\":\"x\"},"
	    "{\"startTime\":1e300,\"body\":\"x\"}]}", &t);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_ptr_nonnull(t.warnings);
	transcript_clear(&t);
	check_garbage(jsontr_parse, "{\"segments\":[{\"startTime\":1,\"endTime\":2,"
	    "\"body\":\"a b\",\"speaker\":\"S\"},{\"startTime\":\"2\",\"body\":\"c\"}]}");
}
END_TEST

/*
 * SubRip.
 */

START_TEST(test_srt_encodings)
{
	static const char *files[] = { "utf8.srt", "utf8-bom-crlf.srt", "cr-only.srt",
	    "utf16le-bom.srt", "utf16be-bom.srt", "utf32le-bom.srt", "utf32be-bom.srt",
	    "cp1252.srt" };
	struct tally tally = { 0, 0 };
	struct transcript t;
	char *rel, *err;
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		rel = xasprintf("tests/data/srt/%s", files[i]);
		if (load(srt_parse, rel, &t, &err) == 0 && t.n == 2 &&
		    t.lines[0].start_ms == 1000 && t.lines[0].end_ms == 2500 &&
		    strcmp(t.lines[0].text, "Caf\xc3\xa9 \xc2\xabna\xc3\xafve\xc2\xbb "
		    "\xe2\x80\x94 ok") == 0 && t.lines[1].start_ms == 3000 &&
		    strcmp(t.lines[1].text, "Second line two") == 0)
			tally.passed++;
		else {
			tally.failed++;
			printf("FAIL srt %s: %s (%zu lines, first \"%s\")\n", files[i],
			    err != NULL ? err : "differs", t.n, t.n > 0 ? t.lines[0].text : "");
		}
		free(err);
		transcript_clear(&t);
		free(rel);
	}
	printf("srt encodings: %d passed, %d failed\n", tally.passed, tally.failed);
	fflush(stdout);
	ck_assert_int_eq(tally.failed, 0);
}
END_TEST

START_TEST(test_srt_quirks)
{
	struct transcript t;
	char *err;

	ck_assert_int_eq(load(srt_parse, "tests/data/srt/quirks.srt", &t, &err), 0);
	ck_assert_uint_eq(t.n, 5);
	check_line(&t, 0, 5500, 6250, NULL, "No index, point and short fractions");
	check_line(&t, 1, 7000, 8000, "Ann Lee", "hi & bye");
	check_line(&t, 2, 9000, 10000, NULL,
	    "Dr. Who: not a speaker JOHN: not either, second line");
	check_line(&t, 3, 11000, 12000, NULL, "A B C D: four words");
	check_line(&t, 4, 3600000, 3601123, NULL, "at 10:30 we meet; a < b and {curly}");
	transcript_clear(&t);
}
END_TEST

START_TEST(test_srt_malformed)
{
	static const char *bad[] = { "hello\nworld\n", "1\n00:00:01,000 -> 00:00:02,000\nx\n",
	    "1\n00:61:00,000 --> 00:62:00,000\nx\n" };
	struct transcript t;
	char *err, *buf;
	size_t i, len;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		ck_assert_int_eq(srt_parse(bad[i], strlen(bad[i]), &t, &err), -1);
		ck_assert_ptr_nonnull(err);
		ck_assert_uint_eq(t.n, 0);
		free(err);
		transcript_clear(&t);
	}
	PARSE_OK(srt_parse, "\xff\xfe", &t);
	ck_assert_uint_eq(t.n, 0);
	transcript_clear(&t);
	/* An odd UTF-16 tail and a lone surrogate. */
	PARSE_OK(srt_parse, "\xff\xfe" "0\0:\0" "0\0" "1\0 \0-\0-\0>\0 \0" "0\0:\0" "0\0" "2\0"
	    "\n\0" "\x00\xd8" "a\0b\0" "c", &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.lines[0].text, "\xef\xbf\xbd" "ab");
	transcript_clear(&t);

	/* A huge cue is cut at PARSE_MAX_TEXT. */
	len = 32 + 5 * PARSE_MAX_TEXT;
	buf = xmalloc(len);
	memset(buf, 'y', len);
	memcpy(buf, "00:00:01,000 --> 00:00:02,000\n", 30);
	parse_ok(srt_parse, buf, len, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_uint_eq(strlen(t.lines[0].text), PARSE_MAX_TEXT);
	transcript_clear(&t);
	free(buf);
	check_garbage(srt_parse, "1\n00:00:01,000 --> 00:00:02,000\n<i>a</i> {\\b1}b\n\n"
	    "00:00:03.5 --> 00:00:04\nName: c\n");
}
END_TEST

/*
 * LRC.
 */

/* What earmark expects of one lrc-kit file, where lrc-kit's own expectation is not written as lines. */
static const struct lrc_case {
	const char *file;
	size_t n;
	int64_t start[4];
	const char *text[4];
	const char *deviation;
} lrc_cases[] = {
	{ "enhanced-foobar2000.lrc", 3, { 5000, 9250, 15500 },
	    { "hello world", "feel the rhythm rise", "deeper hook" }, NULL },
	{ "enhanced-a2.lrc", 2, { 2000, 4000 }, { "spark light", "flow onward" }, NULL },
	{ "unsorted-indented.lrc", 2, { 2000, 3000 }, { "second", "third" }, NULL },
	{ "offset-plus-1000.lrc", 2, { 0, 1000 }, { "one", "two" },
	    "a positive offset makes lines earlier; lrc-kit makes them later" },
	{ "offset-minus-2000.lrc", 3, { 3000, 4000, 5000 }, { "one", "two", "three" },
	    "a negative offset makes lines later; lrc-kit makes them earlier" },
};

START_TEST(test_lrc_conformance)
{
	struct tally tally = { 0, 0 };
	const struct lrc_case *c;
	struct transcript t;
	json_t *root, *lyrics, *want;
	json_error_t jerr;
	char *path, *rel, *err;
	size_t i, k;
	int ok;

	path = test_data_path("tests/data/lrc/lrc-kit/EXPECTED.json");
	root = json_load_file(path, 0, &jerr);
	free(path);
	ck_assert_ptr_nonnull(root);
	lyrics = json_object_get(json_object_get(root, "main.lrc"), "lyrics");
	ck_assert_int_eq(load(lrc_parse, "tests/data/lrc/lrc-kit/main.lrc", &t, &err), 0);
	ok = t.n == json_array_size(lyrics);
	for (i = 0; ok && i < t.n; i++) {
		want = json_array_get(lyrics, i);
		ok = t.lines[i].start_ms == (int64_t)(json_number_value(
		    json_object_get(want, "timestamp")) * 1000 + 0.5) &&
		    strcmp(t.lines[i].text, json_string_value(json_object_get(want,
		    "content"))) == 0 &&
		    t.lines[i].end_ms == (i + 1 < t.n ? t.lines[i + 1].start_ms :
		    t.lines[i].start_ms);
	}
	tally.passed += ok;
	tally.failed += !ok;
	if (!ok)
		printf("FAIL lrc main.lrc\n");
	transcript_clear(&t);
	json_decref(root);

	for (k = 0; k < sizeof lrc_cases / sizeof lrc_cases[0]; k++) {
		c = &lrc_cases[k];
		rel = xasprintf("tests/data/lrc/lrc-kit/%s", c->file);
		ok = load(lrc_parse, rel, &t, &err) == 0 && t.n == c->n;
		for (i = 0; ok && i < t.n; i++)
			ok = t.lines[i].start_ms == c->start[i] &&
			    strcmp(t.lines[i].text, c->text[i]) == 0;
		tally.passed += ok;
		tally.failed += !ok;
		if (!ok)
			printf("FAIL lrc %s\n", c->file);
		else if (c->deviation != NULL)
			printf("deviation lrc %s: %s\n", c->file, c->deviation);
		free(err);
		transcript_clear(&t);
		free(rel);
	}
	printf("lrc lrc-kit: %d passed, %d failed\n", tally.passed, tally.failed);
	fflush(stdout);
	ck_assert_int_eq(tally.failed, 0);
}
END_TEST

START_TEST(test_lrc_lines)
{
	static const char in[] = "\xef\xbb\xbf[ti: T]\r\n[offset: nonsense]\n"
	    " [1 : 00 ][ 2: 00] hello &amp; <01:00.50>  bye \n"
	    "[1:10:10]colon fraction\r"
	    "[01:010.010] three digit seconds\n"
	    "[00:30.1]\n"
	    "[00:20.00]before gap\n"
	    "[10:00.00][bad]kept\n"
	    "[00:05][ar: x]meta after time is text\n";
	struct transcript t;

	PARSE_OK(lrc_parse, in, &t);
	ck_assert_uint_eq(t.n, 7);
	check_line(&t, 0, 5000, 20000, NULL, "[ar: x]meta after time is text");
	check_line(&t, 1, 20000, 30100, NULL, "before gap");
	check_line(&t, 2, 60000, 70010, NULL, "hello & bye");
	check_line(&t, 3, 70010, 70100, NULL, "three digit seconds");
	check_line(&t, 4, 70100, 120000, NULL, "colon fraction");
	check_line(&t, 5, 120000, 600000, NULL, "hello & bye");
	check_line(&t, 6, 600000, 600000, NULL, "[bad]kept");
	transcript_clear(&t);
}
END_TEST

START_TEST(test_lrc_malformed)
{
	static const char *bad[] = { "test", "[:]", "[ti:x]\n[ar:y]", "<00:01.00>x",
	    "[00:01.1234567890]x" };
	struct transcript t;
	char *err;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		ck_assert_int_eq(lrc_parse(bad[i], strlen(bad[i]), &t, &err), -1);
		ck_assert_ptr_nonnull(err);
		free(err);
		transcript_clear(&t);
	}
	PARSE_OK(lrc_parse, "[offset:-99999999999999]\n[00:01]x", &t);
	ck_assert_uint_eq(t.n, 1);
	transcript_clear(&t);
	check_garbage(lrc_parse, "[ti:x]\n[00:01.00][00:02]a <00:01.50>b\n[offset:+500]\n");
}
END_TEST

/*
 * HTML transcripts.
 */

START_TEST(test_html_podcastns)
{
	struct transcript t;
	char *err;

	ck_assert_int_eq(load(htmltr_parse, "tests/data/html-transcript/podcastns.html",
	    &t, &err), 0);
	ck_assert_ptr_null(err);
	ck_assert_uint_eq(t.n, 3);
	check_line(&t, 0, 0, 4000, "Kevin", "Welcome to the show & thanks for listening.");
	check_line(&t, 1, 4000, 3723500, "Alban", "Glad to be here. Really glad.");
	check_line(&t, 2, 3723500, 3728500, "Alban", "The end.");
	ck_assert_int_eq(t.estimated, 0);
	transcript_clear(&t);
}
END_TEST

START_TEST(test_html_untimed)
{
	struct transcript t;
	char *path, *buf, *err = NULL;
	size_t len;

	path = test_data_path("tests/data/html-transcript/untimed.html");
	buf = test_read_file(path, &len);
	free(path);
	ck_assert_int_eq(htmltr_parse(buf, len, &t, &err), -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_uint_eq(t.n, 0);
	free(err);
	ck_assert_int_eq(transcript_parse_any(buf, len, "text/html; charset=utf-8", 10000,
	    &t, &err), 0);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_int_eq(t.estimated, 1);
	ck_assert_str_eq(t.lines[0].speaker, "Kevin");
	ck_assert_str_eq(t.lines[0].text, "First paragraph here.");
	ck_assert_ptr_null(t.lines[1].speaker);
	ck_assert_int_eq(t.lines[0].start_ms, 0);
	ck_assert_int_eq(t.lines[1].end_ms, 10000);
	ck_assert_ptr_nonnull(strstr(t.warnings, "estimated"));
	transcript_clear(&t);
	/* Neither times nor paragraphs. */
	ck_assert_int_eq(transcript_parse_any("<html><body>x</body></html>", 27,
	    "t.html", 0, &t, &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	free(buf);
}
END_TEST

START_TEST(test_html_malformed)
{
	struct transcript t;

	PARSE_OK(htmltr_parse, "<time>1:00</time><p>a<p>b<time>zz</time><p>c</p><cite></cite>"
	    "<time>0:30</time><p>d\x1b[31m</p>", &t);
	ck_assert_uint_eq(t.n, 2);
	check_line(&t, 0, 60000, 60000, NULL, "a bzz c");
	check_line(&t, 1, 30000, 35000, NULL, "d[31m");
	transcript_clear(&t);
	PARSE_OK(htmltr_parse, "<p>orphan</p><time>2</time><p>x</p>", &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_ptr_nonnull(strstr(t.warnings, "skipped"));
	transcript_clear(&t);
	check_garbage(htmltr_parse, "<cite>A:</cite><time>0:01</time><p>x &amp; y</p>");
}
END_TEST

/*
 * Plain text.
 */

/* plain_parse with no duration known, shaped like the other parsers. */
static int
plain_parse_nodur(const char *buf, size_t len, struct transcript *out, char **err)
{
	return plain_parse(buf, len, 0, out, err);
}

START_TEST(test_plain_spread)
{
	static const char txt[] = "\xef\xbb\xbf" "ab\r\n\r\n  cdef  \rAl: xy\n \t\n";
	struct transcript t;
	char *err = NULL;

	ck_assert_int_eq(plain_parse(txt, sizeof txt - 1, 12000, &t, &err), 0);
	ck_assert_uint_eq(t.n, 3);
	check_line(&t, 0, 0, 2000, NULL, "ab");
	check_line(&t, 1, 2000, 6000, NULL, "cdef");
	check_line(&t, 2, 6000, 12000, "Al", "xy");
	ck_assert_int_eq(t.estimated, 1);
	ck_assert_str_eq(t.warnings, "timings are estimated from line lengths");
	transcript_clear(&t);
	ck_assert_int_eq(plain_parse(txt, sizeof txt - 1, 0, &t, &err), 0);
	ck_assert_int_gt(t.lines[2].end_ms, 0);
	transcript_clear(&t);
	/* Characters, not bytes. */
	ck_assert_int_eq(plain_parse("\xc3\xa9\xc3\xa9\nab\n", 8, 1000, &t, &err), 0);
	check_line(&t, 0, 0, 500, NULL, "\xc3\xa9\xc3\xa9");
	transcript_clear(&t);
	ck_assert_int_eq(plain_parse(" \r\n\n", 4, 1000, &t, &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	check_garbage(plain_parse_nodur, "Host: hello\nworld\r\n");
}
END_TEST

/*
 * Writers, JSON dumps and the choice of parser.
 */

/* Parses, writes as fmt, parses again: the same lines must come back. */
static void
check_roundtrip(parse_fn parse, const char *fmt, const char *rel)
{
	struct transcript a, b;
	char *err = NULL, *out;
	size_t i;

	if (load(parse, rel, &a, &err) != 0) {
		free(err);
		return;
	}
	out = transcript_write(&a, fmt);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(parse(out, strlen(out), &b, &err) == 0 || a.n == 0,
	    "%s: %s", rel, err);
	free(err);
	ck_assert_msg(a.n == b.n, "%s: %zu lines, %zu back", rel, a.n, b.n);
	for (i = 0; i < a.n; i++) {
		ck_assert_msg(a.lines[i].start_ms == b.lines[i].start_ms &&
		    a.lines[i].end_ms == b.lines[i].end_ms, "%s line %zu times", rel, i);
		ck_assert_msg((a.lines[i].speaker == NULL) == (b.lines[i].speaker == NULL) &&
		    (a.lines[i].speaker == NULL ||
		    strcmp(a.lines[i].speaker, b.lines[i].speaker) == 0),
		    "%s line %zu speaker", rel, i);
		ck_assert_msg(strcmp(a.lines[i].text, b.lines[i].text) == 0,
		    "%s line %zu: [%s] [%s]", rel, i, a.lines[i].text, b.lines[i].text);
	}
	free(out);
	transcript_clear(&a);
	transcript_clear(&b);
}

/* Round-trips every .vtt file in a folder of the source tree and its subfolders. */
static int
roundtrip_dir(const char *rel)
{
	struct dirent *d;
	struct stat st;
	DIR *dir;
	char *path, *sub;
	size_t n;
	int count = 0;

	path = test_data_path(rel);
	dir = opendir(path);
	free(path);
	ck_assert_ptr_nonnull(dir);
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", rel, d->d_name);
		n = strlen(d->d_name);
		if (n > 4 && strcmp(d->d_name + n - 4, ".vtt") == 0) {
			check_roundtrip(vtt_parse, "vtt", sub);
			count++;
		} else if (n > 4 && strcmp(d->d_name + n - 4, ".srt") == 0) {
			check_roundtrip(srt_parse, "srt", sub);
			count++;
		} else {
			path = test_data_path(sub);
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
				count += roundtrip_dir(sub);
			free(path);
		}
		free(sub);
	}
	closedir(dir);
	return count;
}

START_TEST(test_write_roundtrip)
{
	static const char txt[] = "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n"
	    "<v A &amp; B>x &lt;i&gt; &amp;amp; {\\an8} --&gt; y\n\n"
	    "01:00:00.000 --> 101:00:00.001\nplain\n";
	struct transcript t;
	char *out;

	ck_assert_int_gt(roundtrip_dir("tests/data/vtt"), 100);
	ck_assert_int_gt(roundtrip_dir("tests/data/srt"), 5);
	ck_assert_int_ge(roundtrip_dir("assets/demo"), 4);
	PARSE_OK(vtt_parse, txt, &t);
	out = transcript_write(&t, "txt");
	ck_assert_str_eq(out, "[00:00:01] A & B: x <i> &amp; {\\an8} --> y\n"
	    "[01:00:00] plain\n");
	free(out);
	out = transcript_write(&t, "srt");
	ck_assert_str_eq(out, "1\n00:00:01,000 --> 00:00:02,500\n"
	    "A & B: x &lt;i> &amp;amp; &#123;\\an8} --> y\n\n"
	    "2\n01:00:00,000 --> 101:00:00,001\nplain\n");
	free(out);
	ck_assert_ptr_null(transcript_write(&t, "doc"));
	transcript_clear(&t);
}
END_TEST

START_TEST(test_json_dump)
{
	static const char chap[] = "{\"version\":\"1.2.0\",\"chapters\":["
	    "{\"startTime\":0,\"title\":\"Intro\"},"
	    "{\"startTime\":61.25,\"endTime\":90,\"title\":\"B\",\"url\":\"https://x/\","
	    "\"toc\":false}]}";
	struct chapter_list l, l2;
	struct transcript t;
	json_t *v, *line;
	json_error_t je;
	char *out, *err = NULL;

	transcript_init(&t);
	transcript_add(&t, 1234, 61001, xstrdup("Ann"), xstrdup("hi \"there\""));
	transcript_add(&t, 61001, 70000, NULL, xstrdup("b"));
	transcript_warn(&t, "one");
	transcript_warn(&t, "two");
	out = transcript_to_json(&t);
	ck_assert_ptr_nonnull(strstr(out, "\"start\": 1.234,"));
	ck_assert_ptr_nonnull(strstr(out, "\"end\": 61.001"));
	v = json_loads(out, 0, &je);
	ck_assert_ptr_nonnull(v);
	line = json_array_get(json_object_get(v, "lines"), 1);
	ck_assert(json_is_null(json_object_get(line, "speaker")));
	ck_assert_str_eq(json_string_value(json_object_get(line, "text")), "b");
	ck_assert_uint_eq(json_array_size(json_object_get(v, "warnings")), 2);
	json_decref(v);
	free(out);
	transcript_clear(&t);

	ck_assert_int_eq(chapters_parse_json(chap, sizeof chap - 1, &l, &err), 0);
	out = chapters_to_json(&l);
	ck_assert_int_eq(chapters_parse_json(out, strlen(out), &l2, &err), 0);
	ck_assert_uint_eq(l2.n, 2);
	ck_assert_int_eq(l2.items[1].start_ms, 61250);
	ck_assert_int_eq(l2.items[1].end_ms, 90000);
	ck_assert_int_eq(l2.items[1].toc, 0);
	ck_assert_int_eq(l2.items[0].toc, 1);
	ck_assert_str_eq(l2.items[1].url, "https://x/");
	chapter_list_clear(&l);
	chapter_list_clear(&l2);
	free(out);
}
END_TEST

START_TEST(test_parse_any)
{
	static const struct {
		const char *name;
		int rank;
	} cases[] = {
		{ "text/vtt", 0 }, { "ep.VTT", 0 }, { "application/json", 1 },
		{ "/a.b/ep.json", 1 }, { "application/x-subrip", 2 }, { "x.srt", 2 },
		{ "text/html;charset=utf-8", 3 }, { "a.htm", 3 }, { "text/x-lrc", 4 },
		{ "a.lrc", 4 }, { "text/plain", 5 }, { "notes.txt", 5 },
		{ "audio/mpeg", -1 }, { "x.mp3", -1 }, { "ep", -1 }, { "dir.vtt/ep", -1 },
	};
	struct transcript t;
	char *err = NULL;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(transcript_format_rank(cases[i].name) == cases[i].rank,
		    "%s", cases[i].name);
	ck_assert_str_eq(transcript_format_type("text/srt"), "application/srt");
	ck_assert_ptr_null(transcript_format_type(NULL));
	ck_assert_int_eq(transcript_parse_any("[00:01]a\n", 9, "x.lrc", 0, &t, &err), 0);
	check_line(&t, 0, 1000, 1000, NULL, "a");
	transcript_clear(&t);
	ck_assert_int_eq(transcript_parse_any("a", 1, "x.doc", 0, &t, &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	transcript_clear(&t);
}
END_TEST

/*
 * Import: the preferred format among an item's transcripts.
 */

START_TEST(test_import_prefers_json)
{
	static const char feed[] = "<?xml version=\"1.0\"?>\n"
	    "<rss version=\"2.0\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">"
	    "<channel><title>P</title><item><title>E</title><guid>e1</guid>"
	    "<podcast:transcript url=\"t.srt\" type=\"application/x-subrip\"/>"
	    "<podcast:transcript url=\"t.json\" type=\"application/json\"/>"
	    "<podcast:transcript url=\"t.txt\" type=\"text/plain\"/>"
	    "</item></channel></rss>\n";
	static const char srt[] = "1\n00:00:01,000 --> 00:00:02,000\na\n\n"
	    "2\n00:00:03,000 --> 00:00:04,000\nb\n\n3\n00:00:05,000 --> 00:00:06,000\nc\n";
	static const char json[] = "{\"segments\":[{\"startTime\":1,\"endTime\":2,"
	    "\"body\":\"only line\"}]}";
	struct catalog_import_report r;
	struct catalog *c;
	char *dir, *path, *err = NULL;

	dir = test_tmpdir_new();
	path = xasprintf("%s/t.srt", dir);
	test_write_file(path, srt, sizeof srt - 1);
	free(path);
	path = xasprintf("%s/t.json", dir);
	test_write_file(path, json, sizeof json - 1);
	free(path);
	path = xasprintf("%s/feed.xml", dir);
	test_write_file(path, feed, sizeof feed - 1);
	free(path);
	path = xasprintf("%s/db", dir);
	ck_assert_msg(catalog_open(path, &c, &err) == 0, "%s", err);
	free(path);
	path = xasprintf("%s/feed.xml", dir);
	ck_assert_msg(catalog_import_feed(c, path, &r) == 0, "%s", catalog_error(c));
	free(path);
	ck_assert_int_eq(r.lines, 1);
	catalog_import_report_clear(&r);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

/* The first line's text of the episode with that guid, and its transcript's kind. */
static void
check_episode(struct catalog *c, int64_t podcast_id, const char *guid, int nlines,
    const char *text, const char *kind)
{
	struct catalog_line l;
	int64_t id;
	char *k;

	id = catalog_episode_find_guid(c, podcast_id, guid);
	ck_assert_int_gt(id, 0);
	ck_assert_msg(catalog_line_count(c, id) == nlines, "%s: %d lines", guid,
	    catalog_line_count(c, id));
	ck_assert_int_eq(catalog_lines(c, id, 0, 1, &l), 1);
	ck_assert_msg(strcmp(l.text, text) == 0, "%s: %s", guid, l.text);
	catalog_line_clear(&l);
	ck_assert_int_eq(catalog_transcript_kind(c, id, &k), 0);
	ck_assert_str_eq(k, kind);
	free(k);
}

/*
 * Opens a new catalog in a new folder and imports tests/data/formats/order.xml,
 * preferring transcripts in lang when it is not NULL.
 */
static struct catalog *
open_formats_in(char **dir, int64_t *podcast_id, const char *lang)
{
	struct catalog_import_report r;
	struct catalog *c;
	char *path, *err = NULL;

	*dir = test_tmpdir_new();
	path = xasprintf("%s/db", *dir);
	ck_assert_msg(catalog_open(path, &c, &err) == 0, "%s", err);
	free(path);
	catalog_set_language(c, lang);
	path = test_data_path("tests/data/formats/order.xml");
	ck_assert_msg(catalog_import_feed(c, path, &r) == 0, "%s", catalog_error(c));
	free(path);
	*podcast_id = r.podcast_id;
	catalog_import_report_clear(&r);
	return c;
}

static struct catalog *
open_formats(char **dir, int64_t *podcast_id)
{
	return open_formats_in(dir, podcast_id, NULL);
}

/* A language the person prefers comes before the format and the feed's language. */
START_TEST(test_import_language)
{
	struct catalog *c;
	int64_t pid;
	char *dir;

	c = open_formats_in(&dir, &pid, "de");
	check_episode(c, pid, "lang", 1, "deutsche Zeile", "timed");
	check_episode(c, pid, "pref", 1, "SubRip line", "timed");
	check_episode(c, pid, "both", 1, "feed webvtt", "timed");
	catalog_free(c);
	test_tmpdir_free(dir);
	/* Without one, the best format, then the feed's language. */
	c = open_formats_in(&dir, &pid, "");
	check_episode(c, pid, "lang", 1, "english line", "timed");
	check_episode(c, pid, "pref", 1, "feed webvtt", "timed");
	catalog_free(c);
	test_tmpdir_free(dir);
	/* A language no transcript is in changes nothing. */
	c = open_formats_in(&dir, &pid, "fi");
	check_episode(c, pid, "pref", 1, "feed webvtt", "timed");
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_import_order)
{
	struct catalog *c;
	int64_t pid;
	char *dir, *k;

	c = open_formats(&dir, &pid);
	check_episode(c, pid, "html", 3, "Welcome to the show & thanks for listening.",
	    "timed");
	check_episode(c, pid, "srt", 1, "SubRip line", "timed");
	check_episode(c, pid, "txt", 2, "Plain line one.", "estimated");
	check_episode(c, pid, "lang", 1, "english line", "timed");
	check_episode(c, pid, "side", 1, "sidecar subrip", "timed");
	check_episode(c, pid, "both", 1, "feed webvtt", "timed");
	ck_assert_int_eq(catalog_transcript_kind(c, 999, &k), 0);
	ck_assert_ptr_null(k);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_transcript_set)
{
	struct catalog_hit hits[4];
	struct transcript t;
	struct catalog *c;
	int64_t pid, id;
	char *dir, *k, *err = NULL;
	int i, n;

	c = open_formats(&dir, &pid);
	id = catalog_episode_find_guid(c, pid, "html");
	ck_assert_int_eq(catalog_search(c, "welcome", 0, 4, hits), 1);
	catalog_hit_clear(&hits[0]);
	ck_assert_int_eq(plain_parse("Ed: a replacement line\nand another\n", 36, 60000,
	    &t, &err), 0);
	ck_assert_int_eq(catalog_transcript_set(c, id, &t, "new.txt", "text/plain", NULL),
	    0);
	ck_assert_int_eq(catalog_search(c, "welcome", 0, 4, hits), 0);
	ck_assert_int_eq(n = catalog_search(c, "replacement", 0, 4, hits), 1);
	ck_assert_int_eq(hits[0].episode_id, id);
	for (i = 0; i < n; i++)
		catalog_hit_clear(&hits[i]);
	ck_assert_int_eq(catalog_line_count(c, id), 2);
	ck_assert_int_eq(catalog_transcript_kind(c, id, &k), 0);
	ck_assert_str_eq(k, "estimated");
	free(k);
	/* A missing episode changes nothing. */
	ck_assert_int_eq(catalog_transcript_set(c, 999, &t, NULL, NULL, "timed"), -1);
	ck_assert_ptr_nonnull(strstr(catalog_error(c), "no episode"));
	ck_assert_int_eq(catalog_line_count(c, id), 2);
	transcript_clear(&t);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

static Suite *
formats_suite(void)
{
	Suite *s = suite_create("formats");
	TCase *tc;

	tc = tcase_create("json");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_json_conformance);
	tcase_add_test(tc, test_json_podcastns);
	tcase_add_test(tc, test_json_join);
	tcase_add_test(tc, test_json_malformed);
	suite_add_tcase(s, tc);

	tc = tcase_create("srt");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_srt_encodings);
	tcase_add_test(tc, test_srt_quirks);
	tcase_add_test(tc, test_srt_malformed);
	suite_add_tcase(s, tc);

	tc = tcase_create("lrc");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_lrc_conformance);
	tcase_add_test(tc, test_lrc_lines);
	tcase_add_test(tc, test_lrc_malformed);
	suite_add_tcase(s, tc);

	tc = tcase_create("html");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_html_podcastns);
	tcase_add_test(tc, test_html_untimed);
	tcase_add_test(tc, test_html_malformed);
	tcase_add_test(tc, test_plain_spread);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_write_roundtrip);
	tcase_add_test(tc, test_json_dump);
	tcase_add_test(tc, test_parse_any);
	suite_add_tcase(s, tc);

	tc = tcase_create("import");
	tcase_add_test(tc, test_import_prefers_json);
	tcase_add_test(tc, test_import_order);
	tcase_add_test(tc, test_import_language);
	tcase_add_test(tc, test_transcript_set);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return (test_suite_run(formats_suite(), CK_FORK_GETENV));
}
