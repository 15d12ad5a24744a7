#ifndef EARMARK_CATALOG_INTERNAL_H
#define EARMARK_CATALOG_INTERNAL_H

/* Shared between the catalog's own files; never included outside catalog/. */

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "catalog/catalog.h"

/* The latest schema version this program knows. */
#define CATALOG_SCHEMA_VERSION 6

#define CATALOG_SEARCH_STMTS 8

struct catalog {
	sqlite3	*db;
	char	*path;
	char	*error;		/* Last failure, for catalog_error(). */
	char	*language;	/* Transcripts preferred in this language, or NULL. */
	/* Statements of catalog/search.c, prepared on first use. */
	sqlite3_stmt *search_stmt[CATALOG_SEARCH_STMTS];
};

void catalog_set_error(struct catalog *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Sets the error to "what: " and SQLite's message; returns -1. */
int catalog_sql_error(struct catalog *c, const char *what);
/* Prepares sql, setting the error on failure. */
sqlite3_stmt *catalog_prepare(struct catalog *c, const char *sql);
/*
 * Runs a statement giving one integer (a count), binding id as ?1 when bind
 * is set; -1 on failure.
 */
int64_t catalog_count(struct catalog *c, const char *sql, int64_t id, int bind);
/* Checks paging arguments, setting the error when they are wrong. */
int catalog_page_check(struct catalog *c, int offset, int limit, const void *out);
/* Runs SQL with no parameters and no rows. */
int catalog_exec(struct catalog *c, const char *sql);
int catalog_begin(struct catalog *c);
int catalog_commit(struct catalog *c);
void catalog_rollback(struct catalog *c);
/* A column as a new string, NULL for SQL NULL. */
char *catalog_column_text(sqlite3_stmt *stmt, int col);
/* Binds s, or NULL when s is NULL. */
int catalog_bind_text(sqlite3_stmt *stmt, int col, const char *s);

/*
 * Inside a transaction: episodes and lines added from now on are indexed
 * for search only by catalog_fts_release(), all in one statement, which
 * must run before the transaction commits. Holding twice keeps the first
 * hold.
 */
int catalog_fts_hold(struct catalog *c);
int catalog_fts_release(struct catalog *c);
/* Indexes what a hold left behind (it never commits; this is a safety net). */
int catalog_fts_recover(struct catalog *c);

/* Registers earmark_rank(), bm25 made cheaper (catalog/rank.c). */
int catalog_rank_register(struct catalog *c);
/* Finalizes the statements search keeps. */
void catalog_search_forget(struct catalog *c);

struct transcript_line;

/*
 * A parsed line's words in the stored form, for the text stored for it;
 * NULL when it has none, the stored text differs from the parsed one or the
 * words lie outside the line's times.
 */
char *catalog_line_words(const struct transcript_line *l, const char *stored);

/* Reads a whole local file of at most max bytes; on failure *err says why. */
int buf_read_file(const char *path, size_t max, char **out, size_t *len, char **err);

#endif
