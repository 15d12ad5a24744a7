#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include "catalog/fetch.h"
#include "catalog/import.h"
#include "catalog/internal.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

#define IMPORT_MAX_WARNINGS 200	/* Lines of warnings kept in a report. */

void
import_warn(struct import_ctx *x, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *joined;

	if (x->nwarnings++ > IMPORT_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		BUG();
	va_end(ap);
	joined = text_sanitize(msg, strlen(msg));	/* Feed text reaches the screen. */
	free(msg);
	msg = joined;
	if (x->nwarnings > IMPORT_MAX_WARNINGS) {
		free(msg);
		msg = xstrdup("(more warnings not shown)");
	}
	if (x->r->warnings == NULL)
		x->r->warnings = msg;
	else {
		joined = xasprintf("%s\n%s", x->r->warnings, msg);
		free(x->r->warnings);
		free(msg);
		x->r->warnings = joined;
	}
}

void
import_warn_lines(struct import_ctx *x, const char *what, const char *lines)
{
	const char	*nl;

	while (lines != NULL && *lines != '\0') {
		nl = strchr(lines, '\n');
		import_warn(x, "%s: %.*s", what, nl == NULL ? (int)strlen(lines) :
		    (int)(nl - lines), lines);
		lines = nl == NULL ? NULL : nl + 1;
	}
}

char *
import_text(const char *s)
{
	if (s == NULL)
		return (NULL);
	return (text_sanitize(s, strlen(s)));
}

enum import_scheme
import_scheme(const char *uri)
{
	const char	*p;

	if (!isalpha((unsigned char)uri[0]))
		return (IMPORT_LOCAL);
	for (p = uri; *p != '\0'; p++) {
		if (*p == ':')
			break;
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
			return (IMPORT_LOCAL);
	}
	if (*p != ':')
		return (IMPORT_LOCAL);
	if ((p - uri == 4 && strncasecmp(uri, "http", 4) == 0) ||
	    (p - uri == 5 && strncasecmp(uri, "https", 5) == 0))
		return (IMPORT_HTTP);
	return (IMPORT_OTHER);
}

char *
import_uri_path(const char *uri)
{
	char	*s;

	if (import_scheme(uri) != IMPORT_LOCAL)
		return (xstrdup(uri));
	if ((s = xmlURIUnescapeString(uri, 0, NULL)) == NULL)
		return (xstrdup(uri));
	return (s);
}

/* Resolves ref against base as xmlBuildURI does, escaping a ref that is not a URI. */
static char *
import_resolve(const char *ref, const char *base)
{
	xmlChar	*r, *esc;
	char	*out;

	r = xmlBuildURI((const xmlChar *)ref, (const xmlChar *)base);
	if (r == NULL) {
		esc = xmlURIEscapeStr((const xmlChar *)ref,
		    (const xmlChar *)":/?#[]@!$&'()*+,;=%");
		if (esc != NULL)
			r = xmlBuildURI(esc, (const xmlChar *)base);
		xmlFree(esc);
	}
	if (r == NULL)
		return (xstrdup(ref));
	out = xstrdup((const char *)r);
	xmlFree(r);
	return (out);
}

/* The start of a W3C media fragment (t=10, t=npt:10,20, t=1:02.5), or 0. */
static int64_t
import_fragment_start(const char *frag)
{
	const char	*p, *end;
	int64_t		 ms;

	for (p = frag; p != NULL && *p != '\0'; p = strchr(p, '&') ? strchr(p, '&') + 1 :
	    NULL) {
		if (strncmp(p, "t=", 2) != 0)
			continue;
		p += 2;
		if (strncmp(p, "npt:", 4) == 0)
			p += 4;
		end = p + strcspn(p, ",&");
		if (feed_time_parse(p, end - p, &ms) == 0)
			return (ms);
		return (0);
	}
	return (0);
}

int
import_read(struct import_ctx *x, const char *what, const char *uri, char **buf,
    size_t *len)
{
	char	*path, *err;

	switch (import_scheme(uri)) {
	case IMPORT_HTTP:
		if (x->get != NULL) {
			if (x->get(x->get_ctx, uri, buf, len, &err) == 0)
				return (0);
			import_warn(x, "%s: %s", what, err);
			free(err);
			x->r->skipped++;
			x->retry = 1;
			return (-1);
		}
		import_warn(x, "%s: %s is remote; only local files are read", what, uri);
		x->r->skipped++;
		return (-1);
	case IMPORT_OTHER:
		import_warn(x, "%s: %s: unsupported URL scheme", what, uri);
		x->r->skipped++;
		return (-1);
	case IMPORT_LOCAL:
		break;
	}
	path = import_uri_path(uri);
	if (buf_read_file(path, PARSE_MAX_INPUT, buf, len, &err) != 0) {
		import_warn(x, "%s: %s", what, err);
		free(err);
		free(path);
		x->r->skipped++;
		x->retry = 1;
		return (-1);
	}
	free(path);
	return (0);
}

static int
import_podcast(struct import_ctx *x, const char *feed_path, const struct feed *f)
{
	struct catalog	*c = x->c;
	sqlite3_stmt	*stmt;
	char		*v[6];
	int		 i, rc;

	stmt = catalog_prepare(c, "INSERT INTO podcast (feed, guid, title, author, "
	    "description, link, image) VALUES (?1, ?2, coalesce(?3, ''), ?4, ?5, ?6, ?7) "
	    "ON CONFLICT (feed) DO UPDATE SET guid = excluded.guid, "
	    "title = excluded.title, author = excluded.author, "
	    "description = excluded.description, link = excluded.link, "
	    "image = excluded.image");
	if (stmt == NULL)
		return (-1);
	v[0] = import_text(f->guid);
	v[1] = import_text(f->title);
	v[2] = import_text(f->author);
	v[3] = import_text(f->description);
	v[4] = import_text(f->link);
	v[5] = import_text(f->image);
	catalog_bind_text(stmt, 1, feed_path);
	for (i = 0; i < 6; i++)
		catalog_bind_text(stmt, i + 2, v[i]);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	free(x->r->podcast_title);
	x->r->podcast_title = v[1] != NULL ? v[1] : xstrdup(feed_path);
	for (i = 0; i < 6; i++) {
		if (i != 1)
			free(v[i]);
	}
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "saving the podcast"));
	stmt = catalog_prepare(c, "SELECT id FROM podcast WHERE feed = ?");
	if (stmt == NULL)
		return (-1);
	catalog_bind_text(stmt, 1, feed_path);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		x->podcast_id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (x->podcast_id <= 0)
		return (catalog_sql_error(c, "finding the podcast"));
	x->r->podcast_id = x->podcast_id;
	return (0);
}

