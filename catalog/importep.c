#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/import.h"
#include "catalog/internal.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/*
 * One episode's row. An item found as it is stored, with the same
 * transcript source, soundbites and chapters beside it, is left alone: an
 * unchanged feed read again writes nothing, and what was stored from its
 * files (lines, chapters) is kept.
 */

/* An item's fields as they are stored. */
struct import_row {
	char	*guid;
	char	*title;
	char	*desc;
	char	*link;
	char	*type;
	char	*audio;
};

sqlite3_stmt *
import_stmt(struct import_ctx *x, enum import_sql which)
{
	static const char *const sql[IMPORT_NSQL] = {
		[IMPORT_SQL_FIND] = "SELECT id, title, number, season, published, "
		    "duration_ms, audio, audio_type, audio_size, description, link "
		    "FROM episode WHERE podcast_id = ?1 AND guid = ?2",
		[IMPORT_SQL_INSERT] = "INSERT INTO episode (podcast_id, guid, title, "
		    "number, season, published, duration_ms, audio, audio_type, "
		    "audio_size, description, link) VALUES (?1, ?2, coalesce(?3, ''), "
		    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
		[IMPORT_SQL_UPDATE] = "UPDATE episode SET title = coalesce(?3, ''), "
		    "number = ?4, season = ?5, published = ?6, duration_ms = ?7, "
		    "audio = ?8, audio_type = ?9, audio_size = ?10, description = ?11, "
		    "link = ?12 WHERE id = ?13 AND podcast_id = ?1 AND guid = ?2",
		[IMPORT_SQL_SIDES] = "SELECT (SELECT source FROM transcript WHERE "
		    "episode_id = ?1), EXISTS (SELECT 1 FROM clip WHERE episode_id = ?1 "
		    "AND kind IN ('chapter', 'segment')), (SELECT count(*) FROM clip "
		    "WHERE episode_id = ?1 AND kind = 'soundbite')",
		[IMPORT_SQL_SOUNDBITES] = "SELECT start_ms, end_ms, title FROM clip "
		    "WHERE episode_id = ? AND kind = 'soundbite' ORDER BY id",
		[IMPORT_SQL_RESET_CLIPS] = "DELETE FROM clip WHERE episode_id = ? AND "
		    "kind <> 'bookmark'",
		[IMPORT_SQL_RESET_LINES] = "DELETE FROM line WHERE episode_id = ?",
		[IMPORT_SQL_RESET_TRANSCRIPT] = "DELETE FROM transcript WHERE "
		    "episode_id = ?",
		[IMPORT_SQL_STAMPED] = "SELECT 1 FROM transcript WHERE episode_id = ?1 "
		    "AND kind = 'aligned' UNION ALL SELECT 1 FROM line "
		    "WHERE episode_id = ?1 AND stamped = 1 LIMIT 1",
		[IMPORT_SQL_LINE] = "INSERT INTO line (episode_id, start_ms, end_ms, "
		    "speaker, text, words) VALUES (?, ?, ?, ?, ?, ?)",
	};

	if (x->stmt[which] == NULL)
		return (x->stmt[which] = catalog_prepare(x->c, sql[which]));
	sqlite3_reset(x->stmt[which]);
	sqlite3_clear_bindings(x->stmt[which]);
	return (x->stmt[which]);
}

static void
import_row_clear(struct import_row *row)
{
	free(row->guid);
	free(row->title);
	free(row->desc);
	free(row->link);
	free(row->type);
	free(row->audio);
}

/* True when column col holds s (NULL for SQL NULL). */
static int
import_same_text(sqlite3_stmt *stmt, int col, const char *s)
{
	const char	*v = (const char *)sqlite3_column_text(stmt, col);

	if (v == NULL || s == NULL)
		return (v == NULL && s == NULL);
	return (strcmp(v, s) == 0);
}

/* True when the found row (see IMPORT_SQL_FIND) holds what the item gives. */
static int
import_row_same(sqlite3_stmt *stmt, const struct import_row *row,
    const struct feed_item *it)
{
	return (import_same_text(stmt, 1, row->title != NULL ? row->title : "") &&
	    sqlite3_column_int(stmt, 2) == it->number &&
	    sqlite3_column_int(stmt, 3) == it->season &&
	    sqlite3_column_int64(stmt, 4) == it->published &&
	    sqlite3_column_int64(stmt, 5) == it->duration_ms &&
	    import_same_text(stmt, 6, row->audio) &&
	    import_same_text(stmt, 7, row->type) &&
	    sqlite3_column_int64(stmt, 8) == it->enclosure_length &&
	    import_same_text(stmt, 9, row->desc) &&
	    import_same_text(stmt, 10, row->link));
}

