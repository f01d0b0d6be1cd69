/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/rfm on a six-customer table worked by hand (scores,
 * segments, CSV, model paths), a custom segment map, a malformed map (an input error
 * naming the key) and Chinese segment names. */
#include "testutil.h"

#include "analysis/rfm.h"
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

/* as_of 100. id k has k orders on day last[k] with the amount on its first order:
 * recency 10 5 50 1 80 30, frequency 1..6, monetary 10 50 30 100 5 60. With n = 6
 * positions 1..6 score 1 1 2 3 4 5, so (R, F, M) = 411, 513, 222, 535, 141, 354. */
static struct table *
six(void)
{
	static const double last[] = { 90, 95, 50, 99, 20, 70 }, money[] = { 10, 50, 30, 100, 5, 60 };
	static const char *cust[21], *ord[21];
	static double day[21], amt[21];
	size_t n = 0;
	for (int k = 1; k <= 6; k++)
		for (int j = 0; j < k; j++) {
			cust[n] = arena_printf(&A, "%d", k);
			ord[n] = arena_printf(&A, "%d-%d", k, j);
			day[n] = last[k - 1] - (k - 1 - j) * 0.1;  /* same day, times differ */
			amt[n] = j == 0 ? money[k - 1] : 0;
			n++;
		}
	return cd_orders(&A, n, cust, day, amt, ord);
}

static const char *
seg_of(const struct rfm_result *r, const char *id)
{
	int32_t c = custagg_find(r->ca, id);
	return r->segment[c] >= 0 ? r->seg[r->segment[c]].key : NULL;
}

static void
test_hand_scores(void **s)
{
	static const char *const want[6] = { "411", "513", "222", "535", "141", "354" };
	static const char *const segs[6] = { "Promising", "New Customers", "Hibernating",
	                                     "Potential Loyalists", "At Risk", "Loyal Customers" };
	struct custagg *ca = custagg_build(&A, six(), 100);
	struct rfm_result *r;
	struct buf csv;
	(void)s;
	r = rfm_compute(&A, ca, rfmscore_default_map, rfmscore_default_map_len, 0);
	assert_int_equal(r->n, 6);
	for (int k = 1; k <= 6; k++) {
		char id[16], got[16];
		int32_t c;
		snprintf(id, sizeof id, "%d", k);
		c = custagg_find(ca, id);
		snprintf(got, sizeof got, "%d%d%d", r->r[c], r->f[c], r->m[c]);
		assert_string_equal(got, want[k - 1]);
		assert_string_equal(seg_of(r, id), segs[k - 1]);
	}
	assert_close_abs(r->recency[custagg_find(ca, "5")], 80, 0);
	for (int k = 1; k < 3; k++) /* bins 1 1 2 3 4 5 */
		assert_true(r->score_counts[k][0] == 2 && r->score_counts[k][1] == 1 && r->score_counts[k][4] == 1);
	assert_true(r->score_counts[0][4] == 2 && r->score_counts[0][0] == 1); /* R reversed */
	buf_init(&csv);
	rfm_csv(r, &csv);
	assert_non_null(strstr(buf_str(&csv), "customer,recency,frequency,monetary,R,F,M,RFM,segment\n1,10,1,10,4,1,1,411,Promising\n"));
	assert_non_null(strstr(buf_str(&csv), "\n4,1,4,100,5,3,5,535,Potential Loyalists\n"));
	buf_release(&csv);
}

static void
test_model(void **s)
{
	struct table *t[PROJECT_NROLES] = { six() };
	struct dataset ds[PROJECT_NROLES];
	struct analysis_ctx ctx;
	cJSON *o, *segs, *e;
	double share = 0;
	(void)s;
	cd_ctx(&ctx, &A, ds, t, 100);
	o = rfm_run(&ctx, NULL);
	assert_non_null(o);
	assert_non_null(ctx.rfm);
	assert_int_equal(cJSON_GetObjectItem(o, "customers")->valueint, 6);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "score_counts"), "R"), "5")->valueint, 2);
	segs = cJSON_GetObjectItem(o, "segments");
	cJSON_ArrayForEach(e, segs) {
		assert_non_null(cJSON_GetObjectItem(e, "name"));
		assert_non_null(cJSON_GetObjectItem(e, "revenue_fmt"));
		share += cJSON_GetObjectItem(e, "share")->valuedouble;
		if (!strcmp(cJSON_GetObjectItem(e, "key")->valuestring, "Potential Loyalists")) {
			assert_int_equal(cJSON_GetObjectItem(e, "customers")->valueint, 1);
			assert_close_abs(cJSON_GetObjectItem(e, "monetary_mean")->valuedouble, 100, 1e-12);
		}
	}
	assert_close_abs(share, 1, 1e-12);
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(ctx.results, "charts"), "rfm_segments"));
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(ctx.results, "charts"), "rfm_heatmap"));
	cJSON_Delete(o);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

static void
test_custom_map_and_errors(void **s)
{
	struct table *t[PROJECT_NROLES] = { six() };
	struct dataset ds[PROJECT_NROLES];
	struct analysis_ctx ctx;
	cJSON *p = cJSON_Parse("{\"segments\": {\"5.\": \"Recent\", \"[1-4][1-3]\": \"Light\"}}");
	cJSON *o;
	(void)s;
	cd_ctx(&ctx, &A, ds, t, 100);
	o = rfm_run(&ctx, p);
	assert_non_null(o);
	assert_int_equal(ctx.rfm->nseg, 2);
	assert_string_equal(seg_of(ctx.rfm, "2"), "Recent");
	assert_string_equal(seg_of(ctx.rfm, "3"), "Light");
	assert_null(seg_of(ctx.rfm, "6"));            /* 35 matches nothing */
	assert_int_equal(ctx.rfm->unmatched, 2);       /* 35 and 14 */
	assert_int_equal(cJSON_GetArraySize(ctx.notes), 1);
	cJSON_Delete(o);
	cJSON_Delete(p);
	p = cJSON_Parse("{\"segments\": {\"5[4-5\": \"Champions\"}}");
	ctx.rfm = NULL;
	assert_null(rfm_run(&ctx, p));
	assert_non_null(ctx.error);
	assert_non_null(strstr(ctx.error, "'segments'"));
	assert_non_null(strstr(ctx.error, "5[4-5"));
	assert_string_equal(ctx.error_path, "analyses.rfm.segments");
	cJSON_Delete(p);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

static void
test_chinese_names(void **s)
{
	struct custagg *ca = custagg_build(&A, six(), 100);
	struct rfm_result *r = rfm_compute(&A, ca, rfmscore_default_map, rfmscore_default_map_len, 1);
	int found = 0;
	(void)s;
	for (size_t i = 0; i < r->nseg; i++)
		if (!strcmp(r->seg[i].key, "Champions")) {
			assert_string_equal(r->seg[i].name, "\xe5\x86\xa0\xe5\x86\x9b\xe5\xae\xa2\xe6\x88\xb7");
			found = 1;
		}
	assert_true(found);
	assert_int_equal(r->nseg, 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hand_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model, setup, teardown),
		cmocka_unit_test_setup_teardown(test_custom_map_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chinese_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
