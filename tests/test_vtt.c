#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"
#include "tests/testutil.h"

/* Where the conformance cases live, under $top_srcdir. */
#define MOZILLA_DIR "tests/data/vtt/mozilla-vtt.js"

/* Cases where earmark means to differ from vtt.js, and why. */
static const struct deviation {
	const char *vtt;
	const char *reason;
} deviations[] = {
	{ "cue-times/fraction-digits.vtt",
	    "lenient timestamps: a two-digit fraction (00:00.00) is read" },
	{ "cue-times/min-mid-digits.vtt",
	    "lenient timestamps: 00:000.000 is read as minutes and seconds" },
	{ "cue-times/minimum-spots-over-sixty.vtt",
	    "lenient timestamps: 120:00.000 is read as 120 minutes, vtt.js reads 120 hours" },
	{ "file-layout/header-no-new-line.vtt",
	    "current spec: a timing line right after the signature line starts a cue" },
	{ "integration/id.vtt",
	    "current spec: a failed timing line (\"-->\") ends its block at the next \"-->\" line" },
	{ "integration/cycle-collector-talk.vtt",
	    "a later voice in a cue is written inline as \"Name: \"" },
};

/* Counts of one conformance run. */
struct tally {
	int passed;
	int deviated;
	int failed;
};

static const struct deviation *
deviation_find(const char *vtt)
{
	size_t i;

	for (i = 0; i < sizeof deviations / sizeof deviations[0]; i++) {
		if (strcmp(deviations[i].vtt, vtt) == 0)
			return &deviations[i];
	}
	return NULL;
}

/* What earmark should make of vtt.js's raw cue text: tags out, references decoded, lines joined. */
static char *
expected_text(const char *raw)
{
	char *stripped, *decoded, *clean;
	size_t i, o = 0, n = strlen(raw), dlen;

	stripped = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (raw[i] == '<') {
			while (i < n && raw[i] != '>')
				i++;
			continue;
		}
		stripped[o++] = raw[i] == '\n' ? ' ' : raw[i];
	}
	stripped[o] = '\0';
	decoded = text_decode_refs(stripped, o, &dlen);
	clean = text_sanitize(decoded, dlen);
	free(stripped);
	free(decoded);
	return clean;
}

/* Whether s holds nothing but spaces. */
static int
blank(const char *s)
{
	while (*s == ' ')
		s++;
	return *s == '\0';
}

/* Full path of a file among the conformance cases. */
static char *
mozilla_path(const char *name)
{
	char *rel, *path;

	rel = xasprintf("%s/%s", MOZILLA_DIR, name);
	path = test_data_path(rel);
	free(rel);
	return path;
}

/* Compares one case; returns NULL when it matches, else a note on the first difference. */
static char *
mozilla_compare(const char *vtt, const char *json)
{
	struct transcript t;
	json_t *root, *cues, *cue;
	json_error_t jerr;
	char *path, *buf, *err = NULL, *want, *note = NULL;
	size_t len, i, k = 0;
	int64_t start, end;

	path = mozilla_path(json);
	root = json_load_file(path, 0, &jerr);
	free(path);
	if (root == NULL)
		return xasprintf("cannot read %s: %s", json, jerr.text);
	cues = json_object_get(root, "cues");

	path = mozilla_path(vtt);
	buf = test_read_file(path, &len);
	free(path);
	if (vtt_parse(buf, len, &t, &err) != 0) {
		free(err);
		transcript_init(&t);
	}
	free(buf);

	for (i = 0; note == NULL && i < json_array_size(cues); i++) {
		cue = json_array_get(cues, i);
		want = expected_text(json_string_value(json_object_get(cue, "text")));
		if (blank(want)) {
			/* earmark drops cues left without text. */
			free(want);
			continue;
		}
		start = (int64_t)(json_number_value(json_object_get(cue, "startTime")) * 1000 + 0.5);
		end = (int64_t)(json_number_value(json_object_get(cue, "endTime")) * 1000 + 0.5);
		if (k >= t.n)
			note = xasprintf("cue %zu missing", i);
		else if (t.lines[k].start_ms != start || t.lines[k].end_ms != end)
			note = xasprintf("cue %zu: times %lld-%lld, want %lld-%lld", i,
			    (long long)t.lines[k].start_ms, (long long)t.lines[k].end_ms,
			    (long long)start, (long long)end);
		else if (strcmp(t.lines[k].text, want) != 0)
			note = xasprintf("cue %zu: text \"%s\", want \"%s\"", i,
			    t.lines[k].text, want);
		free(want);
		k++;
	}
	if (note == NULL && k != t.n)
		note = xasprintf("%zu cues, want %zu", t.n, k);
	transcript_clear(&t);
	json_decref(root);
	return note;
}

