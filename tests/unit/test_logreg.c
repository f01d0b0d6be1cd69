/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/logreg against data/telco_churn/reference.json
 * (statsmodels Logit, sklearn L2): the design matrix is built here from the raw CSV
 * (categoricals one-hot, first sorted level dropped), then coefficients, SEs,
 * likelihoods, AUC and the 80/20 split metrics are compared. Also separation,
 * fallback to the L2 penalty and thread-count invariance on synthetic data. */
#include "testutil.h"

#include <cJSON.h>

#include "base/arena.h"
#include "base/rng.h"
#include "stats/logreg.h"
#include "stats/metrics.h"

#define MAXF 32

struct telco {
	size_t n, nf;
	char *names[MAXF];    /* header */
	char ***cell;         /* cell[i][j] */
	char *txt;
};

static void
load_csv(const char *path, struct telco *t)
{
	t->txt = test_read_file(path, NULL);
	assert_non_null(t->txt);
	size_t cap = 16;
	t->cell = xmalloc(cap * sizeof *t->cell);
	t->n = 0;
	char *save = NULL, *line = strtok_r(t->txt, "\r\n", &save);
	t->nf = 0;
	for (char *s = line, *e;; s = e + 1) {
		e = strchr(s, ',');
		if (e)
			*e = '\0';
		assert_true(t->nf < MAXF);
		t->names[t->nf++] = s;
		if (!e)
			break;
	}
	while ((line = strtok_r(NULL, "\r\n", &save))) {
		if (t->n == cap)
			t->cell = xrealloc(t->cell, (cap *= 2) * sizeof *t->cell);
		char **row = xmalloc(t->nf * sizeof *row);
		size_t j = 0;
		for (char *s = line, *e; j < t->nf; s = e + 1) {
			e = strchr(s, ',');
			if (e)
				*e = '\0';
			row[j++] = s;
			if (!e)
				break;
		}
		assert_int_equal(j, t->nf);
		t->cell[t->n++] = row;
	}
}

static void
free_csv(struct telco *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->cell[i]);
	free(t->cell);
	free(t->txt);
}

static size_t
col(const struct telco *t, const char *name)
{
	for (size_t j = 0; j < t->nf; j++)
		if (!strcmp(t->names[j], name))
			return j;
	fail_msg("no column '%s'", name);
	return 0;
}

static cJSON *
load_ref(char **txt, cJSON **root_out)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/telco_churn/reference.json", test_repo_dir());
	*txt = test_read_file(path, NULL);
	assert_non_null(*txt);
	cJSON *root = cJSON_Parse(*txt);
	assert_non_null(root);
	*root_out = root;
	return cJSON_GetObjectItem(root, "python");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Design matrix with the columns named by params' keys: "const", a numeric column,
 * or "Var[level]" (one-hot). For each categorical, checks that its dropped level is
 * the first in sorted order and equals reference_levels. */
static double *
build_design(const struct telco *t, const cJSON *params, const cJSON *reflevels, size_t *p)
{
	*p = (size_t)cJSON_GetArraySize(params);
	assert_true(*p <= MAXF);
	size_t src[MAXF];
	const char *level[MAXF];
	char var[MAXF][64];
	size_t j = 0;
	const cJSON *k;
	cJSON_ArrayForEach(k, params) {
		const char *nm = k->string, *br = strchr(nm, '[');
		level[j] = NULL;
		if (!strcmp(nm, "const")) {
			src[j] = (size_t)-1;
		} else if (br) {
			size_t len = (size_t)(br - nm);
			memcpy(var[j], nm, len);
			var[j][len] = '\0';
			src[j] = col(t, var[j]);
			level[j] = br + 1;   /* "One year]" */
		} else {
			src[j] = col(t, nm);
		}
		j++;
	}
	/* reference level = first sorted distinct value */
	const cJSON *rl;
	int ncat = 0;
	cJSON_ArrayForEach(rl, reflevels) {
		size_t c = col(t, rl->string);
		char **vals = xmalloc(t->n * sizeof *vals);
		for (size_t i = 0; i < t->n; i++)
			vals[i] = t->cell[i][c];
		qsort(vals, t->n, sizeof *vals, cmp_str);
		assert_string_equal(vals[0], rl->valuestring);
		/* every other level has a column, in sorted order */
		size_t next = 0;
		for (size_t i = 1; i < t->n; i++) {
			if (!strcmp(vals[i], vals[i - 1]))
				continue;
			char want[128];
			snprintf(want, sizeof want, "%s[%s]", rl->string, vals[i]);
			int found = 0;
			size_t q = 0;
			cJSON_ArrayForEach(k, params) {
				if (!strcmp(k->string, want)) {
					found = 1;
					assert_true(q >= next);
					next = q;
				}
				q++;
			}
			if (!found)
				fail_msg("reference has no column '%s'", want);
		}
		free(vals);
		ncat++;
	}
	assert_true(ncat >= 4);
	double *x = xmalloc(t->n * *p * sizeof *x);
	for (size_t i = 0; i < t->n; i++)
		for (j = 0; j < *p; j++) {
			double v;
			if (src[j] == (size_t)-1) {
				v = 1;
			} else if (level[j]) {
				const char *c = t->cell[i][src[j]];
				size_t len = strlen(level[j]) - 1;   /* without ']' */
				v = strlen(c) == len && !strncmp(c, level[j], len);
			} else {
				char *end;
				v = strtod(t->cell[i][src[j]], &end);
				assert_true(*end == '\0' && end != t->cell[i][src[j]]);
			}
			x[i * *p + j] = v;
		}
	return x;
}

