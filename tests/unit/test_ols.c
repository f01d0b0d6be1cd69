/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/ols: every ols_* model of
 * data/advertising/reference.json (statsmodels) refitted from
 * Advertising.csv, all statistics to 1e-8 relative; the 160/40 hold-out; and a
 * rank-deficient design. The design matrix is built from the reference's term names. */
#include "testutil.h"

#include <cJSON.h>

#include "base/arena.h"
#include "stats/ols.h"

#define MAXCOL 8
#define MAXROW 400

struct adv {
	int ncol, nrow;
	char names[MAXCOL][32];
	double v[MAXROW][MAXCOL];
};

/* tiny CSV reader for the plain numeric CRLF file; column 0 is the row index */
static void
load_adv(struct adv *a)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/advertising/Advertising.csv", test_repo_dir());
	char *txt = test_read_file(path, NULL);
	assert_non_null(txt);
	char *save = NULL, *line = strtok_r(txt, "\r\n", &save);
	a->ncol = 0;
	for (char *s = line, *e;; s = e + 1) {
		e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		assert_true(a->ncol < MAXCOL && len < 32);
		memcpy(a->names[a->ncol], s, len);
		a->names[a->ncol++][len] = '\0';
		if (!e)
			break;
	}
	a->nrow = 0;
	while ((line = strtok_r(NULL, "\r\n", &save))) {
		assert_true(a->nrow < MAXROW);
		char *s = line;
		for (int j = 0; j < a->ncol; j++) {
			char *end;
			a->v[a->nrow][j] = strtod(s, &end);
			assert_true(end != s);
			s = end + (*end == ',');
		}
		a->nrow++;
	}
	free(txt);
}

static double
term_value(const struct adv *a, int row, const char *term)
{
	if (!strcmp(term, "Intercept"))
		return 1;
	const char *colon = strchr(term, ':');
	if (colon) {
		char left[32];
		size_t len = (size_t)(colon - term);
		memcpy(left, term, len);
		left[len] = '\0';
		return term_value(a, row, left) * term_value(a, row, colon + 1);
	}
	for (int j = 1; j < a->ncol; j++)
		if (!strcmp(a->names[j], term))
			return a->v[row][j];
	fail_msg("unknown term '%s'", term);
	return NAN;
}

static int
column(const struct adv *a, const char *name)
{
	for (int j = 0; j < a->ncol; j++)
		if (!strcmp(a->names[j], name))
			return j;
	fail_msg("no column '%s'", name);
	return -1;
}

static cJSON *
load_ref(char **txt)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/advertising/reference.json", test_repo_dir());
	*txt = test_read_file(path, NULL);
	assert_non_null(*txt);
	cJSON *root = cJSON_Parse(*txt);
	assert_non_null(root);
	return root;
}

static double
num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	if (!cJSON_IsNumber(v))
		fail_msg("reference lacks number '%s'", key);
	return v->valuedouble;
}

/* X from the reference's term list (params keys, in order), rows [r0, r1) */
static double *
design(const struct adv *a, const cJSON *params, int r0, int r1, size_t *p)
{
	*p = (size_t)cJSON_GetArraySize(params);
	double *x = xmalloc((size_t)(r1 - r0) * *p * sizeof *x);
	for (int i = r0; i < r1; i++) {
		size_t j = 0;
		const cJSON *t;
		cJSON_ArrayForEach(t, params)
			x[(size_t)(i - r0) * *p + j++] = term_value(a, i, t->string);
	}
	return x;
}

#define REL 1e-8

static void
test_all_models(void **state)
{
	(void)state;
	static struct adv a;
	load_adv(&a);
	char *txt;
	cJSON *root = load_ref(&txt), *m;
	int models = 0;
	int ys = column(&a, "sales");
	double y[MAXROW];
	for (int i = 0; i < a.nrow; i++)
		y[i] = a.v[i][ys];
	cJSON_ArrayForEach(m, root) {
		if (strncmp(m->string, "ols_", 4) != 0)
			continue;
		const cJSON *params = cJSON_GetObjectItem(m, "params");
		size_t p;
		double *x = design(&a, params, 0, a.nrow, &p);
		assert_int_equal((int)num(m, "n"), a.nrow);
		struct ols_fit f;
		ols_fit(&f, x, (size_t)a.nrow, p, y, 1);
		assert_int_equal(f.rank, p);
		const cJSON *t;
		size_t j = 0;
		cJSON_ArrayForEach(t, params) {
			const char *nm = t->string;
			assert_close_rel(f.coef[j], t->valuedouble, REL);
			assert_close_rel(f.se[j], num(cJSON_GetObjectItem(m, "bse"), nm), REL);
			assert_close_rel(f.t[j], num(cJSON_GetObjectItem(m, "t"), nm), REL);
			assert_close_rel(f.p_value[j], num(cJSON_GetObjectItem(m, "p"), nm), REL);
			const cJSON *ci = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "conf_int_95"), nm);
			assert_close_rel(f.ci_lo[j], cJSON_GetArrayItem(ci, 0)->valuedouble, REL);
			assert_close_rel(f.ci_hi[j], cJSON_GetArrayItem(ci, 1)->valuedouble, REL);
			j++;
		}
		assert_close_rel(f.r2, num(m, "r2"), REL);
		assert_close_rel(f.adj_r2, num(m, "adj_r2"), REL);
		assert_close_rel(f.f_stat, num(m, "f_statistic"), REL);
		assert_close_rel(f.f_p, num(m, "f_pvalue"), REL);
		assert_close_rel(f.df_model, num(m, "df_model"), 0);
		assert_close_rel(f.df_resid, num(m, "df_resid"), 0);
		assert_close_rel(f.rss, num(m, "ssr_rss"), REL);
		assert_close_rel(f.tss, num(m, "tss_centered"), REL);
		assert_close_rel(f.mse, num(m, "mse_ssr_over_n"), REL);
		assert_close_rel(f.rmse, num(m, "rmse_sqrt_ssr_over_n"), REL);
		assert_close_rel(f.sigma2, num(m, "sigma2_ssr_over_n_minus_p_minus_1"), REL);
		assert_close_rel(f.rse, num(m, "rse_residual_standard_error"), REL);
		assert_close_rel(f.loglik, num(m, "loglik"), REL);
		assert_close_rel(f.aic, num(m, "aic"), REL);
		assert_close_rel(f.bic, num(m, "bic"), REL);
		const cJSON *fv;
		int i = 0;
		cJSON_ArrayForEach(fv, cJSON_GetObjectItem(m, "fitted_first5")) {
			assert_close_rel(f.fitted[i], fv->valuedouble, REL);
			assert_close_rel(f.resid[i], y[i] - fv->valuedouble, 1e-7);
			i++;
		}
		assert_int_equal(i, 5);
		ols_finish(&f);
		free(x);
		models++;
	}
	assert_true(models >= 6);
	cJSON_Delete(root);
	free(txt);
}

