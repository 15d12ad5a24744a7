#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/internal.h"
#include "util/xmalloc.h"

#define SEARCH_MAX_QUERY 1024	/* Bytes of one query. */

/*
 * Rewrites a query as quoted plain words ("don't" becomes "\"don't\""), with a
 * trailing * kept as a prefix search; NULL when no word is left.
 */
static char *
search_quote(const char *q)
{
	char	*out, *p;
	size_t	 i, n = strlen(q);
	int	 inword = 0;

	out = p = xmalloc(n * 3 + 4);
	for (i = 0; i <= n; i++) {
		if (i == n || isspace((unsigned char)q[i])) {
			if (inword) {
				if (p[-1] == '*' && p[-2] != '"') {
					p[-1] = '"';
					*p++ = '*';
				} else
					*p++ = '"';
				inword = 0;
			}
			continue;
		}
		if (!inword) {
			if (p != out)
				*p++ = ' ';
			*p++ = '"';
			inword = 1;
		}
		if (q[i] == '"')
			*p++ = '"';
		*p++ = q[i];
	}
	*p = '\0';
	if (p == out) {
		free(out);
		return (NULL);
	}
	return (out);
}

/*
 * Ranking: bm25 (as earmark_rank(), catalog/rank.c) over all the matches of
 * each index when there are at most SEARCH_RANK_CAP, in index order. A word
 * in more lines than that has only its first SEARCH_COMMON_RANK lines ranked:
 * any cap ranks a sample of its lines, and each line ranked costs a look-up
 * of its length (1 us or more). Whether there are more is judged at the
 * SEARCH_COMMON_RANK-th line: when it lies within the first
 * SEARCH_COMMON_RANK / SEARCH_RANK_CAP of the lines, the word is likely in
 * more than SEARCH_RANK_CAP of them. Scores of different indexes do not
 * compare, so each is taken relative to the best of its index (1 the best,
 * towards 0 the worst) and weighed: an episode whose title matched leads, the
 * best line comes next, and an episode matched by its description or a clip
 * by its title or note just after. Then at most SEARCH_PER_EPISODE hits of
 * one episode, and the details and snippet of only the hits shown.
 */
#define SEARCH_RANK_CAP 5000
#define SEARCH_COMMON_RANK 1000
#define SEARCH_PER_EPISODE 5
#define SEARCH_PASS_LINES 500	/* See search_run(). */

#define SEARCH_LINE 0
#define SEARCH_EPISODE 1
#define SEARCH_CLIP 2
#define SEARCH_KINDS 3

/* Statements kept in struct catalog, by slot. */
enum {
	SEARCH_MATCH,			/* SEARCH_KINDS of them: id, episode, score, weight. */
	SEARCH_LINE_EPISODE = SEARCH_KINDS,
	SEARCH_LINE_LAST,
	SEARCH_LINE_DETAIL,
	SEARCH_DETAIL,			/* Episode and clip: SEARCH_KINDS - 1 of them. */
	SEARCH_STMTS = SEARCH_DETAIL + SEARCH_KINDS - 1
};
_Static_assert(SEARCH_STMTS == CATALOG_SEARCH_STMTS, "struct catalog keeps them");