static double
num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	if (!cJSON_IsNumber(v))
		fail_msg("reference lacks number '%s'", key);
	return v->valuedouble;
}

static void
check_metrics(const int *y, const double *prob, size_t n, const cJSON *m, double auc_tol)
{
	struct metrics_confusion c;
	metrics_confusion(y, prob, n, num(m, "threshold"), &c);
	assert_int_equal(c.tp, (size_t)num(m, "tp"));
	assert_int_equal(c.fp, (size_t)num(m, "fp"));
	assert_int_equal(c.tn, (size_t)num(m, "tn"));
	assert_int_equal(c.fn, (size_t)num(m, "fn"));
	assert_close_abs(c.accuracy, num(m, "accuracy"), 1e-12);
	assert_close_abs(c.precision, num(m, "precision"), 1e-12);
	assert_close_abs(c.recall, num(m, "recall"), 1e-12);
	assert_close_abs(c.f1, num(m, "f1"), 1e-12);
	assert_close_abs(metrics_auc(y, prob, n), num(m, "roc_auc"), auc_tol);
}

static void
check_params(const struct logreg_fit *f, const cJSON *params, const cJSON *bse, double rel)
{
	const cJSON *k;
	size_t j = 0;
	cJSON_ArrayForEach(k, params) {
		assert_close_rel(f->coef[j], k->valuedouble, rel);
		assert_close_rel(f->se[j], num(bse, k->string), rel);
		j++;
	}
	assert_int_equal(j, f->p);
}

struct fixture {
	struct telco t;
	cJSON *ref, *root;
	char *reftxt;
	double *x;
	size_t p;
	int *y;
};

static int
setup(void **state)
{
	static struct fixture fx;
	char path[512];
	snprintf(path, sizeof path, "%s/data/telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv",
	         test_repo_dir());
	load_csv(path, &fx.t);
	cJSON *py = load_ref(&fx.reftxt, &fx.root);
	fx.ref = py;
	const cJSON *full = cJSON_GetObjectItem(py, "logit_full_statsmodels");
	fx.x = build_design(&fx.t, cJSON_GetObjectItem(full, "params"),
	                    cJSON_GetObjectItem(full, "reference_levels"), &fx.p);
	fx.y = xmalloc(fx.t.n * sizeof *fx.y);
	size_t cy = col(&fx.t, "Churn");
	for (size_t i = 0; i < fx.t.n; i++)
		fx.y[i] = !strcmp(fx.t.cell[i][cy], "Yes");
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	free(fx->x);
	free(fx->y);
	free_csv(&fx->t);
	cJSON_Delete(fx->root);
	free(fx->reftxt);
	return 0;
}

static void
test_full_statsmodels(void **state)
{
	struct fixture *fx = *state;
	const cJSON *full = cJSON_GetObjectItem(fx->ref, "logit_full_statsmodels");
	assert_int_equal(fx->t.n, (size_t)num(full, "n"));
	struct logreg_fit f;
	logreg_fit(&f, fx->x, fx->t.n, fx->p, fx->y, NULL);
	assert_int_equal(f.status, LOGREG_OK);
	assert_string_equal(f.message, "");
	assert_true(f.converged);
	assert_false(f.penalized);
	check_params(&f, cJSON_GetObjectItem(full, "params"), cJSON_GetObjectItem(full, "bse"), 1e-6);
	const cJSON *k, *z = cJSON_GetObjectItem(full, "z"), *pv = cJSON_GetObjectItem(full, "p");
	size_t j = 0;
	cJSON_ArrayForEach(k, cJSON_GetObjectItem(full, "params")) {
		assert_close_rel(f.z[j], num(z, k->string), 1e-6);
		assert_close_rel(f.p_value[j], num(pv, k->string), 1e-6);
		j++;
	}
	assert_close_rel(f.loglik, num(full, "llf"), 1e-10);
	assert_close_rel(f.loglik_null, num(full, "llnull"), 1e-10);
	assert_close_rel(f.aic, num(full, "aic"), 1e-10);
	assert_close_rel(f.bic, num(full, "bic"), 1e-10);
	assert_close_rel(f.pseudo_r2, num(full, "pseudo_r2_mcfadden"), 1e-8);
	assert_true(f.iterations >= 3 && f.iterations <= 15);
	double *prob = xmalloc(fx->t.n * sizeof *prob);
	logreg_predict(&f, fx->x, fx->t.n, prob);
	check_metrics(fx->y, prob, fx->t.n, cJSON_GetObjectItem(full, "fit_metrics_on_all_rows"), 1e-9);
	free(prob);
	logreg_finish(&f);
	logreg_finish(NULL);
}