/* Whether this import can read the file at url (see import_read). */
static int
import_can_read(const struct import_ctx *x, const char *url)
{
	switch (import_scheme(url)) {
	case IMPORT_HTTP:
		return (x->get != NULL);
	case IMPORT_LOCAL:
		return (1);
	case IMPORT_OTHER:
		break;
	}
	return (0);
}

/*
 * The transcript source the import would store in *source (NULL for none);
 * -1 when it could not read the one the item names, so any is as good.
 */
static int
import_source_expected(const struct import_ctx *x, const struct feed_item *it,
    const char *lang, char **source)
{
	const struct feed_transcript	*tr;

	*source = NULL;
	if ((tr = import_transcript_pick(x->c, it, lang)) != NULL) {
		if (import_scheme(tr->url) == IMPORT_HTTP && x->get == NULL)
			return (-1);
		if (import_can_read(x, tr->url)) {
			*source = import_uri_path(tr->url);
			return (0);
		}
	}
	*source = import_sidecar(it);
	return (0);
}

int
import_gives_transcript(const struct import_ctx *x, const struct feed_item *it,
    const char *lang)
{
	char	*source;
	int	 gives;

	gives = import_source_expected(x, it, lang, &source) == 0 && source != NULL;
	free(source);
	return (gives);
}

static int
import_soundbites_same(struct import_ctx *x, int64_t id, const struct feed_item *it)
{
	const struct feed_soundbite	*sb;
	sqlite3_stmt			*stmt;
	char				*title;
	size_t				 i = 0;
	int				 same = 1;

	if ((stmt = import_stmt(x, IMPORT_SQL_SOUNDBITES)) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, id);
	while (same && sqlite3_step(stmt) == SQLITE_ROW) {
		if (i == it->nsoundbites) {
			same = 0;
			break;
		}
		sb = &it->soundbites[i++];
		title = import_text(sb->title);
		same = sqlite3_column_int64(stmt, 0) == sb->start_ms &&
		    sqlite3_column_int64(stmt, 1) == sb->start_ms + sb->duration_ms &&
		    import_same_text(stmt, 2, title);
		free(title);
	}
	sqlite3_reset(stmt);
	return (same && i == it->nsoundbites);
}

/* Whether what the item names beside its row is as stored for episode id. */
static int
import_sides_same(struct import_ctx *x, int64_t id, const struct feed_item *it,
    const char *lang)
{
	sqlite3_stmt	*stmt;
	char		*source;
	int		 known, same = 0, chapters, soundbites = 0;

	known = import_source_expected(x, it, lang, &source) == 0;
	if ((stmt = import_stmt(x, IMPORT_SQL_SIDES)) == NULL) {
		free(source);
		return (-1);
	}
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		/* A transcript given by hand stays while the feed gives none. */
		same = !known || source == NULL || import_same_text(stmt, 0, source);
		chapters = sqlite3_column_int(stmt, 1);
		soundbites = sqlite3_column_int(stmt, 2);
		if (it->chapters_url != NULL && import_can_read(x, it->chapters_url))
			same = same && chapters;
	}
	sqlite3_reset(stmt);
	free(source);
	if (same != 1 || (soundbites == 0 && it->nsoundbites == 0))
		return (same);
	if ((size_t)soundbites != it->nsoundbites)
		return (0);
	return (import_soundbites_same(x, id, it));
}

/* The stored episode of the item's guid: its id, 0 when none, -1 on failure. */
static int64_t
import_find(struct import_ctx *x, const struct import_row *row,
    const struct feed_item *it, int *same)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;
	int		 rc;

	*same = 0;
	if ((stmt = import_stmt(x, IMPORT_SQL_FIND)) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, x->podcast_id);
	catalog_bind_text(stmt, 2, row->guid);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		*same = import_row_same(stmt, row, it);
	} else if (rc != SQLITE_DONE)
		id = catalog_sql_error(x->c, "finding an episode");
	sqlite3_reset(stmt);
	return (id);
}

/* The item's fields as import_episode stores them. */
static void
import_row_make(struct import_ctx *x, const struct feed_item *it, const char *what,
    struct import_row *row)
{
	memset(row, 0, sizeof *row);
	row->guid = import_text(it->guid);
	row->title = import_text(it->title);
	row->desc = import_text(it->description);
	row->link = import_text(it->link);
	row->type = import_text(it->enclosure_type);
	row->audio = import_audio(x, it, what);
}

