/* SPDX-License-Identifier: MIT
 * scoring: one logistic-regression pipeline for lead_scoring and churn: features ->
 * stratified split -> held-out metrics -> refit on all labelled rows -> per-row
 * probabilities and contributions -> results.json subtree and charts. */
#include "analysis/scoring.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fmt.h"

void
scoring_params_read(struct arena *a, const cJSON *params, const char *default_target,
                    struct scoring_params *sp)
{
	const cJSON *v;
	memset(sp, 0, sizeof *sp);
	sp->target = default_target;
	sp->C = 1.0;
	sp->test_size = 0.2;
	sp->seed = 42;
	sp->threshold = 0.5;
	if (!params)
		return;
	if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(params, "target")))
		sp->target = arena_strdup(a, v->valuestring);
	sp->nfeatures = features_names_from_json(a, cJSON_GetObjectItemCaseSensitive(params, "features"),
	                                         &sp->features);
	if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(params, "penalty")))
		sp->l2 = strcmp(v->valuestring, "l2") == 0;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(params, "C")))
		sp->C = v->valuedouble;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(params, "test_size")))
		sp->test_size = v->valuedouble;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(params, "seed")))
		sp->seed = (uint64_t)v->valuedouble;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(params, "threshold")))
		sp->threshold = v->valuedouble;
	if (cJSON_IsObject(v = cJSON_GetObjectItemCaseSensitive(params, "reference_levels")))
		sp->reference_levels = v;
}

static void
fit(const struct scoring_params *sp, const double *x, size_t n, size_t p, const int *y,
    struct logreg_fit *f)
{
	struct logreg_opts o;
	logreg_opts_default(&o);
	o.intercept_col = 0;
	if (sp->l2)
		o.C = sp->C;
	else
		o.fallback_C = sp->C;
	logreg_fit(f, x, n, p, y, &o);
}

/* Copies the rows with sel[i] == want of an n x p matrix. */
static size_t
pick(const double *x, const int *y, size_t n, size_t p, const unsigned char *sel, int want,
     double *xo, int *yo)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if ((sel[i] != 0) == want) {
			memcpy(xo + m * p, x + i * p, p * sizeof *x);
			yo[m++] = y[i];
		}
	return m;
}

static void
held_out(struct analysis_ctx *ctx, const struct scoring_params *sp, const double *x,
         const int *y, size_t n, size_t p, struct scoring_model *m)
{
	unsigned char *is_test = xcalloc(n + 1, 1);
	double *xt = xmalloc((n * p + 1) * sizeof *xt), *prob;
	int *yt = xmalloc((n + 1) * sizeof *yt);
	size_t ntr, nte, pos_tr = 0, pos_te = 0;
	struct logreg_fit f;
	struct metrics_roc roc;
	metrics_stratified_split(y, n, sp->test_size, sp->seed, is_test);
	ntr = pick(x, y, n, p, is_test, 0, xt, yt);
	for (size_t i = 0; i < ntr; i++)
		pos_tr += yt[i] != 0;
	m->n_train = ntr;
	m->n_test = n - ntr;
	if (pos_tr == 0 || pos_tr == ntr || ntr == n) {
		free(is_test), free(xt), free(yt);
		return;
	}
	fit(sp, xt, ntr, p, yt, &f);
	nte = pick(x, y, n, p, is_test, 1, xt, yt);
	for (size_t i = 0; i < nte; i++)
		pos_te += yt[i] != 0;
	if (pos_te && pos_te < nte) {
		prob = xmalloc(nte * sizeof *prob);
		logreg_predict(&f, xt, nte, prob);
		metrics_confusion(yt, prob, nte, sp->threshold, &m->test);
		m->test_auc = metrics_auc(yt, prob, nte);
		metrics_roc_curve(yt, prob, nte, &roc);
		/* evenly spaced points, first and last kept */
		m->nroc = roc.n <= SCORING_ROC_MAX ? roc.n : SCORING_ROC_MAX;
		m->roc_fpr = arena_alloc(ctx->a, (m->nroc + 1) * sizeof *m->roc_fpr);
		m->roc_tpr = arena_alloc(ctx->a, (m->nroc + 1) * sizeof *m->roc_tpr);
		for (size_t k = 0; k < m->nroc; k++) {
			size_t i = m->nroc < 2 ? 0 : (size_t)llround((double)k * (double)(roc.n - 1) / (double)(m->nroc - 1));
			m->roc_fpr[k] = roc.fpr[i];
			m->roc_tpr[k] = roc.tpr[i];
		}
		metrics_roc_finish(&roc);
		free(prob);
		m->has_test = 1;
	}
	logreg_finish(&f);
	free(is_test), free(xt), free(yt);
}

