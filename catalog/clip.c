/* Clips (chapters, soundbites, segments, bookmarks) and the search among them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/internal.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

static const char *const catalog_kind_names[CLIP_KIND_COUNT] = {
	"chapter", "soundbite", "segment", "bookmark"
};

const char *
catalog_clip_kind_name(enum clip_kind kind)
{
	if ((unsigned)kind >= CLIP_KIND_COUNT)
		return ("unknown");
	return (catalog_kind_names[kind]);
}

/* The kind named s; chapter when unknown (the schema forbids that). */
static enum clip_kind
catalog_clip_kind_from(const char *s)
{
	int	i;

	for (i = 0; s != NULL && i < CLIP_KIND_COUNT; i++) {
		if (strcmp(s, catalog_kind_names[i]) == 0)
			return ((enum clip_kind)i);
	}
	return (CLIP_CHAPTER);
}

int
catalog_clip_count(struct catalog *c, int64_t episode_id)
{
	return ((int)catalog_count(c, "SELECT count(*) FROM clip "
	    "WHERE episode_id = ?", episode_id, 1));
}

#define CATALOG_CLIP_COLUMNS \
	"SELECT k.id, k.episode_id, k.start_ms, k.end_ms, k.title, k.kind, " \
	"coalesce(k.source_episode_id, 0), coalesce(k.source_start_ms, 0), k.created, " \
	"k.note, k.quote, coalesce(k.episode_duration_ms, 0), e.title, p.title " \
	"FROM clip k JOIN episode e ON e.id = k.episode_id " \
	"JOIN podcast p ON p.id = e.podcast_id "

static void
catalog_clip_row(sqlite3_stmt *stmt, struct catalog_clip *k)
{
	k->id = sqlite3_column_int64(stmt, 0);
	k->episode_id = sqlite3_column_int64(stmt, 1);
	k->start_ms = sqlite3_column_int64(stmt, 2);
	k->end_ms = sqlite3_column_int64(stmt, 3);
	k->title = catalog_column_text(stmt, 4);
	k->kind = catalog_clip_kind_from((const char *)sqlite3_column_text(stmt, 5));
	k->source_episode_id = sqlite3_column_int64(stmt, 6);
	k->source_start_ms = sqlite3_column_int64(stmt, 7);
	k->created = sqlite3_column_int64(stmt, 8);
	k->note = catalog_column_text(stmt, 9);
	k->quote = catalog_column_text(stmt, 10);
	k->episode_duration_ms = sqlite3_column_int64(stmt, 11);
	k->episode_title = catalog_column_text(stmt, 12);
	k->podcast_title = catalog_column_text(stmt, 13);
}

/* Fills out with the clips stmt gives, then finalizes it; how many, or -1. */
static int
catalog_clip_rows(struct catalog *c, sqlite3_stmt *stmt, struct catalog_clip *out)
{
	int	n = 0, rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		catalog_clip_row(stmt, &out[n++]);
	if (rc != SQLITE_DONE) {
		catalog_sql_error(c, "listing clips");
		while (n > 0)
			catalog_clip_clear(&out[--n]);
		n = -1;
	}
	sqlite3_finalize(stmt);
	return (n);
}

int
catalog_clips(struct catalog *c, int64_t episode_id, int offset, int limit,
    struct catalog_clip *out)
{
	sqlite3_stmt	*stmt;