static const char *const search_sql[SEARCH_STMTS] = {
	"SELECT rowid, 0, earmark_rank(line_fts), 1.0 "
	"FROM line_fts WHERE line_fts MATCH ?1 LIMIT ?2",
	"SELECT rowid, rowid, earmark_rank(episode_fts, 4.0, 1.0), "
	"CASE WHEN instr(highlight(episode_fts, 0, char(1), char(2)), char(1)) > 0 "
	"THEN 1.5 ELSE 0.9 END "
	"FROM episode_fts WHERE episode_fts MATCH ?1 LIMIT ?2",
	"SELECT m.id, k.episode_id, m.r, 0.9 "
	"FROM (SELECT rowid AS id, earmark_rank(clip_fts, 2.0, 1.0) AS r "
	"FROM clip_fts WHERE clip_fts MATCH ?1 LIMIT ?2) m "
	"JOIN clip k ON k.id = m.id",
	"SELECT episode_id FROM line WHERE id = ?1",
	"SELECT max(id) FROM line",
	/*
	 * The lines shown, ids ?4 between ?2 and ?3, in one pass over the
	 * matches there (see search_run()); the + keeps SQLite from looking
	 * the ids up one by one.
	 */
	"SELECT f.rowid, l.episode_id, l.start_ms, p.title, e.title, "
	"snippet(line_fts, 0, '[', ']', '...', 24) "
	"FROM line_fts f CROSS JOIN line l ON l.id = f.rowid "
	"JOIN episode e ON e.id = l.episode_id "
	"JOIN podcast p ON p.id = e.podcast_id "
	"WHERE line_fts MATCH ?1 AND f.rowid BETWEEN ?2 AND ?3 "
	"AND +f.rowid IN (SELECT value FROM json_each(?4))",
	"SELECT e.id, e.id, 0, p.title, e.title, "
	"snippet(episode_fts, -1, '[', ']', '...', 24) "
	"FROM episode_fts JOIN episode e ON e.id = episode_fts.rowid "
	"JOIN podcast p ON p.id = e.podcast_id "
	"WHERE episode_fts MATCH ?1 AND episode_fts.rowid = ?2",
	"SELECT k.id, k.episode_id, k.start_ms, p.title, e.title, "
	"snippet(clip_fts, -1, '[', ']', '...', 24) "
	"FROM clip_fts JOIN clip k ON k.id = clip_fts.rowid "
	"JOIN episode e ON e.id = k.episode_id "
	"JOIN podcast p ON p.id = e.podcast_id "
	"WHERE clip_fts MATCH ?1 AND clip_fts.rowid = ?2",
};

struct search_cand {
	double	score;		/* bm25 until every match of the index is read. */
	double	weight;
	int64_t	id;
	int64_t	ep;		/* Episode; 0 for a line until looked up. */
	int	kind;
};

struct search_set {
	struct search_cand	*v;
	size_t			 n, size;
};

/* A kept statement, prepared on first use and reset. */
static sqlite3_stmt *
search_stmt(struct catalog *c, int slot)
{
	sqlite3_stmt	**stmt = &c->search_stmt[slot];

	if (*stmt == NULL)
		*stmt = catalog_prepare(c, search_sql[slot]);
	else
		sqlite3_reset(*stmt);
	return (*stmt);
}

void
catalog_search_forget(struct catalog *c)
{
	int	i;

	for (i = 0; i < CATALOG_SEARCH_STMTS; i++) {
		sqlite3_finalize(c->search_stmt[i]);
		c->search_stmt[i] = NULL;
	}
}

/* Ends a step loop: 0 when done, else -1 with the error set, -2 for a bad query. */
static int
search_done(struct catalog *c, sqlite3_stmt *stmt, int rc)
{
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(stmt);
		return (0);
	}
	catalog_sql_error(c, "search");
	sqlite3_reset(stmt);
	return ((rc & 0xff) == SQLITE_ERROR ? -2 : -1);
}

/* The largest line id, 0 when there is none or on failure. */
static int64_t
search_line_last(struct catalog *c)
{
	sqlite3_stmt	*stmt;
	int64_t		 last = 0;

	if ((stmt = search_stmt(c, SEARCH_LINE_LAST)) == NULL)
		return (0);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		last = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return (last);
}

/* Adds the matches of one index, scored relative to its best. */
static int
search_gather(struct catalog *c, const char *match, int kind, struct search_set *s)
{
	sqlite3_stmt	*stmt;
	double		 best = 0, r;
	size_t		 first = s->n, i;
	int64_t		 last = 0;
	int		 rc;

	if (kind == SEARCH_LINE)
		last = search_line_last(c);
	if ((stmt = search_stmt(c, SEARCH_MATCH + kind)) == NULL)
		return (-1);
	catalog_bind_text(stmt, 1, match);
	sqlite3_bind_int(stmt, 2, SEARCH_RANK_CAP);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (s->n == s->size) {
			s->size = s->size == 0 ? 256 : s->size * 2;
			s->v = xreallocarray(s->v, s->size, sizeof *s->v);
		}
		s->v[s->n].id = sqlite3_column_int64(stmt, 0);
		s->v[s->n].ep = sqlite3_column_int64(stmt, 1);
		s->v[s->n].score = r = sqlite3_column_double(stmt, 2);
		s->v[s->n].weight = sqlite3_column_double(stmt, 3);
		s->v[s->n].kind = kind;
		s->n++;
		if (r < best)
			best = r;
		if (s->n - first == SEARCH_COMMON_RANK && kind == SEARCH_LINE &&
		    s->v[s->n - 1].id <= last / (SEARCH_RANK_CAP / SEARCH_COMMON_RANK))
			break;
	}
	for (i = first; i < s->n; i++) {
		r = best != 0 ? s->v[i].score / best : 1.0;
		s->v[i].score = s->v[i].weight * r;
	}
	return (search_done(c, stmt, rc));
}
static int
search_cmp(const void *a, const void *b)
{
	const struct search_cand	*x = a, *y = b;

	if (x->score != y->score)
		return (x->score > y->score ? -1 : 1);
	if (x->kind != y->kind)
		return (x->kind > y->kind ? -1 : 1);
	return (x->id < y->id ? -1 : x->id > y->id);
}

