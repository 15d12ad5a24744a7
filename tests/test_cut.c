#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "player/player.h"
#include "tests/asan_libvlc.h"
#include "tests/testutil.h"

/* Test audio made once per run, removed at the end. */
static char *test_dir;

static int64_t
test_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static char *
test_path(const char *name)
{
	return (xasprintf("%s/%s", test_dir, name));
}

/* Runs a shell command in the test folder; name must appear. */
static void
test_make(const char *cmd, const char *name)
{
	char *full, *path;
	struct stat sb;

	path = test_path(name);
	full = xasprintf("cd '%s' && { %s; } >/dev/null 2>&1", test_dir, cmd);
	if (system(full) != 0 || stat(path, &sb) != 0 || sb.st_size == 0) {
		fprintf(stderr, "cannot make %s with: %s\n", name, cmd);
		abort();
	}
	free(full);
	free(path);
}

/* Ten seconds: 440 Hz to 4 s, 880 Hz to 7 s, 1320 Hz to 10 s. */
static void
test_audio_make(void)
{
	test_dir = test_tmpdir_new();
	test_make("sox -n -r 48000 -c 1 a.wav synth 4 sine 440 vol 0.5 && "
	    "sox -n -r 48000 -c 1 b.wav synth 3 sine 880 vol 0.5 && "
	    "sox -n -r 48000 -c 1 c.wav synth 3 sine 1320 vol 0.5 && "
	    "sox a.wav b.wav c.wav tones.wav", "tones.wav");
	test_make("sox tones.wav tones.ogg", "tones.ogg");
	test_make("sox tones.wav -C 128 tones.mp3", "tones.mp3");
}

/* A figure sox's stat prints for path (mixed to mono; from at_s for len_s s when len_s > 0), or -1. */
static double
test_sox(const char *path, double at_s, double len_s, const char *what)
{
	char *cmd, line[256];
	double v = -1;
	FILE *f;

	if (len_s > 0)
		cmd = xasprintf("sox '%s' -n remix - trim %.3f %.3f stat 2>&1", path,
		    at_s, len_s);
	else
		cmd = xasprintf("sox '%s' -n remix - stat 2>&1", path);
	if ((f = popen(cmd, "r")) == NULL)
		abort();
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, what, strlen(what)) == 0)
			sscanf(strchr(line, ':') + 1, "%lf", &v);
	}
	pclose(f);
	free(cmd);
	return (v);
}

/* Cuts 4.0-7.0 s of source to dest; returns the seconds the output lasts. */
static double
test_cut_tones(const char *source, const char *dest, double *lead_s)
{
	char *src = test_path(source), *dst = test_path(dest), *err = NULL;
	char *part = xasprintf("%s.part", dst);
	double dur, first, last;
	int64_t t0, took;
	int rc;

	t0 = test_now_ms();
	rc = player_cut(src, 4000, 7000, dst, &err);
	took = test_now_ms() - t0;
	ck_assert_msg(rc == 0, "%s: %s", source, err != NULL ? err : "?");
	ck_assert_ptr_null(err);
	dur = test_sox(dst, 0, 0, "Length (seconds)");
	first = test_sox(dst, 0.1, 0.3, "Rough   frequency");
	last = test_sox(dst, dur - 0.4, 0.3, "Rough   frequency");
	*lead_s = 0;
	while (*lead_s < dur && test_sox(dst, *lead_s, 0.1,
	    "Rough   frequency") < 660)
		*lead_s += 0.1;
	printf("cut %s -> %s: 3.000 s asked, %.3f s written (error %+.3f s), "
	    "%.0f Hz first, %.0f Hz last, 880 Hz from %.1f s, took %lld ms "
	    "(%.2f of the clip's length)\n", source, dest, dur, dur - 3.0, first,
	    last, *lead_s, (long long)took, took / 3000.0);
	ck_assert_msg(last > 850 && last < 910, "%s: ends at %.0f Hz", source, last);
	ck_assert_msg(access(part, F_OK) != 0, "%s left", part);
	free(part);
	free(src);
	free(dst);
	return (dur);
}

