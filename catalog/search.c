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
 * Ranking: bm25 over at most SEARCH_RANK_CAP matching lines (all of them for
 * any but the commonest words, whose ranking means little), at most
 * SEARCH_PER_EPISODE lines of one episode, then the details and snippet of
 * only the lines shown.
 */
#define SEARCH_RANK_CAP 5000
#define SEARCH_PER_EPISODE 5

/* Fills one hit's details and snippet; 0, or -1 when the line is gone. */
static int
search_hit(struct catalog *c, sqlite3_stmt *detail, const char *match, int64_t id,
    struct catalog_hit *h)
{
	int rc;

	sqlite3_reset(detail);
	catalog_bind_text(detail, 1, match);
	sqlite3_bind_int64(detail, 2, id);
	if ((rc = sqlite3_step(detail)) != SQLITE_ROW)
		return (-1);
	h->episode_id = sqlite3_column_int64(detail, 0);
	h->line_id = id;
	h->start_ms = sqlite3_column_int64(detail, 1);
	h->podcast_title = catalog_column_text(detail, 2);
	h->episode_title = catalog_column_text(detail, 3);
	h->snippet = catalog_column_text(detail, 4);
	return (0);
}

/* Runs one search; returns hits, -1 on failure, -2 when the query is not FTS5. */
static int
search_run(struct catalog *c, const char *match, int offset, int limit,
    struct catalog_hit *out)
{
	sqlite3_stmt	*stmt, *detail;
	int		 n = 0, rc;

	stmt = catalog_prepare(c, "WITH m AS (SELECT rowid AS id, bm25(line_fts) AS r "
	    "FROM line_fts WHERE line_fts MATCH ?1 LIMIT ?4), "
	    "ranked AS (SELECT m.id, m.r, row_number() OVER "
	    "(PARTITION BY l.episode_id ORDER BY m.r, m.id) AS k "
	    "FROM m JOIN line l ON l.id = m.id) "
	    "SELECT id FROM ranked WHERE k <= ?5 ORDER BY r, id LIMIT ?2 OFFSET ?3");
	if (stmt == NULL)
		return (-1);
	detail = catalog_prepare(c, "SELECT l.episode_id, l.start_ms, p.title, e.title, "
	    "snippet(line_fts, 0, '[', ']', '...', 24) "
	    "FROM line_fts JOIN line l ON l.id = line_fts.rowid "
	    "JOIN episode e ON e.id = l.episode_id "
	    "JOIN podcast p ON p.id = e.podcast_id "
	    "WHERE line_fts MATCH ?1 AND line_fts.rowid = ?2");
	if (detail == NULL) {
		sqlite3_finalize(stmt);
		return (-1);
	}
	catalog_bind_text(stmt, 1, match);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, offset);
	sqlite3_bind_int(stmt, 4, SEARCH_RANK_CAP);
	sqlite3_bind_int(stmt, 5, SEARCH_PER_EPISODE);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (search_hit(c, detail, match, sqlite3_column_int64(stmt, 0), &out[n]) == 0)
			n++;
	}
	if (rc != SQLITE_DONE) {
		while (n > 0)
			catalog_hit_clear(&out[--n]);
		n = (rc & 0xff) == SQLITE_ERROR ? -2 : -1;
		catalog_sql_error(c, "search");
	}
	sqlite3_finalize(detail);
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