START_TEST(test_mozilla_conformance)
{
	struct tally tally = { 0, 0, 0 };
	const struct deviation *dev;
	char *index, *buf, *line, *next, *tab, *note;
	size_t len;

	index = test_data_path(MOZILLA_DIR "/EXPECTED.tsv");
	buf = test_read_file(index, &len);
	free(index);
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((tab = strchr(line, '\t')) == NULL || strncmp(line, "input_vtt", 9) == 0)
			continue;
		*tab++ = '\0';
		note = mozilla_compare(line, tab);
		dev = deviation_find(line);
		if (note == NULL)
			tally.passed++;
		else if (dev != NULL) {
			tally.deviated++;
			printf("deviation %s: %s (%s)\n", line, dev->reason, note);
		} else {
			tally.failed++;
			printf("FAIL %s: %s\n", line, note);
		}
		free(note);
	}
	free(buf);
	printf("mozilla vtt.js: %d passed, %d passed with deviation, %d failed\n",
	    tally.passed, tally.deviated, tally.failed);
	fflush(stdout);
	ck_assert_int_eq(tally.failed, 0);
	ck_assert_int_gt(tally.passed, 150);
}
END_TEST

/* Parses a string that must be accepted. */
static void
parse_ok(const char *s, size_t len, struct transcript *t)
{
	char *err = NULL;

	ck_assert_msg(vtt_parse(s, len, t, &err) == 0, "rejected: %s", err);
	ck_assert_ptr_null(err);
}

START_TEST(test_podcastns_voices)
{
	struct transcript t;
	char *path, *buf;
	size_t len;

	path = test_data_path("tests/data/vtt/podcastns-example.vtt");
	buf = test_read_file(path, &len);
	free(path);
	parse_ok(buf, len, &t);
	free(buf);
	ck_assert_uint_eq(t.n, 7);
	ck_assert_str_eq(t.lines[0].speaker, "Sarah");
	ck_assert_str_eq(t.lines[0].text, "In today's episode, you'll learn whether or not you");
	ck_assert_int_eq(t.lines[0].start_ms, 0);
	ck_assert_int_eq(t.lines[0].end_ms, 2760);
	ck_assert_str_eq(t.lines[2].text,
	    "include in one? Welcome to Podcasting Q&A, where you learn");
	ck_assert_str_eq(t.lines[5].speaker, "Gillian");
	ck_assert_int_eq(t.lines[5].start_ms, 19080);
	ck_assert_str_eq(t.lines[6].text,
	    "careers podcast. My question is, do we need a podcast trailer?");
	transcript_clear(&t);

	path = test_data_path("tests/data/vtt/podcastns-spec-snippet.vtt");
	buf = test_read_file(path, &len);
	free(path);
	parse_ok(buf, len, &t);
	free(buf);
	ck_assert_uint_eq(t.n, 7);
	ck_assert_str_eq(t.lines[0].speaker, "John");
	ck_assert_str_eq(t.lines[1].speaker, "Tom");
	ck_assert_ptr_null(t.lines[2].speaker);
	ck_assert_str_eq(t.lines[2].text,
	    "It's amazing how it's empowering creators like never before.");
	ck_assert_str_eq(t.lines[4].speaker, "John");
	ck_assert_int_eq(t.lines[5].start_ms, 25000);
	ck_assert_int_eq(t.lines[5].end_ms, 30000);
	ck_assert_str_eq(t.lines[6].text, "Couldn't agree more, Tom. The future looks bright.");
	transcript_clear(&t);
}
END_TEST

