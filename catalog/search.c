#include "config.h"

#include <ctype.h>
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
 * Ranking: bm25 over at most SEARCH_RANK_CAP matches of each index (all of
 * them for any but the commonest words, whose ranking means little). Scores of
 * different indexes do not compare, so each is taken relative to the best of
 * its index (1 the best, towards 0 the worst) and weighed: an episode whose
 * title matched leads, the best line comes next, and an episode matched by
 * its description or a clip by its title or note just after. Then at most
 * SEARCH_PER_EPISODE hits of one episode, and the details and snippet of only
 * the hits shown.
 */
#define SEARCH_RANK_CAP 5000
#define SEARCH_PER_EPISODE 5

#define SEARCH_LINE 0
#define SEARCH_EPISODE 1
#define SEARCH_CLIP 2
#define SEARCH_KINDS 3

static const char *const search_rank_sql =
    "WITH lm AS (SELECT rowid AS id, bm25(line_fts) AS r "
    "FROM line_fts WHERE line_fts MATCH ?1 LIMIT ?4), "
    "em AS (SELECT rowid AS id, bm25(episode_fts, 4.0, 1.0) AS r, "
    "instr(highlight(episode_fts, 0, char(1), char(2)), char(1)) > 0 AS t "
    "FROM episode_fts WHERE episode_fts MATCH ?1 LIMIT ?4), "
    "cm AS (SELECT rowid AS id, bm25(clip_fts, 2.0, 1.0) AS r "
    "FROM clip_fts WHERE clip_fts MATCH ?1 LIMIT ?4), "
    "m AS (SELECT 0 AS kind, lm.id, l.episode_id AS ep, lm.r, 1.0 AS w "
    "FROM lm JOIN line l ON l.id = lm.id "
    "UNION ALL SELECT 1, em.id, em.id, em.r, CASE WHEN em.t THEN 1.5 ELSE 0.9 END "
    "FROM em "
    "UNION ALL SELECT 2, cm.id, k.episode_id, cm.r, 0.9 "
    "FROM cm JOIN clip k ON k.id = cm.id), "
    "s AS (SELECT kind, id, ep, w * coalesce(r / nullif(min(r) OVER "
    "(PARTITION BY kind), 0), 1.0) AS score FROM m), "
    "ranked AS (SELECT kind, id, score, row_number() OVER "
    "(PARTITION BY ep ORDER BY score DESC, kind DESC, id) AS k FROM s) "
    "SELECT kind, id FROM ranked WHERE k <= ?5 "
    "ORDER BY score DESC, kind DESC, id LIMIT ?2 OFFSET ?3";

/* Per kind: episode, start, podcast and episode titles, snippet of one match. */
static const char *const search_detail_sql[SEARCH_KINDS] = {
	"SELECT l.episode_id, l.start_ms, p.title, e.title, "
	"snippet(line_fts, 0, '[', ']', '...', 24) "
	"FROM line_fts JOIN line l ON l.id = line_fts.rowid "
	"JOIN episode e ON e.id = l.episode_id "
	"JOIN podcast p ON p.id = e.podcast_id "
	"WHERE line_fts MATCH ?1 AND line_fts.rowid = ?2",
	"SELECT e.id, 0, p.title, e.title, "
	"snippet(episode_fts, -1, '[', ']', '...', 24) "
	"FROM episode_fts JOIN episode e ON e.id = episode_fts.rowid "
	"JOIN podcast p ON p.id = e.podcast_id "
	"WHERE episode_fts MATCH ?1 AND episode_fts.rowid = ?2",
	"SELECT k.episode_id, k.start_ms, p.title, e.title, "
	"snippet(clip_fts, -1, '[', ']', '...', 24) "
	"FROM clip_fts JOIN clip k ON k.id = clip_fts.rowid "
	"JOIN episode e ON e.id = k.episode_id "
	"JOIN podcast p ON p.id = e.podcast_id "
	"WHERE clip_fts MATCH ?1 AND clip_fts.rowid = ?2",
};

/* Fills one hit's details and snippet; 0, or -1 when the row is gone. */
static int
search_hit(struct catalog *c, sqlite3_stmt **detail, const char *match, int kind,
    int64_t id, struct catalog_hit *h)
{
	sqlite3_stmt	*stmt;

	if (kind < 0 || kind >= SEARCH_KINDS)
		return (-1);
	if (detail[kind] == NULL &&
	    (detail[kind] = catalog_prepare(c, search_detail_sql[kind])) == NULL)
		return (-1);
	stmt = detail[kind];
	sqlite3_reset(stmt);
	catalog_bind_text(stmt, 1, match);
	sqlite3_bind_int64(stmt, 2, id);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		return (-1);
	memset(h, 0, sizeof *h);
	h->episode_id = sqlite3_column_int64(stmt, 0);
	h->start_ms = sqlite3_column_int64(stmt, 1);
	h->podcast_title = catalog_column_text(stmt, 2);
	h->episode_title = catalog_column_text(stmt, 3);
	h->snippet = catalog_column_text(stmt, 4);
	h->kind = kind;
	if (kind == SEARCH_LINE)
		h->line_id = id;
	else if (kind == SEARCH_CLIP)
		h->clip_id = id;
	return (0);
}

/* Runs one search; returns hits, -1 on failure, -2 when the query is not FTS5. */
static int
search_run(struct catalog *c, const char *match, int offset, int limit,
    struct catalog_hit *out)
{
	sqlite3_stmt	*stmt, *detail[SEARCH_KINDS] = { NULL };
	int		 n = 0, rc, i;

	if ((stmt = catalog_prepare(c, search_rank_sql)) == NULL)
		return (-1);
	catalog_bind_text(stmt, 1, match);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, offset);
	sqlite3_bind_int(stmt, 4, SEARCH_RANK_CAP);
	sqlite3_bind_int(stmt, 5, SEARCH_PER_EPISODE);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (search_hit(c, detail, match, sqlite3_column_int(stmt, 0),
		    sqlite3_column_int64(stmt, 1), &out[n]) == 0)
			n++;
	}
	if (rc != SQLITE_DONE) {
		while (n > 0)
			catalog_hit_clear(&out[--n]);
		n = (rc & 0xff) == SQLITE_ERROR ? -2 : -1;
		catalog_sql_error(c, "search");
	}
	for (i = 0; i < SEARCH_KINDS; i++)
		sqlite3_finalize(detail[i]);
	sqlite3_finalize(stmt);
	return (n);
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
