#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xxhash.h>

#include "catalog/import.h"
#include "catalog/internal.h"
#include "util/xmalloc.h"

/*
 * Bump when the same feed bytes would import differently (the parser or the
 * import learned something), so every feed is read again once.
 */
#define DIGEST_VERSION "earmark-import-1"
#define DIGEST_CHUNK (256 * 1024)

/* Adds s and its terminating NUL, so "ab","c" and "a","bc" differ. */
static void
digest_string(XXH3_state_t *st, const char *s)
{
	if (s == NULL)
		s = "";
	if (XXH3_128bits_update(st, s, strlen(s) + 1) != XXH_OK)
		BUG();
}

/* Adds a regular file's bytes from offset 0, leaving its offset alone. */
static int
digest_fd(XXH3_state_t *st, int fd)
{
	struct stat	 sb;
	char		*buf;
	off_t		 off = 0;
	ssize_t		 n;

	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode))
		return (-1);
	buf = xmalloc(DIGEST_CHUNK);
	for (;;) {
		n = pread(fd, buf, DIGEST_CHUNK, off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (XXH3_128bits_update(st, buf, (size_t)n) != XXH_OK)
			BUG();
		off += n;
	}
	free(buf);
	return (n == 0 ? 0 : -1);
}

char *
import_digest(const struct import_ctx *x, const struct feed_source *src)
{
	XXH3_state_t		*st;
	XXH128_canonical_t	 canon;
	char			*hex;
	size_t			 i;
	int			 rc = 0;

	if ((st = XXH3_createState()) == NULL)
		BUG();
	if (XXH3_128bits_reset(st) != XXH_OK)
		BUG();
	digest_string(st, DIGEST_VERSION);
	digest_string(st, x->c->language);
	digest_string(st, x->moved);
	digest_string(st, src->base_url);
	digest_string(st, src->charset);
	digest_string(st, x->get != NULL ? "fetching" : "local");
	if (src->buf != NULL) {
		if (XXH3_128bits_update(st, src->buf, src->len) != XXH_OK)
			BUG();
	} else
		rc = digest_fd(st, src->fd);
	XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(st));
	XXH3_freeState(st);
	if (rc != 0)
		return (NULL);
	hex = xmalloc(2 * sizeof canon.digest + 1);
	for (i = 0; i < sizeof canon.digest; i++)
		snprintf(hex + 2 * i, 3, "%02x", canon.digest[i]);
	return (hex);
}

int
import_digest_same(struct import_ctx *x, const char *digest)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = catalog_prepare(x->c, "SELECT p.id, p.title, (SELECT count(*) FROM "
	    "episode WHERE podcast_id = p.id) FROM podcast AS p "
	    "WHERE p.feed = ? AND p.feed_digest = ?");
	if (stmt == NULL)
		return (-1);
	catalog_bind_text(stmt, 1, x->feed_url);
	catalog_bind_text(stmt, 2, digest);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		x->r->podcast_id = sqlite3_column_int64(stmt, 0);
		free(x->r->podcast_title);
		x->r->podcast_title = catalog_column_text(stmt, 1);
		x->r->episodes_unchanged = sqlite3_column_int(stmt, 2);
		x->r->feed_unchanged = 1;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (catalog_sql_error(x->c, "reading the feed's last import"));
	return (rc == SQLITE_ROW);
}

int
import_digest_save(struct import_ctx *x, const char *digest)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (x->podcast_id == 0)
		return (0);
	/* NULL forgets the last digest: the next import reads the feed. */
	stmt = catalog_prepare(x->c, "UPDATE podcast SET feed_digest = ? WHERE id = ?");
	if (stmt == NULL)
		return (-1);
	catalog_bind_text(stmt, 1, digest);
	sqlite3_bind_int64(stmt, 2, x->podcast_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (catalog_sql_error(x->c, "saving the feed's digest"));
	return (0);
}

int
catalog_import_unchanged(struct catalog *c, const struct feed_source *src,
    const char *feed_url, import_get_fn get, const char *moved,
    struct catalog_import_report *report)
{
	struct import_ctx	 x;
	char			*digest;
	int			 rc = 0;

	import_ctx_init(&x, c, feed_url, get, NULL, report);
	x.moved = moved != NULL && *moved != '\0' ? moved : NULL;
	if ((digest = import_digest(&x, src)) != NULL)
		rc = import_digest_same(&x, digest);
	free(digest);
	import_ctx_clear(&x);
	return (rc);
}
