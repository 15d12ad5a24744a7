#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
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

static char *
test_path(const char *name)
{
	return (xasprintf("%s/%s", test_dir, name));
}

/* Runs a shell command in the test folder; name must appear. */
static void
test_make(const char *cmd, const char *name)
{
	if (test_sh_in(test_dir, cmd, name) != 0) {
		fprintf(stderr, "cannot make %s with: %s\n", name, cmd);
		abort();
	}
}

/*
 * Ten seconds: 440 Hz to 4 s, 880 Hz to 7 s, 1320 Hz to 10 s, in every
 * format a podcast comes in.
 */
static void
test_audio_make(void)
{
	test_dir = test_tmpdir_new();
	test_make("sox -n -r 48000 -c 1 -b 16 a.wav synth 4 sine 440 vol 0.5 && "
	    "sox -n -r 48000 -c 1 -b 16 b.wav synth 3 sine 880 vol 0.5 && "
	    "sox -n -r 48000 -c 1 -b 16 c.wav synth 3 sine 1320 vol 0.5 && "
	    "sox a.wav b.wav c.wav tones.wav", "tones.wav");
	test_make("sox tones.wav tones.ogg", "tones.ogg");
	test_make("sox tones.wav -r 44100 -c 2 tones-stereo.ogg", "tones-stereo.ogg");
	test_make("sox tones.wav -c 2 stereo.wav && opusenc --quiet stereo.wav tones-stereo.opus",
	    "tones-stereo.opus");
	test_make("opusenc --quiet tones.wav tones.opus", "tones.opus");
	test_make("sox tones.wav -r 44100 -C 128 tones.mp3", "tones.mp3");
	test_make("sox tones.wav -r 44100 -C -4.2 tones-vbr.mp3", "tones-vbr.mp3");
	test_make("ffmpeg -nostdin -i tones.wav -c:a aac -b:a 96k tones.aac", "tones.aac");
	test_make("ffmpeg -nostdin -i tones.wav -c:a aac -b:a 96k tones.m4a",
	    "tones.m4a");
}

