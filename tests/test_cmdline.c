#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "testutil.h"

/* Checks the : command line's parsing: words, times, numbers, completion, history. */

/* The time s reads as, with its sign; -2 in *sign when refused. */
static int64_t
time_of(const char *s, int *sign)
{
	int64_t ms = -1;

	if (cmdline_time(s, strlen(s), &ms, sign) != 0) {
		*sign = -2;
		return -1;
	}
	return ms;
}

START_TEST(test_time_forms)
{
	int sign;

	ck_assert_int_eq(time_of("90", &sign), 90000);
	ck_assert_int_eq(sign, 0);
	ck_assert_int_eq(time_of("0", &sign), 0);
	ck_assert_int_eq(time_of("1:30", &sign), 90000);
	ck_assert_int_eq(time_of("1:02:03", &sign), 3723000);
	ck_assert_int_eq(time_of("0:01:15.5", &sign), 75500);
	ck_assert_int_eq(time_of("90.25", &sign), 90250);
	ck_assert_int_eq(time_of("1.0009", &sign), 1000);
	ck_assert_int_eq(time_of("+30", &sign), 30000);
	ck_assert_int_eq(sign, 1);
	ck_assert_int_eq(time_of("-10", &sign), 10000);
	ck_assert_int_eq(sign, -1);
	ck_assert_int_eq(time_of("-1:00", &sign), 60000);
	ck_assert_int_eq(sign, -1);
	ck_assert_int_eq(time_of("125:00", &sign), 7500000);
	ck_assert_int_eq(time_of("1:5", &sign), 65000);
}
END_TEST

START_TEST(test_time_bad)
{
	static const char *bad[] = {
		"", "+", "-", "abc", "1:60", "1:75", "1:02:60", "1:2:3:4", ":30", "1:", "1::2",
		"90s", " 90", "90 ", "1.", ".5", "1:30.", "+-5", "++5", "1e3", "inf", "nan",
		"0x10", "1234567", "1:123", "5:-1", "1,5",
	};
	size_t i;
	int sign;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		time_of(bad[i], &sign);
		ck_assert_msg(sign == -2, "'%s' was read as a time", bad[i]);
	}
	/* Only len bytes are read: what follows them does not count. */
	ck_assert_int_eq(cmdline_time("1:30garbage", 4, &(int64_t){0}, &sign), 0);
	ck_assert_int_eq(cmdline_time("90", 0, &(int64_t){0}, &sign), -1);
}
END_TEST

START_TEST(test_decimal)
{
	double v = 0;

	ck_assert_int_eq(cmdline_decimal("1.5", 3, 0.5, 3.0, &v), 0);
	ck_assert(v > 1.49 && v < 1.51);
	ck_assert_int_eq(cmdline_decimal("3", 1, 0.5, 3.0, &v), 0);
	ck_assert(v > 2.99 && v < 3.01);
	ck_assert_int_eq(cmdline_decimal("3.5", 3, 0.5, 3.0, &v), -1);
	ck_assert_int_eq(cmdline_decimal("0.4", 3, 0.5, 3.0, &v), -1);
	ck_assert_int_eq(cmdline_decimal("-1", 2, -5, 3.0, &v), -1);
	ck_assert_int_eq(cmdline_decimal("fast", 4, 0.5, 3.0, &v), -1);
	ck_assert_int_eq(cmdline_decimal("1.5x", 4, 0.5, 3.0, &v), -1);
	ck_assert_int_eq(cmdline_decimal("1.", 2, 0.5, 3.0, &v), -1);
	ck_assert_int_eq(cmdline_decimal("", 0, 0, 3.0, &v), -1);
	ck_assert_int_eq(cmdline_decimal("1e1", 3, 0, 150, &v), -1);
}
END_TEST

START_TEST(test_words)
{
	struct cmdline cl;
	const char *s = "  clip 1:00  1:30   A  title with  gaps  ";

	ck_assert_int_eq(cmdline_parse(s, strlen(s), &cl), 0);
	ck_assert_int_eq(cl.argc, 7);
	ck_assert_str_eq(cl.argv[0], "clip");
	ck_assert_str_eq(cl.argv[2], "1:30");
	ck_assert_str_eq(cl.argv[3], "A");
	ck_assert_str_eq(cl.rest[3], "A  title with  gaps");
	cmdline_clear(&cl);

	ck_assert_int_eq(cmdline_parse("   ", 3, &cl), -1);
	ck_assert_int_eq(cmdline_parse("", 0, &cl), -1);
	ck_assert_int_eq(cmdline_parse("seek\0 10", 8, &cl), -1);
	/* Only len bytes count. */
	ck_assert_int_eq(cmdline_parse("seek 10 and more", 7, &cl), 0);
	ck_assert_int_eq(cl.argc, 2);
	ck_assert_str_eq(cl.argv[1], "10");
	cmdline_clear(&cl);
}
END_TEST