/* rows of telco_split.csv: is_test per data row */
static unsigned char *
load_split(size_t n)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/telco_churn/telco_split.csv", test_repo_dir());
	struct telco s;
	load_csv(path, &s);
	assert_int_equal(s.n, n);
	unsigned char *te = xcalloc(n, 1);
	size_t cr = col(&s, "row"), cs = col(&s, "set");
	for (size_t i = 0; i < n; i++) {
		size_t r = (size_t)strtoul(s.cell[i][cr], NULL, 10);
		assert_true(r < n);
		te[r] = !strcmp(s.cell[i][cs], "test");
	}
	free_csv(&s);
	return te;
}

static void
take_rows(const struct fixture *fx, const unsigned char *te, int want_test, double *x, int *y,
          size_t *m)
{
	*m = 0;
	for (size_t i = 0; i < fx->t.n; i++)
		if (te[i] == want_test) {
			memcpy(x + *m * fx->p, fx->x + i * fx->p, fx->p * sizeof *x);
			y[*m] = fx->y[i];
			(*m)++;
		}
}

static void
test_split_80_20(void **state)
{
	struct fixture *fx = *state;
	const cJSON *sp = cJSON_GetObjectItem(fx->ref, "split_80_20");
	unsigned char *te = load_split(fx->t.n);
	size_t n = fx->t.n, p = fx->p, ntr, nte;
	double *xtr = xmalloc(n * p * sizeof *xtr), *xte = xmalloc(n * p * sizeof *xte);
	int *ytr = xmalloc(n * sizeof *ytr), *yte = xmalloc(n * sizeof *yte);
	take_rows(fx, te, 0, xtr, ytr, &ntr);
	take_rows(fx, te, 1, xte, yte, &nte);
	assert_int_equal(ntr, (size_t)num(sp, "n_train"));
	assert_int_equal(nte, (size_t)num(sp, "n_test"));

	const cJSON *sm = cJSON_GetObjectItem(sp, "statsmodels_Logit_on_train");
	struct logreg_fit f;
	logreg_fit(&f, xtr, ntr, p, ytr, NULL);
	assert_int_equal(f.status, LOGREG_OK);
	check_params(&f, cJSON_GetObjectItem(sm, "params"), cJSON_GetObjectItem(sm, "bse"), 1e-6);
	double *prob = xmalloc(n * sizeof *prob);
	logreg_predict(&f, xte, nte, prob);
	check_metrics(yte, prob, nte, cJSON_GetObjectItem(sm, "test_metrics"), 1e-9);
	logreg_predict(&f, xtr, ntr, prob);
	check_metrics(ytr, prob, ntr, cJSON_GetObjectItem(sm, "train_metrics"), 1e-9);
	logreg_finish(&f);

	/* sklearn default L2 (C = 1) on features z-scored with train mean / population sd */
	const cJSON *l2 = cJSON_GetObjectItem(sp, "sklearn_default_L2_C1_standardized");
	double mu[MAXF], sd[MAXF];
	for (size_t j = 1; j < p; j++) {
		double s = 0, ss = 0;
		for (size_t i = 0; i < ntr; i++)
			s += xtr[i * p + j];
		mu[j] = s / (double)ntr;
		for (size_t i = 0; i < ntr; i++)
			ss += (xtr[i * p + j] - mu[j]) * (xtr[i * p + j] - mu[j]);
		sd[j] = sqrt(ss / (double)ntr);
		for (size_t i = 0; i < ntr; i++)
			xtr[i * p + j] = (xtr[i * p + j] - mu[j]) / sd[j];
		for (size_t i = 0; i < nte; i++)
			xte[i * p + j] = (xte[i * p + j] - mu[j]) / sd[j];
	}
	struct logreg_opts o;
	logreg_opts_default(&o);
	o.C = 1;
	logreg_fit(&f, xtr, ntr, p, ytr, &o);
	assert_int_equal(f.status, LOGREG_OK);
	assert_true(f.penalized && f.C == 1);
	/* sklearn's lbfgs (tol 1e-10) stops ~1e-6 short of the optimum Newton reaches */
	assert_close_abs(f.coef[0], num(l2, "intercept"), 1e-5);
	const cJSON *k;
	size_t j = 1;
	cJSON_ArrayForEach(k, cJSON_GetObjectItem(l2, "coef"))
		assert_close_abs(f.coef[j++], k->valuedouble, 1e-5);
	assert_int_equal(j, p);
	logreg_predict(&f, xte, nte, prob);
	/* near-tied test scores reorder with lbfgs' ~1e-6 coefficient error: AUC to 1e-5 */
	check_metrics(yte, prob, nte, cJSON_GetObjectItem(l2, "test_metrics"), 1e-5);
	logreg_finish(&f);
	free(prob);
	free(xtr);
	free(xte);
	free(ytr);
	free(yte);
	free(te);
}

