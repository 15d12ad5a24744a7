#ifndef EARMARK_TESTUTIL_H
#define EARMARK_TESTUTIL_H

/*
 * Small helpers shared by the unit tests. Include after config.h. Every
 * returned string is the caller's to free; failures abort the test program.
 */

#include <sys/stat.h>

#include <check.h>

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/xmalloc.h"

/*
 * SQL taking a catalog at schema 6 back to schema 5's shape (no fts_hold,
 * no podcast.feed_digest, the triggers without their WHEN), for the tests
 * that make older catalogs from a new one; the caller sets user_version.
 */
#define TEST_SCHEMA6_UNDO \
	"DROP TRIGGER episode_fts_insert; DROP TRIGGER episode_fts_delete; " \
	"DROP TRIGGER episode_fts_update; DROP TRIGGER line_fts_insert; " \
	"DROP TRIGGER line_fts_delete; DROP TRIGGER line_fts_update; " \
	"DROP TABLE fts_hold; ALTER TABLE podcast DROP COLUMN feed_digest; " \
	"CREATE TRIGGER episode_fts_insert AFTER INSERT ON episode BEGIN " \
	"  INSERT INTO episode_fts (rowid, title, description) " \
	"    VALUES (new.id, new.title, new.description); END; " \
	"CREATE TRIGGER episode_fts_delete AFTER DELETE ON episode BEGIN " \
	"  INSERT INTO episode_fts (episode_fts, rowid, title, description) " \
	"    VALUES ('delete', old.id, old.title, old.description); END; " \
	"CREATE TRIGGER episode_fts_update AFTER UPDATE OF title, description " \
	"  ON episode BEGIN " \
	"  INSERT INTO episode_fts (episode_fts, rowid, title, description) " \
	"    VALUES ('delete', old.id, old.title, old.description); " \
	"  INSERT INTO episode_fts (rowid, title, description) " \
	"    VALUES (new.id, new.title, new.description); END; " \
	"CREATE TRIGGER line_fts_insert AFTER INSERT ON line BEGIN " \
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text); END; " \
	"CREATE TRIGGER line_fts_delete AFTER DELETE ON line BEGIN " \
	"  INSERT INTO line_fts (line_fts, rowid, text) " \
	"    VALUES ('delete', old.id, old.text); END; " \
	"CREATE TRIGGER line_fts_update AFTER UPDATE OF text ON line BEGIN " \
	"  INSERT INTO line_fts (line_fts, rowid, text) " \
	"    VALUES ('delete', old.id, old.text); " \
	"  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text); END; "

/*
 * Runs every test of s, forking as forking says (CK_FORK_GETENV: as the
 * CK_FORK variable says, else forking); EXIT_SUCCESS when all passed.
 */
static inline int
test_suite_run(Suite *s, enum fork_status forking)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_set_fork_status(sr, forking);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}

/* Path of rel inside the source tree ($top_srcdir, else "."). */
static inline char *
test_data_path(const char *rel)
{
	const char	*top = getenv("top_srcdir");

	if (top == NULL || *top == '\0')
		top = ".";
	return (xasprintf("%s/%s", top, rel));
}

/* Makes a new empty folder under $TMPDIR (else /tmp). */
static inline char *
test_tmpdir_new(void)
{
	const char	*base = getenv("TMPDIR");
	char		*dir;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	dir = xasprintf("%s/earmark-test.XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
		abort();
	}
	return (dir);
}

static inline int
test_tmpdir_remove_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return (remove(path) == 0 ? 0 : -1);
}

/* Removes dir and all it holds, then frees dir. */
static inline void
test_tmpdir_free(char *dir)
{
	if (dir == NULL)
		return;
	nftw(dir, test_tmpdir_remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Reads a whole file into a NUL-terminated buffer; *len gets its size. */
static inline char *
test_read_file(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 n = 0, cap = 0, got;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		abort();
	}
	do {
		if (cap - n < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		abort();
	}
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return (buf);
}

/* Writes len bytes of data to path, replacing it. */
static inline void
test_write_file(const char *path, const char *data, size_t len)
{
	FILE	*f;

	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		abort();
	}
}

/* Monotonic time in ms. */
static inline int64_t
test_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/*
 * Runs the shell command cmd in dir with its output dropped; 0 when it
 * succeeded and left name there, not empty (name NULL: nothing to look for).
 */
static inline int
test_sh_in(const char *dir, const char *cmd, const char *name)
{
	char *full, *path;
	struct stat sb;
	int ok;

	full = xasprintf("cd '%s' && { %s; } >/dev/null 2>&1", dir, cmd);
	ok = system(full) == 0;
	free(full);
	if (ok && name != NULL) {
		path = xasprintf("%s/%s", dir, name);
		ok = stat(path, &sb) == 0 && sb.st_size > 0;
		free(path);
	}
	return (ok ? 0 : -1);
}

#endif