/* The role of a dataset table by its name (customers, opportunities...). */
static enum project_role
role_named(const char *name)
{
	for (int r = 0; r < PROJECT_NROLES; r++)
		if (name && strcmp(name, project_role_names[r]) == 0)
			return (enum project_role)r;
	return PROJECT_CUSTOMERS;
}

int
scoring_run(struct analysis_ctx *ctx, const char *key, const struct table *t,
            const struct scoring_params *sp, const unsigned char *train_rows,
            const unsigned char *score_rows, struct scoring_model *m, const char **err)
{
	struct arena *a = ctx->a;
	const struct table_column *tc = table_column_find(t, sp->target);
	unsigned char *lab;
	struct features_matrix fm;
	struct logreg_fit f;
	int *y;
	size_t p;
	memset(m, 0, sizeof *m);
	m->test_auc = m->auc_in_sample = NAN;
	if (!tc || tc->type == TABLE_TEXT) {
		*err = arena_printf(a, "%s skipped: %s has no numeric '%s' field", key, t->name, sp->target);
		return -1;
	}
	size_t nlab = 0;
	lab = arena_calloc(a, t->nrows + 1, 1);
	for (size_t r = 0; r < t->nrows; r++) {
		lab[r] = tc->num[r] == tc->num[r] && (!train_rows || train_rows[r]);
		nlab += lab[r];
	}
	/* a feature with no value in any labelled row (a derived column that is always
	 * missing) would leave no row to fit: name it */
	for (size_t j = 0; j < sp->nfeatures && nlab; j++) {
		const struct table_column *c = table_column_find(t, sp->features[j]);
		size_t r;
		if (!c)
			continue;
		for (r = 0; r < t->nrows; r++)
			if (lab[r] && !table_missing(c, r))
				break;
		if (r == t->nrows) {
			analysis_lost(ctx, role_named(t->name), NULL, "%s skipped: feature '%s' is missing in every "
			              "labelled row of %s", key, sp->features[j], t->name);
			*err = NULL;
			return -1;
		}
	}
	{
		int rc = features_plan(a, t, sp->features, sp->nfeatures, lab, 1, FEATURES_TREATMENT,
		                       sp->reference_levels, &m->design, err);
		if (rc < 0) { /* a bad parameter: an input error naming the key */
			ctx->error = arena_printf(a, "analysis '%s': %s", key, *err);
			ctx->error_path = arena_printf(a, "analyses.%s.%s", key,
			                               rc == -1 ? "features" : "reference_levels");
			*err = NULL;
			return -1;
		}
	}
	p = m->p = m->design.ncols;
	features_fill(a, &m->design, t, lab, &fm);
	m->n = fm.n;
	m->dropped = fm.dropped;
	y = arena_alloc(a, (fm.n + 1) * sizeof *y);
	for (size_t i = 0; i < fm.n; i++) {
		y[i] = tc->num[fm.row[i]] != 0;
		m->positives += (size_t)y[i];
	}
	if (fm.n == 0 || m->positives == 0 || m->positives == fm.n) {
		*err = arena_printf(a, "%s skipped: %zu labelled rows with every feature, %zu of them '%s' = 1",
		                    key, fm.n, m->positives, sp->target);
		return -1;
	}
	held_out(ctx, sp, fm.x, y, fm.n, p, m);
	fit(sp, fm.x, fm.n, p, y, &f);
	m->coef = arena_alloc(a, 4 * p * sizeof(double));
	m->se = m->coef + p, m->z = m->se + p, m->pval = m->z + p;
	memcpy(m->coef, f.coef, p * sizeof *m->coef);
	memcpy(m->se, f.se, p * sizeof *m->se);
	memcpy(m->z, f.z, p * sizeof *m->z);
	memcpy(m->pval, f.p_value, p * sizeof *m->pval);
	m->loglik = f.loglik;
	m->loglik_null = f.loglik_null;
	m->aic = f.aic;
	m->converged = f.converged;
	m->iterations = f.iterations;
	m->penalized = f.penalized;
	m->C = f.C;
	m->status = f.status;
	m->message = arena_strdup(a, f.message);
	if (f.status != LOGREG_OK)
		analysis_note(ctx, "%s: %s", key, f.message);
	{
		double *prob = xmalloc(fm.n * sizeof *prob);
		logreg_predict(&f, fm.x, fm.n, prob);
		m->auc_in_sample = metrics_auc(y, prob, fm.n);
		free(prob);
	}
	m->mean = arena_calloc(a, p, sizeof *m->mean);
	for (size_t i = 0; i < fm.n; i++)
		for (size_t k = 0; k < p; k++)
			m->mean[k] += fm.x[i * p + k];
	for (size_t k = 0; k < p; k++) {
		m->mean[k] /= (double)fm.n;
		m->base_logit += m->coef[k] * m->mean[k];
	}
	if (score_rows) {
		struct features_matrix sm;
		features_fill(a, &m->design, t, score_rows, &sm);
		m->nscored = sm.n;
		m->row = sm.row;
		m->prob = arena_alloc(a, (sm.n + 1) * sizeof *m->prob);
		logreg_predict(&f, sm.x, sm.n, m->prob);
		/* contributions overwrite the scoring matrix in place */
		m->contrib = sm.x;
		for (size_t i = 0; i < sm.n; i++)
			for (size_t k = 0; k < p; k++)
				sm.x[i * p + k] = m->design.cols[k].feature < 0 ? 0.0
				                  : m->coef[k] * (sm.x[i * p + k] - m->mean[k]);
	}
	logreg_finish(&f);
	return 0;
}

