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
#include "stats/special.h"

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
	sp->cv_folds = 5;
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
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(params, "cv_folds")))
		sp->cv_folds = (size_t)v->valuedouble;
}

static void
fit(const struct scoring_params *sp, const double *x, size_t n, size_t p, const int *y,
    const double *start, struct logreg_fit *f)
{
	struct logreg_opts o;
	logreg_opts_default(&o);
	o.intercept_col = 0;
	o.start = start;
	if (start)              /* a fold's fit only predicts: its ranking (AUC) and */
		o.tol = 1e-7;   /* Brier score are settled long before 1e-10 */
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
	fit(sp, xt, ntr, p, yt, NULL, &f);
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

const char *const scoring_verdict_codes[] = {
	"predictive", "no_cross_validation", "chance", "below_floor", "no_better_than_baseline",
};

const char *
scoring_verdict_phrase(enum scoring_verdict v, int zh)
{
	static const char *const en[] = { "predictive", "not cross-validated (too few rows of a class)",
	                                  "no better than chance", "below the AUC floor of 0.6",
	                                  "no better than the base rate" };
	static const char *const cn[] = { "具有预测力", "无法交叉验证（某一类样本太少）", "不比随机猜测好",
	                                  "低于 AUC 下限 0.6", "不比基准率好" };
	return (zh ? cn : en)[v];
}

void
scoring_cv_run(const struct scoring_params *sp, const double *x, const int *y, size_t n,
               size_t p, const int *fold, size_t k, const double *start, struct scoring_cv *out)
{
	double *xt = xmalloc((n * p + 1) * sizeof *xt), *oof = xmalloc((n + 1) * sizeof *oof);
	double *base = xmalloc((n + 1) * sizeof *base), *prob = xmalloc((n + 1) * sizeof *prob);
	int *yt = xmalloc((n + 1) * sizeof *yt), *yo = xmalloc((n + 1) * sizeof *yo);
	unsigned char *sel = xmalloc(n + 1);
	size_t npos = 0, nok = 0, hit = 0, bhit = 0;
	double s = 0, ss = 0, pm = 0;
	memset(out, 0, sizeof *out);
	out->k = k = k > SCORING_CV_MAX ? SCORING_CV_MAX : k;
	for (size_t i = 0; i < n; i++) {
		npos += y[i] != 0;
		oof[i] = NAN;
	}
	out->base_rate = n ? (double)npos / (double)n : NAN;
	for (size_t f = 0; f < k; f++) {
		struct logreg_fit fit1;
		size_t ntr, nte, ptr = 0, pte = 0, m = 0;
		out->auc[f] = NAN;
		for (size_t i = 0; i < n; i++)
			sel[i] = fold[i] == (int)f;
		ntr = pick(x, y, n, p, sel, 0, xt, yt);
		for (size_t i = 0; i < ntr; i++)
			ptr += yt[i] != 0;
		if (ptr == 0 || ptr == ntr)
			continue;
		fit(sp, xt, ntr, p, yt, start, &fit1);
		nte = pick(x, y, n, p, sel, 1, xt, yo);
		logreg_predict(&fit1, xt, nte, prob);
		logreg_finish(&fit1);
		for (size_t i = 0; i < n; i++)
			if (sel[i]) {
				oof[i] = prob[m++];
				base[i] = (double)ptr / (double)ntr;
				pte += y[i] != 0;
			}
		if (pte && pte < nte) {
			out->auc[f] = metrics_auc(yo, prob, nte);
			s += out->auc[f];
			ss += out->auc[f] * out->auc[f];
			out->nvalid++;
		}
	}
	out->auc_mean = out->auc_sd = out->auc_low = out->auc_high = NAN;
	out->brier = out->accuracy = out->cal_large = out->cal_slope = NAN;
	out->base_accuracy = out->base_brier = NAN;
	if (out->nvalid >= 2) {
		double nv = (double)out->nvalid, half;
		out->auc_mean = s / nv;
		out->auc_sd = sqrt(fmax(0, (ss - s * s / nv) / (nv - 1)));
		half = special_t_quantile(0.975, nv - 1) * out->auc_sd / sqrt(nv);
		out->auc_low = out->auc_mean - half;
		out->auc_high = out->auc_mean + half;
	}
	/* out-of-fold calibration and the base-rate baseline on the rows predicted */
	{
		double bs = 0, bb = 0, *lx = xmalloc((2 * n + 1) * sizeof *lx);
		for (size_t i = 0; i < n; i++) {
			double q, d;
			if (oof[i] != oof[i])
				continue;
			yo[nok] = y[i] != 0;
			d = oof[i] - yo[nok];
			bs += d * d;
			d = base[i] - yo[nok];
			bb += d * d;
			hit += (oof[i] >= sp->threshold) == yo[nok];
			bhit += (base[i] >= 0.5) == yo[nok];
			pm += oof[i] - yo[nok];
			q = fmin(fmax(oof[i], 1e-12), 1 - 1e-12);
			lx[2 * nok] = 1;
			lx[2 * nok + 1] = log(q / (1 - q));
			nok++;
		}
		if (nok) {
			struct logreg_fit cf;
			struct logreg_opts o;
			out->brier = bs / (double)nok;
			out->base_brier = bb / (double)nok;
			out->accuracy = (double)hit / (double)nok;
			out->base_accuracy = (double)bhit / (double)nok;
			out->cal_large = pm / (double)nok;
			logreg_opts_default(&o);
			o.intercept_col = 0;
			o.threads = 1;
			logreg_fit(&cf, lx, nok, 2, yo, &o);
			if (cf.status == LOGREG_OK)
				out->cal_slope = cf.coef[1];
			logreg_finish(&cf);
		}
		free(lx);
	}
	free(xt), free(oof), free(base), free(prob), free(yt), free(yo), free(sel);
}

enum scoring_verdict
scoring_verdict_of(const struct scoring_cv *cv)
{
	if (cv->nvalid < 2 || !isfinite(cv->auc_mean))
		return SCORING_NO_CV;
	if (!(cv->auc_low > 0.5))
		return SCORING_CHANCE;
	if (cv->auc_mean < SCORING_AUC_FLOOR)
		return SCORING_FLOOR;
	if (!(cv->brier < cv->base_brier))
		return SCORING_BASELINE;
	return SCORING_PREDICTIVE;
}

/* 1 when column c holds one value on the rows with rows[r] set (missing ones aside). */
static int
is_constant(const struct table_column *c, const unsigned char *rows, size_t nrows)
{
	size_t first = nrows;
	for (size_t r = 0; r < nrows; r++) {
		if (!rows[r] || table_missing(c, r))
			continue;
		if (first == nrows) {
			first = r;
		} else if (c->type == TABLE_TEXT ? strcmp(table_text(c, r), table_text(c, first)) != 0
		                                 : c->num[r] != c->num[first]) {
			return 0;
		}
	}
	return 1;
}

/* The leakage guard: the features of sp left out because they are constant on the
 * labelled rows, missing on more than half of the rows to score, or the outcome's own
 * definition; each named in a note and kept in m. Returns the count kept in *kept. */
static size_t
guard(struct analysis_ctx *ctx, const char *key, const struct table *t,
      const struct scoring_params *sp, const unsigned char *lab, const unsigned char *score_rows,
      struct scoring_model *m, const char ***kept)
{
	size_t nk = 0, nscore = 0;
	*kept = arena_calloc(ctx->a, sp->nfeatures + 1, sizeof **kept);
	m->excluded = arena_calloc(ctx->a, 4 * (sp->nfeatures + 1), sizeof *m->excluded);
	m->excluded_code = m->excluded + sp->nfeatures + 1;
	m->excluded_why = m->excluded_code + sp->nfeatures + 1;
	m->excluded_why_zh = m->excluded_why + sp->nfeatures + 1;
	for (size_t r = 0; score_rows && r < t->nrows; r++)
		nscore += score_rows[r] != 0;
	for (size_t j = 0; j < sp->nfeatures; j++) {
		const char *f = sp->features[j], *why = NULL, *why_zh = NULL, *code = NULL;
		const struct table_column *c = table_column_find(t, f);
		size_t miss = 0, i = m->nexcluded;
		for (size_t r = 0; c && score_rows && r < t->nrows; r++)
			miss += score_rows[r] && table_missing(c, r);
		if (sp->outcome_feature && strcmp(f, sp->outcome_feature) == 0) {
			code = "defined_by_outcome";
			why = sp->outcome_why;
			why_zh = sp->outcome_why_zh;
		} else if (c && nscore && 2 * miss > nscore) {
			code = "missing_for_scoring";
			why = arena_printf(ctx->a, "missing for %zu of the %zu rows to score", miss, nscore);
			why_zh = arena_printf(ctx->a, "待评分的 %zu 行中有 %zu 行缺失", nscore, miss);
		} else if (c && is_constant(c, lab, t->nrows)) {
			code = "constant";
			why = "constant on the labelled rows";
			why_zh = "在有标签的行上为常数";
		}
		if (!code) {
			(*kept)[nk++] = f;
			continue;
		}
		m->excluded[i] = f;
		m->excluded_code[i] = code;
		m->excluded_why[i] = why;
		m->excluded_why_zh[i] = why_zh;
		m->nexcluded++;
		analysis_note(ctx, "%s: feature '%s' left out (%s); the model is fitted without it", key, f, why);
	}
	return nk;
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
	size_t p, nfeat;
	const char **feat;
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
	nfeat = guard(ctx, key, t, sp, lab, score_rows, m, &feat);
	if (!nfeat) {
		*err = arena_printf(a, "%s skipped: every feature was left out", key);
		return -1;
	}
	{
		int rc = features_plan(a, t, feat, nfeat, lab, 1, FEATURES_TREATMENT,
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
	fit(sp, fm.x, fm.n, p, y, NULL, &f);
	{
		int *fold = xmalloc((fm.n + 1) * sizeof *fold);
		metrics_stratified_folds(y, fm.n, sp->cv_folds, sp->seed, fold);
		scoring_cv_run(sp, fm.x, y, fm.n, p, fold, sp->cv_folds, f.coef, &m->cv);
		m->verdict = scoring_verdict_of(&m->cv);
		free(fold);
	}
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
	m->sd = arena_calloc(a, p, sizeof *m->sd);
	for (size_t k = 0; k < p && fm.n > 1; k++) {
		double v = 0;
		for (size_t i = 0; i < fm.n; i++)
			v += (fm.x[i * p + k] - m->mean[k]) * (fm.x[i * p + k] - m->mean[k]);
		m->sd[k] = sqrt(v / (double)(fm.n - 1));
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

/* The plain sentence of the verdict (en, zh-CN). */
static const char *
verdict_text(struct analysis_ctx *ctx, const struct scoring_model *m)
{
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	const struct scoring_cv *cv = &m->cv;
	switch (m->verdict) {
	case SCORING_PREDICTIVE:
		return arena_printf(ctx->a, zh ? "模型有预测力：交叉验证 AUC %.3f（95%% 区间 %.3f–%.3f），优于基准率。"
		                               : "The model is predictive: cross-validated AUC %.3f (95%% interval %.3f–%.3f), better than the base rate.",
		                    cv->auc_mean, cv->auc_low, cv->auc_high);
	case SCORING_NO_CV:
		return zh ? "模型不具预测力：数据不足以做交叉验证，其评分不用于目标名单。"
		          : "The model is not predictive: there is not enough data to cross-validate it, so its scores drive no target list.";
	case SCORING_CHANCE:
		return arena_printf(ctx->a, zh ? "模型不比随机猜测好（交叉验证 AUC %.3f，95%% 区间 %.3f–%.3f 含 0.5），其评分不用于目标名单。"
		                               : "The model is no better than chance (cross-validated AUC %.3f, 95%% interval %.3f–%.3f includes 0.5), so its scores drive no target list.",
		                    cv->auc_mean, cv->auc_low, cv->auc_high);
	case SCORING_FLOOR:
		return arena_printf(ctx->a, zh ? "模型预测力太弱（交叉验证 AUC %.3f，低于 %.1f），其评分不用于目标名单。"
		                               : "The model is too weak to act on (cross-validated AUC %.3f, below %.1f), so its scores drive no target list.",
		                    cv->auc_mean, SCORING_AUC_FLOOR);
	case SCORING_BASELINE:
	default:
		return arena_printf(ctx->a, zh ? "模型不比基准率好（Brier 分数 %.3f，基准 %.3f），其评分不用于目标名单。"
		                               : "The model is no better than the base rate (Brier score %.3f against %.3f), so its scores drive no target list.",
		                    cv->brier, cv->base_brier);
	}
}

/* predictive, predictive_reason, verdict, quality{} and excluded_features[]. */
static void
quality_model(struct analysis_ctx *ctx, cJSON *o, const struct scoring_params *sp,
              const struct scoring_model *m)
{
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	const struct scoring_cv *cv = &m->cv;
	cJSON *q, *arr;
	cJSON_AddBoolToObject(o, "predictive", m->verdict == SCORING_PREDICTIVE);
	if (m->verdict == SCORING_PREDICTIVE)
		cJSON_AddNullToObject(o, "predictive_reason");
	else
		cJSON_AddStringToObject(o, "predictive_reason", scoring_verdict_codes[m->verdict]);
	cJSON_AddStringToObject(o, "verdict", verdict_text(ctx, m));
	q = cJSON_AddObjectToObject(o, "quality");
	scoring_add_num(q, "cv_folds", (double)sp->cv_folds, "integer");
	scoring_add_num(q, "cv_seed", (double)sp->seed, "integer");
	arr = cJSON_AddArrayToObject(q, "cv_auc_folds");
	for (size_t f = 0; f < cv->k; f++)
		cJSON_AddItemToArray(arr, num_or_null(cv->auc[f]));
	scoring_add_num(q, "cv_auc", cv->auc_mean, "ratio");
	scoring_add_num(q, "cv_auc_sd", cv->auc_sd, "ratio");
	scoring_add_num(q, "cv_auc_low", cv->auc_low, "ratio");
	scoring_add_num(q, "cv_auc_high", cv->auc_high, "ratio");
	cJSON_AddStringToObject(q, "cv_auc_interval", zh ? "折间均值 ± t(0.975, k−1)·标准差/√k"
	                                                 : "mean over folds ± t(0.975, k−1)·sd/√k");
	scoring_add_num(q, "auc_floor", SCORING_AUC_FLOOR, "ratio");
	scoring_add_num(q, "brier", cv->brier, "ratio");
	scoring_add_num(q, "calibration_in_the_large", cv->cal_large, "ratio");
	scoring_add_num(q, "calibration_slope", cv->cal_slope, "ratio");
	scoring_add_num(q, "cv_accuracy", cv->accuracy, "percent");
	scoring_add_num(q, "base_rate", cv->base_rate, "percent");
	scoring_add_num(q, "baseline_accuracy", cv->base_accuracy, "percent");
	scoring_add_num(q, "baseline_brier", cv->base_brier, "ratio");
	arr = cJSON_AddArrayToObject(o, "excluded_features");
	for (size_t j = 0; j < m->nexcluded; j++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "feature", m->excluded[j]);
		cJSON_AddStringToObject(e, "code", m->excluded_code[j]);
		cJSON_AddStringToObject(e, "reason", zh ? m->excluded_why_zh[j] : m->excluded_why[j]);
		cJSON_AddItemToArray(arr, e);
	}
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
		/* per 1 SD of the column over the fitting rows (none for the intercept) */
		scoring_add_num(r, "std_coef", m->design.cols[k].feature < 0 ? NAN : m->coef[k] * m->sd[k], "coef");
		cJSON_AddItemToArray(arr, r);
	}
	scoring_add_num(o, "scored", (double)m->nscored, "integer");
	quality_model(ctx, o, sp, m);
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
	{ "cv_folds", JSONCHECK_INT, NULL, 2, SCORING_CV_MAX, "5",
	  "folds of the stratified cross-validation (seeded by seed) behind the AUC interval and the predictive gate" },
};