/* Looks up the episode of a line once. */
static int
search_episode(struct catalog *c, struct search_cand *k)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (k->ep != 0)
		return (0);
	if ((stmt = search_stmt(c, SEARCH_LINE_EPISODE)) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, k->id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		k->ep = sqlite3_column_int64(stmt, 0);
	return (search_done(c, stmt, rc));
}

/*
 * Walks the sorted matches, keeping at most SEARCH_PER_EPISODE of an
 * episode, and points out[] at the kept ones from offset on; returns how
 * many, or -1.
 */
static int
search_pick(struct catalog *c, struct search_set *s, int offset, int limit,
    struct search_cand **out)
{
	struct seen {
		int64_t	ep;
		int	n;
	}		*seen;
	size_t		 i, want, kept = 0, nseen = 0, j;
	int		 n = 0;

	want = (size_t)offset + (size_t)limit;
	if (want > s->n)
		want = s->n;
	/* Each episode's first match is kept, so there are no more episodes than that. */
	seen = xcalloc(want + 1, sizeof *seen);
	for (i = 0; i < s->n && kept < want; i++) {
		if (search_episode(c, &s->v[i]) != 0) {
			free(seen);
			return (-1);
		}
		for (j = 0; j < nseen && seen[j].ep != s->v[i].ep; j++)
			;
		if (j == nseen)
			seen[nseen++].ep = s->v[i].ep;
		if (seen[j].n++ >= SEARCH_PER_EPISODE)
			continue;
		if (kept++ >= (size_t)offset)
			out[n++] = &s->v[i];
	}
	free(seen);
	return (n);
}

/* Copies a detail row (id, episode, start, podcast, episode title, snippet). */
static void
search_hit_set(struct catalog_hit *h, sqlite3_stmt *stmt, const struct search_cand *k)
{
	memset(h, 0, sizeof *h);
	h->episode_id = sqlite3_column_int64(stmt, 1);
	h->start_ms = sqlite3_column_int64(stmt, 2);
	h->podcast_title = catalog_column_text(stmt, 3);
	h->episode_title = catalog_column_text(stmt, 4);
	h->snippet = catalog_column_text(stmt, 5);
	h->kind = k->kind;
	if (k->kind == SEARCH_LINE)
		h->line_id = k->id;
	else if (k->kind == SEARCH_CLIP)
		h->clip_id = k->id;
}

/*
 * Fills the hits of the lines among k[from..to), setting got[] for each
 * found, in one pass over the matches between the first and the last.
 */
static int
search_fill_lines(struct catalog *c, const char *match, struct search_cand **k,
    int from, int to, struct catalog_hit *h, char *got)
{
	sqlite3_stmt	*stmt;
	char		*ids, *p;
	int64_t		 lo = INT64_MAX, hi = INT64_MIN, id;
	int		 i, rc;

	p = ids = xmalloc((size_t)(to - from) * 22 + 3);
	*p++ = '[';
	for (i = from; i < to; i++) {
		if (k[i]->kind != SEARCH_LINE)
			continue;
		p += sprintf(p, "%s%lld", p[-1] == '[' ? "" : ",", (long long)k[i]->id);
		lo = k[i]->id < lo ? k[i]->id : lo;
		hi = k[i]->id > hi ? k[i]->id : hi;
	}
	strcpy(p, "]");
	if (lo > hi || (stmt = search_stmt(c, SEARCH_LINE_DETAIL)) == NULL) {
		free(ids);
		return (lo > hi ? 0 : -1);
	}
	catalog_bind_text(stmt, 1, match);
	sqlite3_bind_int64(stmt, 2, lo);
	sqlite3_bind_int64(stmt, 3, hi);
	catalog_bind_text(stmt, 4, ids);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		for (i = from; i < to; i++) {
			if (k[i]->kind == SEARCH_LINE && k[i]->id == id && !got[i]) {
				search_hit_set(&h[i], stmt, k[i]);
				got[i] = 1;
				break;
			}
		}
	}
	free(ids);
	return (search_done(c, stmt, rc));
}

