/*
 * Line starts stamped by hand (sync mode). Stamping a line fixes its start;
 * the unstamped lines between it and its stamped neighbours are re-placed
 * between them in proportion to their weight: their length in characters
 * for an estimated transcript (as plain.c spread them), else their current
 * span, so a timed or aligned transcript is stretched and keeps its shape.
 * Before the first stamped line the anchor is the first line's start; after
 * the last one it is the last line's end (or the episode's duration). Every
 * re-placed line ends where the next starts, and starts stay strictly
 * increasing so the order of the lines never changes.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/internal.h"
#include "util/xmalloc.h"

/* What a stamp needs to know of an episode's lines. */
struct lines {
	struct catalog_line_time *l;
	struct catalog_line_time *old;  /* As read, to write back only what changed. */
	double	*weight;
	int	 n;
	int64_t	 duration_ms;           /* The episode's, 0 when unknown. */
};

static void
lines_free(struct lines *s)
{
	free(s->l);
	free(s->old);
	free(s->weight);
	memset(s, 0, sizeof *s);
}

int
catalog_line_times(struct catalog *c, int64_t episode_id, int offset, int limit,
    struct catalog_line_time *out)
{
	sqlite3_stmt	*stmt;
	int		 n = 0, rc = SQLITE_DONE;

	if (offset < 0 || limit < 0 || (limit > 0 && out == NULL)) {
		catalog_set_error(c, "bad page of line times");
		return (-1);
	}
	stmt = catalog_prepare(c, "SELECT id, start_ms, end_ms, stamped FROM line "
	    "WHERE episode_id = ? ORDER BY start_ms, id LIMIT ? OFFSET ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, offset);
	while (n < limit && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(stmt, 0);
		out[n].start_ms = sqlite3_column_int64(stmt, 1);
		out[n].end_ms = sqlite3_column_int64(stmt, 2);
		out[n].stamped = sqlite3_column_int(stmt, 3) != 0;
		n++;
	}
	if (n < limit && rc != SQLITE_DONE)
		n = catalog_sql_error(c, "reading the line times");
	sqlite3_finalize(stmt);
	return (n);
}

int
catalog_line_stamped_count(struct catalog *c, int64_t episode_id)
{
	return ((int)catalog_count(c, "SELECT count(*) FROM line WHERE "
	    "episode_id = ? AND stamped = 1", episode_id, 1));
}

/* The episode of a line and whether its transcript is estimated; -1 when there is no such line. */
static int64_t
lines_episode(struct catalog *c, int64_t line_id, int *estimated, int64_t *duration_ms)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = -1;
	int		 rc;

	stmt = catalog_prepare(c, "SELECT l.episode_id, coalesce(t.kind, '') = 'estimated', "
	    "coalesce(e.duration_ms, 0) FROM line l JOIN episode e ON e.id = l.episode_id "
	    "LEFT JOIN transcript t ON t.episode_id = l.episode_id WHERE l.id = ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, line_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		*estimated = sqlite3_column_int(stmt, 1);
		*duration_ms = sqlite3_column_int64(stmt, 2);
	} else if (rc == SQLITE_DONE)
		catalog_set_error(c, "no transcript line %lld", (long long)line_id);
	else
		catalog_sql_error(c, "finding the line");
	sqlite3_finalize(stmt);
	return (id);
}

/* Reads every line of the episode with its weight; the index of line_id in *k. */
static int
lines_read(struct catalog *c, int64_t line_id, struct lines *s, int *k)
{
	sqlite3_stmt	*stmt;
	int64_t		 episode;
	int		 estimated = 0, n, i, rc = SQLITE_DONE;

	memset(s, 0, sizeof *s);
	if ((episode = lines_episode(c, line_id, &estimated, &s->duration_ms)) < 0)
		return (-1);
	if ((n = catalog_line_count(c, episode)) <= 0)
		return (-1);
	s->l = xcalloc((size_t)n, sizeof *s->l);
	s->weight = xcalloc((size_t)n, sizeof *s->weight);
	stmt = catalog_prepare(c, "SELECT id, start_ms, end_ms, stamped, length(text) FROM line "
	    "WHERE episode_id = ? ORDER BY start_ms, id");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode);
	*k = -1;
	while (s->n < n && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct catalog_line_time *l = &s->l[s->n];

		l->id = sqlite3_column_int64(stmt, 0);
		l->start_ms = sqlite3_column_int64(stmt, 1);
		l->end_ms = sqlite3_column_int64(stmt, 2);
		l->stamped = sqlite3_column_int(stmt, 3) != 0;
		s->weight[s->n] = estimated ? sqlite3_column_int(stmt, 4) : 0;
		if (l->id == line_id)
			*k = s->n;
		s->n++;
	}
	if (s->n < n && rc != SQLITE_DONE) {
		catalog_sql_error(c, "reading the lines");
		sqlite3_finalize(stmt);
		return (-1);
	}
	sqlite3_finalize(stmt);
	if (*k < 0) {
		catalog_set_error(c, "no transcript line %lld", (long long)line_id);
		return (-1);
	}
	/* Not estimated: each line weighs its current span. */
	for (i = 0; i < s->n && !estimated; i++) {
		int64_t w = (i + 1 < s->n ? s->l[i + 1].start_ms : s->l[i].end_ms) -
		    s->l[i].start_ms;

		s->weight[i] = w > 0 ? (double)w : 0;
	}
	s->old = xreallocarray(NULL, (size_t)s->n, sizeof *s->old);
	memcpy(s->old, s->l, (size_t)s->n * sizeof *s->old);
	return (0);
}