void
scoring_feature_contrib(const struct scoring_model *m, size_t i, double *out)
{
	for (size_t j = 0; j < m->design.nfeatures; j++)
		out[j] = 0;
	for (size_t k = 0; k < m->p; k++)
		if (m->design.cols[k].feature >= 0)
			out[m->design.cols[k].feature] += m->contrib[i * m->p + k];
}

/* ---- results.json ---- */

cJSON *
scoring_charts(struct analysis_ctx *ctx)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(ctx->results, "charts");
	if (!c)
		c = cJSON_AddObjectToObject(ctx->results, "charts");
	return c;
}

void
scoring_add_num(cJSON *o, const char *name, double v, const char *kind)
{
	char key[96];
	struct buf b;
	snprintf(key, sizeof key, "%s_fmt", name);
	if (!isfinite(v)) {
		cJSON_AddNullToObject(o, name);
		cJSON_AddStringToObject(o, key, "\xe2\x80\x93");
		return;
	}
	cJSON_AddNumberToObject(o, name, v);
	buf_init(&b);
	if (strcmp(kind, "integer") == 0) {
		fmt_number(&b, v, 0, LOCALE_EN);
	} else if (strcmp(kind, "percent") == 0) {
		fmt_percent(&b, v, 1);
	} else if (strcmp(kind, "p") == 0 && v < 0.001) {
		buf_puts(&b, "< 0.001");
	} else if (strcmp(kind, "ratio") == 0) {
		fmt_number(&b, v, 3, LOCALE_EN);
	} else if (strcmp(kind, "coef") == 0) {
		buf_printf(&b, "%.4g", v);
	} else {
		/* up to 3 decimals (1 from 100 up), trailing zeros trimmed */
		fmt_number(&b, v, fabs(v) >= 100 ? 1 : 3, LOCALE_EN);
		if (strchr(buf_str(&b), '.')) {
			while (b.len && b.data[b.len - 1] == '0')
				b.data[--b.len] = '\0';
			if (b.len && b.data[b.len - 1] == '.')
				b.data[--b.len] = '\0';
		}
		if (strcmp(buf_str(&b), "-0") == 0) {
			buf_reset(&b);
			buf_puts(&b, "0");
		}
	}
	cJSON_AddStringToObject(o, key, buf_str(&b));
	buf_release(&b);
}

