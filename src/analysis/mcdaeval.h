/* SPDX-License-Identifier: MIT
 * mcdaeval: the partners and schemes analyses of DESIGN.md §6: multi-criteria scoring
 * (stats/mcda: min-max weighted sum or TOPSIS) of the rows of a dataset, ranks, rank
 * stability under ±20% weight changes, and each row's two strongest criteria in words.
 * Analysis layer: the typed result (mcdaeval_compute) and its results.json part. */
#ifndef ANALYSIS_MCDAEVAL_H
#define ANALYSIS_MCDAEVAL_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "stats/mcda.h"
#include "base/locale.h"

/* Seed of the stability trials (the parameters have no "seed" key). */
#define MCDAEVAL_SEED 42
/* "top" stability counts the trials in which a row ranks within the first 3. */
#define MCDAEVAL_TOP_K 3

struct mcdaeval_row {
	const char *id, *name;          /* name = id when the dataset has no name */
	size_t row;                     /* row in the table */
	double score;                   /* weighted sum or TOPSIS closeness, 0..1 */
	int rank;                       /* 1 = best; equal scores share the smallest rank */
	const double *value;            /* m raw criterion values */
	const double *norm;             /* m min-max normalised values, 1 = best */
	const double *contrib;          /* m weight x norm (they sum to the weighted score) */
	double keep, top, mean_rank;    /* stability; NaN when trials == 0 */
	size_t strongest[2];            /* criteria with the largest contributions */
	int best_pct[2];                /* "best p%": ceil(100 x position / n) on that criterion */
	const char *reasons[2];         /* the two in words, in the locale; NULL when m < 2 */
};

struct mcdaeval_result {
	const char *key;                /* "partners" or "schemes" */
	enum mcda_method method;
	size_t m;                       /* criteria */
	const char **criteria;
	const double *weights;          /* normalised to sum 1 */
	const int *lower_is_better;
	size_t n;                       /* ranked rows */
	struct mcdaeval_row *rows;      /* by rank, ties by id */
	size_t trials;                  /* stability trials (0 = none) */
	size_t left_out;                /* rows with a missing criterion value */
};

/* Scores the rows of t (role fields id and, optionally, name). params: "criteria"
 * (default every numeric column other than id and name and their source columns),
 * "weights" {criterion: w} (default equal; criteria without one weigh 0),
 * "lower_is_better" [criterion...], "method" "weighted" | "topsis",
 * "stability_trials" (default 200; 0 = none). Unknown or non-numeric criteria and
 * rows with a missing value are left out with a note through ctx (may be NULL).
 * locale (LOCALE_EN / LOCALE_ZH_CN) is the language of the reasons. Returns NULL when fewer
 * than one row or criterion remain. Memory from a. */
struct mcdaeval_result *mcdaeval_compute(struct arena *a, const char *key, const struct table *t,
                                         const struct project_dataset *spec, const cJSON *params,
                                         enum locale locale, struct analysis_ctx *ctx);

/* The results.json object {method, criteria[], trials, ranking[] {id, name, score,
 * rank, contributions{}, values{}, stability{keep, top, mean_rank}, reasons[]}} with
 * *_fmt strings; chart specs <key>_scores and <key>_stability added to charts when
 * not NULL. Caller owns the result. */
cJSON *mcdaeval_to_model(const struct mcdaeval_result *r, enum locale locale, cJSON *charts);

/* Registry entries: need the partners / schemes dataset; set ctx->partners / schemes. */
cJSON *mcdaeval_partners_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis mcdaeval_partners_analysis;
cJSON *mcdaeval_schemes_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis mcdaeval_schemes_analysis;
#endif
