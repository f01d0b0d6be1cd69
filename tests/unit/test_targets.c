/* SPDX-License-Identifier: MIT
 * Tests for analysis/targets on hand-made inputs: ranking with ties, reasons from
 * model contributions (one-hot levels, flags, the wrong direction left out) in en and
 * zh-CN, the CSV of a full list, and the model's top rows and summary. */
#include "testutil.h"

#include "analysis/churn.h"
#include "analysis/clv.h"
#include "analysis/custagg.h"
#include "analysis/lead_scoring.h"
#include "analysis/mcdaeval.h"
#include "analysis/segmentation.h"
#include "analysis/targets.h"
#include "base/date.h"

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
	targets_reasons(&a, &t, c, 1, NAN, LOCALE_EN, "USD", out);
	assert_string_equal(out[0], "engagement score 82, well above the average of 51");
	assert_string_equal(out[1], "industry is Energy");
	targets_reasons(&a, &t, c, 1, NAN, LOCALE_ZH_CN, "USD", out);
	assert_string_equal(out[0], "参与度评分 82，远高于平均值 51");
	assert_string_equal(out[1], "行业为Energy");
	/* toward losing: only the pieces that lower p(win) */
	contributions((const double[]){ 1, 30, 0, 1, 1 }, c);
	targets_reasons(&a, &t, c, 1, NAN, LOCALE_EN, "USD", out);
	assert_null(out[0]);
	targets_reasons(&a, &t, c, -1, NAN, LOCALE_EN, "USD", out);
	assert_string_equal(out[0], "engagement score 30, below the average of 51");
	assert_string_equal(out[1], "competitor activity: yes");
	/* a value close to the average is no reason, however large its contribution */
	contributions((const double[]){ 1, 50, 0, 1, 1 }, c);
	c[1] = -10;                                     /* as if its coefficient were 10 */
	t.coef = (const double[]){ -1.0, 10, 0.8, -0.6, -1.2 };
	targets_reasons(&a, &t, c, -1, NAN, LOCALE_EN, "USD", out);
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
	struct targets_list l = { TARGETS_PROSPECTS, 1, 3, NULL, NULL };
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
	p.locale = LOCALE_EN;
	p.currency = "USD";
	memset(&ctx, 0, sizeof ctx);
	ctx.a = &a;
	ctx.project = &p;
	memset(&r, 0, sizeof r);
	r.top = 2;
	r.list[TARGETS_PROSPECTS] = (struct targets_list){ TARGETS_PROSPECTS, 1, 3, rows3(&a), NULL };
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
	p.locale = LOCALE_EN;
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

/* ---- the list builders, through targets_run, on hand-made typed results ---- */

static struct table_column *
text_col(struct arena *a, struct table *t, const char *name, const char *const *v)
{
	struct table_column *c = table_add_column(a, t, name, TABLE_TEXT);
	for (size_t r = 0; r < t->nrows; r++)
		c->code[r] = v[r] ? table_intern(a, c, v[r], strlen(v[r])) : -1;
	return c;
}

static struct table_column *
num_col(struct arena *a, struct table *t, const char *name, enum table_type type, const double *v)
{
	struct table_column *c = table_add_column(a, t, name, type);
	for (size_t r = 0; r < t->nrows; r++)
		c->num[r] = v[r];
	return c;
}

struct world {
	struct arena a;
	struct project p;
	struct analysis_ctx ctx;
	struct dataset ds[PROJECT_NROLES];
	struct dataset *dsp[PROJECT_NROLES];
	cJSON *root, *notes;
};

static void
world_init(struct world *w)
{
	memset(w, 0, sizeof *w);
	arena_init(&w->a);
	w->p.locale = LOCALE_EN;
	w->p.currency = "USD";
	w->root = cJSON_CreateObject();
	w->notes = cJSON_CreateArray();
	w->ctx.a = &w->a;
	w->ctx.project = &w->p;
	w->ctx.datasets = w->dsp;
	w->ctx.as_of = date_from_civil(2026, 11, 21);
	w->ctx.results = w->root;
	w->ctx.notes = w->notes;
}

