#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "testutil.h"

/*
 * Checks config_parse() on the files under tests/data/config, and that every
 * input a fuzz run found (tests/data/config/crashes) parses without harm.
 */

static void
config_parse_file(const char *rel, struct config *c, int *rc)
{
	char	*path, *buf;
	size_t	 len;

	path = test_data_path(rel);
	buf = test_read_file(path, &len);
	config_init(c);
	*rc = config_parse(buf, len, c);
	free(buf);
	free(path);
}

START_TEST(test_full)
{
	struct config	 c;
	int		 rc;

	config_parse_file("tests/data/config/full.conf", &c, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(c.errors);
	ck_assert_int_eq(c.seek_short_ms, 5000);
	ck_assert_int_eq(c.seek_long_ms, 30000);
	ck_assert_int_eq(c.quick_clip_ms, 12500);
	ck_assert_str_eq(c.audio_output, "pulse");
	ck_assert_ptr_null(c.audio_device);
	ck_assert_int_eq(c.colour, 0);
	ck_assert_int_eq(c.nentries, 4);
	ck_assert_str_eq(c.entries[0].name, "colour.current");
	ck_assert_str_eq(c.entries[0].value, "black,yellow,bold");
	ck_assert_str_eq(c.entries[3].name, "key.quick-clip");
	ck_assert_str_eq(c.entries[3].value, "C-b F5 S-Tab");
	ck_assert_int_eq(c.entries[3].line, 14);
	config_clear(&c);
}
END_TEST

START_TEST(test_bad)
{
	struct config	 c;
	int		 rc;

	config_parse_file("tests/data/config/bad.conf", &c, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(c.nerrors, 8);
	ck_assert_int_eq(c.seek_short_ms, 5000);
	ck_assert_int_eq(c.seek_long_ms, 30000);
	ck_assert_int_eq(c.quick_clip_ms, 30000);
	ck_assert_int_eq(c.follow_timeout_ms, 15000);
	ck_assert_int_eq(c.colour, 1);
	ck_assert_ptr_nonnull(strstr(c.errors, "line 1: seek-short wants seconds"));
	ck_assert_ptr_nonnull(strstr(c.errors, "line 4: expected name = value"));
	ck_assert_ptr_nonnull(strstr(c.errors, "line 7: unknown setting 'unknown'"));
	ck_assert_ptr_nonnull(strstr(c.errors, "line 8: follow-timeout"));
	config_clear(&c);
}
END_TEST

START_TEST(test_nul_and_size)
{
	struct config	 c;
	char		*big;
	static const char nul[] = "seek-short = 7\nseek-long\0 = 9\nquick-clip = 3";

	config_init(&c);
	ck_assert_int_eq(config_parse(nul, sizeof nul - 1, &c), -1);
	ck_assert_int_eq(c.seek_short_ms, 7000);
	ck_assert_int_eq(c.seek_long_ms, 30000);
	ck_assert_int_eq(c.quick_clip_ms, 3000);
	ck_assert_ptr_nonnull(strstr(c.errors, "line 2: unreadable"));
	config_clear(&c);

	big = xmalloc(1024 * 1024);
	memset(big, '#', 1024 * 1024);
	config_init(&c);
	ck_assert_int_eq(config_parse(big, 1024 * 1024, &c), -1);
	ck_assert_ptr_nonnull(strstr(c.errors, "larger than"));
	config_clear(&c);
	free(big);
}
END_TEST

/*
 * words is off by default; auto highlights words, except in a session over
 * SSH.
 */
START_TEST(test_words_auto)
{
	struct config	 c;
	static const char on[] = "words = on\n", aut[] = "words = auto\n",
	    bad[] = "words = sometimes\n";

	unsetenv("SSH_CONNECTION");
	unsetenv("SSH_CLIENT");
	unsetenv("SSH_TTY");
	config_init(&c);
	ck_assert_int_eq(c.words, 0);
	ck_assert_int_eq(config_parse(aut, sizeof aut - 1, &c), 0);
	ck_assert_int_eq(c.words, 1);
	config_clear(&c);

	setenv("SSH_CONNECTION", "192.0.2.1 50000 192.0.2.2 22", 1);
	config_init(&c);
	ck_assert_int_eq(c.words, 0);
	ck_assert_int_eq(config_parse(on, sizeof on - 1, &c), 0);
	ck_assert_int_eq(c.words, 1);
	ck_assert_int_eq(config_parse(aut, sizeof aut - 1, &c), 0);
	ck_assert_int_eq(c.words, 0);
	ck_assert_int_eq(config_parse(bad, sizeof bad - 1, &c), -1);
	ck_assert_ptr_nonnull(strstr(c.errors, "words is on, off or auto, not 'sometimes'"));
	config_clear(&c);
	unsetenv("SSH_CONNECTION");

	setenv("SSH_TTY", "/dev/pts/3", 1);
	config_init(&c);
	ck_assert_int_eq(config_parse(on, sizeof on - 1, &c), 0);
	ck_assert_int_eq(c.words, 1);
	ck_assert_int_eq(config_parse(aut, sizeof aut - 1, &c), 0);
	ck_assert_int_eq(c.words, 0);
	config_clear(&c);
	unsetenv("SSH_TTY");
}
END_TEST

/* Every fuzz crash input kept under tests/data/config/crashes parses cleanly. */
START_TEST(test_crashes)
{
	char		*dir, *path, *buf;
	DIR		*d;
	struct dirent	*de;
	struct config	 c;
	size_t		 len;
	int		 n = 0;

	dir = test_data_path("tests/data/config/crashes");
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "SOURCES.md") == 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		buf = test_read_file(path, &len);
		config_init(&c);
		config_parse(buf, len, &c);
		ck_assert_int_le(c.nentries, 512);
		config_clear(&c);
		free(buf);
		free(path);
		n++;
	}
	closedir(d);
	free(dir);
	ck_assert_int_ge(n, 1);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc;

	tc = tcase_create("config");
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_bad);
	tcase_add_test(tc, test_nul_and_size);
	tcase_add_test(tc, test_words_auto);
	tcase_add_test(tc, test_crashes);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (test_suite_run(config_suite(), CK_NOFORK));
}