	if (catalog_page_check(c, offset, limit, out) != 0)
		return (-1);
	stmt = catalog_prepare(c, CATALOG_CLIP_COLUMNS "WHERE k.episode_id = ? "
	    "ORDER BY k.start_ms, k.id LIMIT ? OFFSET ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, offset);
	return (catalog_clip_rows(c, stmt, out));
}

int
catalog_clip_get(struct catalog *c, int64_t clip_id, struct catalog_clip *out)
{
	sqlite3_stmt	*stmt;
	int		 rc, ret = -1;

	if ((stmt = catalog_prepare(c, CATALOG_CLIP_COLUMNS "WHERE k.id = ?")) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, clip_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		catalog_clip_row(stmt, out);
		ret = 0;
	} else if (rc == SQLITE_DONE)
		catalog_set_error(c, "no clip %lld", (long long)clip_id);
	else
		catalog_sql_error(c, "reading a clip");
	sqlite3_finalize(stmt);
	return (ret);
}

int64_t
catalog_clip_add(struct catalog *c, const struct catalog_clip *clip)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((unsigned)clip->kind >= CLIP_KIND_COUNT) {
		catalog_set_error(c, "unknown clip kind %d", (int)clip->kind);
		return (-1);
	}
	if (clip->start_ms < 0 || clip->end_ms < clip->start_ms) {
		catalog_set_error(c, "clip ends before it starts");
		return (-1);
	}
	stmt = catalog_prepare(c, "INSERT INTO clip (episode_id, kind, start_ms, "
	    "end_ms, title, source_episode_id, source_start_ms, created, "
	    "episode_guid, audio_url, episode_duration_ms, note, quote) "
	    "SELECT e.id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, e.guid, e.audio, "
	    "CASE WHEN ?9 > 0 THEN ?9 ELSE e.duration_ms END, ?10, ?11 "
	    "FROM episode e WHERE e.id = ?1");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, clip->episode_id);
	catalog_bind_text(stmt, 2, catalog_clip_kind_name(clip->kind));
	sqlite3_bind_int64(stmt, 3, clip->start_ms);
	sqlite3_bind_int64(stmt, 4, clip->end_ms);
	catalog_bind_text(stmt, 5, clip->title);
	if (clip->source_episode_id > 0) {
		sqlite3_bind_int64(stmt, 6, clip->source_episode_id);
		sqlite3_bind_int64(stmt, 7, clip->source_start_ms);
	}
	sqlite3_bind_int64(stmt, 8, clip->created > 0 ? clip->created :
	    (int64_t)time(NULL));
	sqlite3_bind_int64(stmt, 9, clip->episode_duration_ms);
	catalog_bind_text(stmt, 10, clip->note);
	catalog_bind_text(stmt, 11, clip->quote);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "adding a clip"));
	if (sqlite3_changes(c->db) == 0) {
		catalog_set_error(c, "no episode %lld", (long long)clip->episode_id);
		return (-1);
	}
	return (sqlite3_last_insert_rowid(c->db));
}

int
catalog_clip_delete(struct catalog *c, int64_t clip_id)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = catalog_prepare(c, "DELETE FROM clip WHERE id = ?")) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, clip_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "deleting a clip"));
	if (sqlite3_changes(c->db) == 0) {
		catalog_set_error(c, "no clip %lld", (long long)clip_id);
		return (-1);
	}
	return (0);
}

void
catalog_clip_clear(struct catalog_clip *clip)
{
	free(clip->title);
	free(clip->note);
	free(clip->quote);
	free(clip->episode_title);
	free(clip->podcast_title);
	memset(clip, 0, sizeof *clip);
}

int
catalog_clip_update(struct catalog *c, const struct catalog_clip *clip)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (clip->start_ms < 0 || clip->end_ms <= clip->start_ms) {
		catalog_set_error(c, "a clip must end after it starts");
		return (-1);
	}
	stmt = catalog_prepare(c, "UPDATE clip SET start_ms = ?2, end_ms = ?3, "
	    "title = ?4, note = ?5, quote = ?6 WHERE id = ?1");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, clip->id);
	sqlite3_bind_int64(stmt, 2, clip->start_ms);
	sqlite3_bind_int64(stmt, 3, clip->end_ms);
	catalog_bind_text(stmt, 4, clip->title);
	catalog_bind_text(stmt, 5, clip->note);
	catalog_bind_text(stmt, 6, clip->quote);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "changing a clip"));
	if (sqlite3_changes(c->db) == 0) {
		catalog_set_error(c, "no clip %lld", (long long)clip->id);
		return (-1);
	}
	return (0);
}

/* Binds the filter's parameters: ?1 kinds, ?2 podcast, ?3 text. */
static void
catalog_clip_filter_bind(sqlite3_stmt *stmt, const struct catalog_clip_filter *f)
{
	sqlite3_bind_int(stmt, 1, (int)f->kinds);
	sqlite3_bind_int64(stmt, 2, f->podcast_id);
	catalog_bind_text(stmt, 3, f->text != NULL && f->text[0] != '\0' ? f->text : NULL);
}

#define CATALOG_CLIP_FILTER \
	"WHERE (?1 = 0 OR (?1 >> (CASE k.kind WHEN 'chapter' THEN 0 " \
	"WHEN 'soundbite' THEN 1 WHEN 'segment' THEN 2 ELSE 3 END)) & 1) " \
	"AND (?2 = 0 OR e.podcast_id = ?2) " \
	"AND (?3 IS NULL OR instr(lower(coalesce(k.title, '') || ' ' || " \
	"coalesce(k.note, '') || ' ' || coalesce(k.quote, '')), lower(?3)) > 0) "

int
catalog_clip_count_find(struct catalog *c, const struct catalog_clip_filter *f)
{
	sqlite3_stmt	*stmt;
	int		 n = -1;

	stmt = catalog_prepare(c, "SELECT count(*) FROM clip k JOIN episode e "
	    "ON e.id = k.episode_id " CATALOG_CLIP_FILTER);
	if (stmt == NULL)
		return (-1);
	catalog_clip_filter_bind(stmt, f);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	else
		catalog_sql_error(c, "counting clips");
	sqlite3_finalize(stmt);
	return (n);
}

