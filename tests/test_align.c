#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "player/player.h"
#include "tests/asan_libvlc.h"
#include "tests/testutil.h"

/* Test speech made once per run, removed at the end. */
static char *test_dir;

/* Whole sentences, one or two a line, of very different lengths. */
static const char *const sentences[] = {
	"Welcome back to the show.",
	"Today we look at how a terminal program keeps its screen in step with "
	    "the voice you hear.",
	"It sounds simple.",
	"Every line of a transcript has a start time, and when playback passes "
	    "it, the line lights up.",
	"But many shows publish only plain text.",
	"No times at all.",
	"So the program has to find out where each line begins, and a guess by "
	    "length alone drifts further from the voice with every minute.",
	"Listening to the audio gives a better answer.",
	"People pause between sentences.",
	"Those pauses are easy to find, because the sound drops to almost nothing "
	    "for a moment.",
	"Right.",
	"The quiet stretches cut the speech into pieces.",
	"Matching the length of each line to those pieces puts it close to its "
	    "true place.",
	"That is the whole trick.",
	"It runs far faster than the episode plays.",
	"Thanks for listening, and see you next week.",
};

/* The same kind of text, broken in mid-sentence the way captions are. */
static const char *const broken[] = {
	"When the first radio plays went out on",
	"the air, nobody had a way to write down",
	"exactly when each word was spoken, and",
	"the scripts were all that survived.",
	"Decades later, archivists found",
	"boxes of those scripts next to the",
	"recordings, and started asking whether",
	"the two could be joined again, line by",
	"line, so that a listener could follow",
	"along.",
	"It took a machine that could hear the",
	"gaps between the words.",
	"Now the old plays scroll on the screen",
	"as the actors speak, and you can jump",
	"to any line you like.",
};

/* Gaps after each line (s), beyond what the synthesiser leaves. */
static const double sentence_gaps[] = { 0.25, 0.6, 0.4, 0.9, 0.3, 0.5, 0.7,
	0.2, 0.45, 0.8, 0.35, 0.55, 0.3, 0.65, 0.4, 0 };
static const double broken_gaps[] = { 0.06, 0.12, 0.08, 0.35, 0.1, 0.05, 0.15,
	0.09, 0.1, 0.4, 0.12, 0.45, 0.07, 0.11, 0 };

#define NSENT (sizeof sentences / sizeof sentences[0])
#define NBROKEN (sizeof broken / sizeof broken[0])

/* A spoken text and the true start of its every line. */
struct speech {
	const char *name;
	const char *const *lines;
	size_t n;
	double starts[32];
};

static struct speech speech_plain = { "sentences.ogg", sentences, NSENT, { 0 } };
static struct speech speech_broken = { "broken.ogg", broken, NBROKEN, { 0 } };
static struct speech speech_music = { "music.ogg", sentences, NSENT, { 0 } };

static char *
test_path(const char *name)
{
	return (xasprintf("%s/%s", test_dir, name));
}

/* Runs a shell command in the test folder; aborts when it fails. */
static void
test_sh(const char *cmd)
{
	if (test_sh_in(test_dir, cmd, NULL) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		abort();
	}
}

/* Seconds a file lasts, by soxi. */
static double
test_seconds(const char *name)
{
	char *cmd = xasprintf("soxi -D '%s/%s'", test_dir, name), line[64];
	double v = -1;
	FILE *f;

	if ((f = popen(cmd, "r")) == NULL || fgets(line, sizeof line, f) == NULL)
		abort();
	pclose(f);
	free(cmd);
	v = atof(line);
	return (v);
}

/*
 * Speaks each line to its own file, trimmed of the synthesiser's trailing
 * quiet when trim is set, adds gaps[i] of silence and joins them into
 * sp->name, noting where each line begins.
 */
