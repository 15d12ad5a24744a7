#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "player/player.h"
#include "tests/asan_libvlc.h"
#include "tests/testutil.h"

/*
 * Chapters carried by media files, read through the real libvlc from files
 * ffmpeg writes (MP4, Ogg/Opus, Matroska, MP3 with ID3 CHAP frames), and kept
 * in the real catalog.
 */

static char *dir;

/* Runs cmd in dir, which must leave a non-empty file name behind. */
static void
make(const char *cmd, const char *name)
{
	if (test_sh_in(dir, cmd, name) != 0)
		ck_abort_msg("could not make %s with: %s", name, cmd);
}

static void
setup(void)
{
	FILE	*f;
	char	*p;

	dir = test_tmpdir_new();
	p = xasprintf("%s/meta.txt", dir);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	/* The second title carries an escape sequence that must not survive. */
	fputs(";FFMETADATA1\ntitle=The whole file\n"
	    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=4000\ntitle=Opening words\n"
	    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=4000\nEND=9000\ntitle=Caf\xc3\xa9 \x1b[2Jtalk\n"
	    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=9000\nEND=12000\ntitle=Close\n", f);
	fclose(f);
	free(p);
	make("sox -n -r 44100 -c 1 tone.wav synth 12 sine 440 vol 0.3", "tone.wav");
	make("ffmpeg -y -i tone.wav -i meta.txt -map_metadata 1 -map_chapters 1 t.m4a", "t.m4a");
	make("ffmpeg -y -i tone.wav -i meta.txt -map_metadata 1 -map_chapters 1 t.opus", "t.opus");
	make("ffmpeg -y -i tone.wav -i meta.txt -map_metadata 1 -map_chapters 1 t.mka", "t.mka");
	make("ffmpeg -y -i tone.wav -i meta.txt -map_metadata 1 -map_chapters 1 t.mp3", "t.mp3");
	make("ffmpeg -y -i tone.wav plain.m4a", "plain.m4a");
}

static void
teardown(void)
{
	test_tmpdir_free(dir);
	dir = NULL;
}

/* Reads the chapters of dir/name, expecting success. */
static int
chapters_of(const char *name, struct player_chapter **c)
{
	char	*path, *err = NULL;
	int	 n = -1;

	path = xasprintf("%s/%s", dir, name);
	ck_assert_msg(player_chapters(path, c, &n, &err) == 0, "%s: %s", name, err);
	free(path);
	return (n);
}

/* Each container that carries chapters gives their times and titles. */
START_TEST(test_containers)
{
	static const char *const names[] = { "t.m4a", "t.opus", "t.mka" };
	struct player_chapter	*c;
	size_t			 i;
	int			 n;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		n = chapters_of(names[i], &c);
		ck_assert_msg(n == 3, "%s: %d chapters", names[i], n);
		ck_assert_int_eq(c[0].start_ms, 0);
		ck_assert_int_eq(c[1].start_ms, 4000);
		ck_assert_int_eq(c[2].start_ms, 9000);
		ck_assert_int_eq(c[0].end_ms, 4000);
		ck_assert_int_eq(c[1].end_ms, 9000);
		ck_assert_str_eq(c[0].title, "Opening words");
		ck_assert_ptr_nonnull(strstr(c[1].title, "Caf\xc3\xa9"));
		ck_assert_str_eq(c[2].title, "Close");
		player_chapters_free(c, n);
	}
}
END_TEST

/* A file without chapters gives none; libvlc does not read MP3's CHAP frames. */
START_TEST(test_none)
{
	struct player_chapter	*c;

	ck_assert_int_eq(chapters_of("plain.m4a", &c), 0);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(chapters_of("t.mp3", &c), 0);
	ck_assert_int_eq(chapters_of("tone.wav", &c), 0);
}
END_TEST

/* A missing file, a URL and other schemes are refused with a message. */
START_TEST(test_refused)
{
	static const char *const bad[] = {
		"/nonexistent/file.m4a", "http://127.0.0.1:9/x.m4a", "file:///etc/passwd",
	};
	struct player_chapter	*c;
	char			*err;
	size_t			 i;
	int			 n;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		ck_assert_int_eq(player_chapters(bad[i], &c, &n, &err), -1);
		ck_assert_msg(err != NULL && *err != '\0', "%s: no message", bad[i]);
		ck_assert_int_eq(n, 0);
		free(err);
	}
}
END_TEST

