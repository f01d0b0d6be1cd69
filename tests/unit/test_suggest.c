/* SPDX-License-Identifier: MIT
 * Tests for base/suggest: the case-insensitive edit distance and when a candidate is
 * close enough to be offered as "did you mean". */
#include "testutil.h"

#include "base/suggest.h"

static void
test_distance(void **s)
{
	(void)s;
	char long_name[SUGGEST_MAX_LEN + 2];
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("sitting", "kitten"), 3);
	assert_int_equal(suggest_distance("CustomerID", "customerid"), 0);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("abc", ""), 3);
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("titel", "title"), 2);
	assert_int_equal(suggest_distance("flaw", "lawn"), 2);
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';                  /* 65 bytes */
	assert_true(suggest_distance(long_name, "a") == SIZE_MAX);
	long_name[SUGGEST_MAX_LEN] = '\0';                       /* 64 bytes still measured */
	assert_int_equal(suggest_distance(long_name, "a"), SUGGEST_MAX_LEN - 1);
}

static void
test_closest(void **s)
{
	static const char *const c[] = { "title", "organization", "datasets" };
	static const char *const opts[] = { "--output", "--as-of", "--only", "--quiet", NULL, "--x" };
	(void)s;
	assert_string_equal(suggest_closest("titel", c, 3), "title");
	assert_string_equal(suggest_closest("DataSet", c, 3), "datasets");
	assert_string_equal(suggest_closest("organisation", c, 3), "organization");
	assert_null(suggest_closest("zzzzzz", c, 3));
	assert_null(suggest_closest("titel", c, 0));
	/* short names: one edit at most, and never a total replacement */
	assert_string_equal(suggest_closest("ab", (const char *const[]){ "abc" }, 1), "abc");
	assert_null(suggest_closest("ab", (const char *const[]){ "xy" }, 1));
	assert_null(suggest_closest("a", (const char *const[]){ "b" }, 1));
	/* the list ends at NULL even when n is larger */
	assert_string_equal(suggest_closest("--ouput", opts, 6), "--output");
	assert_null(suggest_closest("--x", opts, 6));
	/* the first of equally close candidates */
	assert_string_equal(suggest_closest("cat", (const char *const[]){ "bat", "hat" }, 2), "bat");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_closest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
