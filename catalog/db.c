#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/internal.h"
#include "util/xmalloc.h"

/* Migration n (1-based) brings the schema from version n - 1 to n. */
static const char *const catalog_migrations[CATALOG_SCHEMA_VERSION] = {
	/* 1: everything. */
	"CREATE TABLE podcast ("
	"  id INTEGER PRIMARY KEY,"
	"  guid TEXT,"
	"  title TEXT NOT NULL DEFAULT '',"
	"  author TEXT,"
	"  description TEXT,"
	"  link TEXT,"
	"  feed TEXT NOT NULL UNIQUE,"
	"  image TEXT,"
	"  added INTEGER NOT NULL DEFAULT (strftime('%s', 'now')));"
	"CREATE TABLE episode ("
	"  id INTEGER PRIMARY KEY,"
	"  podcast_id INTEGER NOT NULL REFERENCES podcast (id) ON DELETE CASCADE,"
	"  guid TEXT NOT NULL,"
	"  title TEXT NOT NULL DEFAULT '',"
	"  number INTEGER NOT NULL DEFAULT 0,"
	"  season INTEGER NOT NULL DEFAULT 0,"
	"  published INTEGER NOT NULL DEFAULT 0,"
	"  duration_ms INTEGER NOT NULL DEFAULT 0,"
	"  audio TEXT,"
	"  audio_type TEXT,"
	"  audio_size INTEGER NOT NULL DEFAULT 0,"
	"  description TEXT,"
	"  link TEXT,"
	"  added INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),"
	"  UNIQUE (podcast_id, guid));"
	"CREATE INDEX episode_order ON episode (podcast_id, published DESC, number DESC);"
	"CREATE TABLE clip ("
	"  id INTEGER PRIMARY KEY,"
	"  episode_id INTEGER NOT NULL REFERENCES episode (id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL"
	"    CHECK (kind IN ('chapter', 'soundbite', 'segment', 'bookmark')),"
	"  start_ms INTEGER NOT NULL,"
	"  end_ms INTEGER NOT NULL,"
	"  title TEXT,"
	"  note TEXT,"
	"  source_episode_id INTEGER REFERENCES episode (id) ON DELETE SET NULL,"
	"  source_start_ms INTEGER,"
	"  created INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),"
	"  episode_guid TEXT,"
	"  audio_url TEXT,"
	"  quote TEXT,"
	"  episode_duration_ms INTEGER);"
	"CREATE INDEX clip_episode ON clip (episode_id, start_ms);"
	"CREATE INDEX clip_source ON clip (source_episode_id);"
	"CREATE TABLE transcript ("
	"  episode_id INTEGER PRIMARY KEY REFERENCES episode (id) ON DELETE CASCADE,"
	"  source TEXT,"
	"  format TEXT,"
	"  language TEXT,"
	"  kind TEXT NOT NULL DEFAULT 'timed');"
	"CREATE TABLE line ("
	"  id INTEGER PRIMARY KEY,"
	"  episode_id INTEGER NOT NULL REFERENCES episode (id) ON DELETE CASCADE,"
	"  start_ms INTEGER NOT NULL,"
	"  end_ms INTEGER NOT NULL,"
	"  speaker TEXT,"
	"  text TEXT NOT NULL);"
	"CREATE INDEX line_episode ON line (episode_id, start_ms);"
	"CREATE VIRTUAL TABLE line_fts USING fts5 (text, content = 'line',"
	"  content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2');"
	"CREATE TRIGGER line_fts_insert AFTER INSERT ON line BEGIN"
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text);"
	"END;"
	"CREATE TRIGGER line_fts_delete AFTER DELETE ON line BEGIN"
	"  INSERT INTO line_fts (line_fts, rowid, text)"
	"    VALUES ('delete', old.id, old.text);"
	"END;"
	"CREATE TRIGGER line_fts_update AFTER UPDATE ON line BEGIN"
	"  INSERT INTO line_fts (line_fts, rowid, text)"
	"    VALUES ('delete', old.id, old.text);"
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text);"
	"END;"
	"CREATE TABLE resume ("
	"  episode_id INTEGER PRIMARY KEY REFERENCES episode (id) ON DELETE CASCADE,"
	"  position_ms INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL);",
	/* 2: playback speed per podcast, played marks. */
	"ALTER TABLE podcast ADD COLUMN rate REAL NOT NULL DEFAULT 1.0;"
	"ALTER TABLE episode ADD COLUMN played INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX clip_created ON clip (created DESC);",
	/* 3: validators of feeds fetched over HTTP, downloaded audio. */
	"CREATE TABLE feed_cache ("
	"  podcast_id INTEGER PRIMARY KEY REFERENCES podcast (id) ON DELETE CASCADE,"
	"  etag TEXT,"
	"  modified TEXT,"
	"  checked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE download ("
	"  episode_id INTEGER PRIMARY KEY REFERENCES episode (id) ON DELETE CASCADE,"
	"  path TEXT NOT NULL,"
	"  type TEXT,"
	"  size INTEGER NOT NULL DEFAULT 0,"
	"  finished INTEGER NOT NULL DEFAULT 0);",
	/*
	 * 4: full-text indexes of episode titles and descriptions and of clip
	 * titles and notes; every index also keeps two- and three-letter
	 * prefixes, so line_fts is made again.
	 */
	"DROP TRIGGER line_fts_insert;"
	"DROP TRIGGER line_fts_delete;"
	"DROP TRIGGER line_fts_update;"
	"DROP TABLE line_fts;"
	"CREATE VIRTUAL TABLE line_fts USING fts5 (text, content = 'line',"
	"  content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2',"
	"  prefix = '2 3');"
	"CREATE TRIGGER line_fts_insert AFTER INSERT ON line BEGIN"
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text);"
	"END;"
	"CREATE TRIGGER line_fts_delete AFTER DELETE ON line BEGIN"
	"  INSERT INTO line_fts (line_fts, rowid, text)"
	"    VALUES ('delete', old.id, old.text);"
	"END;"
	"CREATE TRIGGER line_fts_update AFTER UPDATE ON line BEGIN"
	"  INSERT INTO line_fts (line_fts, rowid, text)"
	"    VALUES ('delete', old.id, old.text);"
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text);"
	"END;"
	"INSERT INTO line_fts (line_fts) VALUES ('rebuild');"
	"CREATE VIRTUAL TABLE episode_fts USING fts5 (title, description,"
	"  content = 'episode', content_rowid = 'id',"
	"  tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3');"
	"CREATE TRIGGER episode_fts_insert AFTER INSERT ON episode BEGIN"
	"  INSERT INTO episode_fts (rowid, title, description)"
	"    VALUES (new.id, new.title, new.description);"
	"END;"
	"CREATE TRIGGER episode_fts_delete AFTER DELETE ON episode BEGIN"
	"  INSERT INTO episode_fts (episode_fts, rowid, title, description)"
	"    VALUES ('delete', old.id, old.title, old.description);"
	"END;"
	"CREATE TRIGGER episode_fts_update AFTER UPDATE OF title, description ON episode"
	"  BEGIN"
	"  INSERT INTO episode_fts (episode_fts, rowid, title, description)"
	"    VALUES ('delete', old.id, old.title, old.description);"
	"  INSERT INTO episode_fts (rowid, title, description)"
	"    VALUES (new.id, new.title, new.description);"
	"END;"
	"INSERT INTO episode_fts (episode_fts) VALUES ('rebuild');"
	"CREATE VIRTUAL TABLE clip_fts USING fts5 (title, note,"
	"  content = 'clip', content_rowid = 'id',"
	"  tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3');"
	"CREATE TRIGGER clip_fts_insert AFTER INSERT ON clip BEGIN"
	"  INSERT INTO clip_fts (rowid, title, note) VALUES (new.id, new.title, new.note);"
	"END;"
	"CREATE TRIGGER clip_fts_delete AFTER DELETE ON clip BEGIN"
	"  INSERT INTO clip_fts (clip_fts, rowid, title, note)"
	"    VALUES ('delete', old.id, old.title, old.note);"
	"END;"
	"CREATE TRIGGER clip_fts_update AFTER UPDATE OF title, note ON clip BEGIN"
	"  INSERT INTO clip_fts (clip_fts, rowid, title, note)"
	"    VALUES ('delete', old.id, old.title, old.note);"
	"  INSERT INTO clip_fts (rowid, title, note) VALUES (new.id, new.title, new.note);"
	"END;"
	"INSERT INTO clip_fts (clip_fts) VALUES ('rebuild');",
	/*
	 * 5: word times of a line, and whether a person stamped its start by
	 * hand (sync mode); the full-text indexes again, without the
	 * prefix indexes of 4, which made an import of many lines four times
	 * slower and the index half as large again, and made prefix queries
	 * no faster. A line's index entry is now made again only when its
	 * text changes, not its times.
	 */
	"ALTER TABLE line ADD COLUMN words TEXT;"
	"ALTER TABLE line ADD COLUMN stamped INTEGER NOT NULL DEFAULT 0;"
	"DROP TRIGGER line_fts_update;"
	"CREATE TRIGGER line_fts_update AFTER UPDATE OF text ON line BEGIN"
	"  INSERT INTO line_fts (line_fts, rowid, text)"
	"    VALUES ('delete', old.id, old.text);"
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text);"
	"END;"
	"DROP TABLE line_fts;"
	"CREATE VIRTUAL TABLE line_fts USING fts5 (text,"
	"  content = 'line', content_rowid = 'id',"
	"  tokenize = 'porter unicode61 remove_diacritics 2');"
	"INSERT INTO line_fts (line_fts) VALUES ('rebuild');"
	"DROP TABLE episode_fts;"
	"CREATE VIRTUAL TABLE episode_fts USING fts5 (title, description,"
	"  content = 'episode', content_rowid = 'id',"
	"  tokenize = 'porter unicode61 remove_diacritics 2');"
	"INSERT INTO episode_fts (episode_fts) VALUES ('rebuild');"
	"DROP TABLE clip_fts;"
	"CREATE VIRTUAL TABLE clip_fts USING fts5 (title, note,"
	"  content = 'clip', content_rowid = 'id',"
	"  tokenize = 'porter unicode61 remove_diacritics 2');"
	"INSERT INTO clip_fts (clip_fts) VALUES ('rebuild');",
	/*
	 * 6: an import may hold back the indexing of the episodes and lines
	 * it adds (rows above the watermark) and index them in one statement
	 * at its end (catalog/ftshold.c): SQLite 3.40's FTS5 writes its
	 * pending terms out at every statement of a transaction, so indexing
	 * row by row made a feed's import five times slower. A hash of the
	 * feed's bytes at its last import (catalog/digest.c), so a feed that
	 * has not changed is not read again.
	 */
	"ALTER TABLE podcast ADD COLUMN feed_digest TEXT;"
	"CREATE TABLE fts_hold ("
	"  tbl TEXT PRIMARY KEY,"
	"  watermark INTEGER NOT NULL);"
	"DROP TRIGGER episode_fts_insert;"
	"DROP TRIGGER episode_fts_delete;"
	"DROP TRIGGER episode_fts_update;"
	"DROP TRIGGER line_fts_insert;"
	"DROP TRIGGER line_fts_delete;"
	"DROP TRIGGER line_fts_update;"
	"CREATE TRIGGER episode_fts_insert AFTER INSERT ON episode"
	"  WHEN new.id <= coalesce((SELECT watermark FROM fts_hold"
	"    WHERE tbl = 'episode'), new.id) BEGIN"
	"  INSERT INTO episode_fts (rowid, title, description)"
	"    VALUES (new.id, new.title, new.description);"
	"END;"
	"CREATE TRIGGER episode_fts_delete AFTER DELETE ON episode"
	"  WHEN old.id <= coalesce((SELECT watermark FROM fts_hold"
	"    WHERE tbl = 'episode'), old.id) BEGIN"
	"  INSERT INTO episode_fts (episode_fts, rowid, title, description)"
	"    VALUES ('delete', old.id, old.title, old.description);"
	"END;"
	"CREATE TRIGGER episode_fts_update AFTER UPDATE OF title, description ON episode"
	"  WHEN old.id <= coalesce((SELECT watermark FROM fts_hold"
	"    WHERE tbl = 'episode'), old.id) BEGIN"
	"  INSERT INTO episode_fts (episode_fts, rowid, title, description)"
	"    VALUES ('delete', old.id, old.title, old.description);"
	"  INSERT INTO episode_fts (rowid, title, description)"
	"    VALUES (new.id, new.title, new.description);"
	"END;"
	"CREATE TRIGGER line_fts_insert AFTER INSERT ON line"
	"  WHEN new.id <= coalesce((SELECT watermark FROM fts_hold"
	"    WHERE tbl = 'line'), new.id) BEGIN"
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text);"
	"END;"
	"CREATE TRIGGER line_fts_delete AFTER DELETE ON line"
	"  WHEN old.id <= coalesce((SELECT watermark FROM fts_hold"
	"    WHERE tbl = 'line'), old.id) BEGIN"
	"  INSERT INTO line_fts (line_fts, rowid, text)"
	"    VALUES ('delete', old.id, old.text);"
	"END;"
	"CREATE TRIGGER line_fts_update AFTER UPDATE OF text ON line"
	"  WHEN old.id <= coalesce((SELECT watermark FROM fts_hold"
	"    WHERE tbl = 'line'), old.id) BEGIN"
	"  INSERT INTO line_fts (line_fts, rowid, text)"
	"    VALUES ('delete', old.id, old.text);"
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text);"
	"END;",
};

