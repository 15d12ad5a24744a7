#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "testdb.h"
#include "testutil.h"

static char	*tmpdir;
static char	*dbpath;

static struct catalog *
open_ok(const char *path)
{
	struct catalog	*c;
	char		*err = NULL;

	ck_assert_msg(catalog_open(path, &c, &err) == 0, "%s", err);
	return (c);
}

/* A catalog at dbpath holding the basic test feed, closed again. */
static void
setup_filled(void)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	char				*feed;

	tmpdir = test_tmpdir_new();
	dbpath = xasprintf("%s/catalog.db", tmpdir);
	c = open_ok(dbpath);
	feed = test_data_path("tests/data/feeds/basic.xml");
	ck_assert_msg(catalog_import_feed(c, feed, &r) == 0, "%s", catalog_error(c));
	catalog_import_report_clear(&r);
	free(feed);
	catalog_free(c);
}

static void
teardown_filled(void)
{
	chmod(tmpdir, 0700);
	test_tmpdir_free(tmpdir);
	tmpdir = NULL;
	free(dbpath);
	dbpath = NULL;
}

/* Counts episodes, transcript lines and clips, as one number to compare. */
static int
content_count(struct catalog *c)
{
	struct catalog_episode	e[16];
	int			n, i, sum = 0;

	n = catalog_episodes(c, 0, 0, 16, e);
	ck_assert_int_ge(n, 1);
	for (i = 0; i < n; i++) {
		sum += 1000 + e[i].lines * 10 + e[i].clips;
		catalog_episode_clear(&e[i]);
	}
	return (sum + catalog_podcast_count(c) * 100000);
}

START_TEST(test_migration_backup)
{
	struct catalog	*c;
	char		*bak, *v, *title;

	title = test_sql_one(dbpath, "SELECT title FROM podcast");
	ck_assert_ptr_nonnull(title);
	/* Back to schema 1. */
	test_sql_run(dbpath, TEST_SCHEMA6_UNDO
	    "DROP TRIGGER episode_fts_insert; "
	    "DROP TRIGGER episode_fts_delete; "
	    "DROP TRIGGER episode_fts_update; "
	    "DROP TABLE episode_fts; "
	    "DROP TRIGGER clip_fts_insert; "
	    "DROP TRIGGER clip_fts_delete; "
	    "DROP TRIGGER clip_fts_update; "
	    "DROP TABLE clip_fts; "
	    "ALTER TABLE podcast DROP COLUMN rate; "
	    "ALTER TABLE episode DROP COLUMN played; "
	    "DROP INDEX clip_created; "
	    "DROP TABLE feed_cache; "
	    "DROP TABLE download; "
	    "ALTER TABLE line DROP COLUMN words; "
	    "ALTER TABLE line DROP COLUMN stamped; "
	    "PRAGMA user_version = 1");
	bak = xasprintf("%s.bak-v1", dbpath);
	ck_assert_int_eq(access(bak, F_OK), -1);

	c = open_ok(dbpath);
	ck_assert_int_eq(catalog_schema_version(c), 6);
	catalog_free(c);

	ck_assert_int_eq(access(bak, F_OK), 0);
	v = test_sql_one(bak, "PRAGMA user_version");
	ck_assert_str_eq(v, "1");
	free(v);
	v = test_sql_one(bak, "SELECT title FROM podcast");
	ck_assert_str_eq(v, title);
	free(v);
	v = test_sql_one(bak, "SELECT count(*) FROM pragma_table_info('podcast') "
	    "WHERE name = 'rate'");
	ck_assert_str_eq(v, "0");
	free(v);
	free(title);
	free(bak);
}
END_TEST

START_TEST(test_damaged_refused)
{
	struct catalog	*c;
	char		*before, *after, *err = NULL;
	size_t		 len, len2, i;

	before = test_read_file(dbpath, &len);
	ck_assert_uint_gt(len, 4 * 4096);
	for (i = len / 4; i < len * 3 / 4; i++)
		before[i] = (char)(0x5a ^ (i * 131));
	test_write_file(dbpath, before, len);

	ck_assert_int_eq(catalog_open(dbpath, &c, &err), -1);
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, "damaged") != NULL, "%s", err);
	ck_assert_msg(strstr(err, dbpath) != NULL, "%s", err);
	ck_assert_msg(strstr(err, "Move it aside") != NULL, "%s", err);
	free(err);

	after = test_read_file(dbpath, &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert_int_eq(memcmp(before, after, len), 0);
	free(before);
	free(after);
}
END_TEST

/*
 * Root writes through file modes, so a test of them runs as nobody; Check
 * forks each test, so the change ends with it.
 */
static int
drop_root(void)
{
	const char	*fork = getenv("CK_FORK");
	char		*path;

	if (geteuid() != 0)
		return (0);
	if (fork != NULL && strcmp(fork, "no") == 0)
		return (-1);
	ck_assert_int_eq(chown(tmpdir, 65534, 65534), 0);
	ck_assert_int_eq(chown(dbpath, 65534, 65534), 0);
	path = xasprintf("%s-wal", dbpath);
	(void)chown(path, 65534, 65534);
	free(path);
	path = xasprintf("%s-shm", dbpath);
	(void)chown(path, 65534, 65534);
	free(path);
	ck_assert_int_eq(setgid(65534), 0);
	ck_assert_int_eq(setuid(65534), 0);
	return (0);
}

