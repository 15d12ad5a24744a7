#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/internal.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

int64_t
catalog_count(struct catalog *c, const char *sql, int64_t id, int bind)
{
	sqlite3_stmt	*stmt;
	int64_t		 n = -1;

	if ((stmt = catalog_prepare(c, sql)) == NULL)
		return (-1);
	if (bind)
		sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	else
		catalog_sql_error(c, "catalog count");
	sqlite3_finalize(stmt);
	return (n);
}

int
catalog_page_check(struct catalog *c, int offset, int limit, const void *out)
{
	if (offset < 0 || limit < 0 || (limit > 0 && out == NULL)) {
		catalog_set_error(c, "bad page (offset %d, limit %d)", offset, limit);
		return (-1);
	}
	return (0);
}

int
catalog_podcast_count(struct catalog *c)
{
	return ((int)catalog_count(c, "SELECT count(*) FROM podcast", 0, 0));
}

int
catalog_podcasts(struct catalog *c, int offset, int limit, struct catalog_podcast *out)
{
	sqlite3_stmt	*stmt;
	int		 n = 0, rc;

	if (catalog_page_check(c, offset, limit, out) != 0)
		return (-1);
	stmt = catalog_prepare(c, "SELECT p.id, p.title, p.author, p.feed, "
	    "(SELECT count(*) FROM episode e WHERE e.podcast_id = p.id) "
	    "FROM podcast p ORDER BY p.title COLLATE NOCASE, p.id LIMIT ? OFFSET ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int(stmt, 1, limit);
	sqlite3_bind_int(stmt, 2, offset);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(stmt, 0);
		out[n].title = catalog_column_text(stmt, 1);
		out[n].author = catalog_column_text(stmt, 2);
		out[n].feed = catalog_column_text(stmt, 3);
		out[n].episodes = sqlite3_column_int(stmt, 4);
		n++;
	}
	if (rc != SQLITE_DONE) {
		catalog_sql_error(c, "listing podcasts");
		while (n > 0)
			catalog_podcast_clear(&out[--n]);
		n = -1;
	}
	sqlite3_finalize(stmt);
	return (n);
}

void
catalog_podcast_clear(struct catalog_podcast *p)
{
	free(p->title);
	free(p->author);
	free(p->feed);
	memset(p, 0, sizeof *p);
}

/*
 * Every podcast's episodes (0), one podcast's, or those begun and not
 * finished (CATALOG_CONTINUE), each with its own WHERE: one podcast's are
 * read in order from the index episode_order, the begun ones starting from
 * the resume table, not by sorting every episode.
 */
#define CATALOG_EPISODE_FROM_ALL \
	"FROM episode e LEFT JOIN resume r ON r.episode_id = e.id WHERE ?1 = 0 "
#define CATALOG_EPISODE_FROM_ONE \
	"FROM episode e LEFT JOIN resume r ON r.episode_id = e.id WHERE e.podcast_id = ?1 "
#define CATALOG_EPISODE_FROM_CONTINUE \
	"FROM resume r CROSS JOIN episode e ON e.id = r.episode_id " \
	"WHERE ?1 = -1 AND e.played = 0 AND r.position_ms > 0 "

int
catalog_episode_count(struct catalog *c, int64_t podcast_id)
{
	const char *sql;

	if (podcast_id == 0)
		sql = "SELECT count(*) FROM episode WHERE ?1 = 0";
	else if (podcast_id == CATALOG_CONTINUE)
		sql = "SELECT count(*) " CATALOG_EPISODE_FROM_CONTINUE;
	else
		sql = "SELECT count(*) FROM episode WHERE podcast_id = ?1";
	return ((int)catalog_count(c, sql, podcast_id, 1));
}

#define CATALOG_EPISODE_SELECT \
	"SELECT e.id, e.podcast_id, e.guid, e.title, e.number, e.published, " \
	"e.duration_ms, e.audio, e.description, coalesce(r.position_ms, 0), " \
	"(SELECT count(*) FROM line l WHERE l.episode_id = e.id), " \
	"(SELECT count(*) FROM clip k WHERE k.episode_id = e.id), e.played "