void
catalog_set_error(struct catalog *c, const char *fmt, ...)
{
	va_list	ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		BUG();
	va_end(ap);
	free(c->error);
	c->error = msg;
}

/* Sets the error to "what: msg", saying plainly when the file cannot be written. */
static void
catalog_describe(struct catalog *c, const char *what, const char *msg)
{
	int	code = sqlite3_extended_errcode(c->db);

	switch (code & 0xff) {
	case SQLITE_READONLY:
		catalog_set_error(c, "%s: catalog %s is read-only, so nothing was "
		    "saved (%s)", what, c->path, msg);
		break;
	case SQLITE_FULL:
		catalog_set_error(c, "%s: the disk holding catalog %s is full, so "
		    "nothing was saved (%s)", what, c->path, msg);
		break;
	case SQLITE_IOERR:
		if (code != SQLITE_IOERR_WRITE && code != SQLITE_IOERR_FSYNC &&
		    code != SQLITE_IOERR_TRUNCATE && code != SQLITE_IOERR_SHMSIZE) {
			catalog_set_error(c, "%s: %s", what, msg);
			break;
		}
		catalog_set_error(c, "%s: cannot write catalog %s (the disk may be "
		    "full or the file too large), so nothing was saved (%s)", what,
		    c->path, msg);
		break;
	default:
		catalog_set_error(c, "%s: %s", what, msg);
		break;
	}
}

