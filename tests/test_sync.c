#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "testutil.h"
#include "util/xmalloc.h"

/* Starts of a transcript with a gap between 4000 and 9000 and a shared start at 9000. */
static const int64_t starts[] = { 1000, 2500, 4000, 9000, 9000, 12000 };
#define NSTARTS ((int)(sizeof starts / sizeof starts[0]))

START_TEST(test_before_first)
{
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 0), -1);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 999), -1);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, -5000), -1);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, INT64_MIN), -1);
}
END_TEST

START_TEST(test_at_starts)
{
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 1000), 0);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 2500), 1);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 4000), 2);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 12000), 5);
}
END_TEST

START_TEST(test_inside)
{
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 1001), 0);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 2499), 0);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 3000), 1);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 3999), 1);
}
END_TEST

START_TEST(test_gap)
{
	/* A line stays current through the silence after it. */
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 6000), 2);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 8999), 2);
}
END_TEST

START_TEST(test_after_last)
{
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 12001), 5);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 86400000), 5);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, INT64_MAX), 5);
}
END_TEST

START_TEST(test_duplicates)
{
	static const int64_t same[] = { 500, 500, 500 };

	/* Of lines sharing a start, the last one is current. */
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 9000), 4);
	ck_assert_int_eq(transcript_index_at(starts, NSTARTS, 11999), 4);
	ck_assert_int_eq(transcript_index_at(same, 3, 499), -1);
	ck_assert_int_eq(transcript_index_at(same, 3, 500), 2);
	ck_assert_int_eq(transcript_index_at(same, 3, 10000), 2);
}
END_TEST

START_TEST(test_empty_and_one)
{
	static const int64_t one[] = { 3000 };

	ck_assert_int_eq(transcript_index_at(NULL, 0, 0), -1);
	ck_assert_int_eq(transcript_index_at(one, 0, 5000), -1);
	ck_assert_int_eq(transcript_index_at(one, 1, 2999), -1);
	ck_assert_int_eq(transcript_index_at(one, 1, 3000), 0);
	ck_assert_int_eq(transcript_index_at(one, 1, 999999), 0);
}
END_TEST

START_TEST(test_against_scan)
{
	int64_t many[1000], t;
	int i, n, want;

	/* Irregular starts with runs of equal values, checked at every ms near them. */
	for (i = 0; i < 1000; i++)
		many[i] = (int64_t)i * 37 - (i % 5 == 0 ? 37 : 0) + 100;
	for (n = 0; n <= 1000; n += 111) {
		for (t = 0; t < 37100 + 200; t += 7) {
			want = -1;
			for (i = 0; i < n; i++) {
				if (many[i] <= t)
					want = i;
			}
			ck_assert_int_eq(transcript_index_at(many, n, t), want);
		}
	}
}
END_TEST

START_TEST(test_transcript_lines)
{
	struct transcript t;
	int64_t st[3];
	int i;

	/* The helpers a parser fills agree with the sync rule. */
	transcript_init(&t);
	ck_assert_int_eq(transcript_add(&t, 0, 1000, NULL, xstrdup("a")), 0);
	ck_assert_int_eq(transcript_add(&t, 1000, 2000, xstrdup("Ann"), xstrdup("b")), 0);
	ck_assert_int_eq(transcript_add(&t, 5000, 6000, NULL, xstrdup("c")), 0);
	ck_assert_uint_eq(t.n, 3);
	for (i = 0; i < 3; i++)
		st[i] = t.lines[i].start_ms;
	ck_assert_int_eq(transcript_index_at(st, 3, 3000), 1);
	ck_assert_str_eq(t.lines[transcript_index_at(st, 3, 3000)].speaker, "Ann");
	ck_assert_ptr_null(t.warnings);
	for (i = 0; i < 100; i++)
		transcript_warn(&t, "note %d", i);
	ck_assert_ptr_nonnull(strstr(t.warnings, "note 0\nnote 1\n"));
	ck_assert_ptr_null(strstr(t.warnings, "note 99"));
	ck_assert_ptr_nonnull(strstr(t.warnings, "omitted"));
	transcript_clear(&t);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_ptr_null(t.lines);
	ck_assert_ptr_null(t.warnings);
}
END_TEST

static Suite *
sync_suite(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("index_at");

	tcase_add_test(tc, test_before_first);
	tcase_add_test(tc, test_at_starts);
	tcase_add_test(tc, test_inside);
	tcase_add_test(tc, test_gap);
	tcase_add_test(tc, test_after_last);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_empty_and_one);
	tcase_add_test(tc, test_against_scan);
	tcase_add_test(tc, test_transcript_lines);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return (test_suite_run(sync_suite(), CK_FORK_GETENV));
}