#define CATALOG_EPISODE_COLUMNS CATALOG_EPISODE_SELECT \
	"FROM episode e LEFT JOIN resume r ON r.episode_id = e.id "
#define CATALOG_EPISODE_ORDER "ORDER BY e.published DESC, e.number DESC, e.id "
/* The page is chosen first, so the counts are made for its rows only. */
#define CATALOG_EPISODE_PAGE(from) CATALOG_EPISODE_SELECT "FROM (SELECT e.id AS pid " \
	from CATALOG_EPISODE_ORDER "LIMIT ?2 OFFSET ?3) page " \
	"JOIN episode e ON e.id = page.pid LEFT JOIN resume r ON r.episode_id = e.id " \
	CATALOG_EPISODE_ORDER

static void
catalog_episode_row(sqlite3_stmt *stmt, struct catalog_episode *e)
{
	e->id = sqlite3_column_int64(stmt, 0);
	e->podcast_id = sqlite3_column_int64(stmt, 1);
	e->guid = catalog_column_text(stmt, 2);
	e->title = catalog_column_text(stmt, 3);
	e->number = sqlite3_column_int(stmt, 4);
	e->published = sqlite3_column_int64(stmt, 5);
	e->duration_ms = sqlite3_column_int64(stmt, 6);
	e->audio = catalog_column_text(stmt, 7);
	e->description = catalog_column_text(stmt, 8);
	e->resume_ms = sqlite3_column_int64(stmt, 9);
	e->lines = sqlite3_column_int(stmt, 10);
	e->clips = sqlite3_column_int(stmt, 11);
	e->played = sqlite3_column_int(stmt, 12);
}

int
catalog_episodes(struct catalog *c, int64_t podcast_id, int offset, int limit,
    struct catalog_episode *out)
{
	sqlite3_stmt	*stmt;
	int		 n = 0, rc;

	if (catalog_page_check(c, offset, limit, out) != 0)
		return (-1);
	if (podcast_id == 0)
		stmt = catalog_prepare(c, CATALOG_EPISODE_PAGE(CATALOG_EPISODE_FROM_ALL));
	else if (podcast_id == CATALOG_CONTINUE)
		stmt = catalog_prepare(c, CATALOG_EPISODE_PAGE(CATALOG_EPISODE_FROM_CONTINUE));
	else
		stmt = catalog_prepare(c, CATALOG_EPISODE_PAGE(CATALOG_EPISODE_FROM_ONE));
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, podcast_id);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, offset);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		catalog_episode_row(stmt, &out[n++]);
	if (rc != SQLITE_DONE) {
		catalog_sql_error(c, "listing episodes");
		while (n > 0)
			catalog_episode_clear(&out[--n]);
		n = -1;
	}
	sqlite3_finalize(stmt);
	return (n);
}

int
catalog_episode_get(struct catalog *c, int64_t episode_id, struct catalog_episode *out)
{
	sqlite3_stmt	*stmt;
	int		 rc, ret = -1;

	stmt = catalog_prepare(c, CATALOG_EPISODE_COLUMNS "WHERE e.id = ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		catalog_episode_row(stmt, out);
		ret = 0;
	} else if (rc == SQLITE_DONE)
		catalog_set_error(c, "no episode %lld", (long long)episode_id);
	else
		catalog_sql_error(c, "reading an episode");
	sqlite3_finalize(stmt);
	return (ret);
}

/* Returns the episode's id, 0 when there is none, or -1 on failure. */
int64_t
catalog_episode_find_guid(struct catalog *c, int64_t podcast_id, const char *guid)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = -1;
	int		 rc;

	stmt = catalog_prepare(c, "SELECT id FROM episode "
	    "WHERE podcast_id = ? AND guid = ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, podcast_id);
	catalog_bind_text(stmt, 2, guid);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	else if (rc == SQLITE_DONE)
		id = 0;
	else
		catalog_sql_error(c, "finding an episode");
	sqlite3_finalize(stmt);
	return (id);
}

void
catalog_episode_clear(struct catalog_episode *e)
{
	free(e->guid);
	free(e->title);
	free(e->audio);
	free(e->description);
	memset(e, 0, sizeof *e);
}