START_TEST(test_voices_inline)
{
	static const char in[] = "WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "<v.loud  Ann  Lee>Hi <b>there</b>.\n<v Bob>Hello. <v Bob>Again.\n"
	    "<v Ann Lee>Bye.</v>\n";
	struct transcript t;

	parse_ok(in, sizeof in - 1, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.lines[0].speaker, "Ann Lee");
	ck_assert_str_eq(t.lines[0].text, "Hi there. Bob: Hello. Again. Ann Lee: Bye.");
	transcript_clear(&t);
}
END_TEST

START_TEST(test_entities)
{
	static const char in[] = "WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "a &amp; b &lt;i&gt; &quot;q&quot; &apos;s&nbsp;x&#65;&#x42;&#x1F600; "
	    "&bogus; &amp &#; &#xZZ; &#0;\n";
	struct transcript t;

	parse_ok(in, sizeof in - 1, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.lines[0].text, "a & b <i> \"q\" 's\xc2\xa0xAB\xf0\x9f\x98\x80 "
	    "&bogus; &amp &#; &#xZZ; \xef\xbf\xbd");
	transcript_clear(&t);
}
END_TEST

START_TEST(test_bom_line_ends_nul)
{
	static const char bom[] = "\xef\xbb\xbfWEBVTT\r\n\r\n1\r\n00:01.000 --> 00:02.000\r\n"
	    "one\r\ntwo\r\n\r\n00:03.000 --> 00:04.000\r\nthree\r\n";
	static const char cr[] = "WEBVTT - title\rKind: captions\r\r00:01.000 --> 00:02.000\r"
	    "a\rb\r\r00:03.000 --> 00:04.000\rc";
	static const char nul[] = "WEBVTT\n\n00:01.000 --> 00:02.000\na\0b\n";
	struct transcript t;

	parse_ok(bom, sizeof bom - 1, &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_str_eq(t.lines[0].text, "one two");
	ck_assert_str_eq(t.lines[1].text, "three");
	ck_assert_int_eq(t.lines[1].start_ms, 3000);
	transcript_clear(&t);

	parse_ok(cr, sizeof cr - 1, &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_str_eq(t.lines[0].text, "a b");
	ck_assert_str_eq(t.lines[1].text, "c");
	transcript_clear(&t);

	parse_ok(nul, sizeof nul - 1, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.lines[0].text, "a\xef\xbf\xbd" "b");
	transcript_clear(&t);
}
END_TEST

START_TEST(test_signature)
{
	static const char *bad[] = { "", "WEBVT", "WEBVTTX\n", "webvtt\n", " WEBVTT\n",
	    "\nWEBVTT\n", "\xef\xbb\xbf\tWEBVTT\n" };
	struct transcript t;
	char *err;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		ck_assert_int_eq(vtt_parse(bad[i], strlen(bad[i]), &t, &err), -1);
		ck_assert_ptr_nonnull(err);
		ck_assert_uint_eq(t.n, 0);
		free(err);
		transcript_clear(&t);
	}
	parse_ok("WEBVTT", 6, &t);
	ck_assert_uint_eq(t.n, 0);
	transcript_clear(&t);
	parse_ok("WEBVTT\tx\n\n00:01.000 --> 00:02.000\nok", 37, &t);
	ck_assert_uint_eq(t.n, 1);
	transcript_clear(&t);
}
END_TEST

START_TEST(test_lenient_times)
{
	static const char in[] = "WEBVTT\n\n"
	    "0.860 --> 7.380\nbare seconds\n\n"
	    "1:01.080 --> 1:02.5\none-digit minute\n\n"
	    "00:01:02 --> 00:01:03\nno fraction\n\n"
	    "00:00:05,250 --> 00:00:06,000\ncomma\n\n"
	    "1:02:03.5 --> 1:02:04.123456\nhours\n\n"
	    "00:61.000 --> 00:62.000\nbad seconds\n\n"
	    "00:00:10.000 --> 00:00:11.000\nstrict\n";
	struct transcript t;

	parse_ok(in, sizeof in - 1, &t);
	ck_assert_uint_eq(t.n, 6);
	ck_assert_int_eq(t.lines[0].start_ms, 860);
	ck_assert_int_eq(t.lines[0].end_ms, 7380);
	ck_assert_int_eq(t.lines[1].start_ms, 5250);
	ck_assert_str_eq(t.lines[1].text, "comma");
	ck_assert_int_eq(t.lines[2].start_ms, 10000);
	ck_assert_int_eq(t.lines[3].start_ms, 61080);
	ck_assert_int_eq(t.lines[3].end_ms, 62500);
	ck_assert_int_eq(t.lines[4].start_ms, 62000);
	ck_assert_int_eq(t.lines[4].end_ms, 63000);
	ck_assert_int_eq(t.lines[5].start_ms, 3723500);
	ck_assert_int_eq(t.lines[5].end_ms, 3724123);
	ck_assert_ptr_nonnull(t.warnings);
	transcript_clear(&t);
}
END_TEST

START_TEST(test_layout)
{
	static const char in[] = "WEBVTT\nKind: captions\n\n"
	    "NOTE a comment\nspanning lines\n\n"
	    "STYLE\n::cue { color: red }\n\n"
	    "REGION\nid:r1\n\n"
	    "intro\n00:00:05.000 --> 00:00:06.000 align:start position:10%\n"
	    "<c.yellow>late</c> <i>one</i> <00:00:05.500>tick\n\n"
	    "00:00:01.000 -> 00:00:02.000\nbad timing\nstill bad\n\n"
	    "00:00:01.000 --> 00:00:02.000\nearly\n"
	    "00:00:02.000 --> 00:00:03.000\nright after\n\n"
	    "00:00:01.000 --> 00:00:09.000\n<ruby>kan<rt>ka</rt></ruby> same start\n";
	struct transcript t;

	parse_ok(in, sizeof in - 1, &t);
	ck_assert_uint_eq(t.n, 4);
	ck_assert_str_eq(t.lines[0].text, "early");
	ck_assert_str_eq(t.lines[1].text, "kanka same start");
	ck_assert_int_eq(t.lines[1].end_ms, 9000);
	ck_assert_str_eq(t.lines[2].text, "right after");
	ck_assert_str_eq(t.lines[3].text, "late one tick");
	ck_assert_int_eq(t.lines[3].start_ms, 5000);
	transcript_clear(&t);
}
END_TEST

START_TEST(test_hostile_text)
{
	static const char in[] = "WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "a\x1b]52;c;ZXZpbA==\x07" "b\x1b[2Jc\xe2\x80\xae" "d\xe2\x81\xa6" "e\x1b]8;;http://x\x1b\\f"
	    "\x1b]8;;\x1b\\\xc2\x9b" "31mg\x7fh\x01\n";
	struct transcript t;

	parse_ok(in, sizeof in - 1, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.lines[0].text, "abcdefgh");
	transcript_clear(&t);
}
END_TEST

