#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/* align EPISODE [FILE]: untimed lines placed on the episode's audio. */

/* What the decoding callbacks share. */
struct align_job {
	struct align_energy *energy;
	int tty;		/* Progress is redrawn on one line. */
	int shown;		/* Tenths already printed as plain lines. */
};

static double
align_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Runs on libvlc's thread. */
static int
align_pcm(void *arg, const int16_t *s, unsigned count, unsigned rate)
{
	struct align_job *j = arg;

	return (align_energy_feed(j->energy, s, count, rate) != 0);
}

static void
align_progress(void *arg, int64_t done, int64_t length)
{
	struct align_job *j = arg;
	int pct = length > 0 ? (int)(done * 100 / length) : -1;

	if (pct > 100)
		pct = 100;
	if (j->tty) {
		if (pct >= 0)
			fprintf(stderr, "\rdecoding the audio: %3d%% (%lld:%02lld)", pct,
			    (long long)(done / 60000), (long long)(done / 1000 % 60));
		else
			fprintf(stderr, "\rdecoding the audio: %lld:%02lld",
			    (long long)(done / 60000), (long long)(done / 1000 % 60));
		fflush(stderr);
	} else if (pct >= 0 && pct / 10 > j->shown) {
		j->shown = pct / 10;
		fprintf(stderr, "decoding the audio: %d%%\n", j->shown * 10);
	}
}

/*
 * Decodes location and places the n lines of texts on it, filling start and
 * end; prints why not and returns -1.
 */
static int
align_run(const char *location, const char *const *texts, size_t n, int64_t *start,
    int64_t *end)
{
	struct align_job j;
	struct player_decode_options o;
	const float *db;
	double t0, t1, t2;
	char *err = NULL;
	size_t frames, i;
	int *chars, rc;

	memset(&j, 0, sizeof j);
	j.energy = align_energy_new();
	j.tty = isatty(STDERR_FILENO);
	memset(&o, 0, sizeof o);
	o.pcm = align_pcm;
	o.progress = align_progress;
	o.arg = &j;
	t0 = align_now();
	rc = player_decode(location, &o, &err);
	if (j.tty)
		fputc('\n', stderr);
	if (rc != 0) {
		fprintf(stderr, "earmark: %s\n", err);
		free(err);
		align_energy_free(j.energy);
		return (-1);
	}
	t1 = align_now();
	db = align_energy_frames(j.energy, &frames);
	chars = xreallocarray(NULL, n, sizeof *chars);
	for (i = 0; i < n; i++)
		chars[i] = align_chars(texts[i]);
	rc = align_place(db, frames, chars, n, start, end);
	t2 = align_now();
	if (rc != 0)
		fprintf(stderr, "earmark: %s: the lines could not be placed on the "
		    "speech found\n", location);
	else
		fprintf(stderr, "%zu lines placed on %lld:%02lld of audio (decoding "
		    "%.1f s, placing %.1f s)\n", n,
		    (long long)(frames * ALIGN_FRAME_MS / 60000),
		    (long long)(frames * ALIGN_FRAME_MS / 1000 % 60), t1 - t0, t2 - t1);
	free(chars);
	align_energy_free(j.energy);
	return (rc);
}

/* Where e's audio is read from: the download when there is one (a new string). */
static char *
align_location(struct catalog *c, const struct catalog_episode *e)
{
	char *local = catalog_episode_local_audio(c, e->id);

	if (local != NULL)
		return (local);
	if (e->audio == NULL || e->audio[0] == '\0')
		return (NULL);
	return (xstrdup(e->audio));
}

