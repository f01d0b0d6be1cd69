/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/segmentation: three separated groups of different
 * sizes (k auto finds 3, clusters ordered by size with centroids in original units),
 * a fixed k, the RFM path with names and per-customer labels, and bad parameters. */
#include "testutil.h"

#include "analysis/segmentation.h"
#include "custdata.h"

static struct arena A;

static int
setup(void **s)
{
	(void)s;
	arena_init(&A);
	return 0;
}

static int
teardown(void **s)
{
	(void)s;
	arena_finish(&A);
	return 0;
}

static const char *feat2[2] = { "a", "b" };

/* 20 points near (0, 0), 40 near (100, 0), 30 near (0, 100); offsets in [-2, 2]. */
static size_t
blobs(double *x)
{
	static const double cx[3] = { 0, 100, 0 }, cy[3] = { 0, 0, 100 };
	static const size_t cnt[3] = { 20, 40, 30 };
	size_t n = 0;
	for (int g = 0; g < 3; g++)
		for (size_t i = 0; i < cnt[g]; i++) {
			x[2 * n] = cx[g] + (double)(i % 5) - 2;
			x[2 * n + 1] = cy[g] + (double)((i / 5) % 5) - 2;
			n++;
		}
	return n;
}

static void
test_auto_k(void **s)
{
	double x[180];
	size_t n = blobs(x);
	struct segmentation_params p;
	const char *err;
	struct segmentation_result *r;
	cJSON *j = cJSON_Parse("{\"transform\": \"none\", \"k_range\": [2, 5]}");
	double mx = 0;
	(void)s;
	assert_int_equal(segmentation_params_parse(&A, j, &p, &err), 0);
	cJSON_Delete(j);
	r = segmentation_fit(&A, x, n, 2, feat2, &p, 0, 0);
	assert_non_null(r);
	assert_int_equal(r->ncand, 4);
	assert_int_equal(r->k, 3);
	assert_int_equal(r->clusters[0].size, 40);
	assert_int_equal(r->clusters[1].size, 30);
	assert_int_equal(r->clusters[2].size, 20);
	{       /* centroids are the member means in original units */
		double m0 = 0, m1 = 0;
		for (size_t i = 20; i < 60; i++)
			m0 += x[2 * i] / 40;
		for (size_t i = 60; i < 90; i++)
			m1 += x[2 * i + 1] / 30;
		assert_close_abs(r->clusters[0].centroid[0], m0, 1e-9);
		assert_close_abs(r->clusters[1].centroid[1], m1, 1e-9);
	}
	assert_close_rel(r->clusters[1].share, 30.0 / 90, 1e-15);
	assert_string_equal(r->clusters[2].name, "Cluster 3");
	for (size_t i = 0; i < r->ncand; i++) {
		assert_int_equal(r->cand[i].k, (int)i + 2);
		if (r->cand[i].silhouette > mx)
			mx = r->cand[i].silhouette;
		if (i)  /* inertia falls with k */
			assert_true(r->cand[i].inertia <= r->cand[i - 1].inertia + 1e-9);
	}
	assert_close_abs(r->silhouette, mx, 1e-12);
	assert_true(r->silhouette > 0.9);
	for (size_t i = 0; i < n; i++)  /* every point with its group */
		assert_int_equal(r->labels[i], i < 20 ? 2 : i < 60 ? 0 : 1);
}

static void
test_fixed_k(void **s)
{
	double x[180];
	size_t n = blobs(x);
	struct segmentation_params p;
	const char *err;
	struct segmentation_result *r;
	cJSON *j = cJSON_Parse("{\"transform\": \"none\", \"k\": 2, \"k_range\": [3, 4], \"seed\": 7}");
	(void)s;
	assert_int_equal(segmentation_params_parse(&A, j, &p, &err), 0);
	cJSON_Delete(j);
	r = segmentation_fit(&A, x, n, 2, feat2, &p, 0, 0);
	assert_int_equal(r->k, 2);
	assert_int_equal(r->auto_k, 0);
	assert_int_equal(r->ncand, 2);
	assert_int_equal(r->clusters[0].size + r->clusters[1].size, 90);
}

static void
test_rfm_path(void **s)
{
	static const char *cust[40], *ord[40];
	static double day[40], amt[40];
	struct table *t[PROJECT_NROLES] = { NULL };
	struct dataset ds[PROJECT_NROLES];
	struct analysis_ctx ctx;
	cJSON *o, *e;
	size_t n = 0, total = 0;
	(void)s;
	/* 10 heavy recent buyers (3 orders of 1000 near as_of), 10 light old ones */
	for (int c = 0; c < 20; c++)
		for (int j = 0; j < (c < 10 ? 3 : 1); j++) {
			cust[n] = arena_printf(&A, "%d", 100 + c);
			ord[n] = arena_printf(&A, "%d-%d", c, j);
			day[n] = c < 10 ? 990 - j - c % 3 : 500 - c;
			amt[n] = c < 10 ? 1000 + c : 10 + c;
			n++;
		}
	t[PROJECT_ORDERS] = cd_orders(&A, n, cust, day, amt, ord);
	cd_ctx(&ctx, &A, ds, t, 1000);
	o = segmentation_run(&ctx, NULL);
	assert_non_null(o);
	assert_int_equal(ctx.segmentation->k, 2);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(o, "clusters"))
		total += (size_t)cJSON_GetObjectItem(e, "size")->valueint;
	assert_int_equal(total, 20);
	{
		const struct segmentation_result *r = ctx.segmentation;
		int heavy = r->label_by_code[custagg_find(ctx.custagg, "100")];
		int light = r->label_by_code[custagg_find(ctx.custagg, "119")];
		assert_true(heavy != light && heavy >= 0 && light >= 0);
		assert_string_equal(r->clusters[heavy].name, "High-value loyal");
		assert_string_equal(r->clusters[light].name, "Low-value lapsed");
		assert_close_rel(r->clusters[heavy].centroid[2], 3 * 1004.5, 1e-12); /* monetary, original units */
	}
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(ctx.results, "charts"), "segmentation_scatter"));
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(ctx.results, "charts"), "segmentation_elbow"));
	cJSON_Delete(o);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

static void
test_bad_params(void **s)
{
	struct segmentation_params p;
	const char *err;
	cJSON *j = cJSON_Parse("{\"features\": [\"recency\", \"age\"]}");
	(void)s;
	assert_int_equal(segmentation_params_parse(&A, j, &p, &err), -1);
	assert_non_null(strstr(err, "'age'"));
	cJSON_Delete(j);
	j = cJSON_Parse("{\"dataset\": \"customers\"}");
	assert_int_equal(segmentation_params_parse(&A, j, &p, &err), -1);
	assert_non_null(strstr(err, "'features'"));
	cJSON_Delete(j);
	j = cJSON_Parse("{\"dataset\": \"customers\", \"features\": [\"age\"]}");
	assert_int_equal(segmentation_params_parse(&A, j, &p, &err), 0);
	assert_int_equal(p.log1p, 0);
	cJSON_Delete(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_auto_k, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_k, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rfm_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_params, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