START_TEST(test_caps)
{
	struct transcript t;
	char *buf, *p;
	size_t len, i, n = PARSE_MAX_LINES + 10;
	const char *cue = "00:00.000 --> 00:01.000\nx\n\n";

	/* Too many cues: the first PARSE_MAX_LINES are kept. */
	len = 8 + n * strlen(cue);
	buf = xmalloc(len + 1);
	memcpy(buf, "WEBVTT\n\n", 8);
	for (i = 0, p = buf + 8; i < n; i++, p += strlen(cue))
		memcpy(p, cue, strlen(cue));
	parse_ok(buf, len, &t);
	ck_assert_uint_eq(t.n, PARSE_MAX_LINES);
	ck_assert_ptr_nonnull(strstr(t.warnings, "cues"));
	transcript_clear(&t);
	free(buf);

	/* A long cue is cut at PARSE_MAX_TEXT bytes. */
	len = 64 + 3 * PARSE_MAX_TEXT;
	buf = xmalloc(len);
	memset(buf, 'y', len);
	memcpy(buf, "WEBVTT\n\n00:00.000 --> 00:01.000\n", 32);
	parse_ok(buf, len, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_uint_eq(strlen(t.lines[0].text), PARSE_MAX_TEXT);
	ck_assert_ptr_nonnull(t.warnings);
	transcript_clear(&t);
	free(buf);

	/* Past PARSE_MAX_INPUT the rest is not read. */
	len = PARSE_MAX_INPUT + 100;
	buf = xmalloc(len);
	memset(buf, '\n', len);
	memcpy(buf, "WEBVTT\n\n00:00.000 --> 00:01.000\nfirst\n\n", 39);
	memcpy(buf + len - 40, "\n\n00:05.000 --> 00:06.000\nlast\n\n", 32);
	parse_ok(buf, len, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.lines[0].text, "first");
	ck_assert_ptr_nonnull(strstr(t.warnings, "larger"));
	transcript_clear(&t);
	free(buf);
}
END_TEST

START_TEST(test_garbage)
{
	struct transcript t;
	char *buf, *err, *path, *rel;
	size_t len, i, j;
	unsigned int seed = 12345;
	static const char *names[] = { "junk_characters.vtt", "long_string_junk_characters.vtt",
	    "arabic.vtt", "long_string_multiple_languages.vtt" };

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		rel = xasprintf("cuetext/languages/%s", names[i]);
		path = mozilla_path(rel);
		free(rel);
		buf = test_read_file(path, &len);
		free(path);
		err = NULL;
		if (vtt_parse(buf, len, &t, &err) == 0)
			ck_assert_ptr_null(err);
		free(err);
		transcript_clear(&t);
		free(buf);
	}

	/* Random bytes after a valid start, many times over. */
	buf = xmalloc(4096);
	for (i = 0; i < 500; i++) {
		memcpy(buf, "WEBVTT\n\n", 8);
		for (j = 8; j < 4096; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = "0:.-> \n\r<&v;#x\x1b\x9b\xc2\xff"[(seed >> 16) % 18];
			if ((seed >> 8) % 7 == 0)
				buf[j] = (char)(seed >> 20);
		}
		err = NULL;
		ck_assert_int_eq(vtt_parse(buf, 8 + i * 8, &t, &err), 0);
		for (j = 0; j < t.n; j++) {
			ck_assert_ptr_nonnull(t.lines[j].text);
			ck_assert_ptr_null(strchr(t.lines[j].text, '\x1b'));
			if (j > 0)
				ck_assert_int_ge(t.lines[j].start_ms, t.lines[j - 1].start_ms);
		}
		transcript_clear(&t);
	}
	free(buf);
}
END_TEST