/* Fills the hit of an episode or a clip. */
static int
search_fill_other(struct catalog *c, const char *match, struct search_cand *k,
    struct catalog_hit *h, char *got)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = search_stmt(c, SEARCH_DETAIL + k->kind - 1)) == NULL)
		return (-1);
	catalog_bind_text(stmt, 1, match);
	sqlite3_bind_int64(stmt, 2, k->id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		search_hit_set(h, stmt, k);
		*got = 1;
	}
	return (search_done(c, stmt, rc));
}

/*
 * Fills out[] from the picked matches, leaving out rows gone meanwhile; the
 * lines in one pass over the matches when pass is set, else one look-up each.
 */
static int
search_fill(struct catalog *c, const char *match, struct search_cand **k, int n,
    int pass, struct catalog_hit *out)
{
	struct catalog_hit	*h = xcalloc((size_t)n, sizeof *h);
	char			*got = xcalloc((size_t)n, 1);
	int			 i, m = 0, rc = 0;

	if (pass)
		rc = search_fill_lines(c, match, k, 0, n, h, got);
	for (i = 0; rc == 0 && i < n; i++) {
		if (k[i]->kind != SEARCH_LINE)
			rc = search_fill_other(c, match, k[i], &h[i], &got[i]);
		else if (!pass)
			rc = search_fill_lines(c, match, k, i, i + 1, h, got);
	}
	for (i = 0; i < n; i++) {
		if (got[i] && rc == 0)
			out[m++] = h[i];
		else if (got[i])
			catalog_hit_clear(&h[i]);
	}
	free(got);
	free(h);
	return (rc < 0 ? rc : m);
}

/* Runs one search; returns hits, -1 on failure, -2 when the query is not FTS5. */
static int
search_run(struct catalog *c, const char *match, int offset, int limit,
    struct catalog_hit *out)
{
	struct search_set	  s = { NULL, 0, 0 };
	struct search_cand	**pick;
	size_t			  lines;
	int			  rc = 0, kind, pass;

	for (kind = 0; rc == 0 && kind < SEARCH_KINDS; kind++) {
		lines = s.n;
		rc = search_gather(c, match, kind, &s);
		if (kind == SEARCH_LINE)
			lines = s.n - lines;
	}
	if (rc != 0 || s.n == 0) {
		free(s.v);
		return (rc);
	}
	qsort(s.v, s.n, sizeof *s.v, search_cmp);
	pick = xcalloc((size_t)limit < s.n ? (size_t)limit : s.n, sizeof *pick);
	/*
	 * FTS5 (3.40) expands a prefix (without a prefix index) in full for
	 * each statement, 7 ms for tra* in 2,000,000 lines, and looking up
	 * one row of a phrase or of several words took 0.1 to 0.8 ms there
	 * (10 us for a word). So the lines shown are read in one pass for a
	 * prefix and when there are few matches; one look-up each is cheaper
	 * when many matches of a common phrase lie between them.
	 */
	pass = strchr(match, '*') != NULL || lines <= SEARCH_PASS_LINES;
	if ((rc = search_pick(c, &s, offset, limit, pick)) > 0)
		rc = search_fill(c, match, pick, rc, pass, out);
	free(pick);
	free(s.v);
	return (rc);
}

int
catalog_search(struct catalog *c, const char *query, int offset, int limit,
    struct catalog_hit *out)
{
	char	*quoted;
	int	 n;

	if (offset < 0 || limit < 0 || (limit > 0 && out == NULL)) {
		catalog_set_error(c, "bad page (offset %d, limit %d)", offset, limit);
		return (-1);
	}
	if (strlen(query) > SEARCH_MAX_QUERY) {
		catalog_set_error(c, "search is longer than %d bytes", SEARCH_MAX_QUERY);
		return (-1);
	}
	if (limit == 0)
		return (0);
	if ((quoted = search_quote(query)) == NULL)
		return (0);
	n = search_run(c, query, offset, limit, out);
	if (n == -2)
		n = search_run(c, quoted, offset, limit, out);
	free(quoted);
	return (n < 0 ? -1 : n);
}

void
catalog_hit_clear(struct catalog_hit *h)
{
	free(h->podcast_title);
	free(h->episode_title);
	free(h->snippet);
	memset(h, 0, sizeof *h);
}