/* From a WAV the cut is exact: 880 Hz throughout, 3.0 s. */
START_TEST(test_cut_wav)
{
	double lead, dur = test_cut_tones("tones.wav", "wav.ogg", &lead);

	ck_assert_msg(dur > 2.9 && dur < 3.1, "lasts %.3f s", dur);
	ck_assert_msg(lead < 0.05, "880 Hz from %.1f s", lead);
}
END_TEST

/* From an MP3 to MP3. */
START_TEST(test_cut_mp3)
{
	double lead, dur = test_cut_tones("tones.mp3", "mp3.mp3", &lead);

	ck_assert_msg(dur > 2.9 && dur < 3.1, "lasts %.3f s", dur);
	ck_assert_msg(lead < 0.05, "880 Hz from %.1f s", lead);
}
END_TEST

/* To Opus, which sox cannot read: opusdec makes a WAV of it. */
START_TEST(test_cut_opus)
{
	char *src = test_path("tones.wav"), *dst = test_path("wav.opus"), *err;
	char *wav = test_path("opus.wav"), *cmd;
	double dur, freq;

	ck_assert_msg(player_cut(src, 4000, 7000, dst, &err) == 0, "%s", err);
	cmd = xasprintf("opusdec --quiet '%s' '%s' 2>/dev/null", dst, wav);
	ck_assert_int_eq(system(cmd), 0);
	dur = test_sox(wav, 0, 0, "Length (seconds)");
	freq = test_sox(wav, 0.5, 2.0, "Rough   frequency");
	printf("cut tones.wav -> wav.opus: %.3f s written (error %+.3f s), %.0f Hz\n",
	    dur, dur - 3.0, freq);
	ck_assert_msg(dur > 2.9 && dur < 3.1, "lasts %.3f s", dur);
	ck_assert_msg(freq > 850 && freq < 910, "%.0f Hz", freq);
	free(cmd);
	free(wav);
	free(dst);
	free(src);
}
END_TEST

/*
 * From Ogg/Vorbis, libavformat seeks to a page boundary before the start and
 * the stream output keeps what lies between: the end is right, the start early.
 */
START_TEST(test_cut_ogg)
{
	double lead, dur = test_cut_tones("tones.ogg", "ogg.ogg", &lead);

	ck_assert_msg(dur > 2.9 && dur < 3.1 + 2.0, "lasts %.3f s", dur);
	ck_assert_msg(lead < 2.0, "880 Hz from %.1f s", lead);
}
END_TEST

/* Refused before anything is written, each with a message. */
START_TEST(test_cut_refused)
{
	char *src = test_path("tones.wav"), *dst = test_path("refused.ogg");
	char *missing = test_path("missing.wav"), *err;

	ck_assert_int_eq(player_cut(src, 7000, 4000, dst, &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	ck_assert_int_eq(player_cut(src, 4000, 4000, dst, &err), -1);
	free(err);
	ck_assert_int_eq(player_cut(missing, 0, 1000, dst, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
	free(err);
	ck_assert_int_eq(player_cut("ftp://example.com/a.mp3", 0, 1000, dst, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "http(s)"));
	free(err);
	ck_assert_int_eq(player_cut(src, 0, 1000, src, &err), -1);
	free(err);
	ck_assert_int_eq(access(dst, F_OK), -1);

	/* An existing file is never replaced. */
	test_write_file(dst, "keep", 4);
	ck_assert_int_eq(player_cut(src, 0, 1000, dst, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "exists"));
	free(err);
	ck_assert_int_eq(test_sox(dst, 0, 0, "Length (seconds)"), -1);
	free(src);
	free(dst);
	free(missing);
}
END_TEST

static Suite *
cut_suite(void)
{
	Suite *s = suite_create("cut");
	TCase *tc = tcase_create("libvlc");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cut_wav);
	tcase_add_test(tc, test_cut_mp3);
	tcase_add_test(tc, test_cut_opus);
	tcase_add_test(tc, test_cut_ogg);
	tcase_add_test(tc, test_cut_refused);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner *sr;
	int failed;

	setvbuf(stdout, NULL, _IOLBF, 0);
	test_audio_make();
	sr = srunner_create(cut_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_tmpdir_free(test_dir);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
