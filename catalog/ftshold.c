#include "config.h"

#include <sqlite3.h>

#include "catalog/internal.h"

/*
 * The triggers of schema 6 index a row of episode or line only when its id
 * is at most the table's watermark in fts_hold, or when the table has no
 * hold. New rows take ids above the largest one, so while a hold lasts the
 * rows it adds wait, and the rows that were there before are kept in step
 * by the triggers as always.
 */

int
catalog_fts_hold(struct catalog *c)
{
	return (catalog_exec(c, "INSERT OR IGNORE INTO fts_hold (tbl, watermark) "
	    "SELECT 'episode', coalesce(max(id), 0) FROM episode;"
	    "INSERT OR IGNORE INTO fts_hold (tbl, watermark) "
	    "SELECT 'line', coalesce(max(id), 0) FROM line"));
}

int
catalog_fts_release(struct catalog *c)
{
	return (catalog_exec(c, "INSERT INTO episode_fts (rowid, title, "
	    "description) SELECT id, title, description FROM episode WHERE id > "
	    "(SELECT watermark FROM fts_hold WHERE tbl = 'episode');"
	    "INSERT INTO line_fts (rowid, text) SELECT id, text FROM line "
	    "WHERE id > (SELECT watermark FROM fts_hold WHERE tbl = 'line');"
	    "DELETE FROM fts_hold"));
}

int
catalog_fts_recover(struct catalog *c)
{
	sqlite3_stmt	*stmt;
	int		 rc, held;

	if ((stmt = catalog_prepare(c, "SELECT EXISTS (SELECT 1 FROM fts_hold)")) ==
	    NULL)
		return (-1);
	rc = sqlite3_step(stmt);
	held = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return (catalog_sql_error(c, "reading the search index's state"));
	if (!held || catalog_read_only(c))
		return (0);
	if (catalog_begin(c) != 0)
		return (-1);
	if (catalog_fts_release(c) != 0) {
		catalog_rollback(c);
		return (-1);
	}
	return (catalog_commit(c));
}