char *
import_audio(struct import_ctx *x, const struct feed_item *it, const char *what)
{
	const char	*p;

	if (it->enclosure_url == NULL)
		return (NULL);
	for (p = it->enclosure_url; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			break;
	}
	if (*p != '\0' || import_scheme(it->enclosure_url) == IMPORT_OTHER) {
		import_warn(x, "%s: audio URL refused (only local files and "
		    "http or https): %s", what, it->enclosure_url);
		return (NULL);
	}
	return (import_uri_path(it->enclosure_url));
}

static int
import_clip(struct import_ctx *x, int64_t id, enum clip_kind kind, int64_t start,
    int64_t end, const char *title, int64_t source_id, int64_t source_start)
{
	struct catalog_clip	 k;

	memset(&k, 0, sizeof k);
	k.episode_id = id;
	k.kind = kind;
	k.start_ms = start < 0 ? 0 : start;
	k.end_ms = end < k.start_ms ? k.start_ms : end;
	k.title = import_text(title);
	k.source_episode_id = source_id;
	k.source_start_ms = source_start;
	if (catalog_clip_add(x->c, &k) == -1) {
		free(k.title);
		return (-1);
	}
	free(k.title);
	x->r->clips++;
	return (0);
}

static int
import_soundbites(struct import_ctx *x, int64_t id, const struct feed_item *it)
{
	const struct feed_soundbite	*sb;
	size_t				 i;

	for (i = 0; i < it->nsoundbites; i++) {
		sb = &it->soundbites[i];
		if (import_clip(x, id, CLIP_SOUNDBITE, sb->start_ms,
		    sb->start_ms + sb->duration_ms, sb->title, 0, 0) != 0)
			return (-1);
	}
	return (0);
}

/* Queues one chapter, its URL resolved against the chapters file. */
static void
import_chapter_queue(struct import_ctx *x, int64_t id, const struct chapter *ch,
    int64_t end, const char *base)
{
	struct import_pending	*p;
	char			*uri, *hash;

	x->pending = xreallocarray(x->pending, x->npending + 1, sizeof *x->pending);
	p = &x->pending[x->npending++];
	memset(p, 0, sizeof *p);
	p->episode_id = id;
	p->start_ms = ch->start_ms;
	p->end_ms = end;
	p->title = ch->title != NULL ? xstrdup(ch->title) : NULL;
	if (ch->url == NULL)
		return;
	uri = import_resolve(ch->url, base);
	if ((hash = strchr(uri, '#')) != NULL) {
		*hash++ = '\0';
		p->source_start_ms = import_fragment_start(hash);
	}
	p->source = import_uri_path(uri);
	free(uri);
}

