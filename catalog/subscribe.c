#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/fetch.h"
#include "catalog/internal.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

#define FETCH_MAX_AUDIO	((size_t)4 << 30)	/* Bytes of one episode's audio. */
#define REFRESH_WINDOW	(2 * FETCH_PARALLEL)	/* Feeds fetched before they are read. */

/* The transcripts and chapters one feed names by URL, fetched beforehand. */
struct subscribe_sides {
	struct fetch	*f;
	size_t		 n;
};

static int
subscribe_side_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct fetch *)a)->url, ((const struct fetch *)b)->url));
}

static void
subscribe_side_add(struct subscribe_sides *s, const char *url)
{
	if (url == NULL || !fetch_url_ok(url))
		return;
	s->f = xreallocarray(s->f, s->n + 1, sizeof *s->f);
	memset(&s->f[s->n], 0, sizeof s->f[s->n]);
	s->f[s->n].url = xstrdup(url);
	s->f[s->n].max = FETCH_MAX_SIDE;
	s->n++;
}

/* What the first reading of a feed gathers: the files of the items that changed. */
struct subscribe_scan {
	struct subscribe_sides	*s;
	struct import_check	*check;
	const struct catalog	*c;
};

static int
subscribe_scan_item(void *ctx, struct feed *f, struct feed_item *it)
{
	struct subscribe_scan		*sc = ctx;
	const struct feed_transcript	*tr;

	if (import_check_unchanged(sc->check, f, it))
		return (0);
	if ((tr = import_transcript_pick(sc->c, it, f->language)) != NULL)
		subscribe_side_add(sc->s, tr->url);
	subscribe_side_add(sc->s, it->chapters_url);
	return (0);
}

/*
 * Fetches, FETCH_PARALLEL at a time, every transcript and chapters file the
 * import will read: those of the items not stored as they are.
 */
static void
subscribe_sides_fetch(struct catalog *c, const char *url, struct subscribe_sides *s,
    const struct feed_source *src, catalog_progress_fn cb, void *ctx)
{
	struct subscribe_scan	 sc;
	struct feed		*head;
	char			*err;
	size_t			 i, k;

	memset(s, 0, sizeof *s);
	sc.s = s;
	sc.c = c;
	sc.check = import_check_new(c, url);
	if (feed_read(src, subscribe_scan_item, &sc, &head, &err) == 0)
		feed_free(head);
	free(err);
	import_check_free(sc.check);
	if (s->n == 0)
		return;
	qsort(s->f, s->n, sizeof *s->f, subscribe_side_cmp);
	for (i = k = 1; i < s->n; i++) {
		if (strcmp(s->f[i].url, s->f[k - 1].url) != 0)
			s->f[k++] = s->f[i];
		else
			free((char *)s->f[i].url);
	}
	s->n = k;
	fetch_all(s->f, s->n, cb, ctx);
}

static int
subscribe_side_get(void *ctx, const char *url, char **buf, size_t *len, char **err)
{
	struct subscribe_sides	*s = ctx;
	struct fetch		 key, *f;

	memset(&key, 0, sizeof key);
	key.url = url;
	f = s->n == 0 ? NULL : bsearch(&key, s->f, s->n, sizeof *s->f, subscribe_side_cmp);
	if (f == NULL) {
		*err = xasprintf("%s: not fetched", url);
		return (-1);
	}
	if (f->error != NULL) {
		*err = xstrdup(f->error);
		return (-1);
	}
	*buf = xmalloc(f->len + 1);
	memcpy(*buf, f->body, f->len);
	(*buf)[f->len] = '\0';
	*len = f->len;
	return (0);
}

static void
subscribe_sides_clear(struct subscribe_sides *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		fetch_clear(&s->f[i]);
		free((char *)s->f[i].url);
	}
	free(s->f);
	memset(s, 0, sizeof *s);
}