static char	*big_feed(void);

static void
check_read_only(const char *feed)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	struct catalog_episode		 e;

	c = open_ok(dbpath);
	ck_assert_int_eq(catalog_read_only(c), 1);
	ck_assert_int_eq(catalog_podcast_count(c), 1);
	ck_assert_int_eq(catalog_episodes(c, 0, 0, 1, &e), 1);
	ck_assert_int_eq(catalog_resume_set(c, e.id, 1234), -1);
	ck_assert_msg(strstr(catalog_error(c), "read-only") != NULL, "%s",
	    catalog_error(c));
	catalog_episode_clear(&e);
	ck_assert_int_eq(catalog_import_feed(c, feed, &r), -1);
	ck_assert_msg(strstr(catalog_error(c), "read-only") != NULL, "%s",
	    catalog_error(c));
	catalog_import_report_clear(&r);
	catalog_free(c);
}

START_TEST(test_read_only_file)
{
	struct catalog	*c;
	char		*feed;

	if (drop_root() != 0)
		return;
	feed = big_feed();
	c = open_ok(dbpath);
	ck_assert_int_eq(catalog_read_only(c), 0);
	catalog_free(c);
	ck_assert_int_eq(chmod(dbpath, 0444), 0);
	check_read_only(feed);
	free(feed);
}
END_TEST

START_TEST(test_read_only_folder)
{
	char	*feed;

	if (drop_root() != 0)
		return;
	feed = big_feed();
	ck_assert_int_eq(chmod(tmpdir, 0555), 0);
	check_read_only(feed);
	free(feed);
}
END_TEST

START_TEST(test_backup_copy)
{
	struct catalog	*c, *copy;
	char		*dest;

	dest = xasprintf("%s/copy.db", tmpdir);
	c = open_ok(dbpath);
	ck_assert_msg(catalog_backup(c, dest) == 0, "%s", catalog_error(c));
	copy = open_ok(dest);
	ck_assert_int_eq(catalog_schema_version(copy), 6);
	ck_assert_int_eq(content_count(copy), content_count(c));
	catalog_free(copy);

	ck_assert_int_eq(catalog_backup(c, "/nonexistent/folder/copy.db"), -1);
	ck_assert_msg(strstr(catalog_error(c), "/nonexistent/folder/copy.db") != NULL,
	    "%s", catalog_error(c));
	catalog_free(c);
	free(dest);
}
END_TEST

/* Writes a feed big enough that importing it needs many pages. */
static char *
big_feed(void)
{
	char	*path, *item, *desc;
	FILE	*f;
	int	 i;

	path = xasprintf("%s/big.xml", tmpdir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	desc = xmalloc(2001);
	memset(desc, 'x', 2000);
	desc[2000] = '\0';
	fputs("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
	    "<title>Big</title>\n", f);
	for (i = 0; i < 300; i++) {
		item = xasprintf("<item><title>Episode %d</title><guid>big-%d</guid>"
		    "<description>%s</description><enclosure url=\"http://example.com/"
		    "%d.mp3\" type=\"audio/mpeg\" length=\"1\"/></item>\n", i, i, desc,
		    i);
		fputs(item, f);
		free(item);
	}
	fputs("</channel></rss>\n", f);
	ck_assert_int_eq(fclose(f), 0);
	free(desc);
	return (path);
}

START_TEST(test_disk_full)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	struct rlimit			 rl;
	char				*feed, *before, *after;
	size_t				 len, len2;
	int				 count, status;
	pid_t				 pid;

	feed = big_feed();
	c = open_ok(dbpath);
	count = content_count(c);
	catalog_free(c);
	before = test_read_file(dbpath, &len);

	if ((pid = fork()) == 0) {
		free(before);
		signal(SIGXFSZ, SIG_IGN);
		c = open_ok(dbpath);
		rl.rlim_cur = rl.rlim_max = 16384;
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(3);
		if (catalog_import_feed(c, feed, &r) == 0)
			_exit(1);
		if (strstr(catalog_error(c), "nothing was saved") == NULL ||
		    strstr(catalog_error(c), dbpath) == NULL) {
			fprintf(stderr, "unclear error: %s\n", catalog_error(c));
			_exit(2);
		}
		catalog_import_report_clear(&r);
		catalog_free(c);
		_exit(0);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child status %d", status);

	after = test_read_file(dbpath, &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert_int_eq(memcmp(before, after, len), 0);
	c = open_ok(dbpath);
	ck_assert_int_eq(content_count(c), count);
	ck_assert_int_eq(catalog_podcast_count(c), 1);
	catalog_free(c);
	free(before);
	free(after);
	free(feed);
}
END_TEST

static Suite *
safety_suite(void)
{
	Suite	*s = suite_create("safety");
	TCase	*tc;

	tc = tcase_create("catalog");
	tcase_add_checked_fixture(tc, setup_filled, teardown_filled);
	tcase_add_test(tc, test_migration_backup);
	tcase_add_test(tc, test_damaged_refused);
	tcase_add_test(tc, test_read_only_file);
	tcase_add_test(tc, test_read_only_folder);
	tcase_add_test(tc, test_backup_copy);
	tcase_add_test(tc, test_disk_full);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (test_suite_run(safety_suite(), CK_FORK_GETENV));
}