int
align_stored(struct catalog *c, const struct catalog_episode *e, const char *location)
{
	struct catalog_line *lines;
	const char **texts;
	int64_t *ids, *start, *end;
	int n, got, i, rc = -1;

	n = catalog_line_count(c, e->id);
	if (n <= 0) {
		fprintf(stderr, "earmark: \"%s\" has no transcript to align\n", e->title);
		return (-1);
	}
	if ((got = catalog_line_stamped_count(c, e->id)) < 0) {
		fprintf(stderr, "earmark: %s\n", catalog_error(c));
		return (-1);
	}
	if (got > 0) {
		fprintf(stderr, "earmark: \"%s\": %d lines were stamped by hand in sync "
		    "mode; aligning would lose them\n", e->title, got);
		return (-1);
	}
	lines = xcalloc((size_t)n, sizeof *lines);
	got = catalog_lines(c, e->id, 0, n, lines);
	if (got <= 0) {
		fprintf(stderr, "earmark: %s\n", catalog_error(c));
		free(lines);
		return (-1);
	}
	texts = xcalloc((size_t)got, sizeof *texts);
	ids = xcalloc((size_t)got, sizeof *ids);
	start = xcalloc((size_t)got, sizeof *start);
	end = xcalloc((size_t)got, sizeof *end);
	for (i = 0; i < got; i++) {
		texts[i] = lines[i].text;
		ids[i] = lines[i].id;
	}
	if (align_run(location, texts, (size_t)got, start, end) == 0) {
		if (catalog_transcript_set_times(c, e->id, ids, start, end, (size_t)got,
		    "aligned") != 0)
			fprintf(stderr, "earmark: %s\n", catalog_error(c));
		else
			rc = 0;
	}
	for (i = 0; i < got; i++)
		catalog_line_clear(&lines[i]);
	free(lines);
	free(texts);
	free(ids);
	free(start);
	free(end);
	return (rc);
}

/* Reads, places and stores the lines of path as e's transcript. */
static int
align_file(struct catalog *c, const struct cli_opts *co, const struct catalog_episode *e,
    const char *location, const char *path)
{
	struct transcript t;
	const char **texts;
	int64_t *start, *end;
	char *buf, *err = NULL;
	size_t len, i;
	int rc = -1;

	if ((buf = read_file(path, &len)) == NULL)
		return (-1);
	transcript_init(&t);
	if (transcript_parse_any(buf, len, co->type ? co->type : path, e->duration_ms, &t,
	    &err) != 0) {
		fprintf(stderr, "earmark: %s: %s\n", path, err ? err : "cannot read it");
		goto out;
	}
	texts = xcalloc(t.n, sizeof *texts);
	start = xcalloc(t.n, sizeof *start);
	end = xcalloc(t.n, sizeof *end);
	for (i = 0; i < t.n; i++)
		texts[i] = t.lines[i].text;
	if (align_run(location, texts, t.n, start, end) == 0) {
		for (i = 0; i < t.n; i++) {
			t.lines[i].start_ms = start[i];
			t.lines[i].end_ms = end[i];
		}
		t.estimated = 0;
		if (catalog_transcript_set(c, e->id, &t, path,
		    transcript_format_type(co->type ? co->type : path), "aligned") != 0)
			fprintf(stderr, "earmark: %s\n", catalog_error(c));
		else
			rc = 0;
	}
	free(texts);
	free(start);
	free(end);
out:
	free(err);
	free(buf);
	transcript_clear(&t);
	return (rc);
}

int
cmd_align(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	struct catalog_episode e;
	char *location;
	int rc;

	if (argc != 1 && argc != 2) {
		fputs("earmark: align takes an episode and, optionally, a text file\n", stderr);
		return (2);
	}
	if (episode_arg(c, argv[0], &e) < 0)
		return (1);
	if ((location = align_location(c, &e)) == NULL) {
		fprintf(stderr, "earmark: \"%s\" has no audio\n", e.title);
		catalog_episode_clear(&e);
		return (1);
	}
	if (argc == 2)
		rc = align_file(c, co, &e, location, argv[1]);
	else
		rc = align_stored(c, &e, location);
	if (rc == 0)
		printf("\"%s\": transcript aligned to the audio\n", e.title);
	free(location);
	catalog_episode_clear(&e);
	return (rc == 0 ? 0 : 1);
}