static void
test_speak(struct speech *sp, const double *gaps, int trim, const char *bed)
{
	char *cmd, *list = xstrdup(""), *next, name[64];
	double at = 0;
	size_t i;
	int lead;

	for (i = 0; i < sp->n; i++) {
		snprintf(name, sizeof name, "%s.%zu.txt", sp->name, i);
		next = test_path(name);
		test_write_file(next, sp->lines[i], strlen(sp->lines[i]));
		free(next);
		cmd = xasprintf("espeak-ng -s 165 -f '%s' -w raw.wav && "
		    "sox raw.wav '%s.%zu.wav' %s pad 0 %.3f", name, sp->name, i,
		    trim ? "reverse silence 1 0.01 1% reverse" : "", gaps[i]);
		test_sh(cmd);
		free(cmd);
		snprintf(name, sizeof name, "%s.%zu.wav", sp->name, i);
		sp->starts[i] = at;
		at += test_seconds(name);
		next = xasprintf("%s '%s'", list, name);
		free(list);
		list = next;
	}
	/* A second of quiet before the talk begins; six under music. */
	lead = bed != NULL ? 6 : 1;
	cmd = xasprintf("sox -n -r 22050 -c 1 lead.wav trim 0 %d && sox lead.wav %s "
	    "joined.wav", lead, list);
	test_sh(cmd);
	free(cmd);
	for (i = 0; i < sp->n; i++)
		sp->starts[i] += lead;
	if (bed != NULL) {
		/* A jingle as loud as the voice for five seconds, then the bed. */
		cmd = xasprintf("sox -n -r 22050 -c 3 chord.wav synth %.2f sine 220 "
		    "sine 277 sine 330 tremolo 0.4 40 && sox chord.wav -c 1 mono.wav "
		    "remix - && sox mono.wav jingle.wav trim 0 5 vol 0.35 && "
		    "sox mono.wav under.wav trim 5 vol %s && sox jingle.wav under.wav bed.wav && "
		    "sox -m -v 1 joined.wav -v 1 bed.wav '%s'", at + lead, bed, sp->name);
		test_sh(cmd);
	} else {
		cmd = xasprintf("sox joined.wav '%s'", sp->name);
		test_sh(cmd);
	}
	free(cmd);
	free(list);
}

static int
test_pcm(void *arg, const int16_t *s, unsigned count, unsigned rate)
{
	return (align_energy_feed(arg, s, count, rate) != 0);
}

static int
test_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* Decodes and places sp's lines; checks and prints the errors of their starts. */
static void
test_align_speech(const struct speech *sp)
{
	struct player_decode_options o;
	struct align_energy *e = align_energy_new();
	int64_t start[32], end[32];
	double err[32], mean = 0, p95;
	const float *db;
	char *path = test_path(sp->name), *msg = NULL;
	int chars[32];
	size_t frames, i;

	memset(&o, 0, sizeof o);
	o.pcm = test_pcm;
	o.arg = e;
	ck_assert_msg(player_decode(path, &o, &msg) == 0, "decode: %s", msg);
	db = align_energy_frames(e, &frames);
	ck_assert_int_gt(frames, 1000);
	for (i = 0; i < sp->n; i++)
		chars[i] = align_chars(sp->lines[i]);
	ck_assert_int_eq(align_place(db, frames, chars, sp->n, start, end), 0);
	for (i = 0; i < sp->n; i++) {
		err[i] = fabs(start[i] / 1000.0 - sp->starts[i]);
		mean += err[i];
		if (i > 0)
			ck_assert_int_ge(start[i], start[i - 1]);
		ck_assert_int_ge(end[i], start[i]);
	}
	mean /= sp->n;
	qsort(err, sp->n, sizeof err[0], test_cmp_double);
	p95 = err[(size_t)ceil(0.95 * sp->n) - 1];
	printf("%s: %zu lines, mean error of starts %.3f s, 95th percentile %.3f s\n",
	    sp->name, sp->n, mean, p95);
	ck_assert_msg(mean < 0.5, "mean error %.3f s", mean);
	ck_assert_msg(p95 < 1.5, "95th percentile %.3f s", p95);
	align_energy_free(e);
	free(path);
}