/* Saves the position to resume from; 0 or less forgets it. */
int
catalog_resume_set(struct catalog *c, int64_t episode_id, int64_t ms)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (ms <= 0)
		stmt = catalog_prepare(c, "DELETE FROM resume WHERE episode_id = ?1");
	else {
		stmt = catalog_prepare(c, "INSERT INTO resume "
		    "(episode_id, position_ms, updated) VALUES (?1, ?2, ?3) "
		    "ON CONFLICT (episode_id) DO UPDATE SET "
		    "position_ms = excluded.position_ms, updated = excluded.updated");
	}
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	if (ms > 0) {
		sqlite3_bind_int64(stmt, 2, ms);
		sqlite3_bind_int64(stmt, 3, (int64_t)time(NULL));
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "saving the position"));
	return (0);
}

int
catalog_episode_set_played(struct catalog *c, int64_t episode_id, int played)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = catalog_prepare(c, "UPDATE episode SET played = ?2 WHERE id = ?1");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	sqlite3_bind_int(stmt, 2, played != 0);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "marking an episode"));
	return (0);
}

double
catalog_podcast_rate(struct catalog *c, int64_t podcast_id)
{
	sqlite3_stmt	*stmt;
	double		 rate = 1.0;

	stmt = catalog_prepare(c, "SELECT rate FROM podcast WHERE id = ?");
	if (stmt == NULL)
		return (1.0);
	sqlite3_bind_int64(stmt, 1, podcast_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		rate = sqlite3_column_double(stmt, 0);
	sqlite3_finalize(stmt);
	return (rate >= 0.25 && rate <= 4.0 ? rate : 1.0);
}

int
catalog_podcast_rate_set(struct catalog *c, int64_t podcast_id, double rate)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = catalog_prepare(c, "UPDATE podcast SET rate = ?2 WHERE id = ?1");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, podcast_id);
	sqlite3_bind_double(stmt, 2, rate);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "saving the speed"));
	return (0);
}

int
catalog_line_count(struct catalog *c, int64_t episode_id)
{
	return ((int)catalog_count(c, "SELECT count(*) FROM line "
	    "WHERE episode_id = ?", episode_id, 1));
}

int
catalog_lines(struct catalog *c, int64_t episode_id, int offset, int limit,
    struct catalog_line *out)
{
	sqlite3_stmt	*stmt;
	int		 n = 0, rc;

	if (catalog_page_check(c, offset, limit, out) != 0)
		return (-1);
	stmt = catalog_prepare(c, "SELECT id, start_ms, end_ms, speaker, text, words "
	    "FROM line WHERE episode_id = ? ORDER BY start_ms, id LIMIT ? OFFSET ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, offset);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(stmt, 0);
		out[n].start_ms = sqlite3_column_int64(stmt, 1);
		out[n].end_ms = sqlite3_column_int64(stmt, 2);
		out[n].speaker = catalog_column_text(stmt, 3);
		out[n].text = catalog_column_text(stmt, 4);
		transcript_words_decode((const char *)sqlite3_column_text(stmt, 5),
		    (size_t)sqlite3_column_bytes(stmt, 5), out[n].text, out[n].start_ms,
		    &out[n].words, &out[n].nwords);
		n++;
	}
	if (rc != SQLITE_DONE) {
		catalog_sql_error(c, "listing transcript lines");
		while (n > 0)
			catalog_line_clear(&out[--n]);
		n = -1;
	}
	sqlite3_finalize(stmt);
	return (n);
}

/* The sync rule in SQL: lines starting at or before t, less one. */
int
catalog_line_index_at(struct catalog *c, int64_t episode_id, int64_t t_ms)
{
	sqlite3_stmt	*stmt;
	int		 n = -1;

	stmt = catalog_prepare(c, "SELECT count(*) - 1 FROM line "
	    "WHERE episode_id = ? AND start_ms <= ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	sqlite3_bind_int64(stmt, 2, t_ms);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	else
		catalog_sql_error(c, "finding the current line");
	sqlite3_finalize(stmt);
	return (n);
}

void
catalog_line_clear(struct catalog_line *l)
{
	free(l->speaker);
	free(l->text);
	free(l->words);
	memset(l, 0, sizeof *l);
}

int
catalog_transcript_kind(struct catalog *c, int64_t episode_id, char **kind)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*kind = NULL;
	stmt = catalog_prepare(c, "SELECT kind FROM transcript WHERE episode_id = ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*kind = catalog_column_text(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (catalog_sql_error(c, "reading the transcript's kind"));
	return (0);
}

/* Runs one statement binding the episode id as ?1; -1 with the error set. */
static int
catalog_transcript_step(struct catalog *c, const char *sql, int64_t episode_id,
    const char *what)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = catalog_prepare(c, sql)) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, episode_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return (catalog_sql_error(c, what));
	return (rc == SQLITE_ROW ? 1 : 0);
}