/* Remembers the validators a feed came with, for the next conditional GET. */
static int
subscribe_validators_save(struct catalog *c, int64_t podcast_id, const struct fetch *f)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = catalog_prepare(c, "INSERT INTO feed_cache (podcast_id, etag, modified, "
	    "checked) VALUES (?, ?, ?, strftime('%s', 'now')) ON CONFLICT (podcast_id) "
	    "DO UPDATE SET etag = excluded.etag, modified = excluded.modified, "
	    "checked = excluded.checked");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, podcast_id);
	catalog_bind_text(stmt, 2, f->new_etag);
	catalog_bind_text(stmt, 3, f->new_modified);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "saving the feed's validators"));
	return (0);
}

/* Makes a feed fetched into a file ready to be read from its start. */
static int
subscribe_rewind(struct catalog *c, const char *url, const struct fetch *f)
{
	if (f->out == NULL)
		return (0);
	if (fflush(f->out) != 0 || lseek(fileno(f->out), 0, SEEK_SET) == -1) {
		catalog_set_error(c, "%s: cannot read the feed back: %s", url,
		    strerror(errno));
		return (-1);
	}
	return (0);
}

/*
 * Reads a fetched feed, fetches the files its changed items name, and
 * imports it under url, following a move.
 */
static int
subscribe_import(struct catalog *c, const char *url, const struct fetch *f,
    catalog_progress_fn cb, void *ctx, struct catalog_import_report *report)
{
	struct subscribe_sides	 sides;
	struct feed_source	 src;
	int			 rc;

	memset(report, 0, sizeof *report);
	memset(&src, 0, sizeof src);
	src.buf = f->body;
	src.len = f->len;
	src.fd = f->out != NULL ? fileno(f->out) : -1;
	src.base_url = f->final_url != NULL ? f->final_url : url;
	src.charset = f->charset;
	if (subscribe_rewind(c, url, f) != 0)
		return (-1);
	/* The same bytes as last time: no file to fetch, nothing to read. */
	rc = catalog_import_unchanged(c, &src, url, subscribe_side_get,
	    f->moved ? f->final_url : "", report);
	if (rc == -1)
		return (-1);
	if (rc == 0) {
		subscribe_sides_fetch(c, url, &sides, &src, cb, ctx);
		if (subscribe_rewind(c, url, f) != 0) {
			subscribe_sides_clear(&sides);
			return (-1);
		}
		rc = catalog_import_source(c, &src, url, subscribe_side_get, &sides,
		    f->moved ? f->final_url : "", report, NULL);
		subscribe_sides_clear(&sides);
	} else
		rc = 0;
	if (rc == 0 && (report->moved_to == NULL || (f->moved &&
	    strcmp(report->moved_to, f->final_url) == 0)))
		rc = subscribe_validators_save(c, report->podcast_id, f);
	return (rc);
}

int
catalog_subscribe(struct catalog *c, const char *url,
    struct catalog_import_report *report)
{
	return (catalog_subscribe_progress(c, url, NULL, NULL, report));
}

/* Fetches the feed at url and imports it under url. */
static int
subscribe_fetch(struct catalog *c, const char *url, catalog_progress_fn cb, void *ctx,
    struct catalog_import_report *report)
{
	struct fetch	f;
	int		rc;

	memset(report, 0, sizeof *report);
	if (!fetch_url_ok(url)) {
		catalog_set_error(c, "%s: only http and https URLs are fetched", url);
		return (-1);
	}
	memset(&f, 0, sizeof f);
	f.url = url;
	f.max = FETCH_MAX_FEED;
	f.out = tmpfile();
	if (fetch_all(&f, 1, cb, ctx) != 0) {
		catalog_set_error(c, "%s", f.error);
		rc = -1;
	} else
		rc = subscribe_import(c, url, &f, cb, ctx, report);
	if (f.out != NULL)
		fclose(f.out);
	fetch_clear(&f);
	return (rc);
}