/* A figure sox's stat prints for path (mixed to mono), or -1. */
static double
test_sox(const char *path, const char *what)
{
	char *cmd, line[256];
	double v = -1;
	FILE *f;

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

static double
test_abs(double x)
{
	return (x < 0 ? -x : x);
}

/* What an audio file holds, as ffmpeg decodes it. */
struct test_pcm {
	int16_t *s;
	size_t n;		/* Samples, mono at TEST_RATE. */
};

#define TEST_RATE 48000
/* Onsets are looked for in windows of this many samples, this many apart. */
#define TEST_WIN 480
#define TEST_HOP 24

/* Decodes path to mono samples at TEST_RATE with ffmpeg. */
static void
test_pcm_read(const char *path, struct test_pcm *p)
{
	size_t cap = 1 << 18, got;
	char *cmd;
	FILE *f;

	cmd = xasprintf("ffmpeg -nostdin -v quiet -i '%s' -f s16le -ac 1 -ar %d -",
	    path, TEST_RATE);
	if ((f = popen(cmd, "r")) == NULL)
		abort();
	p->s = xreallocarray(NULL, cap, sizeof *p->s);
	p->n = 0;
	while ((got = fread(p->s + p->n, sizeof *p->s, cap - p->n, f)) > 0) {
		p->n += got;
		if (p->n == cap) {
			cap *= 2;
			p->s = xreallocarray(p->s, cap, sizeof *p->s);
		}
	}
	pclose(f);
	free(cmd);
}

/*
 * Zero crossings in the window at i: about 9 for 440 Hz, 18 for 880, 26 for
 * 1320; 0 when it is quieter than the tones.
 */
static int
test_crossings(const struct test_pcm *p, size_t i)
{
	size_t k;
	int c = 0, peak = 0;

	for (k = i + 1; k < i + TEST_WIN; k++) {
		c += (p->s[k - 1] < 0) != (p->s[k] < 0);
		if (abs(p->s[k]) > peak)
			peak = abs(p->s[k]);
	}
	return (peak > 8000 ? c : 0);
}

/*
 * Seconds from the start to the middle of the first window with more than
 * above crossings, and the window after it too (a click at the
 * start of a file is no tone), or -1.
 */
static double
test_onset(const struct test_pcm *p, int above)
{
	size_t i;

	for (i = 0; i + 2 * TEST_WIN <= p->n; i += TEST_HOP)
		if (test_crossings(p, i) > above &&
		    test_crossings(p, i + TEST_WIN) > above)
			return ((double)(i + TEST_WIN / 2) / TEST_RATE);
	return (-1);
}

/* Seconds from the start to the end of the last sound louder than silence. */
static double
test_sound_end(const struct test_pcm *p)
{
	size_t i = p->n;

	while (i > 0 && abs(p->s[i - 1]) < 2000)
		i--;
	return ((double)i / TEST_RATE);
}

/* What a cut told of its progress. */
struct test_progress {
	int calls;
	int backwards;		/* Times done went down. */
	int64_t last;
	int64_t end;
};

static void
test_progress_cb(void *arg, int64_t done, int64_t end)
{
	struct test_progress *pr = arg;

	if (done < pr->last)
		pr->backwards++;
	pr->calls++;
	pr->last = done;
	pr->end = end;
}

/*
 * Cuts 3.5-7.5 s of source to dest and checks what dest holds: 4 s, the
 * 880 Hz tone from 0.5 s, the 1320 Hz tone from 3.5 s to the end, each to
 * within 50 ms.
 */
static void
test_cut_tones(const char *source, const char *dest)
{
	char *src = test_path(source), *dst = test_path(dest), *err = NULL;
	char *part = xasprintf("%s.part", dst);
	double dur, at880, at1320, end, start_err, end_err;
	struct test_pcm p;
	struct test_progress pr = { 0, 0, 0, 0 };
	int64_t t0, took;
	int rc;

	t0 = test_now_ms();
	rc = player_cut_progress(src, 3500, 7500, dst, test_progress_cb, &pr, &err);
	took = test_now_ms() - t0;
	ck_assert_msg(rc == 0, "%s: %s", source, err != NULL ? err : "?");
	ck_assert_ptr_null(err);
	/* The decoding is told up to the clip's end, never going back. */
	ck_assert_int_ge(pr.calls, 1);
	ck_assert_int_eq(pr.backwards, 0);
	ck_assert_int_eq(pr.end, 7500);
	ck_assert_int_eq(pr.last, 7500);
	ck_assert_msg(access(part, F_OK) != 0, "%s left", part);
	test_pcm_read(dst, &p);
	dur = (double)p.n / TEST_RATE;
	at880 = test_onset(&p, 13);
	at1320 = test_onset(&p, 22);
	end = test_sound_end(&p);
	/* Where the file starts and where its sound ends, in the source's time. */
	start_err = 4.0 - at880 - 3.5;
	end_err = 7.0 + (end - at1320) - 7.5;
	printf("cut %-13s -> %-9s %.3f s (%+4.0f ms), start %+4.0f ms, end %+4.0f ms, "
	    "took %lld ms (%.2f of the clip's length)\n", source, dest, dur,
	    (dur - 4.0) * 1000, start_err * 1000, end_err * 1000, (long long)took,
	    took / 4000.0);
	ck_assert_msg(at880 > 0 && at1320 > at880, "%s: no tones in %s", source, dest);
	ck_assert_msg(test_abs(dur - 4.0) < 0.05, "%s: %s lasts %.3f s", source, dest, dur);
	ck_assert_msg(test_abs(start_err) < 0.05, "%s: %s starts %+.3f s off", source,
	    dest, start_err);
	ck_assert_msg(test_abs(end_err) < 0.05, "%s: %s ends %+.3f s off", source, dest,
	    end_err);
	ck_assert_msg(test_abs(at1320 - at880 - 3.0) < 0.02, "%s: %s: 880 Hz lasts %.3f s",
	    source, dest, at1320 - at880);
	free(p.s);
	free(part);
	free(src);
	free(dst);
}

/* From a WAV, to each format. */
START_TEST(test_cut_wav)
{
	test_cut_tones("tones.wav", "wav.ogg");
	test_cut_tones("tones.wav", "wav.opus");
	test_cut_tones("tones.wav", "wav.mp3");
}
END_TEST

/*
 * From Ogg/Vorbis and Ogg/Opus, decoded from the clip's first sample by
 * vorbisfile and opusfile: mono, stereo, 48 and 44.1 kHz.
 */
START_TEST(test_cut_ogg)
{
	test_cut_tones("tones.ogg", "ogg.ogg");
	test_cut_tones("tones.ogg", "ogg.opus");
	test_cut_tones("tones-stereo.ogg", "ogg2.mp3");
}
END_TEST

START_TEST(test_cut_opus)
{
	test_cut_tones("tones.opus", "opus.opus");
	test_cut_tones("tones.opus", "opus.mp3");
	test_cut_tones("tones-stereo.opus", "opus2.ogg");
}
END_TEST

/* From MP3, constant and variable bit rate, at 44.1 kHz (libmpg123's exact seeks). */
START_TEST(test_cut_mp3)
{
	test_cut_tones("tones.mp3", "mp3.mp3");
	test_cut_tones("tones-vbr.mp3", "vbr.ogg");
}
END_TEST

/*
 * From AAC in MP4 (FFmpeg's exact seeks), and raw (ADTS, whose frames begin
 * as MP3's nearly do).
 */
START_TEST(test_cut_m4a)
{
	test_cut_tones("tones.m4a", "m4a.mp3");
	test_cut_tones("tones.m4a", "m4a.opus");
	test_cut_tones("tones.aac", "aac.opus");
}
END_TEST

/* 1 when a file whose name begins with prefix is in the test folder. */
static int
test_left(const char *prefix)
{
	struct dirent *e;
	DIR *d;
	int found = 0;

	if ((d = opendir(test_dir)) == NULL)
		abort();
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			found = 1;
	closedir(d);
	return (found);
}

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

	/* A clip after the end of the audio: decoded, found empty, nothing left. */
	ck_assert_int_eq(player_cut(src, 20000, 21000, dst, &err), -1);
	ck_assert_msg(strstr(err, "after the end") != NULL, "%s", err);
	free(err);
	ck_assert_int_eq(access(dst, F_OK), -1);
	ck_assert_msg(!test_left("refused.ogg"), "a part or WAV file is left");

	/* An existing file is never replaced. */
	test_write_file(dst, "keep", 4);
	ck_assert_int_eq(player_cut(src, 0, 1000, dst, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "exists"));
	free(err);
	ck_assert_int_eq(test_sox(dst, "Length (seconds)"), -1);
	free(src);
	free(dst);
	free(missing);
}
END_TEST

