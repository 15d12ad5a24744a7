#ifndef EARMARK_TESTDB_H
#define EARMARK_TESTDB_H

/*
 * SQL on a catalog's file through a connection of the test's own, outside
 * the catalog's, for the unit tests that look at or change what is stored.
 * Include after config.h; failures fail the test.
 */

#include <check.h>
#include <sqlite3.h>

#include "util/xmalloc.h"

/* Runs sql (any number of statements, no rows wanted) on the database at path. */
static inline void
test_sql_run(const char *path, const char *sql)
{
	sqlite3	*db;
	char	*msg = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s: %s", sql,
	    msg != NULL ? msg : "?");
	sqlite3_close(db);
}

/* The first column of the first row sql gives, as text, or NULL. */
static inline char *
test_sql_one(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	char		*out = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != NULL)
		out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return (out);
}

#endif