/*
 * Subscribes; a feed that holds no episode and says where it moved (an RSS
 * <redirect> document) is followed there at once, once.
 */
int
catalog_subscribe_progress(struct catalog *c, const char *url,
    catalog_progress_fn cb, void *ctx, struct catalog_import_report *report)
{
	struct catalog_import_report	 first;
	char				*to;
	int				 rc;

	if ((rc = subscribe_fetch(c, url, cb, ctx, &first)) != 0 ||
	    first.moved_to == NULL || first.episodes_added + first.episodes_updated +
	    first.episodes_unchanged > 0) {
		*report = first;
		return (rc);
	}
	to = xstrdup(first.moved_to);
	if (subscribe_fetch(c, to, cb, ctx, report) != 0) {
		free(to);
		catalog_import_report_clear(report);
		*report = first;
		return (0);
	}
	if (report->moved_to == NULL)
		report->moved_to = to;
	else
		free(to);
	catalog_import_report_clear(&first);
	return (0);
}

/* The podcasts to refresh, each with its feed URL and validators in f. */
static int
refresh_list(struct catalog *c, struct catalog_refresh_report *out, struct fetch **fp)
{
	sqlite3_stmt		*stmt;
	struct catalog_feed_report	*r;
	struct fetch		*f = NULL;
	int			 rc;

	stmt = catalog_prepare(c, "SELECT p.id, p.feed, h.etag, h.modified FROM podcast p "
	    "LEFT JOIN feed_cache h ON h.podcast_id = p.id WHERE p.feed LIKE 'http://%' "
	    "OR p.feed LIKE 'https://%' ORDER BY p.id");
	if (stmt == NULL)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out->feeds = xreallocarray(out->feeds, out->n + 1, sizeof *out->feeds);
		f = xreallocarray(f, out->n + 1, sizeof *f);
		r = &out->feeds[out->n];
		memset(r, 0, sizeof *r);
		memset(&f[out->n], 0, sizeof *f);
		r->podcast_id = sqlite3_column_int64(stmt, 0);
		r->url = catalog_column_text(stmt, 1);
		f[out->n].url = r->url;
		f[out->n].etag = catalog_column_text(stmt, 2);
		f[out->n].modified = catalog_column_text(stmt, 3);
		f[out->n].max = FETCH_MAX_FEED;
		out->n++;
	}
	sqlite3_finalize(stmt);
	*fp = f;
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "listing the feeds"));
	return (0);
}

/* Tells the caller's callback of a window's transfers as of the whole refresh. */
struct refresh_relay {
	catalog_progress_fn	 cb;
	void			*ctx;
	int			 offset;
	int			 count;
};

static void
refresh_relay(void *arg, const struct catalog_progress *p)
{
	struct refresh_relay	*rl = arg;
	struct catalog_progress	 q = *p;

	q.index += rl->offset;
	q.count = rl->count;
	rl->cb(rl->ctx, &q);
}

/* Imports what a window's transfer brought, saying how it went in r. */
static void
refresh_one(struct catalog *c, struct catalog_refresh_report *out,
    struct catalog_feed_report *r, struct fetch *f)
{
	if (f->error != NULL) {
		r->state = CATALOG_FEED_FAILED;
		r->error = xstrdup(f->error);
	} else if (f->not_modified)
		r->state = CATALOG_FEED_UNCHANGED;
	else if (subscribe_import(c, r->url, f, NULL, NULL, &r->import) != 0) {
		r->state = CATALOG_FEED_FAILED;
		r->error = xstrdup(catalog_error(c));
	}
	if (r->state == CATALOG_FEED_FAILED)
		out->failed++;
}

/*
 * Fetches the feeds REFRESH_WINDOW at a time, each into a temporary file, and
 * imports a window's before fetching the next: memory and open files stay
 * bounded however many feeds there are.
 */
