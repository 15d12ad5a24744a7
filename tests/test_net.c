#include "config.h"

#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <time.h>

#include <check.h>
#include <sqlite3.h>

#include "catalog/catalog.h"
#include "tests/testutil.h"

/* Subscribing, refreshing and downloading against tests/netserver.py on 127.0.0.1. */

#define AUDIO_SIZE	300000

static int	 server_port;
static pid_t	 server_pid;
static char	 base[64];

static char *
url(const char *path)
{
	return (xasprintf("%s%s", base, path));
}

/* What the server has seen, as its /stats JSON. */
static char *
server_stats(void)
{
	struct sockaddr_in	 sa;
	static const char	 req[] = "GET /stats HTTP/1.0\r\n\r\n";
	char			*buf = xmalloc(65536), *body;
	size_t			 n = 0;
	ssize_t			 got;
	int			 fd;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(server_port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	ck_assert_int_eq(write(fd, req, sizeof req - 1), (ssize_t)(sizeof req - 1));
	while (n < 65535 && (got = read(fd, buf + n, 65535 - n)) > 0)
		n += got;
	close(fd);
	buf[n] = '\0';
	body = strstr(buf, "\r\n\r\n");
	ck_assert_ptr_nonnull(body);
	body = xstrdup(body + 4);
	free(buf);
	return (body);
}

static struct catalog *
open_catalog(char **dir)
{
	struct catalog	*c;
	char		*path, *err = NULL;

	*dir = test_tmpdir_new();
	path = xasprintf("%s/catalog.db", *dir);
	ck_assert_msg(catalog_open(path, &c, &err) == 0, "%s", err);
	free(path);
	return (c);
}

/* Runs one statement on the catalog file behind c's back. */
static void
sql_exec(const char *dir, const char *sql)
{
	sqlite3	*db;
	char	*path = xasprintf("%s/catalog.db", dir);

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(path);
}

/* Subscribing to path must fail with a message holding want. */
static void
subscribe_fails(const char *path, const char *want)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	char				*dir, *u;

	c = open_catalog(&dir);
	u = path[0] == '/' ? url(path) : xstrdup(path);
	ck_assert_int_eq(catalog_subscribe(c, u, &r), -1);
	ck_assert_msg(strstr(catalog_error(c), want) != NULL, "%s", catalog_error(c));
	ck_assert_msg(strstr(catalog_error(c), u) != NULL, "%s", catalog_error(c));
	ck_assert_int_eq(catalog_podcast_count(c), 0);
	catalog_import_report_clear(&r);
	free(u);
	catalog_free(c);
	test_tmpdir_free(dir);
}