START_TEST(test_speech_sentences)
{
	test_align_speech(&speech_plain);
}
END_TEST

START_TEST(test_speech_broken)
{
	test_align_speech(&speech_broken);
}
END_TEST

START_TEST(test_speech_music)
{
	test_align_speech(&speech_music);
}
END_TEST

/* A server that takes the connection and never answers: decoding gives up. */
START_TEST(test_decode_stalled)
{
	struct player_decode_options o;
	struct align_energy *e = align_energy_new();
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	struct timespec t0, t1;
	char *url, *msg = NULL;
	double took;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	url = xasprintf("http://127.0.0.1:%d/episode.mp3", ntohs(sin.sin_port));
	memset(&o, 0, sizeof o);
	o.pcm = test_pcm;
	o.arg = e;
	o.stall_ms = 2000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(player_decode(url, &o, &msg), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(strstr(msg, "no audio came") != NULL, "%s", msg);
	ck_assert_msg(took >= 1.9 && took < 15, "gave up after %.1f s", took);
	free(msg);
	free(url);
	close(fd);
	align_energy_free(e);
}
END_TEST

START_TEST(test_decode_refused)
{
	struct player_decode_options o;
	char *msg = NULL, *path = test_path("nothing.ogg");

	memset(&o, 0, sizeof o);
	o.pcm = test_pcm;
	ck_assert_int_eq(player_decode("file:///etc/passwd", &o, &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "only local files"));
	free(msg);
	ck_assert_int_eq(player_decode(path, &o, &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "nothing.ogg"));
	free(msg);
	free(path);
}
END_TEST

/* Frames of a made-up talk: each line's speech by its characters, gaps between. */
static size_t
test_synth(float *db, size_t cap, const int *chars, size_t n, const int *gap_ms,
    int64_t *truth)
{
	size_t at = 0, i, k, len;

	for (k = 0; k < 100 && at < cap; k++)
		db[at++] = 3.0f;
	for (i = 0; i < n; i++) {
		truth[i] = (int64_t)at * ALIGN_FRAME_MS;
		len = (size_t)chars[i] * 7;	/* 70 ms a character. */
		for (k = 0; k < len && at < cap; k++)
			db[at++] = 60.0f + (float)((k * 7919) % 13);
		for (k = 0; k < (size_t)gap_ms[i] / ALIGN_FRAME_MS && at < cap; k++)
			db[at++] = 3.0f + (float)(k % 3);
	}
	return (at);
}

START_TEST(test_place_synthetic)
{
	static const int chars[] = { 20, 85, 12, 140, 33, 9, 60, 25, 48, 70 };
	static const int gaps[] = { 400, 700, 300, 900, 500, 350, 600, 800, 450, 1000 };
	float *db = xcalloc(20000, sizeof *db);
	int64_t truth[10], start[10], end[10];
	size_t n, i;

	n = test_synth(db, 20000, chars, 10, gaps, truth);
	ck_assert_int_eq(align_place(db, n, chars, 10, start, end), 0);
	for (i = 0; i < 10; i++) {
		ck_assert_msg(llabs(start[i] - truth[i]) <= 150,
		    "line %zu at %lld, not %lld", i, (long long)start[i],
		    (long long)truth[i]);
		ck_assert_int_le(end[i], i + 1 < 10 ? start[i + 1] : (int64_t)n * 10);
	}
	free(db);
}
END_TEST

/* A long line with pauses inside it, and two short lines with none between. */
START_TEST(test_place_span_and_share)
{
	/* Line 1 is spoken as three stretches; lines 3 and 4 as one. */
	static const int parts[] = { 30, 40, 40, 50, 30, 15, 15, 40 };
	static const int gaps[] = { 600, 300, 300, 700, 800, 0, 600, 500 };
	static const int chars[] = { 30, 130, 30, 15, 15, 40 };
	float *db = xcalloc(20000, sizeof *db);
	int64_t truth[8], start[6], end[6];
	size_t n;

	n = test_synth(db, 20000, parts, 8, gaps, truth);
	ck_assert_int_eq(align_place(db, n, chars, 6, start, end), 0);
	ck_assert_int_le(llabs(start[0] - truth[0]), 150);
	ck_assert_int_le(llabs(start[1] - truth[1]), 150);
	ck_assert_int_le(llabs(start[2] - truth[4]), 150);
	ck_assert_int_le(llabs(start[3] - truth[5]), 150);
	/* Shared: placed by its characters inside the stretch. */
	ck_assert_int_le(llabs(start[4] - truth[6]), 300);
	ck_assert_int_le(llabs(start[5] - truth[7]), 150);
	free(db);
}
END_TEST

/* A jingle the transcript does not mention is left out. */
START_TEST(test_place_after_jingle)
{
	static const int chars[] = { 40, 25, 90, 18, 55, 30 };
	static const int gaps[] = { 500, 800, 400, 600, 700, 500 };
	float *db = xcalloc(20000, sizeof *db);
	int64_t truth[6], start[6], end[6];
	size_t n, i;

	for (i = 0; i < 1500; i++)
		db[i] = 52.0f + (float)(i % 7);
	n = 1500 + test_synth(db + 1500, 20000 - 1500, chars, 6, gaps, truth);
	ck_assert_int_eq(align_place(db, n, chars, 6, start, end), 0);
	for (i = 0; i < 6; i++)
		ck_assert_msg(llabs(start[i] - (truth[i] + 15000)) <= 150,
		    "line %zu at %lld, not %lld", i, (long long)start[i],
		    (long long)truth[i] + 15000);
	free(db);
}
END_TEST

START_TEST(test_place_no_speech)
{
	float db[3000];
	int chars[2] = { 10, 10 };
	int64_t start[2], end[2];
	size_t i;

	for (i = 0; i < 3000; i++)
		db[i] = 0;
	ck_assert_int_eq(align_place(db, 3000, chars, 2, start, end), -1);
	ck_assert_int_eq(align_place(db, 3000, chars, 0, start, end), -1);
}
END_TEST

/* Energy frames: one per 10 ms at any rate, loud where the signal is. */
START_TEST(test_energy_frames)
{
	static const unsigned rates[] = { 8000, 22050, 44100 };
	struct align_energy *e;
	const float *db;
	int16_t buf[1000];
	size_t i, k, n, fed;

	for (k = 0; k < 3; k++) {
		e = align_energy_new();
		for (fed = 0; fed < 2 * rates[k]; fed += n) {
			n = 2 * rates[k] - fed < 1000 ? 2 * rates[k] - fed : 1000;
			for (i = 0; i < n; i++)
				buf[i] = fed + i < rates[k] ?
				    (int16_t)(8000 * sin((fed + i) * 0.3)) : 0;
			ck_assert_int_eq(align_energy_feed(e, buf, n, rates[k]), 0);
		}
		db = align_energy_frames(e, &n);
		ck_assert_int_eq(n, 200);
		ck_assert(db[10] > 60 && db[90] > 60);
		ck_assert(db[110] < 1 && db[199] < 1);
		align_energy_free(e);
	}
}
END_TEST

START_TEST(test_chars)
{
	ck_assert_int_eq(align_chars("Hello, world!"), 10);
	ck_assert_int_eq(align_chars("  ...  "), 0);
	ck_assert_int_eq(align_chars("caf\xc3\xa9 42"), 6);
}
END_TEST

/* Stored times: all or nothing, and the transcript is marked aligned. */
START_TEST(test_store_times)
{
	char *dir = test_tmpdir_new(), *db = xasprintf("%s/c.db", dir), *feed, *err = NULL;
	char *kind = NULL;
	struct catalog *c;
	struct catalog_line lines[30];
	struct catalog_import_report r;
	int64_t ids[30], start[30], end[30], ep;
	int n, i;

	ck_assert_int_eq(catalog_open(db, &c, &err), 0);
	feed = test_data_path("assets/demo/feed.xml");
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(catalog_import_feed(c, feed, &r), 0);
	catalog_import_report_clear(&r);
	ep = 1;
	n = catalog_lines(c, ep, 0, 30, lines);
	ck_assert_int_gt(n, 2);
	for (i = 0; i < n; i++) {
		ids[i] = lines[i].id;
		start[i] = 1000 * i + 7;
		end[i] = 1000 * i + 900;
	}
	ids[n - 1] = 999999;
	ck_assert_int_eq(catalog_transcript_set_times(c, ep, ids, start, end, (size_t)n,
	    "aligned"), -1);
	ck_assert_int_eq(catalog_transcript_kind(c, ep, &kind), 0);
	ck_assert_str_eq(kind, "timed");
	free(kind);
	ck_assert_int_eq(catalog_lines(c, ep, 0, 1, &lines[n]), 1);
	ck_assert_int_eq(lines[n].start_ms, lines[0].start_ms);
	catalog_line_clear(&lines[n]);
	ids[n - 1] = lines[n - 1].id;
	ck_assert_int_eq(catalog_transcript_set_times(c, ep, ids, start, end, (size_t)n,
	    "aligned"), 0);
	ck_assert_int_eq(catalog_transcript_kind(c, ep, &kind), 0);
	ck_assert_str_eq(kind, "aligned");
	free(kind);
	for (i = 0; i < n; i++)
		catalog_line_clear(&lines[i]);
	ck_assert_int_eq(catalog_lines(c, ep, 0, 30, lines), n);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(lines[i].start_ms, 1000 * i + 7);
		ck_assert_int_eq(lines[i].end_ms, 1000 * i + 900);
		catalog_line_clear(&lines[i]);
	}
	catalog_free(c);
	free(feed);
	free(db);
	test_tmpdir_free(dir);
}
END_TEST