int
catalog_sql_error(struct catalog *c, const char *what)
{
	catalog_describe(c, what, sqlite3_errmsg(c->db));
	return (-1);
}

sqlite3_stmt *
catalog_prepare(struct catalog *c, const char *sql)
{
	sqlite3_stmt	*stmt;

	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		catalog_sql_error(c, "catalog query");
		return (NULL);
	}
	return (stmt);
}

int
catalog_exec(struct catalog *c, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		catalog_describe(c, "catalog", msg != NULL ? msg :
		    sqlite3_errmsg(c->db));
		sqlite3_free(msg);
		return (-1);
	}
	return (0);
}

int
catalog_begin(struct catalog *c)
{
	if (catalog_read_only(c)) {
		catalog_set_error(c, "catalog %s is read-only; changes cannot be "
		    "saved", c->path);
		return (-1);
	}
	return (catalog_exec(c, "BEGIN IMMEDIATE"));
}

int
catalog_commit(struct catalog *c)
{
	if (catalog_exec(c, "COMMIT") != 0) {
		catalog_rollback(c);
		return (-1);
	}
	return (0);
}

void
catalog_rollback(struct catalog *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
catalog_column_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char	*s;

	if ((s = sqlite3_column_text(stmt, col)) == NULL)
		return (NULL);
	return (xstrdup((const char *)s));
}