static cJSON *
num_or_null(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *
keyed(const struct scoring_model *m, const double *v)
{
	cJSON *o = cJSON_CreateObject();
	for (size_t k = 0; k < m->p; k++)
		cJSON_AddItemToObject(o, m->design.cols[k].name, num_or_null(v[k]));
	return o;
}

static cJSON *
confusion(const struct metrics_confusion *c)
{
	/* rows: actual 0, 1; columns: predicted 0, 1 (sklearn's confusion_matrix) */
	cJSON *o = cJSON_CreateArray(), *r0 = cJSON_CreateArray(), *r1 = cJSON_CreateArray();
	cJSON_AddItemToArray(r0, cJSON_CreateNumber((double)c->tn));
	cJSON_AddItemToArray(r0, cJSON_CreateNumber((double)c->fp));
	cJSON_AddItemToArray(r1, cJSON_CreateNumber((double)c->fn));
	cJSON_AddItemToArray(r1, cJSON_CreateNumber((double)c->tp));
	cJSON_AddItemToArray(o, r0);
	cJSON_AddItemToArray(o, r1);
	return o;
}

static void
add_charts(struct analysis_ctx *ctx, const char *key, const struct scoring_model *m)
{
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	cJSON *charts = scoring_charts(ctx), *c, *ser, *s, *cats, *vals, *pts;
	char id[64];
	/* signed coefficients, intercept left out */
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "hbar");
	cJSON_AddStringToObject(c, "title", zh ? "模型系数（对数几率）" : "Model coefficients (log-odds)");
	cJSON_AddBoolToObject(c, "signed", 1);
	cats = cJSON_AddArrayToObject(cJSON_AddObjectToObject(c, "x"), "categories");
	ser = cJSON_AddArrayToObject(c, "series");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", zh ? "系数" : "coefficient");
	vals = cJSON_AddArrayToObject(s, "values");
	for (size_t k = 0; k < m->p; k++) {
		if (m->design.cols[k].feature < 0)
			continue;
		cJSON_AddItemToArray(cats, cJSON_CreateString(m->design.cols[k].name));
		cJSON_AddItemToArray(vals, isfinite(m->coef[k]) ? cJSON_CreateNumber(m->coef[k]) : cJSON_CreateNull());
	}
	cJSON_AddItemToArray(ser, s);
	snprintf(id, sizeof id, "%s_coefficients", key);
	cJSON_AddItemToObject(charts, id, c);
	if (!m->has_test)
		return;
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "roc");
	cJSON_AddStringToObject(c, "title", zh ? "ROC 曲线（留出集）" : "ROC curve (held-out)");
	cJSON_AddNumberToObject(c, "auc", m->test_auc);
	ser = cJSON_AddArrayToObject(c, "series");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", zh ? "模型" : "model");
	pts = cJSON_AddArrayToObject(s, "points");
	for (size_t k = 0; k < m->nroc; k++) {
		cJSON *pt = cJSON_CreateArray();
		cJSON_AddItemToArray(pt, cJSON_CreateNumber(m->roc_fpr[k]));
		cJSON_AddItemToArray(pt, cJSON_CreateNumber(m->roc_tpr[k]));
		cJSON_AddItemToArray(pts, pt);
	}
	cJSON_AddItemToArray(ser, s);
	snprintf(id, sizeof id, "%s_roc", key);
	cJSON_AddItemToObject(charts, id, c);
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "heatmap");
	cJSON_AddStringToObject(c, "title", zh ? "混淆矩阵（留出集）" : "Confusion matrix (held-out)");
	cats = cJSON_AddArrayToObject(cJSON_AddObjectToObject(c, "x"), "categories");
	cJSON_AddItemToArray(cats, cJSON_CreateString(zh ? "预测 0" : "predicted 0"));
	cJSON_AddItemToArray(cats, cJSON_CreateString(zh ? "预测 1" : "predicted 1"));
	cats = cJSON_AddArrayToObject(cJSON_AddObjectToObject(c, "y"), "categories");
	cJSON_AddItemToArray(cats, cJSON_CreateString(zh ? "实际 0" : "actual 0"));
	cJSON_AddItemToArray(cats, cJSON_CreateString(zh ? "实际 1" : "actual 1"));
	cJSON_AddItemToObject(c, "values", confusion(&m->test));
	cJSON_AddStringToObject(c, "value_format", "integer");
	snprintf(id, sizeof id, "%s_confusion", key);
	cJSON_AddItemToObject(charts, id, c);
}