/* Writes a feed of one episode whose audio is dir/t.m4a and imports it. */
static int64_t
import_one(struct catalog *cat)
{
	struct catalog_import_report	 r;
	struct catalog_episode		 e[1];
	FILE				*f;
	char				*feed;
	int64_t				 id;

	feed = xasprintf("%s/feed.xml", dir);
	f = fopen(feed, "w");
	ck_assert_ptr_nonnull(f);
	fputs("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Chaptered</title>"
	    "<item><title>One</title><guid>one</guid>"
	    "<enclosure url=\"t.m4a\" type=\"audio/mp4\" length=\"1\"/></item>"
	    "</channel></rss>", f);
	fclose(f);
	memset(&r, 0, sizeof r);
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	ck_assert_int_eq(catalog_episodes(cat, r.podcast_id, 0, 1, e), 1);
	id = e[0].id;
	catalog_episode_clear(&e[0]);
	catalog_import_report_clear(&r);
	free(feed);
	return (id);
}

/* Chapters read from a file become chapter clips, once, with clean titles. */
START_TEST(test_catalog)
{
	struct catalog_clip	 k[8];
	struct player_chapter	*pc;
	struct chapter_list	 l;
	struct catalog		*cat;
	char			*path, *err = NULL;
	int64_t			 id;
	int			 i, n;

	path = xasprintf("%s/catalog.db", dir);
	ck_assert_msg(catalog_open(path, &cat, &err) == 0, "%s", err);
	id = import_one(cat);
	n = chapters_of("t.m4a", &pc);
	ck_assert_int_eq(n, 3);
	l.n = n;
	l.items = xcalloc(n, sizeof *l.items);
	for (i = 0; i < n; i++) {
		l.items[i].start_ms = pc[i].start_ms;
		l.items[i].end_ms = pc[i].end_ms;
		l.items[i].title = pc[i].title;
		l.items[i].toc = 1;
	}
	l.items[2].end_ms = -1;	/* The last runs to the episode's end, here unknown. */
	ck_assert_int_eq(catalog_media_chapters_add(cat, id, &l), 2);
	ck_assert_int_eq(catalog_clip_count(cat, id), 2);
	ck_assert_int_eq(catalog_clips(cat, id, 0, 8, k), 2);
	ck_assert_int_eq(k[0].kind, CLIP_CHAPTER);
	ck_assert_str_eq(k[0].title, "Opening words");
	ck_assert_int_eq(k[1].start_ms, 4000);
	ck_assert_int_eq(k[1].end_ms, 9000);
	ck_assert_ptr_null(strchr(k[1].title, '\x1b'));
	ck_assert_ptr_nonnull(strstr(k[1].title, "talk"));
	catalog_clip_clear(&k[0]);
	catalog_clip_clear(&k[1]);
	/* A second reading adds nothing. */
	ck_assert_int_eq(catalog_media_chapters_add(cat, id, &l), 0);
	ck_assert_int_eq(catalog_clip_count(cat, id), 2);
	free(l.items);
	player_chapters_free(pc, n);
	catalog_free(cat);
	free(path);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("mediachap");
	TCase	*tc = tcase_create("mediachap");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_containers);
	tcase_add_test(tc, test_none);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_catalog);
	suite_add_tcase(s, tc);
	return (test_suite_run(s, CK_FORK_GETENV));
}