static void
world_add(struct world *w, enum project_role r, struct table *t)
{
	w->ds[r].table = t;
	w->ds[r].role = r;
	w->dsp[r] = &w->ds[r];
}

static void
world_finish(struct world *w)
{
	cJSON_Delete(w->root);
	cJSON_Delete(w->notes);
	arena_finish(&w->a);
}

static int
has_note(const struct world *w, const char *text)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, w->notes)
		if (strstr(e->valuestring, text))
			return 1;
	return 0;
}

static void
test_prospects_list(void **s)
{
	static const char *const id[] = { "OPP1", "OPP2", "OPP3" };
	static const char *const account[] = { "North", "South", "West" };
	static const char *const industry[] = { "Energy", "Retail", "Energy" };
	double amount[] = { 100, 200, NAN }, engagement[] = { 80, 20, 50 };
	static const char *features[] = { "engagement_score", "industry" };
	struct world w;
	struct table *t;
	struct lead_scoring_result ls;
	struct scoring_model *m = &ls.model;
	struct features_column cols[3];
	const struct table_column *src[2];
	double lcoef[] = { -0.5, 0.05, 1.0 }, lmean[] = { 1, 50, 0.5 };
	double prob[] = { 0.9, 0.2, 0.5 };
	size_t row[] = { 0, 1, 2 };
	double contrib[9];
	const struct targets_result *r;
	cJSON *model;
	struct buf b;
	(void)s;
	world_init(&w);
	t = table_new(&w.a, "opportunities", 3);
	text_col(&w.a, t, "id", id);
	text_col(&w.a, t, "account", account);
	num_col(&w.a, t, "amount", TABLE_NUM, amount);
	src[0] = num_col(&w.a, t, "engagement_score", TABLE_NUM, engagement);
	src[1] = text_col(&w.a, t, "industry", industry);
	world_add(&w, PROJECT_OPPORTUNITIES, t);
	memset(&ls, 0, sizeof ls);
	cols[0] = (struct features_column){ "(intercept)", -1, -1, NULL };
	cols[1] = (struct features_column){ "engagement_score", 0, -1, NULL };
	cols[2] = (struct features_column){ "industry[Energy]", 1, 0, "Energy" };
	m->design.nfeatures = 2;
	m->design.features = features;
	m->design.src = src;
	m->design.ncols = 3;
	m->design.cols = cols;
	m->p = 3;
	m->coef = lcoef;
	m->mean = lmean;
	m->nscored = 3;
	m->row = row;
	m->prob = prob;
	for (size_t i = 0; i < 3; i++) {
		double x[3] = { 1, engagement[i], i != 1 };
		for (size_t j = 0; j < 3; j++)
			contrib[i * 3 + j] = j == 0 ? 0 : lcoef[j] * (x[j] - lmean[j]);
	}
	m->contrib = contrib;
	w.ctx.lead_scoring = &ls;
	model = targets_run(&w.ctx, NULL);
	assert_non_null(model);
	r = w.ctx.targets;
	assert_non_null(r);
	assert_int_equal(r->top, 25);
	assert_true(r->list[TARGETS_PROSPECTS].present);
	assert_false(r->list[TARGETS_RETENTION].present);
	assert_int_equal(r->list[TARGETS_PROSPECTS].n, 2);     /* OPP3 has no amount */
	assert_true(has_note(&w, "1 open deals without an amount left out of prospects"));
	assert_true(has_note(&w, "targets: retention left out: churn did not run"));
	assert_true(has_note(&w, "targets: partners left out"));
	buf_init(&b);
	targets_csv(&r->list[TARGETS_PROSPECTS], &b);
	/* OPP1: 0.9 x 100 = 90; OPP2: 0.2 x 200 = 40, its features all against winning: its
	 * size is the reason it is listed */
	assert_string_equal(buf_str(&b),
	                    "rank,id,name,stage,owner,amount,p_win,expected_value,reason_1,reason_2\r\n"
	                    "1,OPP1,North,,,100.00,0.9000,90.00,"
	                    "\"engagement score 80, well above the average of 50\",industry is Energy\r\n"
	                    "2,OPP2,South,,,200.00,0.2000,40.00,\"deal size $200, above the average of $150\",\r\n");
	buf_release(&b);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(model, "prospects"), 0),
	                                        "id")->valuestring, "OPP1");
	cJSON_Delete(model);
	world_finish(&w);
}

