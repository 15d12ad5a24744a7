/*
 * The transcript an import keeps for an episode: the feed's in the preferred
 * format and language, or the file beside local audio.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/fetch.h"
#include "catalog/import.h"
#include "catalog/internal.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

static int
import_lines(struct import_ctx *x, int64_t id, const struct transcript *t)
{
	sqlite3_stmt	*stmt;
	char		*speaker, *text, *words;
	size_t		 i;
	int		 rc;

	if ((stmt = import_stmt(x, IMPORT_SQL_LINE)) == NULL)
		return (-1);
	for (i = 0; i < t->n; i++) {
		speaker = import_text(t->lines[i].speaker);
		text = import_text(t->lines[i].text);
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, t->lines[i].start_ms);
		sqlite3_bind_int64(stmt, 3, t->lines[i].end_ms);
		catalog_bind_text(stmt, 4, speaker);
		catalog_bind_text(stmt, 5, text != NULL ? text : "");
		words = catalog_line_words(&t->lines[i], text);
		catalog_bind_text(stmt, 6, words);
		rc = sqlite3_step(stmt);
		free(speaker);
		free(text);
		free(words);
		if (rc != SQLITE_DONE)
			return (catalog_sql_error(x->c, "saving a transcript line"));
		x->r->lines++;
	}
	return (0);
}

/* Whether a transcript's language is the one wanted (en matches en-US). */
static int
import_language_match(const char *lang, const char *want)
{
	size_t	n;

	if (lang == NULL || want == NULL)
		return (0);
	n = strcspn(want, "-_");
	if (strncasecmp(lang, want, n) != 0)
		return (0);
	return (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

/*
 * The item's transcript in the most preferred format (see trformat.c) among
 * those in the person's language when there are any (else among all), the one
 * in the feed's language when several share that format; NULL when none is
 * read.
 */
static const struct feed_transcript *
import_transcript_choose(const struct feed_item *it, const char *lang, const char *want)
{
	const struct feed_transcript	*tr = NULL, *t;
	size_t				 i;
	int				 rank, best = -1, only = 0;

	for (i = 0; want != NULL && i < it->ntranscripts; i++) {
		t = &it->transcripts[i];
		if (transcript_format_rank(t->type) >= 0 &&
		    import_language_match(t->language, want))
			only = 1;
	}
	for (i = 0; i < it->ntranscripts; i++) {
		t = &it->transcripts[i];
		rank = transcript_format_rank(t->type);
		if (rank < 0 || (only && !import_language_match(t->language, want)))
			continue;
		if (best < 0 || rank < best || (rank == best &&
		    !import_language_match(tr->language, lang) &&
		    import_language_match(t->language, lang))) {
			best = rank;
			tr = t;
		}
	}
	return (tr);
}

const struct feed_transcript *
import_transcript_pick(const struct catalog *c, const struct feed_item *it,
    const char *feed_language)
{
	return (import_transcript_choose(it, feed_language, c->language));
}

/* Saves a parsed transcript and its lines for episode id. */
static int
import_transcript_store(struct import_ctx *x, int64_t id, const struct transcript *t,
    const char *source, const char *format, const char *language)
{
	sqlite3_stmt	*stmt;
	char		*lang;
	int		 rc;

	stmt = catalog_prepare(x->c, "INSERT INTO transcript (episode_id, source, "
	    "format, language, kind) VALUES (?, ?, ?, ?, ?)");
	if (stmt == NULL)
		return (-1);
	lang = import_text(language);
	sqlite3_bind_int64(stmt, 1, id);
	catalog_bind_text(stmt, 2, source);
	catalog_bind_text(stmt, 3, format);
	catalog_bind_text(stmt, 4, lang);
	catalog_bind_text(stmt, 5, t->estimated ? "estimated" : "timed");
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	free(lang);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(x->c, "saving a transcript"));
	return (import_lines(x, id, t));
}

/*
 * Reads and stores one transcript file; 1 when stored, 0 when it could not be
 * read (with a warning), -1 on a catalog error.
 */
static int
import_transcript_file(struct import_ctx *x, int64_t id, const struct feed_item *it,
    const char *what, const char *uri, const char *type, const char *language)
{
	struct transcript	 t;
	char			*buf, *err, *source;
	size_t			 len;
	int			 rc;

	if (import_read(x, what, uri, &buf, &len) != 0)
		return (0);
	if (transcript_parse_any(buf, len, type, it->duration_ms, &t, &err) != 0) {
		import_warn(x, "%s: transcript %s: %s", what, uri,
		    err != NULL ? err : "unreadable");
		free(err);
		free(buf);
		transcript_clear(&t);
		x->r->skipped++;
		x->retry = 1;
		return (0);
	}
	free(buf);
	import_warn_lines(x, what, t.warnings);
	source = import_uri_path(uri);
	rc = import_transcript_store(x, id, &t, source, transcript_format_type(type),
	    language);
	free(source);
	transcript_clear(&t);
	return (rc == 0 ? 1 : -1);
}

char *
import_sidecar(const struct feed_item *it)
{
	static const char *const exts[] = { "vtt", "srt", "json", "lrc", "txt" };
	char		*audio, *stem, *slash, *dot, *path;
	size_t		 i;

	if (it->enclosure_url == NULL ||
	    import_scheme(it->enclosure_url) != IMPORT_LOCAL)
		return (NULL);
	audio = import_uri_path(it->enclosure_url);
	slash = strrchr(audio, '/');
	dot = strrchr(audio, '.');
	stem = audio;
	if (dot != NULL && (slash == NULL || dot > slash + 1))
		*dot = '\0';
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		path = xasprintf("%s.%s", stem, exts[i]);
		if (access(path, R_OK) == 0) {
			free(audio);
			return (path);
		}
		free(path);
	}
	free(audio);
	return (NULL);
}

int
import_transcript(struct import_ctx *x, int64_t id, const struct feed_item *it,
    const char *what, const char *feed_language)
{
	const struct feed_transcript	*tr;
	char				*side;
	int				 rc = 0;

	tr = import_transcript_pick(x->c, it, feed_language);
	if (tr == NULL && it->ntranscripts > 0)
		import_warn(x, "%s: no transcript in a format earmark reads", what);
	if (tr != NULL && (rc = import_transcript_file(x, id, it, what, tr->url,
	    tr->type, tr->language)) != 0)
		return (rc == 1 ? 0 : -1);
	if ((side = import_sidecar(it)) == NULL)
		return (0);
	rc = import_transcript_file(x, id, it, what, side, side, NULL);
	free(side);
	return (rc == -1 ? -1 : 0);
}