char *
catalog_line_words(const struct transcript_line *l, const char *stored)
{
	if (l->nwords == 0 || stored == NULL || strcmp(stored, l->text) != 0)
		return (NULL);
	/* Words outside their line belong to other times (a line moved by align). */
	if (l->words[0].start_ms < l->start_ms ||
	    (l->end_ms > l->start_ms && l->words[l->nwords - 1].start_ms > l->end_ms))
		return (NULL);
	return (transcript_words_encode(l->words, l->nwords, l->start_ms));
}

/* Inserts the lines of t for an episode whose old lines are gone. */
static int
catalog_transcript_lines(struct catalog *c, int64_t episode_id,
    const struct transcript *t)
{
	sqlite3_stmt	*stmt;
	char		*speaker, *text, *words;
	size_t		 i;
	int		 rc = SQLITE_DONE;

	stmt = catalog_prepare(c, "INSERT INTO line (episode_id, start_ms, end_ms, "
	    "speaker, text, words) VALUES (?, ?, ?, ?, ?, ?)");
	if (stmt == NULL)
		return (-1);
	for (i = 0; i < t->n && rc == SQLITE_DONE; i++) {
		speaker = t->lines[i].speaker == NULL ? NULL :
		    text_sanitize(t->lines[i].speaker, strlen(t->lines[i].speaker));
		text = text_sanitize(t->lines[i].text, strlen(t->lines[i].text));
		words = catalog_line_words(&t->lines[i], text);
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, episode_id);
		sqlite3_bind_int64(stmt, 2, t->lines[i].start_ms);
		sqlite3_bind_int64(stmt, 3, t->lines[i].end_ms);
		catalog_bind_text(stmt, 4, speaker);
		catalog_bind_text(stmt, 5, text);
		catalog_bind_text(stmt, 6, words);
		rc = sqlite3_step(stmt);
		free(speaker);
		free(text);
		free(words);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "saving a transcript line"));
	return (0);
}

int
catalog_transcript_set(struct catalog *c, int64_t episode_id, const struct transcript *t,
    const char *source, const char *format, const char *kind)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (catalog_begin(c) != 0)
		return (-1);
	rc = catalog_transcript_step(c, "SELECT 1 FROM episode WHERE id = ?",
	    episode_id, "finding the episode");
	if (rc == 0)
		catalog_set_error(c, "no episode %lld", (long long)episode_id);
	if (rc != 1 ||
	    catalog_transcript_step(c, "DELETE FROM line WHERE episode_id = ?",
	    episode_id, "removing the old transcript") != 0 ||
	    catalog_transcript_step(c, "DELETE FROM transcript WHERE episode_id = ?",
	    episode_id, "removing the old transcript") != 0)
		goto fail;
	stmt = catalog_prepare(c, "INSERT INTO transcript (episode_id, source, format, "
	    "kind) VALUES (?, ?, ?, coalesce(?, 'timed'))");
	if (stmt == NULL)
		goto fail;
	sqlite3_bind_int64(stmt, 1, episode_id);
	catalog_bind_text(stmt, 2, source);
	catalog_bind_text(stmt, 3, format);
	catalog_bind_text(stmt, 4, kind != NULL ? kind :
	    t->estimated ? "estimated" : NULL);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		catalog_sql_error(c, "saving the transcript");
		goto fail;
	}
	if (catalog_fts_hold(c) != 0 ||
	    catalog_transcript_lines(c, episode_id, t) != 0 ||
	    catalog_fts_release(c) != 0)
		goto fail;
	return (catalog_commit(c));
fail:
	catalog_rollback(c);
	return (-1);
}