static Suite *
align_suite(void)
{
	Suite *s = suite_create("align");
	TCase *tc = tcase_create("place");
	TCase *ta = tcase_create("speech");

	tcase_add_test(tc, test_place_synthetic);
	tcase_add_test(tc, test_place_span_and_share);
	tcase_add_test(tc, test_place_after_jingle);
	tcase_add_test(tc, test_place_no_speech);
	tcase_add_test(tc, test_energy_frames);
	tcase_add_test(tc, test_chars);
	tcase_add_test(tc, test_store_times);
	suite_add_tcase(s, tc);
	tcase_set_timeout(ta, 60);
	tcase_add_test(ta, test_speech_sentences);
	tcase_add_test(ta, test_speech_broken);
	tcase_add_test(ta, test_speech_music);
	tcase_add_test(ta, test_decode_stalled);
	tcase_add_test(ta, test_decode_refused);
	suite_add_tcase(s, ta);
	return (s);
}

int
main(void)
{
	int	 rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (system("command -v espeak-ng >/dev/null && command -v sox >/dev/null && "
	    "command -v soxi >/dev/null") != 0) {
		fputs("test_align: espeak-ng and sox are needed\n", stderr);
		return (77);
	}
	test_dir = test_tmpdir_new();
	test_speak(&speech_plain, sentence_gaps, 0, NULL);
	test_speak(&speech_broken, broken_gaps, 1, NULL);
	/* About 11 dB under the voice. */
	test_speak(&speech_music, sentence_gaps, 0, "0.1");
	rc = test_suite_run(align_suite(), CK_FORK_GETENV);
	test_tmpdir_free(test_dir);
	return (rc);
}
