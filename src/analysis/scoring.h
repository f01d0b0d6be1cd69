/* SPDX-License-Identifier: MIT
 * scoring: the binary logistic model behind lead_scoring and churn (DESIGN.md §6):
 * design matrix from features, held-out metrics on a seeded stratified split, the
 * refit on every labelled row, per-row probabilities with per-column contributions,
 * and the shared results.json subtree (model, metrics, charts). Analysis layer. */
#ifndef ANALYSIS_SCORING_H
#define ANALYSIS_SCORING_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/features.h"
#include "stats/logreg.h"
#include "stats/metrics.h"

/* Parameters shared by lead_scoring and churn (DESIGN.md §6 "Parameters"). */
struct scoring_params {
	const char *target;             /* numeric 0/1 column; NaN = unlabelled */
	const char **features;          /* nfeatures names */
	size_t nfeatures;
	const cJSON *reference_levels;  /* NULL or {"Field": "level"} */
	int l2;                         /* penalty "l2" */
	double C;                       /* default 1 (the L2 strength, also the fallback's) */
	double test_size;               /* default 0.2 */
	uint64_t seed;                  /* default 42 */
	double threshold;               /* default 0.5 */
	size_t cv_folds;                /* default 5 (stratified k-fold, seeded by seed) */
	/* set by the caller, not a parameter: a feature the outcome is defined by (churn's
	 * recency when the churned flag is an inactivity rule), left out with the reason */
	const char *outcome_feature, *outcome_why, *outcome_why_zh;
};

/* Reads target/features/penalty/C/test_size/seed/threshold/reference_levels from
 * params (NULL = defaults; features stay NULL when not given). */
/* The parameters lead_scoring and churn share (their entries' tables). */
#define SCORING_NPARAMS 9
extern const struct jsoncheck_param scoring_param_table[SCORING_NPARAMS];
void scoring_params_read(struct arena *a, const cJSON *params, const char *default_target,
                         struct scoring_params *sp);

#define SCORING_ROC_MAX 200
#define SCORING_CV_MAX 20
/* The skill floor: a cross-validated AUC below it is not predictive. */
#define SCORING_AUC_FLOOR 0.6

/* Cross-validated quality of the model (out-of-fold predictions). */
struct scoring_cv {
	size_t k, nvalid;               /* folds, folds with both classes in train and test */
	double auc[SCORING_CV_MAX];     /* per fold, NaN when not valid */
	double auc_mean, auc_sd;        /* over the valid folds (sd with n - 1) */
	double auc_low, auc_high;       /* mean -/+ t(0.975, nvalid - 1) sd / sqrt(nvalid) */
	double brier, accuracy;         /* out-of-fold, accuracy at the threshold */
	double cal_large;               /* calibration-in-the-large: mean prob - base rate */
	double cal_slope;               /* slope of y on logit(prob) (1 = calibrated) */
	double base_rate;               /* share of positives */
	double base_accuracy;           /* the majority class of each training fold */
	double base_brier;              /* each training fold's base rate as the prediction */
};

/* Why a model is not predictive (SCORING_PREDICTIVE when it is). */
enum scoring_verdict {
	SCORING_PREDICTIVE, SCORING_NO_CV, SCORING_CHANCE, SCORING_FLOOR, SCORING_BASELINE,
};
extern const char *const scoring_verdict_codes[];
/* "no better than chance" / "不比随机猜测好"... (zh: zh-CN). */
const char *scoring_verdict_phrase(enum scoring_verdict v, int zh);

/* Runs the k-fold cross-validation of the model on given folds (fold[i] in 0..k-1):
 * fit on the other folds, predict the fold. x: n x p row-major with the intercept in
 * column 0. start: p coefficients each fold's fit starts from (the fit on all rows,
 * which is close to every fold's optimum: fewer Newton steps), or NULL for zeros.
 * Fills out; out->nvalid = 0 when no fold could be scored. */
void scoring_cv_run(const struct scoring_params *sp, const double *x, const int *y, size_t n,
                    size_t p, const int *fold, size_t k, const double *start,
                    struct scoring_cv *out);

