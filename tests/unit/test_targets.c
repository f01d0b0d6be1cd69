/* SPDX-License-Identifier: MIT
 * Tests for analysis/targets on hand-made inputs: ranking with ties, reasons from
 * model contributions (one-hot levels, flags, the wrong direction left out) in en and
 * zh-CN, the CSV of a full list, and the model's top rows and summary. */
#include "testutil.h"

#include "analysis/mcdaeval.h"
#include "analysis/targets.h"

/* A lead model: (intercept), engagement_score, industry[Energy], industry[Retail],
 * competitor_activity (0/1). */
static const char *const feature[] = { NULL, "engagement_score", "industry", "industry",
                                       "competitor_activity" };
static const char *const level[] = { NULL, NULL, "Energy", "Retail", NULL };
static const enum reasons_kind kind[] = { REASONS_NUMBER, REASONS_NUMBER, REASONS_LEVEL, REASONS_LEVEL,
                                          REASONS_FLAG };
static const double coef[] = { -1.0, 0.05, 0.8, -0.6, -1.2 };
static const double mean[] = { 1.0, 51.0, 0.3, 0.4, 0.25 };

static void
contributions(const double *x, double *c)
{
	for (size_t j = 0; j < 5; j++)
		c[j] = j == 0 ? 0 : coef[j] * (x[j] - mean[j]);
}

static void
test_reasons(void **s)
{
	struct arena a;
	struct targets_terms t = { 5, feature, level, kind, coef, mean };
	const char *out[2];
	double c[5];
	(void)s;
	arena_init(&a);
	/* engagement 82 (+1.55), Energy (+0.56), Retail column 0 (+0.24, not the row's level),
	 * no competitor (+0.3) */
	contributions((const double[]){ 1, 82, 1, 0, 0 }, c);
	targets_reasons(&a, &t, c, 1, NAN, "en", "USD", out);
	assert_string_equal(out[0], "engagement score 82, well above the average of 51");
	assert_string_equal(out[1], "industry is Energy");
	targets_reasons(&a, &t, c, 1, NAN, "zh-CN", "USD", out);
	assert_string_equal(out[0], "参与度评分 82，远高于平均值 51");
	assert_string_equal(out[1], "行业为Energy");
	/* toward losing: only the pieces that lower p(win) */
	contributions((const double[]){ 1, 30, 0, 1, 1 }, c);
	targets_reasons(&a, &t, c, 1, NAN, "en", "USD", out);
	assert_null(out[0]);
	targets_reasons(&a, &t, c, -1, NAN, "en", "USD", out);
	assert_string_equal(out[0], "engagement score 30, below the average of 51");
	assert_string_equal(out[1], "competitor activity: yes");
	/* a value close to the average is no reason, however large its contribution */
	contributions((const double[]){ 1, 50, 0, 1, 1 }, c);
	c[1] = -10;                                     /* as if its coefficient were 10 */
	t.coef = (const double[]){ -1.0, 10, 0.8, -0.6, -1.2 };
	targets_reasons(&a, &t, c, -1, NAN, "en", "USD", out);
	assert_string_equal(out[0], "competitor activity: yes");
	assert_string_equal(out[1], "industry is Retail");
	arena_finish(&a);
}

static struct targets_row *
rows3(struct arena *a)
{
	struct targets_row *r = arena_calloc(a, 3, sizeof *r);
	r[0] = (struct targets_row){ "OPP2", "Blue, Inc.", { "Proposal", "Ann" }, { 1000, 0.5 }, 500,
	                             { "a", NULL }, 0 };
	r[1] = (struct targets_row){ "OPP1", "=cmd()", { "Prospecting", NULL }, { 2000, 0.25 }, 500,
	                             { "b", "c" }, 0 };
	r[2] = (struct targets_row){ "OPP3", NULL, { "Negotiation", "Bo" }, { 3000, 0.9 }, 2700,
	                             { NULL, NULL }, 0 };
	return r;
}

static void
test_rank_and_csv(void **s)
{
	struct arena a;
	struct targets_list l = { TARGETS_PROSPECTS, 1, 3, NULL };
	struct buf b;
	(void)s;
	arena_init(&a);
	l.rows = rows3(&a);
	targets_rank(&l);
	assert_string_equal(l.rows[0].id, "OPP3");
	assert_string_equal(l.rows[1].id, "OPP1");      /* tie on 500: id order */
	assert_string_equal(l.rows[2].id, "OPP2");
	assert_int_equal(l.rows[2].rank, 3);
	buf_init(&b);
	targets_csv(&l, &b);
	assert_string_equal(buf_str(&b),
	                    "rank,id,name,stage,owner,amount,p_win,expected_value,reason_1,reason_2\r\n"
	                    "1,OPP3,,Negotiation,Bo,3000.00,0.9000,2700.00,,\r\n"
	                    "2,OPP1,'=cmd(),Prospecting,,2000.00,0.2500,500.00,b,c\r\n"
	                    "3,OPP2,\"Blue, Inc.\",Proposal,Ann,1000.00,0.5000,500.00,a,\r\n");
	buf_release(&b);
	arena_finish(&a);
}