static void
test_expansion_list(void **s)
{
	/* orders of four customers; C1..C3 in cluster "A", C4 alone in cluster "B" */
	static const char *const cust[] = { "C1", "C1", "C2", "C2", "C2", "C3", "C3", "C3", "C3", "C4" };
	double day0 = date_from_civil(2026, 11, 1);
	double date[10], amount[] = { 50, 50, 100, 100, 100, 200, 100, 100, 100, 40 };
	struct world w;
	struct table *o;
	const struct custagg *ca;
	struct segmentation_result seg;
	struct segmentation_cluster clusters[2];
	int32_t rows[4];
	int labels[4];
	const struct targets_result *r;
	cJSON *model;
	(void)s;
	for (int i = 0; i < 10; i++)
		date[i] = day0 + i;
	world_init(&w);
	o = table_new(&w.a, "orders", 10);
	text_col(&w.a, o, "customer", cust);
	num_col(&w.a, o, "date", TABLE_DATE, date);
	num_col(&w.a, o, "amount", TABLE_NUM, amount);
	world_add(&w, PROJECT_ORDERS, o);
	ca = custagg_build(&w.a, o, w.ctx.as_of);
	assert_non_null(ca);
	w.ctx.custagg = ca;
	memset(&seg, 0, sizeof seg);
	memset(clusters, 0, sizeof clusters);
	clusters[0].name = "A";
	clusters[1].name = "B";
	for (int i = 0; i < 4; i++) {
		char idtext[4] = { 'C', (char)('1' + i), 0 };
		rows[i] = custagg_find(ca, idtext);
		labels[i] = i == 3;
	}
	seg.n = 4;
	seg.k = 2;
	seg.rows = rows;
	seg.labels = labels;
	seg.clusters = clusters;
	w.ctx.segmentation = &seg;
	model = targets_run(&w.ctx, NULL);
	assert_non_null(model);
	r = w.ctx.targets;
	/* cluster A spends 100, 300 and 500: only C1 (100) is below the median, by 200 */
	assert_int_equal(r->list[TARGETS_EXPANSION].n, 1);
	assert_string_equal(r->list[TARGETS_EXPANSION].rows[0].id, "C1");
	assert_close_abs(r->list[TARGETS_EXPANSION].rows[0].score, 200, 1e-9);
	assert_string_equal(r->list[TARGETS_EXPANSION].rows[0].text[0], "A");
	assert_string_equal(r->list[TARGETS_EXPANSION].rows[0].reason[0],
	                    "total spend $100, well below the A median of $300");
	/* C1: 2 orders against A's median 3 (a third fewer), 19 days of silence against 16
	 * (a fifth longer): the fewer orders are the second reason */
	assert_string_equal(r->list[TARGETS_EXPANSION].rows[0].reason[1], "2 orders, below the A median of 3");
	assert_true(r->list[TARGETS_EXPANSION].present);
	assert_true(has_note(&w, "targets: partners left out: the partners analysis did not run"));
	assert_false(r->list[TARGETS_PROSPECTS].present);
	cJSON_Delete(model);
	world_finish(&w);
}