static void
import_chapters(struct import_ctx *x, int64_t id, const struct feed_item *it,
    const char *what)
{
	struct chapter_list	 l;
	const struct chapter	*ch;
	char			*buf, *err;
	size_t			 i, len;

	if (it->chapters_url == NULL)
		return;
	if (import_read(x, what, it->chapters_url, &buf, &len) != 0)
		return;
	memset(&l, 0, sizeof l);
	if (chapters_parse_json(buf, len, &l, &err) != 0) {
		import_warn(x, "%s: chapters %s: %s", what, it->chapters_url,
		    err != NULL ? err : "unreadable");
		free(err);
		free(buf);
		x->r->skipped++;
		x->retry = 1;
		return;
	}
	free(buf);
	for (i = 0; i < l.n; i++) {
		ch = &l.items[i];
		if (!ch->toc)
			continue;
		import_chapter_queue(x, id, ch, chapter_end(&l, i, it->duration_ms),
		    it->chapters_url);
	}
	chapter_list_clear(&l);
}

/* The episode of this podcast whose audio is source, other than id, or 0. */
static int64_t
import_source(struct import_ctx *x, int64_t id, const char *source)
{
	sqlite3_stmt	*stmt;
	int64_t		 found = 0;
	int		 rc;

	stmt = catalog_prepare(x->c, "SELECT id FROM episode WHERE podcast_id = ? "
	    "AND audio = ? AND id <> ? ORDER BY id LIMIT 1");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, x->podcast_id);
	catalog_bind_text(stmt, 2, source);
	sqlite3_bind_int64(stmt, 3, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		found = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		found = catalog_sql_error(x->c, "finding a segment's source");
	sqlite3_finalize(stmt);
	return (found);
}

/* Stores the queued chapters, as segments when they point at another episode. */
static int
import_pending_flush(struct import_ctx *x)
{
	struct import_pending	*p;
	int64_t			 src;
	size_t			 i;

	for (i = 0; i < x->npending; i++) {
		p = &x->pending[i];
		src = 0;
		if (p->source != NULL && (src = import_source(x, p->episode_id,
		    p->source)) == -1)
			return (-1);
		if (import_clip(x, p->episode_id, src > 0 ? CLIP_SEGMENT :
		    CLIP_CHAPTER, p->start_ms, p->end_ms, p->title, src,
		    src > 0 ? p->source_start_ms : 0) != 0)
			return (-1);
	}
	return (0);
}

void
import_ctx_clear(struct import_ctx *x)
{
	size_t	i;

	for (i = 0; i < x->npending; i++) {
		free(x->pending[i].title);
		free(x->pending[i].source);
	}
	free(x->pending);
	for (i = 0; i < IMPORT_NSQL; i++) {
		if (x->stmt[i] != NULL)
			sqlite3_finalize(x->stmt[i]);
	}
}

/* Saves one item, and the podcast before the first. */
static int
import_item(void *ctx, struct feed *f, struct feed_item *it)
{
	struct import_ctx	*x = ctx;
	const char		*what;
	int64_t			 id;
	int			 unchanged, added, keep = 0;

	import_warn_lines(x, "feed", f->warnings);
	free(f->warnings);
	f->warnings = NULL;
	x->nitems++;
	if (x->podcast_id == 0 && import_podcast(x, x->feed_url, f) != 0)
		return (-1);
	what = it->title != NULL ? it->title : it->guid;
	if (it->guid == NULL) {
		import_warn(x, "item %zu has no guid, enclosure or link; skipped",
		    x->nitems);
		x->r->skipped++;
		return (0);
	}
	added = x->r->episodes_added;
	if ((id = import_episode(x, it, what, f->language, &unchanged)) == -1)
		return (-1);
	if (unchanged)
		return (0);
	if (x->r->episodes_added == added) {
		if ((keep = import_stamped(x, id)) == -1)
			return (-1);
		keep = keep || !import_gives_transcript(x, it, f->language);
		if (import_episode_reset(x, id, keep) != 0)
			return (-1);
	}
	if ((!keep && import_transcript(x, id, it, what, f->language) != 0) ||
	    import_soundbites(x, id, it) != 0)
		return (-1);
	import_chapters(x, id, it, what);
	return (0);
}

/*
 * Points the subscription at where the feed says it moved (itunes:new-feed-url,
 * <redirect>), else where a permanent HTTP redirect led, unless another
 * podcast is there already; the validators of the old URL are dropped.
 */