/* A clip that runs past the end of the audio ends with it. */
START_TEST(test_cut_past_end)
{
	char *src = test_path("tones.ogg"), *dst = test_path("past.ogg"), *err;
	struct test_pcm p;
	double dur;

	ck_assert_msg(player_cut(src, 8000, 15000, dst, &err) == 0, "%s", err);
	test_pcm_read(dst, &p);
	dur = (double)p.n / TEST_RATE;
	printf("cut tones.ogg 8-15 s -> past.ogg: %.3f s\n", dur);
	ck_assert_msg(dur > 1.95 && dur < 2.05, "lasts %.3f s", dur);
	ck_assert_msg(!test_left("past.ogg."), "a part or WAV file is left");
	free(p.s);
	free(src);
	free(dst);
}
END_TEST

/* A clip that starts after the end is refused so, from every kind of source. */
START_TEST(test_cut_after_end)
{
	static const char *const srcs[] = { "tones.ogg", "tones.opus", "tones.mp3", "tones.m4a" };
	char *src, *dst, *err;
	size_t i;

	for (i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
		src = test_path(srcs[i]);
		dst = test_path("after.opus");
		err = NULL;
		ck_assert_int_eq(player_cut(src, 12000, 14000, dst, &err), -1);
		ck_assert_msg(err != NULL && strstr(err, "the clip starts after the end of the audio"),
		    "%s: %s", srcs[i], err != NULL ? err : "(no message)");
		ck_assert_msg(!test_left("after.opus"), "%s: a file is left", srcs[i]);
		free(err);
		free(src);
		free(dst);
	}
}
END_TEST

static Suite *
cut_suite(void)
{
	Suite *s = suite_create("cut");
	TCase *tc = tcase_create("libvlc");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cut_wav);
	tcase_add_test(tc, test_cut_ogg);
	tcase_add_test(tc, test_cut_opus);
	tcase_add_test(tc, test_cut_mp3);
	tcase_add_test(tc, test_cut_m4a);
	tcase_add_test(tc, test_cut_refused);
	tcase_add_test(tc, test_cut_past_end);
	tcase_add_test(tc, test_cut_after_end);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	int	 rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	test_audio_make();
	rc = test_suite_run(cut_suite(), CK_FORK_GETENV);
	test_tmpdir_free(test_dir);
	return (rc);
}