/* Sanitizes a literal and compares the result. */
static void
check_sanitize(const char *in, size_t len, const char *want)
{
	char *got = text_sanitize(in, len);

	ck_assert_str_eq(got, want);
	free(got);
}

#define SAN(in, want) check_sanitize(in, sizeof in - 1, want)

START_TEST(test_sanitize)
{
	SAN("plain text", "plain text");
	SAN("tab\there\nnew\rline", "tab here new line");
	SAN("a\x1b]52;c;ZXZpbA==\x07z", "az");
	SAN("a\x1b]52;c;ZXZpbA==\x1b\\z", "az");
	SAN("a\x1b[2Jz", "az");
	SAN("a\x1b[38;5;196mred\x1b[0mz", "aredz");
	SAN("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "link");
	SAN("a\xc2\x9b" "2Jz", "az");
	SAN("a\xc2\x9d" "0;title\x07z", "az");
	SAN("a\xc2\x9d" "0;title\xc2\x9cz", "az");
	SAN("a\x1bPqdcs\x1b\\z", "az");
	SAN("a\x1b_apc\x1b\\z\x1b^pm\x1b\\", "az");
	SAN("a\x1b" "7z\x1b(Bq", "azq");
	SAN("a\x1b", "a");
	SAN("a\x1b]unterminated", "a");
	SAN("x\xc2\x85y\x7f\x01\x08z", "xyz");
	SAN("\xe2\x80\xaa" "a\xe2\x80\xab" "b\xe2\x80\xac" "c\xe2\x80\xad" "d\xe2\x80\xae" "e",
	    "abcde");
	SAN("\xe2\x81\xa6" "a\xe2\x81\xa7" "b\xe2\x81\xa8" "c\xe2\x81\xa9", "abc");
	SAN("keep \xe2\x80\x8e marks \xe2\x80\x8f", "keep \xe2\x80\x8e marks \xe2\x80\x8f");
	SAN("bad \xff\xfe end", "bad \xef\xbf\xbd\xef\xbf\xbd end");
	SAN("overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd");
	SAN("surrogate \xed\xa0\x80", "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	SAN("cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd");
	SAN("raw c1 \x9b" "31m", "raw c1 \xef\xbf\xbd" "31m");
	SAN("\xf0\x9f\x8e\x99 mic \xc3\xa9", "\xf0\x9f\x8e\x99 mic \xc3\xa9");
	SAN("nul\0inside", "nulinside");
}
END_TEST

/* Parses a chapters file under tests/data/chapters. */
static int
chapters_load(const char *name, struct chapter_list *l, char **err)
{
	char *rel, *path, *buf;
	size_t len;
	int rc;

	rel = xasprintf("tests/data/chapters/%s", name);
	path = test_data_path(rel);
	free(rel);
	buf = test_read_file(path, &len);
	free(path);
	rc = chapters_parse_json(buf, len, l, err);
	free(buf);
	return rc;
}

/* Compares a nullable string member of an expected chapter. */
static void
check_member(json_t *want, const char *key, const char *got)
{
	json_t *v = json_object_get(want, key);

	if (v == NULL)
		ck_assert_ptr_null(got);
	else
		ck_assert_str_eq(got, json_string_value(v));
}

START_TEST(test_chapters_rssblue)
{
	struct chapter_list l;
	json_t *root, *entry, *want, *c;
	json_error_t jerr;
	const char *name;
	char *path, *err;
	size_t i;
	int files = 0;

	path = test_data_path("tests/data/chapters/rssblue-chapters/EXPECTED.json");
	root = json_load_file(path, 0, &jerr);
	free(path);
	ck_assert_ptr_nonnull(root);
	json_object_foreach(root, name, entry) {
		if (strncmp(name, "podcast-namespace-chapters", 26) != 0)
			continue;
		path = xasprintf("rssblue-chapters/%s", name);
		err = NULL;
		ck_assert_msg(chapters_load(path, &l, &err) == 0, "%s: %s", name, err);
		free(path);
		want = json_object_get(entry, "chapters");
		ck_assert_uint_eq(l.n, json_array_size(want));
		for (i = 0; i < l.n; i++) {
			c = json_array_get(want, i);
			ck_assert_int_eq(l.items[i].start_ms,
			    (int64_t)(json_number_value(json_object_get(c, "startTime")) * 1000));
			ck_assert_str_eq(l.items[i].title,
			    json_string_value(json_object_get(c, "title")));
			check_member(c, "img", l.items[i].img);
			check_member(c, "url", l.items[i].url);
			ck_assert_int_eq(l.items[i].end_ms, -1);
			ck_assert_int_eq(l.items[i].toc, 1);
		}
		chapter_list_clear(&l);
		files++;
	}
	json_decref(root);
	ck_assert_int_eq(files, 3);
	printf("rssblue chapters: %d passed, 0 failed\n", files);
	fflush(stdout);
}
END_TEST

START_TEST(test_chapters_podcastns)
{
	static const char *names[] = { "podcastns-example.json", "podcastns-exampleComplex.json",
	    "podcastns-spec-jsonChapters-basic.json",
	    "podcastns-spec-jsonChapters-toc-location.json" };
	struct chapter_list l;
	char *err;
	size_t i, j;
	int hidden;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		err = NULL;
		ck_assert_msg(chapters_load(names[i], &l, &err) == 0, "%s: %s", names[i], err);
		ck_assert_uint_gt(l.n, 0);
		ck_assert_int_eq(l.items[0].start_ms, 0);
		for (j = 1; j < l.n; j++)
			ck_assert_int_ge(l.items[j].start_ms, l.items[j - 1].start_ms);
		hidden = 0;
		for (j = 0; j < l.n; j++)
			hidden += !l.items[j].toc;
		if (i == 3)
			ck_assert_int_gt(hidden, 0);
		chapter_list_clear(&l);
	}

	err = NULL;
	ck_assert_int_eq(chapters_load("podcastns-example.json", &l, &err), 0);
	ck_assert_uint_eq(l.n, 9);
	ck_assert_str_eq(l.items[1].title, "Hearing Aids");
	ck_assert_int_eq(l.items[1].start_ms, 168000);
	chapter_list_clear(&l);
}
END_TEST

START_TEST(test_chapters_edge)
{
	static const char good[] = "{\"version\":\"1.2.0\",\"chapters\":["
	    "{\"startTime\":12.5,\"endTime\":20,\"title\":\"B\\u001b[2J\\u202eb\",\"toc\":false},"
	    "{\"startTime\":-1,\"title\":\"neg\"},"
	    "{\"startTime\":\"3\",\"title\":\"string\"},"
	    "{\"title\":\"none\"},"
	    "7,"
	    "{\"startTime\":0,\"url\":\"https://x\",\"img\":\"i.png\"},"
	    "{\"startTime\":12.5,\"title\":\"B2\"}]}";
	struct chapter_list l;
	char *err = NULL;

	ck_assert_int_eq(chapters_parse_json(good, sizeof good - 1, &l, &err), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_int_eq(l.items[0].start_ms, 0);
	ck_assert_str_eq(l.items[0].title, "");
	ck_assert_str_eq(l.items[0].url, "https://x");
	ck_assert_str_eq(l.items[0].img, "i.png");
	ck_assert_int_eq(l.items[0].end_ms, -1);
	ck_assert_int_eq(l.items[1].start_ms, 12500);
	ck_assert_int_eq(l.items[1].end_ms, 20000);
	ck_assert_str_eq(l.items[1].title, "Bb");
	ck_assert_int_eq(l.items[1].toc, 0);
	ck_assert_str_eq(l.items[2].title, "B2");
	ck_assert_int_eq(l.items[2].toc, 1);
	chapter_list_clear(&l);

	ck_assert_int_eq(chapters_parse_json("{\"chapters\":[]}", 15, &l, &err), 0);
	ck_assert_uint_eq(l.n, 0);
	chapter_list_clear(&l);

	ck_assert_int_eq(chapters_parse_json("{\"version\":\"1\"}", 15, &l, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "chapters"));
	free(err);
	ck_assert_int_eq(chapters_parse_json("{\"chapters\":{}}", 15, &l, &err), -1);
	free(err);
	ck_assert_int_eq(chapters_parse_json("[1,2]", 5, &l, &err), -1);
	free(err);
	ck_assert_int_eq(chapters_parse_json("{\"chapters\":[", 13, &l, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "JSON"));
	free(err);
	/* The length is honoured: what follows it is never read. */
	ck_assert_int_eq(chapters_parse_json("{\"chapters\":[]}garbage", 15, &l, &err), 0);
	chapter_list_clear(&l);
}
END_TEST

static Suite *
vtt_suite(void)
{
	Suite *s = suite_create("vtt");
	TCase *tc;

	tc = tcase_create("conformance");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_mozilla_conformance);
	suite_add_tcase(s, tc);

	tc = tcase_create("vtt");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_podcastns_voices);
	tcase_add_test(tc, test_voices_inline);
	tcase_add_test(tc, test_entities);
	tcase_add_test(tc, test_bom_line_ends_nul);
	tcase_add_test(tc, test_signature);
	tcase_add_test(tc, test_lenient_times);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_hostile_text);
	tcase_add_test(tc, test_caps);
	tcase_add_test(tc, test_garbage);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_sanitize);
	suite_add_tcase(s, tc);

	tc = tcase_create("chapters");
	tcase_add_test(tc, test_chapters_rssblue);
	tcase_add_test(tc, test_chapters_podcastns);
	tcase_add_test(tc, test_chapters_edge);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return (test_suite_run(vtt_suite(), CK_FORK_GETENV));
}