int
catalog_bind_text(sqlite3_stmt *stmt, int col, const char *s)
{
	if (s == NULL)
		return (sqlite3_bind_null(stmt, col));
	return (sqlite3_bind_text(stmt, col, s, -1, SQLITE_TRANSIENT));
}

/* Creates every missing folder above path, like mkdir -p on its dirname. */
static int
catalog_mkdirs(const char *path, char **err)
{
	char	*copy, *p;

	copy = xstrdup(path);
	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) == -1 && errno != EEXIST) {
			*err = xasprintf("cannot create folder %s: %s", copy,
			    strerror(errno));
			free(copy);
			return (-1);
		}
		*p = '/';
	}
	free(copy);
	return (0);
}

/* Reads PRAGMA user_version. */
static int
catalog_user_version(struct catalog *c)
{
	sqlite3_stmt	*stmt;
	int		 v = -1;

	if ((stmt = catalog_prepare(c, "PRAGMA user_version")) == NULL)
		return (-1);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	else
		catalog_sql_error(c, "reading the schema version");
	sqlite3_finalize(stmt);
	return (v);
}

/*
 * Brings the schema up to date, one transaction per migration, after copying
 * the file to path.bak-vN (N the version it had).
 */
static int
catalog_migrate(struct catalog *c)
{
	char	 sql[64], *backup;
	int	 v, rc;

	if ((v = catalog_user_version(c)) == -1)
		return (-1);
	if (v > CATALOG_SCHEMA_VERSION) {
		catalog_set_error(c, "%s was made by a newer earmark (schema %d; "
		    "this one knows up to %d)", c->path, v, CATALOG_SCHEMA_VERSION);
		return (-1);
	}
	if (v == CATALOG_SCHEMA_VERSION)
		return (0);
	if (catalog_read_only(c)) {
		catalog_set_error(c, "catalog %s is read-only and at schema %d; this "
		    "earmark needs schema %d: make the file and its folder writable "
		    "once so it can be upgraded", c->path, v, CATALOG_SCHEMA_VERSION);
		return (-1);
	}
	if (v > 0) {
		backup = xasprintf("%s.bak-v%d", c->path, v);
		rc = catalog_backup(c, backup);
		free(backup);
		if (rc != 0)
			return (-1);
	}
	for (; v < CATALOG_SCHEMA_VERSION; v++) {
		if (catalog_begin(c) != 0)
			return (-1);
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (catalog_exec(c, catalog_migrations[v]) != 0 ||
		    catalog_exec(c, sql) != 0) {
			catalog_rollback(c);
			return (-1);
		}
		if (catalog_commit(c) != 0)
			return (-1);
	}
	return (0);
}