static void
test_model(void **s)
{
	struct arena a;
	struct project p;
	struct analysis_ctx ctx;
	struct targets_result r;
	cJSON *m, *first;
	(void)s;
	arena_init(&a);
	memset(&p, 0, sizeof p);
	p.locale = "en";
	p.currency = "USD";
	memset(&ctx, 0, sizeof ctx);
	ctx.a = &a;
	ctx.project = &p;
	memset(&r, 0, sizeof r);
	r.top = 2;
	r.list[TARGETS_PROSPECTS] = (struct targets_list){ TARGETS_PROSPECTS, 1, 3, rows3(&a) };
	targets_rank(&r.list[TARGETS_PROSPECTS]);
	r.list[TARGETS_RETENTION].kind = TARGETS_RETENTION;
	r.list[TARGETS_RETENTION].present = 1;
	r.list[TARGETS_RETENTION].n = 2;
	r.list[TARGETS_RETENTION].rows = arena_calloc(&a, 2, sizeof(struct targets_row));
	r.list[TARGETS_RETENTION].rows[0] = (struct targets_row){ "C1", "One", { NULL, NULL }, { 0.8, 1000 },
	                                                           800, { NULL, NULL }, 0 };
	r.list[TARGETS_RETENTION].rows[1] = (struct targets_row){ "C2", "Two", { NULL, NULL }, { 0.2, 5000 },
	                                                           1000, { NULL, NULL }, 0 };
	targets_rank(&r.list[TARGETS_RETENTION]);
	m = targets_model(&r, &ctx);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(m, "prospects")), 2);
	assert_null(cJSON_GetObjectItem(m, "expansion"));
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "counts"), "prospects")->valueint, 3);
	first = cJSON_GetArrayItem(cJSON_GetObjectItem(m, "prospects"), 0);
	assert_string_equal(cJSON_GetObjectItem(first, "id")->valuestring, "OPP3");
	assert_string_equal(cJSON_GetObjectItem(first, "name")->valuestring, "OPP3");
	assert_string_equal(cJSON_GetObjectItem(first, "p_win_fmt")->valuestring, "90.0%");
	assert_string_equal(cJSON_GetObjectItem(first, "expected_value_fmt")->valuestring, "$2.7k");
	assert_close_abs(cJSON_GetObjectItem(first, "score")->valuedouble, 2700, 1e-9);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(first, "reasons")), 0);
	first = cJSON_GetArrayItem(cJSON_GetObjectItem(m, "retention"), 0);
	assert_string_equal(cJSON_GetObjectItem(first, "id")->valuestring, "C2");
	/* summary: only C1 is at risk (p >= 0.5), with its CLV at stake */
	first = cJSON_GetObjectItem(m, "summary");
	assert_int_equal(cJSON_GetObjectItem(first, "at_risk_customers")->valueint, 1);
	assert_close_abs(cJSON_GetObjectItem(first, "value_at_stake")->valuedouble, 1000, 1e-9);
	assert_close_abs(cJSON_GetObjectItem(first, "expected_value")->valuedouble, 3700, 1e-9);
	cJSON_Delete(m);
	arena_finish(&a);
}

/* partners: the partners ranking as it is, its rank (ties shared) and its reasons */
static void
test_partners_list(void **s)
{
	struct arena a;
	struct project p;
	struct analysis_ctx ctx;
	struct dataset *none[PROJECT_NROLES] = { 0 };
	struct mcdaeval_row rows[3];
	struct mcdaeval_result pr;
	cJSON *m, *notes = cJSON_CreateArray();
	const struct targets_list *l;
	(void)s;
	arena_init(&a);
	memset(&p, 0, sizeof p);
	p.locale = "en";
	memset(&ctx, 0, sizeof ctx);
	ctx.a = &a;
	ctx.project = &p;
	ctx.datasets = none;
	ctx.notes = notes;
	memset(rows, 0, sizeof rows);
	memset(&pr, 0, sizeof pr);
	rows[0] = (struct mcdaeval_row){ .id = "P2", .name = "Beta", .score = 0.8, .rank = 1,
	                                 .reasons = { "capability 100/100, best 1%", "cost low" } };
	rows[1] = (struct mcdaeval_row){ .id = "P1", .name = "Alpha", .score = 0.5, .rank = 2 };
	rows[2] = (struct mcdaeval_row){ .id = "P3", .name = "Gamma", .score = 0.5, .rank = 2 };
	pr.key = "partners";
	pr.n = 3;
	pr.rows = rows;
	ctx.partners = &pr;
	m = targets_run(&ctx, NULL);
	assert_non_null(m);
	l = &ctx.targets->list[TARGETS_PARTNERS];
	assert_true(l->present);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->rows[0].reason[0], "capability 100/100, best 1%");
	assert_int_equal(l->rows[2].rank, 2);
	assert_false(ctx.targets->list[TARGETS_PROSPECTS].present);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(m, "partners")), 3);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(m, "partners"), 1),
	                                        "id")->valuestring, "P1");
	cJSON_Delete(m);
	cJSON_Delete(notes);
	arena_finish(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_rank_and_csv),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_partners_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
