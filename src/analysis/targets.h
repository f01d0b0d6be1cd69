/* SPDX-License-Identifier: MIT
 * targets: the recommended lists of DESIGN.md §6, ranked and explained:
 * prospects (open deals by p(win) x amount), retention (active customers by
 * p(churn) x CLV), expansion (customers below the median spend of their k-means
 * cluster, by the gap) and partners. Every row carries its two strongest reasons in
 * words (reasons.h). The model keeps the top rows; targets_csv writes all of them. */
#ifndef ANALYSIS_TARGETS_H
#define ANALYSIS_TARGETS_H
#include <stddef.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/reasons.h"
#include "base/buf.h"
#include "base/locale.h"

enum targets_kind { TARGETS_PROSPECTS, TARGETS_RETENTION, TARGETS_EXPANSION, TARGETS_PARTNERS,
	            TARGETS_NLISTS };

/* One recommended row. Which text and number columns mean what depends on the list:
 *                text[0]  text[1]  num[0]     num[1]           score
 *   prospects    stage    owner    amount     p_win            expected_value = p_win x amount
 *   retention    segment  -        p_churn    clv              value_at_risk  = p_churn x clv
 *   expansion    cluster  -        monetary   cluster_median   gap = cluster_median - monetary
 *   partners     -        -        -          -                score (the partners ranking's)
 * These are also the CSV columns (targets_csv), in this order after rank, id, name, and
 * followed by reason_1, reason_2. */
struct targets_row {
	const char *id, *name;          /* name may be NULL */
	const char *text[2];
	double num[2];
	double score;
	const char *reason[2];          /* strongest first; NULL when fewer */
	size_t rank;                    /* 1 = first; set by targets_rank */
};

struct targets_list {
	enum targets_kind kind;
	int present;                    /* the list's analyses ran */
	size_t n;
	struct targets_row *rows;
	const char *why;                /* why the list is empty on purpose (a model that is not
	                                   predictive), in the project's language; or NULL */
};

struct targets_result {
	size_t top;                     /* rows per list in the model (parameter "top", 25) */
	struct targets_list list[TARGETS_NLISTS];
};

/* "prospects", "retention", "expansion", "partners". */
const char *targets_key(enum targets_kind k);

/* Sorts rows by score, highest first (ties by id, bytewise), and numbers them 1..n. */
void targets_rank(struct targets_list *l);

/* A fitted logistic model as the reasons need it: p design columns (the intercept has
 * feature NULL), coefficients and the column means of the fitting rows. */
struct targets_terms {
	size_t p;
	const char *const *feature;     /* p feature names (a one-hot column: its field) */
	const char *const *level;       /* p: one-hot level or NULL */
	const enum reasons_kind *kind;  /* p kinds (see reasons_kind_of; FLAG for 0/1 columns) */
	const double *coef, *mean;
};

/* The two strongest reasons of one row from its contributions coef_j x (x_j - mean_j)
 * (contrib, p values) toward the outcome (sign +1) or away from it (-1). The row's
 * value is recovered as mean + contrib / coef; a one-hot column counts only for the
 * row's own level. usual: the row's usual days between orders for a recency feature
 * (NaN if unknown). Strings from a; out[k] = NULL beyond the reasons found. */
void targets_reasons(struct arena *a, const struct targets_terms *t, const double *contrib, int sign,
                     double usual, enum locale locale, const char *currency, const char *out[2]);

/* The columns of a list, as the CSV file and the workbook write them: rank, id, name,
 * the list's columns (above), reason_1, reason_2. */
enum targets_col_kind { TARGETS_COL_TEXT, TARGETS_COL_RANK, TARGETS_COL_MONEY, TARGETS_COL_PROB,
	                TARGETS_COL_NUMBER };
size_t targets_ncols(enum targets_kind k);
/* Name of column j (< targets_ncols) and its kind. */
const char *targets_col(enum targets_kind k, size_t j, enum targets_col_kind *kind);
/* Cell j of row r of l: the text of a TEXT column (NULL when empty), else NULL with
 * *num set to the number as the CSV writes it (money to 2 decimals, probabilities to
 * 4; NaN when missing). */
const char *targets_cell(const struct targets_list *l, size_t r, size_t j, double *num);

/* Every row of l as CSV (csvout.h: RFC 4180, CRLF, injection guard), header first:
 * rank,id,name,<list columns>,reason_1,reason_2. Money with 2 decimals, probabilities
 * with 4. Appends to out. */
void targets_csv(const struct targets_list *l, struct buf *out);

/* The targets subtree: {top, counts{<list>: n}, summary{...}, <list>: [top rows
 * {rank, id, name, <list columns>, reasons[], and *_fmt for numbers}]} for each present
 * list. summary: prospects' expected_value total, at_risk_customers (p_churn >= 0.5)
 * and their clv as value_at_stake, expansion gap total (each with _fmt). */
cJSON *targets_model(const struct targets_result *r, struct analysis_ctx *ctx);

/* Registry entry: builds the lists from the typed results in ctx (lists whose analyses
 * did not run are left out with a note), sets ctx->targets. */
cJSON *targets_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis targets_analysis;
#endif