START_TEST(test_words_cap)
{
	struct cmdline cl;
	char *big = xmalloc(CMDLINE_MAX + 2);
	const char *many = "a b c d e f g h i j k";

	memset(big, 'x', CMDLINE_MAX + 1);
	big[CMDLINE_MAX + 1] = '\0';
	ck_assert_int_eq(cmdline_parse(big, CMDLINE_MAX + 1, &cl), -1);
	ck_assert_int_eq(cmdline_parse(big, CMDLINE_MAX, &cl), 0);
	ck_assert_int_eq(cl.argc, 1);
	cmdline_clear(&cl);
	free(big);
	/* Words past the last kept are still in rest. */
	ck_assert_int_eq(cmdline_parse(many, strlen(many), &cl), 0);
	ck_assert_int_eq(cl.argc, CMDLINE_ARGS);
	ck_assert_str_eq(cl.rest[CMDLINE_ARGS - 1], "h i j k");
	cmdline_clear(&cl);
}
END_TEST

START_TEST(test_matches)
{
	static const char *const names[] = { "seek", "speed", "search", "set", "quit", "q" };
	size_t common;
	int first;

	ck_assert_int_eq(cmdline_matches("se", 2, names, 6, &common, &first), 3);
	ck_assert_int_eq(first, 0);
	ck_assert_uint_eq(common, 2);
	ck_assert_int_eq(cmdline_matches("sea", 3, names, 6, &common, &first), 1);
	ck_assert_int_eq(first, 2);
	ck_assert_uint_eq(common, 6);
	ck_assert_int_eq(cmdline_matches("q", 1, names, 6, &common, &first), 2);
	ck_assert_uint_eq(common, 1);
	ck_assert_int_eq(cmdline_matches("qu", 2, names, 6, &common, &first), 1);
	ck_assert_uint_eq(common, 4);
	ck_assert_int_eq(cmdline_matches("x", 1, names, 6, &common, &first), 0);
	ck_assert_int_eq(first, -1);
	ck_assert_int_eq(cmdline_matches("", 0, names, 6, &common, &first), 6);
	ck_assert_uint_eq(common, 0);
}
END_TEST

START_TEST(test_history)
{
	struct cmdline_history h;
	int i;

	memset(&h, 0, sizeof h);
	cmdline_history_start(&h);
	ck_assert_ptr_null(cmdline_history_move(&h, -1, ""));
	cmdline_history_add(&h, "seek 1:00");
	cmdline_history_add(&h, "speed 1.5");
	cmdline_history_add(&h, "speed 1.5");
	cmdline_history_add(&h, "");
	ck_assert_int_eq(h.n, 2);
	cmdline_history_start(&h);
	ck_assert_str_eq(cmdline_history_move(&h, -1, "typed"), "speed 1.5");
	ck_assert_str_eq(cmdline_history_move(&h, -1, "x"), "seek 1:00");
	ck_assert_ptr_null(cmdline_history_move(&h, -1, "x"));
	ck_assert_str_eq(cmdline_history_move(&h, 1, "x"), "speed 1.5");
	ck_assert_str_eq(cmdline_history_move(&h, 1, "x"), "typed");
	ck_assert_ptr_null(cmdline_history_move(&h, 1, "x"));
	/* It keeps the newest CMDLINE_HISTORY lines. */
	for (i = 0; i < CMDLINE_HISTORY + 10; i++) {
		char line[32];

		snprintf(line, sizeof line, "seek %d", i);
		cmdline_history_add(&h, line);
	}
	ck_assert_int_eq(h.n, CMDLINE_HISTORY);
	ck_assert_str_eq(h.item[0], "seek 10");
	cmdline_history_start(&h);
	ck_assert_str_eq(cmdline_history_move(&h, -1, ""), "seek 109");
	cmdline_history_free(&h);
}
END_TEST

static Suite *
cmdline_suite(void)
{
	Suite	*s = suite_create("cmdline");
	TCase	*tc;

	tc = tcase_create("cmdline");
	tcase_add_test(tc, test_time_forms);
	tcase_add_test(tc, test_time_bad);
	tcase_add_test(tc, test_decimal);
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_words_cap);
	tcase_add_test(tc, test_matches);
	tcase_add_test(tc, test_history);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (test_suite_run(cmdline_suite(), CK_NOFORK));
}