int
catalog_refresh(struct catalog *c, catalog_progress_fn cb, void *ctx,
    struct catalog_refresh_report *out)
{
	struct refresh_relay	 rl;
	struct fetch		*f = NULL;
	int			 i, start, w, rc;

	memset(out, 0, sizeof *out);
	rc = refresh_list(c, out, &f);
	if (f == NULL)		/* No feed by URL, or none listed before an error. */
		return (rc == 0 ? 0 : -1);
	rl.cb = cb;
	rl.ctx = ctx;
	rl.count = out->n;
	for (start = 0; rc == 0 && start < out->n; start += w) {
		w = out->n - start < REFRESH_WINDOW ? out->n - start : REFRESH_WINDOW;
		for (i = start; i < start + w; i++)
			f[i].out = tmpfile();
		rl.offset = start;
		fetch_all(f + start, w, cb != NULL ? refresh_relay : NULL, &rl);
		for (i = start; i < start + w; i++) {
			refresh_one(c, out, &out->feeds[i], &f[i]);
			if (f[i].out != NULL)
				fclose(f[i].out);
			f[i].out = NULL;
			fetch_clear(&f[i]);
		}
	}
	for (i = 0; i < out->n; i++) {
		free((char *)f[i].etag);
		free((char *)f[i].modified);
		fetch_clear(&f[i]);
	}
	free(f);
	return (rc == 0 ? out->failed : -1);
}

void
catalog_refresh_report_clear(struct catalog_refresh_report *r)
{
	int	i;

	for (i = 0; i < r->n; i++) {
		free(r->feeds[i].url);
		free(r->feeds[i].error);
		catalog_import_report_clear(&r->feeds[i].import);
	}
	free(r->feeds);
	memset(r, 0, sizeof *r);
}

/* The file extension for an audio MIME type, or NULL when it is not known. */
static const char *
download_ext(const char *type)
{
	static const char *const map[][2] = {
		{ "audio/mpeg", "mp3" }, { "audio/mp3", "mp3" },
		{ "audio/mp4", "m4a" }, { "audio/x-m4a", "m4a" }, { "audio/m4a", "m4a" },
		{ "audio/aac", "aac" }, { "audio/aacp", "aac" },
		{ "audio/ogg", "ogg" }, { "audio/opus", "opus" }, { "audio/vorbis", "ogg" },
		{ "audio/flac", "flac" }, { "audio/x-flac", "flac" },
		{ "audio/wav", "wav" }, { "audio/x-wav", "wav" }, { "audio/wave", "wav" },
		{ "audio/webm", "webm" }, { "video/mp4", "mp4" }, { "video/webm", "webm" },
		{ "video/quicktime", "mov" }, { "video/x-m4v", "m4v" },
	};
	size_t	i, n;

	if (type == NULL)
		return (NULL);
	n = strcspn(type, "; \t");
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strlen(map[i][0]) == n && strncasecmp(type, map[i][0], n) == 0)
			return (map[i][1]);
	}
	return (NULL);
}

static int
download_mkdir(struct catalog *c, const char *dir)
{
	char	*copy, *p;

	copy = xstrdup(dir);
	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		*p = *p == '/' ? '\0' : *p;
		if (mkdir(copy, 0755) == -1 && errno != EEXIST) {
			catalog_set_error(c, "%s: %s", copy, strerror(errno));
			free(copy);
			return (-1);
		}
		if (strlen(copy) == strlen(dir))
			break;
		*p = '/';
	}
	free(copy);
	return (0);
}

/* The episode's audio URL and MIME type from the feed. */
static int
download_source(struct catalog *c, int64_t id, char **url, char **type)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*url = *type = NULL;
	stmt = catalog_prepare(c, "SELECT audio, audio_type FROM episode WHERE id = ?");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*url = catalog_column_text(stmt, 0);
		*type = catalog_column_text(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE) {
		catalog_set_error(c, "no episode %lld", (long long)id);
		return (-1);
	}
	if (rc != SQLITE_ROW)
		return (catalog_sql_error(c, "reading the episode"));
	if (*url == NULL || !fetch_url_ok(*url)) {
		catalog_set_error(c, "episode %lld has no http or https audio to download",
		    (long long)id);
		free(*url);
		free(*type);
		*url = *type = NULL;
		return (-1);
	}
	return (0);
}