/* Whether a catalog at path could be written: the file (if any) and its folder. */
static int
catalog_writable(const char *path)
{
	char	*dir, *slash;
	int	 ok;

	if (access(path, W_OK) == -1 && errno != ENOENT)
		return (0);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL)
		ok = access(".", W_OK) == 0;
	else {
		slash[slash == dir] = '\0';
		ok = access(dir, W_OK) == 0;
	}
	free(dir);
	return (ok);
}

/*
 * Opens path read-only as an immutable file, for a WAL catalog in a folder
 * where SQLite may not create its shared-memory file.
 */
static int
catalog_open_immutable(struct catalog *c)
{
	const char	*p;
	char		*uri, *q;
	int		 rc;

	uri = q = xmalloc(strlen(c->path) * 3 + 32);
	q += sprintf(q, "file:");
	for (p = c->path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			q += sprintf(q, "%%%02X", (unsigned char)*p);
		else
			*q++ = *p;
	}
	strcpy(q, "?immutable=1");
	sqlite3_close(c->db);
	rc = sqlite3_open_v2(uri, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	    SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	return (rc);
}

/* Catalogs up to this size get a full check of every page when opened. */
#define CATALOG_CHECK_MAX (64LL << 20)

/*
 * Runs PRAGMA quick_check (full), or reads the schema only. Returns 0 when the file is sound, -2 when it is
 * damaged and -1 when it could not be read; the error says which.
 */
static int
catalog_check(struct catalog *c, int full)
{
	sqlite3_stmt	*stmt = NULL;
	const char	*what = NULL;
	char		*problem, *p;
	int		 rc, code;

	/*
	 * A full check reads every page. On a large catalog it would cost
	 * seconds at every start, so there only the schema is read; damage
	 * deeper in shows as an error on the first read that meets it.
	 */
	if (sqlite3_prepare_v2(c->db, full ? "PRAGMA quick_check(1)" :
	    "SELECT 'ok' FROM sqlite_master LIMIT 1", -1, &stmt, NULL) == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW || (!full && rc == SQLITE_DONE)) {
			what = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : "ok";
			if (what != NULL && strcmp(what, "ok") == 0) {
				sqlite3_finalize(stmt);
				return (0);
			}
		}
	}
	code = sqlite3_errcode(c->db);
	if (what == NULL && code != SQLITE_CORRUPT && code != SQLITE_NOTADB) {
		catalog_sql_error(c, "cannot read the catalog");
		sqlite3_finalize(stmt);
		return (-1);
	}
	problem = xstrdup(what != NULL ? what : sqlite3_errmsg(c->db));
	sqlite3_finalize(stmt);
	for (p = problem; *p != '\0'; p++) {
		if (*p == '\n')
			*p = ' ';
	}
	catalog_set_error(c, "catalog %s is damaged (%s); it was left as it is. "
	    "Move it aside to start a new catalog, or copy a backup over it "
	    "(such as %s.bak-vN); sqlite3's .recover may rescue what is left",
	    c->path, problem, c->path);
	free(problem);
	return (-2);
}

