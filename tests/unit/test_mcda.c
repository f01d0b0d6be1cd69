/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/mcda: weighted sum, TOPSIS and ranks on small cases
 * worked by hand (arithmetic in the comments), and the stability simulation. */
#include "testutil.h"

#include "stats/mcda.h"

/* Partners A, B, C; criteria price (cost), quality, reach (constant).
 *   A: 100, 7, 5   B: 80, 9, 5   C: 120, 8, 5;  weights 2, 1, 1 -> .5, .25, .25
 * price (cost, min 80, max 120): A (120-100)/40 = .5, B 1, C 0
 * quality (min 7, max 9):        A 0, B 1, C .5
 * reach constant:                1 for everyone
 * score A = .5*.5 + .25*0 + .25 = .5; B = .5 + .25 + .25 = 1; C = 0 + .125 + .25 = .375 */
static const double X3[] = { 100, 7, 5, 80, 9, 5, 120, 8, 5 };
static const double W3[] = { 2, 1, 1 };
static const int COST3[] = { 1, 0, 0 };

static void
test_weighted_hand(void **state)
{
	(void)state;
	struct mcda_input in = { 3, 3, X3, W3, COST3 };
	double s[3], norm[9];
	int r[3];
	mcda_weighted(&in, s, norm);
	assert_close_rel(s[0], 0.5, 1e-15);
	assert_close_rel(s[1], 1.0, 1e-15);
	assert_close_rel(s[2], 0.375, 1e-15);
	assert_close_rel(norm[0 * 3 + 0], 0.5, 1e-15);
	assert_close_rel(norm[2 * 3 + 1], 0.5, 1e-15);
	assert_close_rel(norm[1 * 3 + 2], 1.0, 1e-15);
	mcda_rank(s, 3, r);
	assert_int_equal(r[0], 2);
	assert_int_equal(r[1], 1);
	assert_int_equal(r[2], 3);
	/* weights NULL -> 1/3 each: A = (.5 + 0 + 1)/3 = .5, B = 1, C = (0 + .5 + 1)/3 = .5 */
	struct mcda_input eq = { 3, 3, X3, NULL, COST3 };
	mcda_weighted(&eq, s, NULL);
	assert_close_rel(s[0], 0.5, 1e-15);
	assert_close_rel(s[2], 0.5, 1e-15);
	mcda_rank(s, 3, r);
	assert_int_equal(r[0], 2);   /* tie shares the smallest rank */
	assert_int_equal(r[2], 2);
	double w[3], bad[3] = { 0, -1, 0 };
	mcda_normalise_weights(bad, 3, w);
	assert_close_rel(w[1], 1.0 / 3, 1e-15);
}

static void
test_rank_ties(void **state)
{
	(void)state;
	double s[] = { 3, 5, 5, 1 };
	int r[4];
	mcda_rank(s, 4, r);
	assert_int_equal(r[0], 3);
	assert_int_equal(r[1], 1);
	assert_int_equal(r[2], 1);
	assert_int_equal(r[3], 4);
}

/* TOPSIS, criteria c1 (benefit) and c2 (cost), equal weights .5/.5:
 *   A: 3, 0   B: 4, 6   C: 0, 8
 * column norms: sqrt(9+16+0) = 5, sqrt(0+36+64) = 10
 * v = .5 r:   A (.3, 0)   B (.4, .3)   C (0, .4)
 * ideal (max c1, min c2) = (.4, 0); anti-ideal = (0, .4)
 * A: d+ = .1, d- = sqrt(.09 + .16) = .5                 -> 5/6
 * B: d+ = .3, d- = sqrt(.16 + .01) = sqrt(.17)          -> sqrt(.17)/(.3 + sqrt(.17))
 * C: d+ = sqrt(.16 + .16), d- = 0                       -> 0 */
static void
test_topsis_hand(void **state)
{
	(void)state;
	const double x[] = { 3, 0, 4, 6, 0, 8 };
	const int cost[] = { 0, 1 };
	struct mcda_input in = { 3, 2, x, NULL, cost };
	double c[3];
	mcda_topsis(&in, c);
	assert_close_rel(c[0], 5.0 / 6, 1e-14);
	assert_close_rel(c[1], sqrt(0.17) / (0.3 + sqrt(0.17)), 1e-14);
	assert_close_abs(c[2], 0, 1e-15);
	/* identical alternatives: d+ = d- = 0 -> 0.5 */
	const double same[] = { 1, 2, 1, 2 };
	struct mcda_input in2 = { 2, 2, same, NULL, NULL };
	mcda_topsis(&in2, c);
	assert_close_rel(c[0], 0.5, 1e-15);
}

/* B dominates on both separating criteria, and A beats C by .5 w1 against .5 w2
 * with w1/w2 >= 2 * .8/1.2 > 1 under ±20%: every trial keeps B, A, C at 1, 2, 3. */
static void
test_stability_dominance(void **state)
{
	(void)state;
	struct mcda_input in = { 3, 3, X3, W3, COST3 };
	double keep[3], top[3], mr[3];
	mcda_stability(&in, MCDA_WEIGHTED, 0, 0.2, 1, 7, keep, top, mr);
	assert_close_rel(keep[0], 1, 0);
	assert_close_rel(keep[1], 1, 0);
	assert_close_rel(keep[2], 1, 0);
	assert_close_rel(top[1], 1, 0);
	assert_close_abs(top[0], 0, 0);
	assert_close_rel(mr[0], 2, 1e-15);
	assert_close_rel(mr[2], 3, 1e-15);
}

/* A = (1, 0), B = (0, 1) with equal weights tie at .5 (both rank 1); each
 * perturbation breaks the tie one way, so keep[A] + keep[B] = 1, the mean ranks sum
 * to 3, and with 400 trials the split is near even. Same seed, same answer. */
static void
test_stability_tie(void **state)
{
	(void)state;
	const double x[] = { 1, 0, 0, 1 };
	struct mcda_input in = { 2, 2, x, NULL, NULL };
	double keep[2], top[2], mr[2], keep2[2], top2[2], mr2[2];
	for (int method = 0; method < 2; method++) {
		mcda_stability(&in, (enum mcda_method)method, 400, 0.2, 1, 11, keep, top, mr);
		assert_close_rel(keep[0] + keep[1], 1, 1e-15);
		assert_close_rel(mr[0] + mr[1], 3, 1e-15);
		assert_close_rel(top[0], keep[0], 1e-15);
		assert_true(keep[0] > 0.35 && keep[0] < 0.65);
		mcda_stability(&in, (enum mcda_method)method, 400, 0.2, 1, 11, keep2, top2, mr2);
		assert_memory_equal(keep, keep2, sizeof keep);
		assert_memory_equal(mr, mr2, sizeof mr);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weighted_hand),
		cmocka_unit_test(test_rank_ties),
		cmocka_unit_test(test_topsis_hand),
		cmocka_unit_test(test_stability_dominance),
		cmocka_unit_test(test_stability_tie),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
