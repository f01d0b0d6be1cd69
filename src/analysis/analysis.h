/* SPDX-License-Identifier: MIT
 * analysis: the registry of the BD analyses (DESIGN.md §6) and the context they run
 * in. An analysis is a pure function of the role datasets and its parameters that
 * returns its results.json subtree; it never prints: it adds notes instead. To add
 * one, write src/analysis/<key>.[ch] and add a row to the table in analysis.c. */
#ifndef ANALYSIS_ANALYSIS_H
#define ANALYSIS_ANALYSIS_H
#include <stddef.h>
#include <cJSON.h>
#include "base/arena.h"
#include "ingest/dataset.h"
#include "ingest/project.h"

struct targets_result;
struct custagg;
struct rfm_result;
struct clv_result;
struct lifecycle_result;
struct health_result;
struct segmentation_result;
struct lead_scoring_result;
struct churn_result;
struct funnel_result;
struct forecast_result;
struct mcdaeval_result;

#define ANALYSIS_MAX 32         /* room in the registry */
#define ANALYSIS_MAX_LOST 32    /* data left out that the build warns about */

struct analysis_ctx {
	struct arena *a;                        /* build-lifetime memory */
	const struct project *project;
	struct dataset *const *datasets;        /* [PROJECT_NROLES], NULL = role absent */
	double as_of;                           /* days since 1970-01-01 (whole day) */
	double week_start, week_end;            /* as_of - 6 .. as_of */
	cJSON *results;                         /* the results.json root built so far: an
	                                           analysis may read earlier keys */
	cJSON *notes;                           /* array of strings (data_quality.notes) */
	const struct targets_result *targets;   /* the full target lists (targets.h), for the CSV files */
	/* typed results of the customer analyses (NULL when not run; custagg.h) */
	const struct custagg *custagg;
	const struct rfm_result *rfm;
	const struct clv_result *clv;
	const struct lifecycle_result *lifecycle;
	const struct health_result *health;
	const struct segmentation_result *segmentation;
	const char *error, *error_path;         /* set with a NULL return: a bad parameter
	                                           value (input error naming the key) and its
	                                           dotted project path for the location */
	const struct lead_scoring_result *lead_scoring; /* typed results (NULL when not run): */
	const struct churn_result *churn;       /* lead_scoring.h, churn.h */
	const struct funnel_result *funnel;     /* typed results of analyses run so far; */
	const struct forecast_result *forecast; /* NULL when not run */
	const struct mcdaeval_result *partners, *schemes;
	/* seconds each analysis of analysis_registry[] took (0 when it did not run),
	 * for --timings; filled by analysis_run_all */
	double seconds[ANALYSIS_MAX];
	/* what analysis_lost recorded, for the caller to warn about (in order) */
	const char *lost[ANALYSIS_MAX_LOST];
	enum project_role lost_role[ANALYSIS_MAX_LOST];
	long lost_line[ANALYSIS_MAX_LOST], lost_col[ANALYSIS_MAX_LOST]; /* in the role's
	                                           file; 0 = no position */
	size_t nlost;
};

/* The table of the role dataset r, or NULL when absent. */
const struct table *analysis_table_of(const struct analysis_ctx *ctx, enum project_role r);

/* Appends a note ("churn model skipped: customers has no 'churned' field"). */
void analysis_note(struct analysis_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Data of role r that an analysis leaves out, or an analysis skipped because of it
 * (a criterion that is not numeric, a feature missing in every row): a note like
 * analysis_note, and also kept in ctx->lost for the caller, which warns about each
 * (an error when the dataset is "strict") at the position of at (NULL = none).
 * Analyses still never print. */
void analysis_lost(struct analysis_ctx *ctx, enum project_role r, const struct table_bad *at,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

struct analysis {
	const char *key;                        /* results.json key = project "analyses" key */
	unsigned needs;                         /* bit (1u << role) for every role required */
	/* Returns the analysis's subtree (owned by the caller), or NULL to skip after
	 * adding a note saying why. params is the project's object or NULL (defaults). */
	cJSON *(*run)(struct analysis_ctx *ctx, const cJSON *params);
};

/* The registry, in run order (data_quality first; later ones may read earlier keys). */
extern const struct analysis analysis_registry[];
extern const size_t analysis_count;

/* Checks the parameter values of every enabled analysis that has a data-free check
 * (rfm, lifecycle, health, segmentation), whether or not its datasets are present,
 * without running it. Returns 0, or -1 with ctx->error and ctx->error_path set as
 * the analysis's run would set them. */
int analysis_check_all(struct analysis_ctx *ctx);

/* Runs every enabled analysis whose roles are present, adding each result under its
 * key in ctx->results. Missing roles give a note. Returns the number run. */
size_t analysis_run_all(struct analysis_ctx *ctx);
#endif
