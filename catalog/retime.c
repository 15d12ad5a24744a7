/* New times for the lines of a stored transcript, all at once. */

#include "config.h"

#include <stdint.h>

#include <sqlite3.h>

#include "catalog/catalog.h"
#include "catalog/internal.h"

/* Runs stmt with its bindings; 1 when it changed a row, 0 when none, -1 on error. */
static int
retime_step(struct catalog *c, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, what));
	return (sqlite3_changes(sqlite3_db_handle(stmt)) > 0);
}

int
catalog_transcript_set_times(struct catalog *c, int64_t episode_id, const int64_t *ids,
    const int64_t *start_ms, const int64_t *end_ms, size_t n, const char *kind)
{
	sqlite3_stmt *stmt;
	size_t i;
	int rc = 0;

	if (catalog_begin(c) != 0)
		return (-1);
	stmt = catalog_prepare(c, "UPDATE transcript SET kind = ? WHERE episode_id = ?");
	if (stmt == NULL)
		goto fail;
	catalog_bind_text(stmt, 1, kind);
	sqlite3_bind_int64(stmt, 2, episode_id);
	rc = retime_step(c, stmt, "marking the transcript");
	sqlite3_finalize(stmt);
	if (rc == 0)
		catalog_set_error(c, "episode %lld has no transcript", (long long)episode_id);
	if (rc != 1)
		goto fail;
	/* Word times and hand stamps belonged to the old times. */
	stmt = catalog_prepare(c, "UPDATE line SET start_ms = ?, end_ms = ?, "
	    "words = NULL, stamped = 0 WHERE id = ? AND episode_id = ?");
	if (stmt == NULL)
		goto fail;
	for (i = 0; i < n && rc == 1; i++) {
		sqlite3_bind_int64(stmt, 1, start_ms[i]);
		sqlite3_bind_int64(stmt, 2, end_ms[i]);
		sqlite3_bind_int64(stmt, 3, ids[i]);
		sqlite3_bind_int64(stmt, 4, episode_id);
		if ((rc = retime_step(c, stmt, "saving a line's times")) == 0)
			catalog_set_error(c, "line %lld is not in episode %lld",
			    (long long)ids[i], (long long)episode_id);
	}
	sqlite3_finalize(stmt);
	if (rc != 1)
		goto fail;
	return (catalog_commit(c));
fail:
	catalog_rollback(c);
	return (-1);
}