/* 1 when the item is stored as it is, 0 when not; -1 on failure. *id: see import_find. */
static int
import_row_unchanged(struct import_ctx *x, const struct import_row *row,
    const struct feed_item *it, const char *feed_language, int64_t *id)
{
	int	same;

	if ((*id = import_find(x, row, it, &same)) <= 0)
		return (*id == -1 ? -1 : 0);
	if (!same)
		return (0);
	return (import_sides_same(x, *id, it, feed_language));
}

int
import_episode_unchanged(struct import_ctx *x, const struct feed_item *it,
    const char *feed_language)
{
	struct import_row	row;
	int64_t			id;
	int			rc;

	if (x->podcast_id <= 0 || it->guid == NULL)
		return (0);
	import_row_make(x, it, "", &row);
	rc = import_row_unchanged(x, &row, it, feed_language, &id);
	import_row_clear(&row);
	return (rc);
}

int64_t
import_episode(struct import_ctx *x, const struct feed_item *it, const char *what,
    const char *feed_language, int *unchanged)
{
	struct import_row	 row;
	sqlite3_stmt		*stmt;
	int64_t			 id;
	int			 rc;

	*unchanged = 0;
	import_row_make(x, it, what, &row);
	if ((rc = import_row_unchanged(x, &row, it, feed_language, &id)) == 1) {
		*unchanged = 1;
		x->r->episodes_unchanged++;
		import_row_clear(&row);
		return (id);
	}
	if (rc == -1 || (stmt = import_stmt(x, id == 0 ?
	    IMPORT_SQL_INSERT : IMPORT_SQL_UPDATE)) == NULL) {
		import_row_clear(&row);
		return (-1);
	}
	sqlite3_bind_int64(stmt, 1, x->podcast_id);
	catalog_bind_text(stmt, 2, row.guid);
	catalog_bind_text(stmt, 3, row.title);
	sqlite3_bind_int(stmt, 4, it->number);
	sqlite3_bind_int(stmt, 5, it->season);
	sqlite3_bind_int64(stmt, 6, it->published);
	sqlite3_bind_int64(stmt, 7, it->duration_ms);
	catalog_bind_text(stmt, 8, row.audio);
	catalog_bind_text(stmt, 9, row.type);
	sqlite3_bind_int64(stmt, 10, it->enclosure_length);
	catalog_bind_text(stmt, 11, row.desc);
	catalog_bind_text(stmt, 12, row.link);
	if (id != 0)
		sqlite3_bind_int64(stmt, 13, id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	import_row_clear(&row);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(x->c, "saving an episode"));
	if (id == 0) {
		x->r->episodes_added++;
		return (sqlite3_last_insert_rowid(x->c->db));
	}
	x->r->episodes_updated++;
	return (id);
}

int
import_stamped(struct import_ctx *x, int64_t id)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = import_stmt(x, IMPORT_SQL_STAMPED)) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (catalog_sql_error(x->c, "reading the stamps"));
	return (rc == SQLITE_ROW);
}

int
import_episode_reset(struct import_ctx *x, int64_t id, int keep_transcript)
{
	static const enum import_sql sql[] = { IMPORT_SQL_RESET_CLIPS,
	    IMPORT_SQL_RESET_LINES, IMPORT_SQL_RESET_TRANSCRIPT };
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc;

	for (i = 0; i < (keep_transcript ? 1 : sizeof sql / sizeof sql[0]); i++) {
		if ((stmt = import_stmt(x, sql[i])) == NULL)
			return (-1);
		sqlite3_bind_int64(stmt, 1, id);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			return (catalog_sql_error(x->c, "clearing an episode"));
	}
	return (0);
}

/* Answers no URL: an item that names remote files counts them as readable. */
static int
import_check_get(void *ctx, const char *url, char **buf, size_t *len, char **err)
{
	(void)ctx;
	(void)buf;
	(void)len;
	*err = xasprintf("%s: not fetched", url);
	return (-1);
}

struct import_check *
import_check_new(struct catalog *c, const char *feed_url)
{
	struct import_check	*k;
	sqlite3_stmt		*stmt;

	k = xcalloc(1, sizeof *k);
	import_ctx_init(&k->x, c, feed_url, import_check_get, NULL, &k->r);
	if ((stmt = catalog_prepare(c, "SELECT id FROM podcast WHERE feed = ?")) != NULL) {
		catalog_bind_text(stmt, 1, feed_url);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			k->x.podcast_id = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	return (k);
}

int
import_check_unchanged(struct import_check *k, const struct feed *f,
    const struct feed_item *it)
{
	return (import_episode_unchanged(&k->x, it, f->language) == 1);
}

void
import_check_free(struct import_check *k)
{
	if (k == NULL)
		return;
	import_ctx_clear(&k->x);
	catalog_import_report_clear(&k->r);
	free(k);
}
