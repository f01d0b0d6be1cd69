/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/holt against statsmodels (tests/data/holt_reference.json,
 * written by tests/data/holt_reference.py): fixed parameters to 1e-9, fitted SSE no
 * worse than statsmodels' by more than 1e-6 relative, forecasts and ETS(A,A,N)
 * prediction intervals. */
#include "testutil.h"

#include <cJSON.h>

#include "stats/holt.h"

static double *
array_of(const cJSON *arr, size_t *n)
{
	*n = (size_t)cJSON_GetArraySize(arr);
	double *v = malloc((*n ? *n : 1) * sizeof *v);
	size_t i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
		v[i++] = e->valuedouble;
	return v;
}

static double
num(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItem(o, k)->valuedouble;
}

static void
test_against_statsmodels(void **state)
{
	(void)state;
	char *txt = test_read_file("tests/data/holt_reference.json", NULL);
	assert_non_null(txt);
	cJSON *ref = cJSON_Parse(txt);
	free(txt);
	assert_non_null(ref);
	size_t h = (size_t)num(ref, "horizon");
	const cJSON *c;
	int ncases = 0, nfitted = 0;
	struct arena a;
	arena_init(&a);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(ref, "cases")) {
		const char *sname = cJSON_GetObjectItem(c, "series")->valuestring;
		const char *kind = cJSON_GetObjectItem(c, "kind")->valuestring;
		size_t n, nf;
		double *y = array_of(cJSON_GetObjectItem(cJSON_GetObjectItem(ref, "series"), sname), &n);
		double *fitted = array_of(cJSON_GetObjectItem(c, "fitted"), &nf);
		double *fc = array_of(cJSON_GetObjectItem(c, "forecast"), &nf);
		double *lo = array_of(cJSON_GetObjectItem(c, "pi_lower"), &nf);
		double *hi = array_of(cJSON_GetObjectItem(c, "pi_upper"), &nf);
		assert_int_equal(nf, h);
		double *m = malloc(h * sizeof *m), *l = malloc(h * sizeof *l), *u = malloc(h * sizeof *u);
		struct holt_fit f;
		double l0, b0;
		holt_initial(y, n, &l0, &b0);
		assert_close_rel(l0, num(c, "initial_level"), 1e-9);
		assert_close_rel(b0, num(c, "initial_trend"), 1e-9);
		if (strcmp(kind, "fixed") == 0) {
			holt_fit_fixed(&a, y, n, num(c, "alpha"), num(c, "beta"), &f);
			assert_close_rel(f.sse, num(c, "sse"), 1e-9);
			assert_close_rel(f.sigma2, num(c, "sigma2"), 1e-9);
			for (size_t t = 0; t < n; t++)
				assert_close_rel(f.fitted[t], fitted[t], 1e-9);
			holt_forecast(&f, h, m, l, u);
			for (size_t k = 0; k < h; k++) {
				assert_close_rel(m[k], fc[k], 1e-9);
				assert_close_rel(l[k], lo[k], 1e-9);
				assert_close_rel(u[k], hi[k], 1e-9);
			}
		} else {
			holt_fit_optimal(&a, y, n, &f);
			nfitted++;
			assert_true(f.optimized);
			assert_true(f.alpha >= 0 && f.alpha <= 1 && f.beta >= 0 && f.beta <= 1);
			double sse = num(c, "sse");
			if (!(f.sse <= sse * (1 + 1e-6)))
				fail_msg("%s: sse %.12g worse than statsmodels' %.12g", sname, f.sse, sse);
			print_message("# holt %s: alpha %.6f beta %.6f sse %.10g (statsmodels %.6f %.6f %.10g)\n",
			              sname, f.alpha, f.beta, f.sse, num(c, "alpha"), num(c, "beta"), sse);
			holt_forecast(&f, h, m, l, u);
			for (size_t k = 0; k < h; k++) {
				assert_close_rel(m[k], fc[k], 1e-3);
				assert_close_rel(l[k], lo[k], 1e-2);
				assert_close_rel(u[k], hi[k], 1e-2);
			}
		}
		ncases++;
		free(y);
		free(fitted);
		free(fc);
		free(lo);
		free(hi);
		free(m);
		free(l);
		free(u);
	}
	assert_true(ncases >= 4);
	assert_true(nfitted >= 2);
	arena_finish(&a);
	cJSON_Delete(ref);
}

/* Hand case: a straight line y = 3 + 2t (t = 1..12) is fitted exactly by the
 * heuristic start (level0 3, trend0 2) for any alpha, beta: SSE 0, forecasts
 * continue the line, intervals have zero width. */
static void
test_line(void **state)
{
	(void)state;
	double y[12], m[3], l[3], u[3];
	for (int t = 0; t < 12; t++)
		y[t] = 3 + 2 * (t + 1);
	struct arena a;
	arena_init(&a);
	struct holt_fit f;
	holt_fit_fixed(&a, y, 12, 0.3, 0.1, &f);
	assert_close_rel(f.level0, 3, 1e-12);
	assert_close_rel(f.trend0, 2, 1e-12);
	assert_close_abs(f.sse, 0, 1e-18);
	holt_forecast(&f, 3, m, l, u);
	for (int k = 0; k < 3; k++) {
		assert_close_rel(m[k], 3 + 2 * (13 + k), 1e-12);
		assert_close_rel(l[k], m[k], 1e-12);
	}
	holt_fit_optimal(&a, y, 12, &f);
	assert_close_abs(f.sse, 0, 1e-16);
	arena_finish(&a);
}

/* Short series (< 10 points): the heuristic line uses all of them. y = 5, 7, 12:
 * x = 1, 2, 3, mean x 2, mean y 8; slope = ((-1)(-3) + 0 + (1)(4)) / 2 = 3.5;
 * intercept = 8 - 3.5 * 2 = 1. One point: level y0, trend 0. */
static void
test_short_series(void **state)
{
	(void)state;
	double y[] = { 5, 7, 12 }, l0, b0;
	holt_initial(y, 3, &l0, &b0);
	assert_close_rel(b0, 3.5, 1e-15);
	assert_close_rel(l0, 1, 1e-15);
	holt_initial(y, 1, &l0, &b0);
	assert_close_rel(l0, 5, 1e-15);
	assert_close_abs(b0, 0, 0);
	struct arena a;
	arena_init(&a);
	struct holt_fit f;
	holt_fit_optimal(&a, y, 3, &f);
	assert_true(f.sse >= 0 && isfinite(f.sse));
	/* the optimum is no worse than any point of a fine grid */
	for (int i = 0; i <= 20; i++)
		for (int j = 0; j <= 20; j++) {
			struct holt_fit g;
			holt_fit_fixed(&a, y, 3, i / 20.0, j / 20.0, &g);
			assert_true(f.sse <= g.sse * (1 + 1e-12) + 1e-300);
		}
	arena_finish(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_statsmodels),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_short_series),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