static void
test_holdout(void **state)
{
	(void)state;
	static struct adv a;
	load_adv(&a);
	char *txt;
	cJSON *root = load_ref(&txt);
	const cJSON *m = cJSON_GetObjectItem(root, "train_first160_test_last40");
	const cJSON *params = cJSON_GetObjectItem(m, "params");
	size_t p;
	int ys = column(&a, "sales");
	double *xtr = design(&a, params, 0, 160, &p);
	double *xte = design(&a, params, 160, a.nrow, &p);
	double y[MAXROW], pred[MAXROW];
	for (int i = 0; i < a.nrow; i++)
		y[i] = a.v[i][ys];
	struct ols_fit f;
	ols_fit(&f, xtr, 160, p, y, 1);
	const cJSON *t;
	size_t j = 0;
	cJSON_ArrayForEach(t, params)
		assert_close_rel(f.coef[j++], t->valuedouble, REL);
	int nt = a.nrow - 160;
	ols_predict(&f, xte, (size_t)nt, pred);
	double sse = 0, sae = 0, ybar = 0, sst = 0;
	for (int i = 0; i < nt; i++) {
		double e = y[160 + i] - pred[i];
		sse += e * e;
		sae += fabs(e);
		ybar += y[160 + i];
	}
	ybar /= nt;
	for (int i = 0; i < nt; i++)
		sst += (y[160 + i] - ybar) * (y[160 + i] - ybar);
	assert_close_rel(sse / nt, num(m, "test_mse"), REL);
	assert_close_rel(sqrt(sse / nt), num(m, "test_rmse"), REL);
	assert_close_rel(sae / nt, num(m, "test_mae"), REL);
	assert_close_rel(1 - sse / sst, num(m, "test_r2_1_minus_sse_over_sst_test"), REL);
	ols_finish(&f);
	free(xtr);
	free(xte);
	cJSON_Delete(root);
	free(txt);
}

static void
test_aliased_column(void **state)
{
	(void)state;
	/* y = 1 + 2 x1 exactly plus a duplicate column: rank 2, one coefficient 0 */
	double x[10 * 3], y[10];
	for (int i = 0; i < 10; i++) {
		x[i * 3] = 1;
		x[i * 3 + 1] = i;
		x[i * 3 + 2] = 2.0 * i;
		y[i] = 1 + 2 * i + (i % 2 ? 0.1 : -0.1);
	}
	struct ols_fit f;
	ols_fit(&f, x, 10, 3, y, 1);
	assert_int_equal(f.rank, 2);
	assert_close_rel(f.df_model, 1, 0);
	assert_close_rel(f.df_resid, 8, 0);
	assert_true(isnan(f.se[1]) != isnan(f.se[2]));
	/* same fit as the design without the duplicate */
	double x2[10 * 2];
	for (int i = 0; i < 10; i++) {
		x2[i * 2] = 1;
		x2[i * 2 + 1] = i;
	}
	struct ols_fit g;
	ols_fit(&g, x2, 10, 2, y, 1);
	assert_close_rel(f.coef[1] + 2 * f.coef[2], g.coef[1], 1e-12);
	assert_close_rel(f.coef[0], g.coef[0], 1e-12);
	assert_close_rel(f.r2, g.r2, 1e-12);
	assert_close_rel(f.aic, g.aic, 1e-12);
	assert_close_rel(f.f_stat, g.f_stat, 1e-10);
	ols_finish(&g);
	ols_finish(&f);
	ols_finish(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_models),
		cmocka_unit_test(test_holdout),
		cmocka_unit_test(test_aliased_column),
	};
	return cmocka_run_group_tests_name("ols", tests, NULL, NULL);
}
