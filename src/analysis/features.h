/* SPDX-License-Identifier: MIT
 * features: the design matrix shared by the model analyses (lead_scoring, churn,
 * drivers, retention's Cox model). A feature names a column of a role table (a role
 * field, a source column or a derived one): numbers go in as they are, text is
 * one-hot encoded. Analysis layer: tables in, plain row-major arrays out. */
#ifndef ANALYSIS_FEATURES_H
#define ANALYSIS_FEATURES_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "base/arena.h"
#include "ingest/project.h"
#include "ingest/table.h"

enum features_coding {
	/* treatment coding as statsmodels/R: a text feature with k levels gives k - 1
	 * columns `Field[level]`; the reference level (first in bytewise sorted order
	 * unless named in reference_levels) has none */
	FEATURES_TREATMENT,
	/* indicator coding for trees ("one level against the rest"): k = 2 levels give
	 * one column for the second sorted level; k >= 3 give k columns */
	FEATURES_INDICATOR,
};

struct features_column {
	const char *name;               /* "tenure", "Contract[One year]", "(intercept)" */
	int feature;                    /* index into features[], -1 for the intercept */
	int32_t code;                   /* text level: dictionary code in the source column; -1 */
	const char *level;              /* text level name, NULL for numbers */
};

struct features_design {
	size_t nfeatures;
	const char **features;          /* names as given */
	const struct table_column **src;/* their columns */
	const char **reference;         /* per feature: reference level (treatment), or NULL */
	size_t ncols;
	struct features_column *cols;   /* intercept first when asked for, then the features in
	                                   order, text levels sorted */
	int32_t **colof;                /* per text feature: dictionary code -> column index
	                                   (-1 reference level, -2 level not seen) */
};

/* Plans the columns from the rows with rows[r] != 0 (NULL = every row) on which no
 * feature is missing: text levels are those seen on these rows. reference_levels
 * may be NULL or an object {"Field": "level"} overriding the sorted-first rule.
 * Returns 0; -1 for an unknown feature ("unknown feature 'Tenure'; did you mean
 * 'tenure'?"); -2 for a bad reference level ("reference level 'X' of 'Contract' not
 * found in the data"); *err (arena text) is set on failure. */
int features_plan(struct arena *a, const struct table *t, const char *const *names, size_t n,
                  const unsigned char *rows, int intercept, enum features_coding coding,
                  const cJSON *reference_levels, struct features_design *out, const char **err);

struct features_matrix {
	size_t n, p;                    /* rows kept, columns (= design ncols) */
	double *x;                      /* n x p row-major (features_fill_columns:
	                                   column-major, x[k * n + i]) */
	size_t *row;                    /* n table row indices, ascending */
	size_t dropped;                 /* rows asked for but dropped: a missing feature or a
	                                   text level the plan has not seen */
};

/* Fills the matrix for the rows with rows[r] != 0 (NULL = all) of t (the planned
 * table, or one with the same columns). Memory from a. */
void features_fill(struct arena *a, const struct features_design *d, const struct table *t,
                   const unsigned char *rows, struct features_matrix *m);
/* The same matrix column-major, for column-wise consumers (the CART tree). */
void features_fill_columns(struct arena *a, const struct features_design *d,
                           const struct table *t, const unsigned char *rows,
                           struct features_matrix *m);

/* The default feature list of the model analyses: every numeric column and every
 * text column with 2..max_levels distinct values on the rows with rows[r] != 0,
 * in table order, except date columns, columns named in exclude (NULL-terminated),
 * columns missing on more than half of those rows, and constant columns. Returns
 * the count; *names gets an arena array. */
size_t features_default(struct arena *a, const struct table *t, const unsigned char *rows,
                        const char *const *exclude, size_t max_levels, const char ***names);

/* The exclusion list for features_default: base (NULL-terminated names), target,
 * and every source column the dataset spec maps a role field to under another name
 * (the role field carries the same data: "deal_stage" behind "stage"). spec may be
 * NULL. Arena array, NULL-terminated. */
const char **features_exclude(struct arena *a, const char *const *base, const char *target,
                              const struct project_dataset *spec);

/* Reads a JSON array of strings (or a single string) into an arena array; returns
 * the count, 0 (and *names = NULL) when v is NULL or not such a value. */
size_t features_names_from_json(struct arena *a, const cJSON *v, const char ***names);
#endif