static void
test_separation(void **state)
{
	(void)state;
	/* complete: y = x > 0 */
	double x[40 * 2];
	int y[40];
	for (int i = 0; i < 40; i++) {
		x[i * 2] = 1;
		x[i * 2 + 1] = i - 19.5;
		y[i] = i >= 20;
	}
	struct logreg_fit f;
	logreg_fit(&f, x, 40, 2, y, NULL);
	assert_int_equal(f.status, LOGREG_SEPARATION);
	assert_non_null(strstr(f.message, "separation"));
	assert_false(f.penalized);
	logreg_finish(&f);

	struct logreg_opts o;
	logreg_opts_default(&o);
	o.fallback_C = 1;
	logreg_fit(&f, x, 40, 2, y, &o);
	assert_int_equal(f.status, LOGREG_SEPARATION);
	assert_non_null(strstr(f.message, "C=1"));
	assert_true(f.penalized && f.converged);
	assert_true(f.coef[1] > 0 && isfinite(f.coef[1]) && isfinite(f.se[1]));
	logreg_finish(&f);

	/* quasi: a dummy that is 1 only for positives; the rest overlap */
	double xq[60 * 3];
	int yq[60];
	for (int i = 0; i < 60; i++) {
		xq[i * 3] = 1;
		xq[i * 3 + 1] = (i * 37 % 11) - 5;
		yq[i] = (i * 13 % 7) < 3;
		xq[i * 3 + 2] = i < 10 ? 1 : 0;
		if (i < 10)
			yq[i] = 1;
	}
	logreg_fit(&f, xq, 60, 3, yq, NULL);
	assert_int_equal(f.status, LOGREG_QUASI_SEPARATION);
	assert_non_null(strstr(f.message, "quasi-separation"));
	logreg_finish(&f);

	/* aliased column: singular information */
	for (int i = 0; i < 60; i++)
		xq[i * 3 + 2] = 2 * xq[i * 3 + 1];
	logreg_fit(&f, xq, 60, 3, yq, NULL);
	assert_int_equal(f.status, LOGREG_SINGULAR);
	logreg_finish(&f);

	double bad[2] = { 1, NAN };
	int yb[1] = { 1 };
	logreg_fit(&f, bad, 1, 2, yb, NULL);
	assert_int_equal(f.status, LOGREG_BAD_INPUT);
	logreg_finish(&f);
}

static void
test_threads_invariant(void **state)
{
	(void)state;
	size_t n = 40000, p = 6;
	struct rng r;
	rng_seed(&r, 99);
	double *x = xmalloc(n * p * sizeof *x);
	int *y = xmalloc(n * sizeof *y);
	for (size_t i = 0; i < n; i++) {
		double eta = -0.5;
		x[i * p] = 1;
		for (size_t j = 1; j < p; j++) {
			x[i * p + j] = rng_normal(&r);
			eta += 0.3 * (double)j * x[i * p + j] / (double)p;
		}
		y[i] = rng_uniform(&r) < 1 / (1 + exp(-eta));
	}
	struct logreg_opts o;
	logreg_opts_default(&o);
	struct logreg_fit a, b;
	o.threads = 1;
	logreg_fit(&a, x, n, p, y, &o);
	o.threads = 3;
	logreg_fit(&b, x, n, p, y, &o);
	assert_int_equal(a.status, LOGREG_OK);
	for (size_t j = 0; j < p; j++) {
		assert_true(a.coef[j] == b.coef[j]);
		assert_true(a.se[j] == b.se[j]);
	}
	assert_true(a.loglik == b.loglik);
	/* generating coefficients recovered within 4 SE */
	for (size_t j = 1; j < p; j++)
		assert_true(fabs(a.coef[j] - 0.3 * (double)j / (double)p) < 4 * a.se[j]);
	logreg_finish(&a);
	logreg_finish(&b);
	free(x);
	free(y);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_statsmodels),
		cmocka_unit_test(test_split_80_20),
		cmocka_unit_test(test_separation),
		cmocka_unit_test(test_threads_invariant),
	};
	return cmocka_run_group_tests_name("logreg", tests, setup, teardown);
}