/* Connects to c->path, read-only when the file or its folder is. */
static int
catalog_connect(struct catalog *c, char **err)
{
	struct stat	sb;
	int		rc, existed, full, flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	existed = stat(c->path, &sb) == 0 && sb.st_size > 0;
	if (!catalog_writable(c->path))
		flags = SQLITE_OPEN_READONLY;
	rc = sqlite3_open_v2(c->path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		*err = xasprintf("cannot open catalog %s: %s", c->path,
		    c->db != NULL ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		return (-1);
	}
	sqlite3_extended_result_codes(c->db, 1);
	if (catalog_exec(c, "PRAGMA busy_timeout = 5000") != 0)
		goto fail;
	full = existed && sb.st_size <= CATALOG_CHECK_MAX;
	rc = existed ? catalog_check(c, full) : 0;
	if (rc == -1 && catalog_read_only(c) &&
	    catalog_open_immutable(c) == SQLITE_OK) {
		sqlite3_extended_result_codes(c->db, 1);
		rc = catalog_check(c, full);
	}
	if (rc != 0)
		goto fail;
	return (0);

fail:
	*err = xasprintf("%s", c->error);
	return (-1);
}

int
catalog_open(const char *path, struct catalog **out, char **err)
{
	struct catalog	*c;

	*out = NULL;
	*err = NULL;
	if (catalog_mkdirs(path, err) != 0)
		return (-1);
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	if (catalog_connect(c, err) != 0) {
		catalog_free(c);
		return (-1);
	}
	if ((!catalog_read_only(c) &&
	    catalog_exec(c, "PRAGMA journal_mode = WAL") != 0) ||
	    catalog_exec(c, "PRAGMA foreign_keys = ON") != 0 ||
	    catalog_exec(c, "PRAGMA synchronous = NORMAL") != 0 ||
	    catalog_migrate(c) != 0 || catalog_fts_recover(c) != 0 ||
	    catalog_rank_register(c) != 0) {
		*err = xasprintf("%s", c->error);
		catalog_free(c);
		return (-1);
	}
	*out = c;
	return (0);
}

void
catalog_free(struct catalog *c)
{
	if (c == NULL)
		return;
	catalog_search_forget(c);
	if (c->db != NULL)
		sqlite3_close(c->db);
	free(c->path);
	free(c->error);
	free(c->language);
	free(c);
}

void
catalog_set_language(struct catalog *c, const char *lang)
{
	free(c->language);
	c->language = lang != NULL && *lang != '\0' ? xstrdup(lang) : NULL;
}

const char *
catalog_error(const struct catalog *c)
{
	if (c == NULL || c->error == NULL)
		return ("no error");
	return (c->error);
}

int
catalog_schema_version(struct catalog *c)
{
	return (catalog_user_version(c));
}

int
catalog_read_only(struct catalog *c)
{
	return (sqlite3_db_readonly(c->db, "main") == 1);
}

int
catalog_backup(struct catalog *c, const char *dest_path)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*b;
	char		*tmp;
	int		 rc, tries = 0;

	tmp = xasprintf("%s.tmp", dest_path);
	unlink(tmp);
	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		if ((b = sqlite3_backup_init(dst, "main", c->db, "main")) == NULL)
			rc = sqlite3_errcode(dst);
		else {
			while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
			    rc == SQLITE_LOCKED) {
				if (++tries == 100)
					break;
				sqlite3_sleep(50);
			}
			if (sqlite3_backup_finish(b) != SQLITE_OK || rc == SQLITE_DONE)
				rc = sqlite3_errcode(dst);
		}
	}
	if (rc != SQLITE_OK) {
		catalog_set_error(c, "cannot back up catalog %s to %s: %s", c->path,
		    dest_path, dst != NULL ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	sqlite3_close(dst);
	if (rename(tmp, dest_path) == -1) {
		catalog_set_error(c, "cannot back up catalog %s to %s: %s", c->path,
		    dest_path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	free(tmp);
	return (0);
}