/* Places lines a..b-1 from ta, before tb, by weight; line b-1 ends at tb. */
static void
lines_place_run(struct lines *s, int a, int b, int64_t ta, int64_t tb)
{
	double total = 0, cum = 0;
	int i, equal;

	for (i = a; i < b; i++)
		total += s->weight[i];
	equal = total <= 0;
	if (equal)
		total = b - a;
	s->l[a].start_ms = ta;
	for (i = a + 1; i < b; i++) {
		int64_t t;

		cum += equal ? 1 : s->weight[i - 1];
		t = ta + (int64_t)((double)(tb - ta) * cum / total + 0.5);
		if (t <= s->l[i - 1].start_ms)
			t = s->l[i - 1].start_ms + 1;
		if (t > tb - (b - i))
			t = tb - (b - i);
		s->l[i].start_ms = t;
		s->l[i - 1].end_ms = t;
	}
	s->l[b - 1].end_ms = tb;
}

/*
 * Moves line k's start to t and re-places the unstamped lines on both sides
 * up to the nearest stamped lines; -1 when t leaves no room between them.
 */
static int
lines_place(struct catalog *c, struct lines *s, int k, int64_t t)
{
	struct catalog_line_time *l = s->l;
	int n = s->n, p, q;
	int64_t ta, tb;

	for (p = k - 1; p >= 0 && !l[p].stamped; p--)
		/* nothing */;
	for (q = k + 1; q < n && !l[q].stamped; q++)
		/* nothing */;
	if (p >= 0 && t - l[p].start_ms < k - p) {
		catalog_set_error(c, "too early: line %d is stamped later than that", p + 1);
		return (-1);
	}
	if (t < k) {
		catalog_set_error(c, "too early: %d lines come before it", k);
		return (-1);
	}
	if (q < n && l[q].start_ms - t < q - k) {
		catalog_set_error(c, "too late: line %d is stamped earlier than that", q + 1);
		return (-1);
	}
	/* Before k: from the stamped line p, else from the first line's start. */
	if (p >= 0)
		lines_place_run(s, p, k, l[p].start_ms, t);
	else if (k > 0) {
		ta = l[0].start_ms;
		if (t - ta < k)
			ta = t - (l[k].start_ms - l[0].start_ms);
		if (ta < 0 || t - ta < k)
			ta = 0;
		lines_place_run(s, 0, k, ta, t);
	}
	/* From k: to the stamped line q, else to the last line's end. */
	if (q < n)
		tb = l[q].start_ms;
	else {
		tb = l[n - 1].end_ms;
		if (tb - t < n - k)
			tb = s->duration_ms;
		if (tb - t < n - k)
			tb = t + (l[n - 1].end_ms - l[k].start_ms);
		if (tb - t < n - k)
			tb = t + 1000LL * (n - k);
	}
	lines_place_run(s, k, q, t, tb);
	return (0);
}

/* Writes the lines whose times or stamp changed. */
static int
lines_write(struct catalog *c, struct lines *s)
{
	sqlite3_stmt	*stmt;
	int		 i, rc = SQLITE_DONE;

	stmt = catalog_prepare(c, "UPDATE line SET start_ms = ?2, end_ms = ?3, stamped = ?4 "
	    "WHERE id = ?1");
	if (stmt == NULL)
		return (-1);
	for (i = 0; i < s->n && rc == SQLITE_DONE; i++) {
		if (s->l[i].start_ms == s->old[i].start_ms && s->l[i].end_ms == s->old[i].end_ms &&
		    s->l[i].stamped == s->old[i].stamped)
			continue;
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, s->l[i].id);
		sqlite3_bind_int64(stmt, 2, s->l[i].start_ms);
		sqlite3_bind_int64(stmt, 3, s->l[i].end_ms);
		sqlite3_bind_int(stmt, 4, s->l[i].stamped);
		rc = sqlite3_step(stmt);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "saving the line times"));
	return (0);
}

/* Stamps (stamp 1) or unstamps line_id, moving it to t first when t >= 0. */
static int
lines_change(struct catalog *c, int64_t line_id, int64_t t, int stamp)
{
	struct lines	s;
	int		 k;

	if (catalog_begin(c) != 0)
		return (-1);
	if (lines_read(c, line_id, &s, &k) != 0)
		goto fail;
	s.l[k].stamped = 0;
	if (t >= 0 && lines_place(c, &s, k, t) != 0)
		goto fail;
	s.l[k].stamped = stamp;
	if (lines_write(c, &s) != 0)
		goto fail;
	lines_free(&s);
	return (catalog_commit(c));
fail:
	lines_free(&s);
	catalog_rollback(c);
	return (-1);
}

int
catalog_line_stamp(struct catalog *c, int64_t line_id, int64_t start_ms)
{
	if (start_ms < 0) {
		catalog_set_error(c, "a line cannot start before the episode");
		return (-1);
	}
	return (lines_change(c, line_id, start_ms, 1));
}

int
catalog_line_unstamp(struct catalog *c, int64_t line_id, int64_t restore_ms)
{
	return (lines_change(c, line_id, restore_ms, 0));
}