static int
download_record(struct catalog *c, int64_t id, const char *path, const char *type,
    int64_t size)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = catalog_prepare(c, "INSERT INTO download (episode_id, path, type, size, "
	    "finished) VALUES (?, ?, ?, ?, strftime('%s', 'now')) ON CONFLICT (episode_id) "
	    "DO UPDATE SET path = excluded.path, type = excluded.type, "
	    "size = excluded.size, finished = excluded.finished");
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 1, id);
	catalog_bind_text(stmt, 2, path);
	catalog_bind_text(stmt, 3, type);
	sqlite3_bind_int64(stmt, 4, size);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(c, "recording the download"));
	return (0);
}

/* Fetches url into part, resuming what it holds; 0 when part is complete. */
static int
download_fetch(struct catalog *c, struct fetch *f, const char *part,
    catalog_progress_fn cb, void *ctx)
{
	FILE	*out;
	off_t	 have;

	if ((out = fopen(part, "ab")) == NULL || fseeko(out, 0, SEEK_END) != 0 ||
	    (have = ftello(out)) == -1) {
		catalog_set_error(c, "%s: %s", part, strerror(errno));
		if (out != NULL)
			fclose(out);
		return (-1);
	}
	f->out = out;
	f->resume = have;
	f->max = FETCH_MAX_AUDIO;
	fetch_all(f, 1, cb, ctx);
	if (fclose(out) != 0 && f->error == NULL)
		f->error = xasprintf("%s: %s", part, strerror(errno));
	if (f->error != NULL && f->status == 416 && have > 0) {
		free(f->error);
		f->error = NULL;
	}
	if (f->error != NULL) {
		catalog_set_error(c, "%s", f->error);
		return (-1);
	}
	return (0);
}

int
catalog_download(struct catalog *c, int64_t episode_id, const char *dir,
    catalog_progress_fn cb, void *ctx)
{
	struct fetch	 f;
	struct stat	 st;
	const char	*ext;
	char		*url, *type, *part = NULL, *path = NULL;
	int		 rc = -1;

	if (download_source(c, episode_id, &url, &type) != 0)
		return (-1);
	memset(&f, 0, sizeof f);
	f.url = url;
	if (download_mkdir(c, dir) != 0)
		goto out;
	part = xasprintf("%s/%lld.part", dir, (long long)episode_id);
	if (download_fetch(c, &f, part, cb, ctx) != 0)
		goto out;
	if ((ext = download_ext(f.type)) == NULL && (ext = download_ext(type)) == NULL)
		ext = "audio";
	path = xasprintf("%s/%lld.%s", dir, (long long)episode_id, ext);
	if (stat(part, &st) == -1 || rename(part, path) == -1) {
		catalog_set_error(c, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = download_record(c, episode_id, path, download_ext(f.type) != NULL ? f.type :
	    type, (int64_t)st.st_size);
out:
	fetch_clear(&f);
	free(part);
	free(path);
	free(url);
	free(type);
	return (rc);
}

char *
catalog_episode_local_audio(struct catalog *c, int64_t episode_id)
{
	sqlite3_stmt	*stmt;
	char		*path = NULL;

	stmt = catalog_prepare(c, "SELECT path FROM download WHERE episode_id = ?");
	if (stmt == NULL)
		return (NULL);
	sqlite3_bind_int64(stmt, 1, episode_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		path = catalog_column_text(stmt, 0);
	sqlite3_finalize(stmt);
	if (path != NULL && access(path, R_OK) != 0) {
		free(path);
		path = NULL;
	}
	return (path);
}