cJSON *
scoring_to_model(struct analysis_ctx *ctx, const char *key, const struct scoring_params *sp,
                 const struct scoring_model *m)
{
	cJSON *o = cJSON_CreateObject(), *mod, *met, *arr, *feats;
	cJSON_AddStringToObject(o, "target", sp->target);
	feats = cJSON_AddArrayToObject(o, "features");
	for (size_t j = 0; j < m->design.nfeatures; j++)
		cJSON_AddItemToArray(feats, cJSON_CreateString(m->design.features[j]));
	scoring_add_num(o, "rows", (double)m->n, "integer");
	scoring_add_num(o, "positives", (double)m->positives, "integer");
	scoring_add_num(o, "positive_rate", (double)m->positives / (double)m->n, "percent");
	scoring_add_num(o, "dropped", (double)m->dropped, "integer");
	mod = cJSON_AddObjectToObject(o, "model");
	cJSON_AddItemToObject(mod, "coefficients", keyed(m, m->coef));
	cJSON_AddItemToObject(mod, "std_errors", keyed(m, m->se));
	cJSON_AddItemToObject(mod, "z", keyed(m, m->z));
	cJSON_AddItemToObject(mod, "p", keyed(m, m->pval));
	cJSON_AddItemToObject(mod, "log_likelihood", num_or_null(m->loglik));
	cJSON_AddItemToObject(mod, "log_likelihood_null", num_or_null(m->loglik_null));
	cJSON_AddItemToObject(mod, "aic", num_or_null(m->aic));
	cJSON_AddBoolToObject(mod, "converged", m->converged);
	cJSON_AddNumberToObject(mod, "iterations", m->iterations);
	cJSON_AddBoolToObject(mod, "penalized", m->penalized);
	if (m->penalized)
		cJSON_AddNumberToObject(mod, "C", m->C);
	cJSON_AddStringToObject(mod, "message", m->message ? m->message : "");
	met = cJSON_AddObjectToObject(o, "metrics");
	scoring_add_num(met, "threshold", sp->threshold, "number");
	scoring_add_num(met, "train_rows", (double)m->n_train, "integer");
	scoring_add_num(met, "test_rows", (double)m->n_test, "integer");
	if (m->has_test) {
		scoring_add_num(met, "accuracy", m->test.accuracy, "percent");
		scoring_add_num(met, "precision", m->test.precision, "percent");
		scoring_add_num(met, "recall", m->test.recall, "percent");
		scoring_add_num(met, "f1", m->test.f1, "ratio");
		scoring_add_num(met, "auc", m->test_auc, "ratio");
		cJSON_AddItemToObject(met, "confusion", confusion(&m->test));
	} else {
		static const char *const k[] = { "accuracy", "precision", "recall", "f1", "auc" };
		for (size_t i = 0; i < 5; i++)
			scoring_add_num(met, k[i], NAN, "number");
		cJSON_AddNullToObject(met, "confusion");
	}
	scoring_add_num(met, "auc_in_sample", m->auc_in_sample, "ratio");
	/* the coefficient table the pages show */
	arr = cJSON_AddArrayToObject(o, "coefficients");
	for (size_t k = 0; k < m->p; k++) {
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "name", m->design.cols[k].name);
		scoring_add_num(r, "coef", m->coef[k], "coef");
		scoring_add_num(r, "std_error", m->se[k], "coef");
		scoring_add_num(r, "z", m->z[k], "number");
		scoring_add_num(r, "p", m->pval[k], "p");
		scoring_add_num(r, "odds_ratio", exp(m->coef[k]), "ratio");
		cJSON_AddItemToArray(arr, r);
	}
	scoring_add_num(o, "scored", (double)m->nscored, "integer");
	add_charts(ctx, key, m);
	return o;
}

const struct jsoncheck_param scoring_param_table[SCORING_NPARAMS] = {
	{ "target", JSONCHECK_STR, NULL, 0, 0, "\"won\" / \"churned\"",
	  "outcome" },
	{ "features", JSONCHECK_STRS, NULL, 0, 0, "every numeric column and every text column with 2 to 20 distinct values among the "
	  "labelled rows, except ids, stage, account, the target, dates, source columns behind "
	  "mapped role fields and columns missing on more than half of the labelled rows",
	  "predictors (role fields, source columns or derived columns; text is one-hot encoded)" },
	{ "penalty", JSONCHECK_ENUM, "none|l2", 0, 0, "\"none\"",
	  "\"l2\" adds a ridge (L2) penalty" },
	{ "C", JSONCHECK_NUM, NULL, 1e-12, 1e15, "1",
	  "inverse strength of the L2 penalty, as in scikit-learn" },
	{ "test_size", JSONCHECK_NUM, NULL, 0.01, 0.99, "0.2",
	  "held-out share" },
	{ "seed", JSONCHECK_INT, NULL, 0, 4294967295.0, "42",
	  "split seed" },
	{ "threshold", JSONCHECK_NUM, NULL, 0, 1, "0.5",
	  "probability cut for the metrics" },
	{ "reference_levels", JSONCHECK_OBJ, NULL, 0, 0, "the first level in sorted order",
	  "{\"Field\": \"level\"}: the one-hot level left out, as statsmodels' Treatment(reference=...)" },
};