static int
import_move(struct import_ctx *x, const struct feed *f)
{
	sqlite3_stmt	*stmt;
	const char	*to = x->moved;
	int		 rc;

	if (f->new_url != NULL && !fetch_url_ok(f->new_url))
		import_warn(x, "feed: moved to %s: only http and https are followed",
		    f->new_url);
	else if (f->new_url != NULL)
		to = f->new_url;
	if (to == NULL || strcmp(to, x->feed_url) == 0)
		return (0);
	stmt = catalog_prepare(x->c, "UPDATE podcast SET feed = ?1 WHERE id = ?2 AND "
	    "NOT EXISTS (SELECT 1 FROM podcast WHERE feed = ?1)");
	if (stmt == NULL)
		return (-1);
	catalog_bind_text(stmt, 1, to);
	sqlite3_bind_int64(stmt, 2, x->podcast_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(x->c, "following the feed's move"));
	if (sqlite3_changes(x->c->db) == 0) {
		import_warn(x, "feed: moved to %s, which is subscribed already; "
		    "kept at %s", to, x->feed_url);
		return (0);
	}
	import_warn(x, "feed: moved to %s; the subscription follows it", to);
	x->r->moved_to = xstrdup(to);
	if ((stmt = catalog_prepare(x->c, "DELETE FROM feed_cache WHERE "
	    "podcast_id = ?")) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, x->podcast_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(x->c, "following the feed's move"));
	return (0);
}

/* Saves the podcast with all the feed's head, and the chapters held back. */
static int
import_finish(struct import_ctx *x, struct feed *f, int follow)
{
	import_warn_lines(x, "feed", f->warnings);
	free(f->warnings);
	f->warnings = NULL;
	if (import_podcast(x, x->feed_url, f) != 0 ||
	    import_pending_flush(x) != 0)
		return (-1);
	return (follow ? import_move(x, f) : 0);
}

void
import_ctx_init(struct import_ctx *x, struct catalog *c, const char *feed_url,
    import_get_fn get, void *ctx, struct catalog_import_report *report)
{
	memset(report, 0, sizeof *report);
	memset(x, 0, sizeof *x);
	x->c = c;
	x->r = report;
	x->feed_url = feed_url;
	x->get = get;
	x->get_ctx = ctx;
}

int
catalog_import_source(struct catalog *c, const struct feed_source *src,
    const char *feed_url, import_get_fn get, void *ctx, const char *moved,
    struct catalog_import_report *report, struct feed **head)
{
	struct import_ctx	 x;
	struct feed		*f = NULL;
	char			*err, *digest;
	int			 rc;

	import_ctx_init(&x, c, feed_url, get, ctx, report);
	x.moved = moved != NULL && *moved != '\0' ? moved : NULL;
	if (head != NULL)
		*head = NULL;
	digest = head == NULL ? import_digest(&x, src) : NULL;
	if (digest != NULL && (rc = import_digest_same(&x, digest)) != 0) {
		free(digest);
		import_ctx_clear(&x);
		return (rc == 1 ? 0 : -1);
	}
	if ((rc = catalog_begin(c)) != 0) {
		free(digest);
		return (rc);
	}
	if (catalog_fts_hold(c) != 0)
		rc = -1;
	else if (feed_read(src, import_item, &x, &f, &err) != 0) {
		if (err != NULL) {
			catalog_set_error(c, "%s: %s", feed_url, err);
			free(err);
		}
		rc = -1;
	} else if (import_finish(&x, f, moved != NULL) != 0 ||
	    catalog_fts_release(c) != 0 ||
	    import_digest_save(&x, x.retry ? NULL : digest) != 0)
		rc = -1;
	free(digest);
	import_ctx_clear(&x);
	if (rc == 0)
		rc = catalog_commit(c);
	else
		catalog_rollback(c);
	if (rc == 0 && head != NULL)
		*head = f;
	else
		feed_free(f);
	return (rc);
}

int
catalog_import_feed(struct catalog *c, const char *path,
    struct catalog_import_report *report)
{
	struct feed_source	 src;
	char			 abs[PATH_MAX], *base;
	int			 rc;

	memset(report, 0, sizeof *report);
	if (realpath(path, abs) == NULL) {
		catalog_set_error(c, "%s: %s", path, strerror(errno));
		return (-1);
	}
	memset(&src, 0, sizeof src);
	if ((src.fd = open(abs, O_RDONLY | O_CLOEXEC)) == -1) {
		catalog_set_error(c, "%s: %s", path, strerror(errno));
		return (-1);
	}
	base = (char *)xmlURIEscapeStr((const xmlChar *)abs, (const xmlChar *)"/");
	if (base == NULL)
		BUG();
	src.base_url = base;
	rc = catalog_import_source(c, &src, abs, NULL, NULL, NULL, report, NULL);
	close(src.fd);
	xmlFree(base);
	if (rc != 0 && strncmp(catalog_error(c), abs, strlen(abs)) == 0 &&
	    strcmp(abs, path) != 0) {
		base = xasprintf("%s%s", path, catalog_error(c) + strlen(abs));
		catalog_set_error(c, "%s", base);
		free(base);
	}
	return (rc);
}

void
catalog_import_report_clear(struct catalog_import_report *r)
{
	free(r->podcast_title);
	free(r->warnings);
	free(r->moved_to);
	memset(r, 0, sizeof *r);
}
