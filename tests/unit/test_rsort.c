/* SPDX-License-Identifier: MIT
 * Tests for src/stats/rsort: the double-to-key map keeps the order of doubles
 * (negatives, -0 == +0, infinities, subnormals) and inverts; the key sort agrees
 * with qsort on random and tied data; the pair sort is stable. */
#include "testutil.h"

#include "base/arena.h"
#include "base/rng.h"
#include "stats/rsort.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void
test_dkey_order(void **s)
{
	static const double v[] = { -INFINITY, -1e300, -2.5, -1, -5e-324, 0, 5e-324, 1e-300,
	                            1, 2.5, 1e300, INFINITY };
	size_t n = sizeof v / sizeof v[0];
	(void)s;
	for (size_t i = 0; i + 1 < n; i++)
		assert_true(rsort_dkey(v[i]) < rsort_dkey(v[i + 1]));
	for (size_t i = 0; i < n; i++)
		assert_true(rsort_dval(rsort_dkey(v[i])) == v[i]);
	assert_true(rsort_dkey(-0.0) == rsort_dkey(0.0));
	assert_false(signbit(rsort_dval(rsort_dkey(-0.0))));
}

static void
test_keys_match_qsort(void **s)
{
	struct rng r;
	size_t sizes[] = { 0, 1, 2, 3, 100, 5000, 70000 };
	(void)s;
	rng_seed(&r, 7);
	for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
		for (int kind = 0; kind < 3; kind++) {
			size_t n = sizes[t];
			uint64_t *k = xmalloc((n + 1) * sizeof *k), *ref = xmalloc((n + 1) * sizeof *ref);
			uint64_t *tmp = xmalloc((n + 1) * sizeof *tmp);
			for (size_t i = 0; i < n; i++) {
				double x = kind == 0 ? rng_normal(&r) * 1e6 :       /* spread out */
				           kind == 1 ? (double)rng_below(&r, 2) :   /* a 0/1 indicator */
				                       (double)rng_below(&r, 50) - 25; /* ties, negatives */
				k[i] = ref[i] = rsort_dkey(x);
			}
			qsort(ref, n, sizeof *ref, cmp_u64);
			rsort_keys(k, tmp, n);
			assert_true(n == 0 || memcmp(k, ref, n * sizeof *k) == 0);
			free(k);
			free(ref);
			free(tmp);
		}
	}
}

static void
test_pairs_stable(void **s)
{
	struct rng r;
	size_t n = 30000;
	uint64_t *k = xmalloc(n * sizeof *k);
	uint32_t *v = xmalloc(n * sizeof *v);
	(void)s;
	rng_seed(&r, 11);
	for (size_t i = 0; i < n; i++) {
		k[i] = rsort_dkey((double)rng_below(&r, 300) * (rng_below(&r, 2) ? 1 : -1.5));
		v[i] = (uint32_t)i;
	}
	uint64_t *orig = xmalloc(n * sizeof *orig);
	memcpy(orig, k, n * sizeof *k);
	rsort_pairs(k, v, n);
	for (size_t i = 0; i < n; i++) {
		assert_true(k[i] == orig[v[i]]);                 /* the pair travelled together */
		if (i > 0) {
			assert_true(k[i - 1] <= k[i]);
			if (k[i - 1] == k[i])
				assert_true(v[i - 1] < v[i]);    /* equal keys keep their order */
		}
	}
	free(k);
	free(v);
	free(orig);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dkey_order),
		cmocka_unit_test(test_keys_match_qsort),
		cmocka_unit_test(test_pairs_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