int
catalog_clips_find(struct catalog *c, const struct catalog_clip_filter *f, int offset,
    int limit, struct catalog_clip *out)
{
	sqlite3_stmt	*stmt;

	if (catalog_page_check(c, offset, limit, out) != 0)
		return (-1);
	stmt = catalog_prepare(c, f->by_episode ?
	    CATALOG_CLIP_COLUMNS CATALOG_CLIP_FILTER "ORDER BY p.title, e.published DESC, "
	    "e.number DESC, k.episode_id, k.start_ms, k.id LIMIT ?4 OFFSET ?5" :
	    CATALOG_CLIP_COLUMNS CATALOG_CLIP_FILTER "ORDER BY k.created DESC, k.id DESC "
	    "LIMIT ?4 OFFSET ?5");
	if (stmt == NULL)
		return (-1);
	catalog_clip_filter_bind(stmt, f);
	sqlite3_bind_int(stmt, 4, limit);
	sqlite3_bind_int(stmt, 5, offset);
	return (catalog_clip_rows(c, stmt, out));
}

/* The start of the first line at or after from_ms whose text begins the quote, or -1. */
static int64_t
catalog_quote_find(struct catalog *c, int64_t episode_id, const char *quote, int64_t near_ms,
    int64_t *end_ms, int nlines)
{
	sqlite3_stmt	*stmt;
	int64_t		 best = -1, dist = INT64_MAX;

	/* Candidates: lines whose text is a prefix of the quote (the clip's first line). */
	stmt = catalog_prepare(c, "SELECT start_ms, id FROM line WHERE episode_id = ?1 "
	    "AND length(text) > 0 AND substr(?2, 1, length(text)) = text");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	catalog_bind_text(stmt, 2, quote);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t s = sqlite3_column_int64(stmt, 0);
		int64_t d = s > near_ms ? s - near_ms : near_ms - s;

		if (d < dist) {
			dist = d;
			best = s;
		}
	}
	sqlite3_finalize(stmt);
	if (best < 0)
		return (-1);
	/* The end: the end of the nlines-th line from there. */
	stmt = catalog_prepare(c, "SELECT end_ms FROM line WHERE episode_id = ?1 "
	    "AND start_ms >= ?2 ORDER BY start_ms LIMIT 1 OFFSET ?3");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	sqlite3_bind_int64(stmt, 2, best);
	sqlite3_bind_int(stmt, 3, nlines > 0 ? nlines - 1 : 0);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*end_ms = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return (best);
}

int
catalog_clip_reanchor(struct catalog *c, int64_t clip_id)
{
	struct catalog_clip	 k;
	struct catalog_episode	 e;
	sqlite3_stmt		*stmt;
	int64_t			 start, end;
	int			 nlines = 0, rc;

	memset(&k, 0, sizeof k);
	memset(&e, 0, sizeof e);
	if (catalog_clip_get(c, clip_id, &k) != 0)
		return (-1);
	if (catalog_episode_get(c, k.episode_id, &e) != 0) {
		catalog_clip_clear(&k);
		return (-1);
	}
	rc = 0;
	if (k.quote == NULL || k.quote[0] == '\0' || k.episode_duration_ms <= 0 ||
	    e.duration_ms <= 0 || e.duration_ms == k.episode_duration_ms)
		goto done;
	/* How many lines the clip spanned when it was made. */
	stmt = catalog_prepare(c, "SELECT count(*) FROM line WHERE episode_id = ?1 "
	    "AND start_ms >= ?2 AND start_ms < ?3");
	if (stmt != NULL) {
		sqlite3_bind_int64(stmt, 1, k.episode_id);
		sqlite3_bind_int64(stmt, 2, k.start_ms);
		sqlite3_bind_int64(stmt, 3, k.end_ms);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			nlines = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
	}
	end = k.end_ms - k.start_ms;
	start = catalog_quote_find(c, k.episode_id, k.quote, k.start_ms, &end,
	    nlines > 0 ? nlines : 1);
	if (start < 0)
		goto done;
	if (end <= start)
		end = start + (k.end_ms - k.start_ms);
	stmt = catalog_prepare(c, "UPDATE clip SET start_ms = ?2, end_ms = ?3, "
	    "episode_duration_ms = ?4 WHERE id = ?1");
	if (stmt == NULL) {
		rc = -1;
		goto done;
	}
	sqlite3_bind_int64(stmt, 1, clip_id);
	sqlite3_bind_int64(stmt, 2, start);
	sqlite3_bind_int64(stmt, 3, end);
	sqlite3_bind_int64(stmt, 4, e.duration_ms);
	rc = sqlite3_step(stmt) == SQLITE_DONE ? (start != k.start_ms) :
	    catalog_sql_error(c, "moving a clip");
	sqlite3_finalize(stmt);
done:
	catalog_clip_clear(&k);
	catalog_episode_clear(&e);
	return (rc);
}