static void
test_retention_list(void **s)
{
	static const char *const ocust[] = { "C1", "C2", "C2", "C3" };
	static const char *const id[] = { "C1", "C2", "C3", "C4" };
	static const char *const name[] = { "One", "Two", "Three", "Four" };
	static const char *features[] = { "satisfaction" };
	double odate[4], amount[] = { 10, 20, 30, 40 };
	double churned[] = { 1, 0, 0, 0 }, sat[] = { 2, 3, 9, 5 };
	struct world w;
	struct table *o, *c;
	const struct custagg *ca;
	struct churn_result ch;
	struct clv_result clv;
	struct features_column cols[2];
	const struct table_column *src[1];
	double ccoef[] = { 0.1, -0.5 }, cmean[] = { 1, 5 }, prob[] = { 0.9, 0.6, 0.3, 0.5 };
	double contrib[8], *value;
	size_t row[] = { 0, 1, 2, 3 };
	const struct targets_list *l;
	cJSON *model;
	(void)s;
	world_init(&w);
	for (int i = 0; i < 4; i++)
		odate[i] = w.ctx.as_of - 10 * (i + 1);
	o = table_new(&w.a, "orders", 4);
	text_col(&w.a, o, "customer", ocust);
	num_col(&w.a, o, "date", TABLE_DATE, odate);
	num_col(&w.a, o, "amount", TABLE_NUM, amount);
	world_add(&w, PROJECT_ORDERS, o);
	c = table_new(&w.a, "customers", 4);
	text_col(&w.a, c, "id", id);
	text_col(&w.a, c, "name", name);
	num_col(&w.a, c, "churned", TABLE_NUM, churned);
	src[0] = num_col(&w.a, c, "satisfaction", TABLE_NUM, sat);
	world_add(&w, PROJECT_CUSTOMERS, c);
	ca = custagg_build(&w.a, o, w.ctx.as_of);
	w.ctx.custagg = ca;
	memset(&clv, 0, sizeof clv);
	clv.ca = ca;
	value = arena_alloc(&w.a, ca->n * sizeof *value);
	value[custagg_find(ca, "C1")] = 700;
	value[custagg_find(ca, "C2")] = 1000;
	value[custagg_find(ca, "C3")] = 5000;
	clv.clv = value;
	w.ctx.clv = &clv;
	memset(&ch, 0, sizeof ch);
	ch.params.target = "churned";
	cols[0] = (struct features_column){ "(intercept)", -1, -1, NULL };
	cols[1] = (struct features_column){ "satisfaction", 0, -1, NULL };
	ch.model.design.nfeatures = 1;
	ch.model.design.features = features;
	ch.model.design.src = src;
	ch.model.design.ncols = 2;
	ch.model.design.cols = cols;
	ch.model.p = 2;
	ch.model.coef = ccoef;
	ch.model.mean = cmean;
	ch.model.nscored = 4;
	ch.model.row = row;
	ch.model.prob = prob;
	for (size_t i = 0; i < 4; i++) {
		contrib[i * 2] = 0;
		contrib[i * 2 + 1] = ccoef[1] * (sat[i] - cmean[1]);
	}
	ch.model.contrib = contrib;
	w.ctx.churn = &ch;
	model = targets_run(&w.ctx, NULL);
	assert_non_null(model);
	l = &w.ctx.targets->list[TARGETS_RETENTION];
	/* C1 churned, C4 never ordered: C3 (0.3 x 5000) before C2 (0.6 x 1000) */
	assert_true(l->present);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->rows[0].id, "C3");
	assert_string_equal(l->rows[0].name, "Three");
	assert_close_abs(l->rows[0].score, 1500, 1e-9);
	assert_close_abs(l->rows[1].score, 600, 1e-9);
	/* C3's satisfaction lowers its churn risk: its value is the reason it is listed */
	assert_string_equal(l->rows[0].reason[0], "lifetime value $5k, well above the average of $3k");
	assert_null(l->rows[0].reason[1]);
	assert_string_equal(l->rows[1].reason[0], "satisfaction 3, below the average of 5");
	assert_null(l->rows[1].reason[1]);
	/* one of the two is at risk (p >= 0.5) with $1k at stake */
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(model, "summary"), "at_risk_customers")->valueint,
	                 1);
	cJSON_Delete(model);
	world_finish(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_rank_and_csv),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_partners_list),
		cmocka_unit_test(test_prospects_list),
		cmocka_unit_test(test_expansion_list),
		cmocka_unit_test(test_retention_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