START_TEST(test_subscribe)
{
	struct catalog_import_report	 r;
	struct catalog_podcast		 p;
	struct catalog_episode		 e[2];
	struct catalog			*c;
	char				*dir, *u;

	c = open_catalog(&dir);
	u = url("/feed.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_str_eq(r.podcast_title, "Net Cast");
	ck_assert_int_eq(r.episodes_added, 2);
	ck_assert_int_eq(r.lines, 3);
	ck_assert_int_eq(r.clips, 2);
	ck_assert_int_eq(r.skipped, 1);
	ck_assert_ptr_nonnull(strstr(r.warnings, "nowhere.vtt: HTTP 404"));
	ck_assert_int_eq(catalog_podcasts(c, 0, 1, &p), 1);
	ck_assert_str_eq(p.feed, u);
	ck_assert_int_eq(catalog_episodes(c, p.id, 0, 2, e), 2);
	ck_assert_str_eq(e[1].title, "Over the wire");
	ck_assert_int_eq(e[1].lines, 3);
	ck_assert_ptr_nonnull(strstr(e[1].audio, "/audio.mp3"));
	ck_assert_ptr_null(catalog_episode_local_audio(c, e[1].id));
	catalog_episode_clear(&e[0]);
	catalog_episode_clear(&e[1]);
	catalog_podcast_clear(&p);
	catalog_import_report_clear(&r);
	free(u);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

static void
count_progress(void *ctx, const struct catalog_progress *p)
{
	int	*finished = ctx;

	if (p->finished)
		(*finished)++;
}

/* Which transfers of a refresh of RF_FEEDS feeds were told finished, and how. */
#define RF_FEEDS	19

struct rf_seen {
	int	finished[RF_FEEDS];
	int	bad;
};

static void
rf_progress(void *ctx, const struct catalog_progress *p)
{
	struct rf_seen	*sn = ctx;

	if (p->count != RF_FEEDS || p->index < 0 || p->index >= RF_FEEDS ||
	    strstr(p->url, "/feed2.xml?n=") == NULL) {
		sn->bad++;
		return;
	}
	if (p->finished)
		sn->finished[p->index]++;
}

START_TEST(test_refresh_many)
{
	struct catalog_refresh_report	 rr;
	struct rf_seen			 sn;
	struct catalog			*c;
	char				*dir, *sql, *u;
	int				 i;

	c = open_catalog(&dir);
	for (i = 0; i < RF_FEEDS; i++) {
		u = url("/feed2.xml");
		sql = xasprintf("INSERT INTO podcast (feed, title) VALUES ('%s?n=%d', "
		    "'Many %d')", u, i, i);
		sql_exec(dir, sql);
		free(sql);
		free(u);
	}
	memset(&sn, 0, sizeof sn);
	ck_assert_int_eq(catalog_refresh(c, rf_progress, &sn, &rr), 0);
	ck_assert_int_eq(rr.n, RF_FEEDS);
	ck_assert_int_eq(sn.bad, 0);
	for (i = 0; i < RF_FEEDS; i++) {
		ck_assert_int_eq(sn.finished[i], 1);
		ck_assert_int_eq(rr.feeds[i].state, CATALOG_FEED_UPDATED);
		ck_assert_int_eq(rr.feeds[i].import.episodes_added, 1);
		ck_assert_str_eq(rr.feeds[i].import.podcast_title, "Second Cast");
	}
	catalog_refresh_report_clear(&rr);
	ck_assert_int_eq(catalog_podcast_count(c), RF_FEEDS);
	ck_assert_int_eq(catalog_episode_count(c, 0), RF_FEEDS);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_refresh)
{
	struct catalog_import_report	 r;
	struct catalog_refresh_report	 rr;
	struct catalog			*c;
	char				*dir, *u, *stats, *sql;
	int				 i, finished = 0, seen_304 = 0, seen_404 = 0;
	int				 seen_new = 0;

	c = open_catalog(&dir);
	u = url("/feed.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	catalog_import_report_clear(&r);
	free(u);
	u = url("/feed2.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	catalog_import_report_clear(&r);
	free(u);
	u = url("/missing.xml");
	sql = xasprintf("INSERT INTO podcast (feed, title) VALUES ('%s', 'Lost');"
	    "INSERT INTO podcast (feed, title) VALUES ('/local/feed.xml', 'Local')", u);
	sql_exec(dir, sql);
	free(sql);
	ck_assert_int_eq(catalog_refresh(c, count_progress, &finished, &rr), 1);
	ck_assert_int_eq(rr.n, 3);
	ck_assert_int_eq(finished, 3);
	for (i = 0; i < rr.n; i++) {
		if (strstr(rr.feeds[i].url, "/feed.xml") != NULL) {
			ck_assert_int_eq(rr.feeds[i].state, CATALOG_FEED_UNCHANGED);
			ck_assert_int_eq(rr.feeds[i].import.episodes_updated, 0);
			seen_304 = 1;
		} else if (strstr(rr.feeds[i].url, "/feed2.xml") != NULL) {
			ck_assert_int_eq(rr.feeds[i].state, CATALOG_FEED_UPDATED);
			ck_assert_int_eq(rr.feeds[i].import.episodes_updated, 0);
			ck_assert_int_eq(rr.feeds[i].import.episodes_unchanged, 1);
			/* Served again with no validators, but byte for byte the same. */
			ck_assert_int_eq(rr.feeds[i].import.feed_unchanged, 1);
			ck_assert_str_eq(rr.feeds[i].import.podcast_title, "Second Cast");
			seen_new = 1;
		} else {
			ck_assert_int_eq(rr.feeds[i].state, CATALOG_FEED_FAILED);
			ck_assert_msg(strstr(rr.feeds[i].error, "HTTP 404 Not Found") != NULL &&
			    strstr(rr.feeds[i].error, u) != NULL, "%s", rr.feeds[i].error);
			seen_404 = 1;
		}
	}
	ck_assert(seen_304 && seen_404 && seen_new);
	stats = server_stats();
	ck_assert_msg(strstr(stats, "\"if_none_match\": 0,") == NULL, "%s", stats);
	free(stats);
	catalog_refresh_report_clear(&rr);
	free(u);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_redirect)
{
	struct catalog_import_report	 r;
	struct catalog_podcast		 p;
	struct catalog			*c;
	char				*dir, *u;

	c = open_catalog(&dir);
	u = url("/moved");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_str_eq(r.podcast_title, "Second Cast");
	ck_assert_ptr_null(r.moved_to);
	ck_assert_int_eq(catalog_podcasts(c, 0, 1, &p), 1);
	ck_assert_str_eq(p.feed, u);
	catalog_podcast_clear(&p);
	catalog_import_report_clear(&r);
	free(u);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

/* The podcast's feed URL in c, of the only podcast. */
static char *
only_feed(struct catalog *c)
{
	struct catalog_podcast	 p;
	char			*feed;

	ck_assert_int_eq(catalog_podcasts(c, 0, 2, &p), 1);
	feed = xstrdup(p.feed);
	catalog_podcast_clear(&p);
	return (feed);
}

START_TEST(test_new_feed_url)
{
	struct catalog_import_report	 r;
	struct catalog_refresh_report	 rr;
	struct catalog			*c;
	char				*dir, *u, *home, *feed, *stats;

	c = open_catalog(&dir);
	u = url("/moving.xml");
	home = url("/newhome.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_int_eq(r.episodes_added, 1);
	ck_assert_ptr_nonnull(r.moved_to);
	ck_assert_str_eq(r.moved_to, home);
	ck_assert_msg(r.warnings != NULL && strstr(r.warnings, "moved to") != NULL,
	    "%s", r.warnings);
	catalog_import_report_clear(&r);
	feed = only_feed(c);
	ck_assert_str_eq(feed, home);
	free(feed);

	/* The next refresh reads the new home, which names itself: no move. */
	ck_assert_int_eq(catalog_refresh(c, NULL, NULL, &rr), 0);
	ck_assert_int_eq(rr.n, 1);
	ck_assert_str_eq(rr.feeds[0].url, home);
	ck_assert_int_eq(rr.feeds[0].state, CATALOG_FEED_UPDATED);
	ck_assert_int_eq(rr.feeds[0].import.episodes_added, 1);
	ck_assert_int_eq(rr.feeds[0].import.episodes_unchanged, 1);
	ck_assert_ptr_null(rr.feeds[0].import.moved_to);
	catalog_refresh_report_clear(&rr);
	ck_assert_int_eq(catalog_episode_count(c, 0), 2);
	stats = server_stats();
	ck_assert_msg(strstr(stats, "\"/newhome.xml\": ") != NULL, "%s", stats);
	free(stats);

	/* A move onto a feed subscribed already is refused, keeping both. */
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_ptr_null(r.moved_to);
	ck_assert_msg(r.warnings != NULL && strstr(r.warnings, "subscribed already") !=
	    NULL, "%s", r.warnings);
	catalog_import_report_clear(&r);
	ck_assert_int_eq(catalog_podcast_count(c), 2);
	free(u);
	free(home);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_redirect_document)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	char				*dir, *u, *home, *feed;

	c = open_catalog(&dir);
	u = url("/gone.xml");
	home = url("/newhome.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_int_eq(r.episodes_added, 2);
	ck_assert_str_eq(r.podcast_title, "Moving Cast");
	ck_assert_ptr_nonnull(r.moved_to);
	ck_assert_str_eq(r.moved_to, home);
	catalog_import_report_clear(&r);
	feed = only_feed(c);
	ck_assert_str_eq(feed, home);
	free(feed);
	free(u);
	free(home);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_permanent_redirect)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	char				*dir, *u, *home, *feed;

	c = open_catalog(&dir);
	u = url("/perm");
	home = url("/newhome.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_ptr_nonnull(r.moved_to);
	ck_assert_str_eq(r.moved_to, home);
	catalog_import_report_clear(&r);
	feed = only_feed(c);
	ck_assert_str_eq(feed, home);
	free(feed);
	free(u);
	free(home);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_charset_in_header)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	char				*dir, *u;

	c = open_catalog(&dir);
	u = url("/latin1.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_str_eq(r.podcast_title, "Caf\xc3\xa9 Cast");
	catalog_import_report_clear(&r);
	free(u);
	/* Valid UTF-8 labelled ISO-8859-1, as many servers do by default. */
	u = url("/mislabeled.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_str_eq(r.podcast_title, "Caf\xc3\xa9 Cast");
	catalog_import_report_clear(&r);
	free(u);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_redirect_loop)
{
	subscribe_fails("/loop", "more than 5 redirects");
}
END_TEST

START_TEST(test_redirect_to_file)
{
	subscribe_fails("/tofile", "not http or https");
}
END_TEST

START_TEST(test_other_schemes)
{
	subscribe_fails("file:///etc/passwd", "only http and https");
	subscribe_fails("ftp://127.0.0.1/feed.xml", "only http and https");
	subscribe_fails("smb://127.0.0.1/feed.xml", "only http and https");
}
END_TEST

START_TEST(test_timeout)
{
	time_t	t0 = time(NULL);

	catalog_net_timeouts_set(2, 2);
	subscribe_fails("/slow.xml", "timed out");
	ck_assert_int_le(time(NULL) - t0, 8);
}
END_TEST

START_TEST(test_gzip)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	char				*dir, *u, *stats;

	c = open_catalog(&dir);
	u = url("/gzip.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	ck_assert_str_eq(r.podcast_title, "Second Cast");
	ck_assert_int_eq(r.episodes_added, 1);
	stats = server_stats();
	ck_assert_msg(strstr(stats, "\"gzip\": 0,") == NULL, "%s", stats);
	free(stats);
	catalog_import_report_clear(&r);
	free(u);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_too_big)
{
	subscribe_fails("/big.xml", "larger than 64 MB");
}
END_TEST

START_TEST(test_dropped)
{
	subscribe_fails("/drop.xml", "connection closed");
}
END_TEST

START_TEST(test_not_found)
{
	subscribe_fails("/nothing.xml", "HTTP 404");
}
END_TEST

START_TEST(test_download_resume)
{
	struct catalog_import_report	 r;
	struct catalog			*c;
	char				*dir, *u, *audio, *part, *want, *path, *got, *stats;
	int64_t				 id;
	size_t				 i, len;
	int				 finished = 0;

	c = open_catalog(&dir);
	u = url("/feed.xml");
	ck_assert_msg(catalog_subscribe(c, u, &r) == 0, "%s", catalog_error(c));
	id = catalog_episode_find_guid(c, r.podcast_id, "net-ep1");
	ck_assert_int_gt(id, 0);
	want = xmalloc(AUDIO_SIZE);
	for (i = 0; i < AUDIO_SIZE; i++)
		want[i] = (char)((i * 7) % 251);
	audio = xasprintf("%s/audio", dir);
	ck_assert_int_eq(mkdir(audio, 0755), 0);
	part = xasprintf("%s/%lld.part", audio, (long long)id);
	test_write_file(part, want, 1000);
	ck_assert_msg(catalog_download(c, id, audio, count_progress, &finished) == 0, "%s",
	    catalog_error(c));
	ck_assert_int_eq(finished, 1);
	ck_assert_int_eq(access(part, F_OK), -1);
	path = catalog_episode_local_audio(c, id);
	ck_assert_ptr_nonnull(path);
	free(u);
	u = xasprintf("%s/%lld.mp3", audio, (long long)id);
	ck_assert_str_eq(path, u);
	got = test_read_file(path, &len);
	ck_assert_uint_eq(len, AUDIO_SIZE);
	ck_assert(memcmp(got, want, AUDIO_SIZE) == 0);
	stats = server_stats();
	ck_assert_msg(strstr(stats, "\"range\": \"bytes=1000-\"") != NULL, "%s", stats);
	free(stats);

	/* Gone from the disk, it is no longer offered. */
	unlink(path);
	free(path);
	ck_assert_ptr_null(catalog_episode_local_audio(c, id));
	ck_assert_int_eq(catalog_download(c, r.podcast_id + 1000, audio, NULL, NULL), -1);
	free(got);
	free(want);
	free(part);
	free(audio);
	free(u);
	catalog_import_report_clear(&r);
	catalog_free(c);
	test_tmpdir_free(dir);
}
END_TEST

/* Starts tests/netserver.py and reads the port it prints; 0 when it cannot run. */
static int
server_start(void)
{
	char	*script = test_data_path("tests/netserver.py");
	char	*data = test_data_path("tests/data/net");
	char	 line[32];
	FILE	*f;
	int	 fds[2];

	if (pipe(fds) == -1)
		return (0);
	if ((server_pid = fork()) == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("python3", "python3", script, data, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	free(script);
	free(data);
	f = fdopen(fds[0], "r");
	if (f == NULL || fgets(line, sizeof line, f) == NULL) {
		if (f != NULL)
			fclose(f);
		return (0);
	}
	fclose(f);
	server_port = atoi(line);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", server_port);
	return (server_port);
}

static Suite *
net_suite(void)
{
	Suite	*s = suite_create("net");
	TCase	*tc = tcase_create("http");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_subscribe);
	tcase_add_test(tc, test_refresh);
	tcase_add_test(tc, test_refresh_many);
	tcase_add_test(tc, test_redirect);
	tcase_add_test(tc, test_new_feed_url);
	tcase_add_test(tc, test_permanent_redirect);
	tcase_add_test(tc, test_redirect_document);
	tcase_add_test(tc, test_charset_in_header);
	tcase_add_test(tc, test_redirect_loop);
	tcase_add_test(tc, test_redirect_to_file);
	tcase_add_test(tc, test_other_schemes);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_gzip);
	tcase_add_test(tc, test_too_big);
	tcase_add_test(tc, test_dropped);
	tcase_add_test(tc, test_not_found);
	tcase_add_test(tc, test_download_resume);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	int	 rc;

	signal(SIGPIPE, SIG_IGN);
	if (server_start() == 0) {
		fputs("test_net: cannot start tests/netserver.py; skipped\n", stderr);
		return (77);
	}
	rc = test_suite_run(net_suite(), CK_FORK_GETENV);
	kill(server_pid, SIGTERM);
	waitpid(server_pid, NULL, 0);
	return (rc);
}
