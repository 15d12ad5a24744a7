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

/* Runs one search; returns hits, -1 on failure, -2 when the query is not FTS5. */
static int
search_run(struct catalog *c, const char *match, int offset, int limit,
    struct catalog_hit *out)
{
	sqlite3_stmt	*stmt;
	int		 n = 0, rc;

	stmt = catalog_prepare(c, "SELECT l.episode_id, l.id, l.start_ms, "
	    "p.title, e.title, snippet(line_fts, 0, '[', ']', '...', 24) "
	    "FROM line_fts JOIN line l ON l.id = line_fts.rowid "
	    "JOIN episode e ON e.id = l.episode_id "
	    "JOIN podcast p ON p.id = e.podcast_id "
	    "WHERE line_fts MATCH ? ORDER BY bm25(line_fts), l.id LIMIT ? OFFSET ?");
	if (stmt == NULL)
		return (-1);
	catalog_bind_text(stmt, 1, match);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, offset);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out[n].episode_id = sqlite3_column_int64(stmt, 0);
		out[n].line_id = sqlite3_column_int64(stmt, 1);
		out[n].start_ms = sqlite3_column_int64(stmt, 2);
		out[n].podcast_title = catalog_column_text(stmt, 3);
		out[n].episode_title = catalog_column_text(stmt, 4);
		out[n].snippet = catalog_column_text(stmt, 5);
		n++;
	}
	if (rc != SQLITE_DONE) {
		while (n > 0)
			catalog_hit_clear(&out[--n]);
		n = (rc & 0xff) == SQLITE_ERROR ? -2 : -1;
		catalog_sql_error(c, "search");
	}
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