/* The verdict of cv: NO_CV (fewer than 2 valid folds), CHANCE (the interval reaches
 * 0.5), FLOOR (mean below SCORING_AUC_FLOOR), BASELINE (Brier not below the base
 * rate's), else PREDICTIVE. */
enum scoring_verdict scoring_verdict_of(const struct scoring_cv *cv);

struct scoring_model {
	struct features_design design;  /* columns: (intercept) first, then the features */
	size_t p;
	/* the refit on every labelled row with all features present */
	size_t n, positives, dropped;   /* dropped: labelled rows with a missing feature */
	double *coef, *se, *z, *pval;   /* p each */
	double *mean;                   /* p: column means over those rows (intercept 1) */
	double loglik, loglik_null, aic;
	int converged, iterations, penalized;
	double C;                       /* the penalty's C when penalized */
	enum logreg_status status;
	const char *message;            /* "" when OK (what went wrong otherwise) */
	double auc_in_sample;           /* AUC of the refit on its own rows */
	/* held-out metrics: fit on the train part, scored on the test part */
	size_t n_train, n_test;
	int has_test;                   /* both classes present in train and test */
	struct metrics_confusion test;
	double test_auc;
	size_t nroc;                    /* ROC curve on the test part, <= SCORING_ROC_MAX */
	double *roc_fpr, *roc_tpr;
	/* scored rows (of the table given to scoring_run): rows asked for with all
	 * features present and every text level known to the model */
	size_t nscored;
	size_t *row;                    /* table row index, ascending */
	double *prob;                   /* P(target = 1) per scored row */
	/* nscored x p row-major: coef_j * (x_j - mean_j); the intercept column is 0, so
	 * logit(prob) = base_logit + sum of the row's contributions */
	double *contrib;
	double base_logit;              /* coef . mean */
	double *sd;                     /* p: column SDs over the fitting rows (intercept 0) */
	struct scoring_cv cv;
	enum scoring_verdict verdict;
	/* features left out by the leakage guard: code ("missing_for_scoring",
	 * "constant", "defined_by_outcome") and reason (English for the notes, zh-CN) */
	size_t nexcluded;
	const char **excluded, **excluded_code, **excluded_why, **excluded_why_zh;
};

/* Fits the model of target on the features over the labelled rows of t (target
 * 0/1; rows with train_rows[r] == 0 are left out when train_rows is not NULL) and
 * scores the rows with score_rows[r] != 0. Returns 0, or -1 with *err set to a note
 * (no labelled rows, a single class), or -1 with *err NULL after setting ctx->error
 * and ctx->error_path (an unknown feature or reference level: a project error).
 * Notes (separation, fallback to L2) go to ctx. Memory from ctx->a. */
int scoring_run(struct analysis_ctx *ctx, const char *key, const struct table *t,
                const struct scoring_params *sp, const unsigned char *train_rows,
                const unsigned char *score_rows, struct scoring_model *m, const char **err);

/* Contributions of scored row i (0 .. nscored-1) summed per source feature (the
 * one-hot columns of a text feature together): out gets design.nfeatures values. */
void scoring_feature_contrib(const struct scoring_model *m, size_t i, double *out);

/* The results.json subtree {target, features, rows, positives, dropped, model{},
 * metrics{}, coefficients[], scored} and the charts <key>_coefficients, <key>_roc and
 * <key>_confusion under the root's "charts". */
cJSON *scoring_to_model(struct analysis_ctx *ctx, const char *key, const struct scoring_params *sp,
                        const struct scoring_model *m);

/* Helpers shared by the model analyses. */
/* The root's "charts" object (created when absent). */
cJSON *scoring_charts(struct analysis_ctx *ctx);
/* Adds name (null when not finite) and name_fmt: kind "number" (up to 3 decimals,
 * trailing zeros trimmed; 1 above 100),
 * "integer", "percent" (a 0..1 share), "p" (a p-value), "coef" (4 significant), "ratio"
 * (3 decimals: AUC, F1, odds and hazard ratios); numbers grouped as src/base/fmt. */
void scoring_add_num(cJSON *o, const char *name, double v, const char *kind);
#endif
