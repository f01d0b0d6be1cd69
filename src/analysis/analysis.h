/* SPDX-License-Identifier: MIT
 * analysis: what an analysis is (one self-describing entry: key, data, parameters,
 * check, run), the registry of the BD analyses (DESIGN.md §6), the validation of the
 * project's "analyses" object against the entries, and the context they run in. An
 * analysis is a pure function of the role datasets and its validated parameters that
 * returns its results.json subtree; it never prints: it adds notes instead. To add
 * one, write src/analysis/<key>.[ch] defining its entry and list it in analysis.c. */
#ifndef ANALYSIS_ANALYSIS_H
#define ANALYSIS_ANALYSIS_H
#include <stddef.h>
#include <cJSON.h>
#include "base/arena.h"
#include "ingest/dataset.h"
#include "ingest/jsoncheck.h"
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

#define ANALYSIS_ROLE(r) (1u << (r))   /* a bit of struct analysis's needs */

/* One analysis, described by itself (defined in src/analysis/<key>.c as <key>_analysis
 * and listed in analysis_registry). */
struct analysis {
	const char *key;                        /* results.json key = project "analyses" key */
	const char *doc;                        /* what it computes: one line */
	unsigned needs;                         /* ANALYSIS_ROLE(role) for every role required;
	                                           without one the analysis is skipped with a note */
	const char *data;                       /* the datasets and fields it reads: one line */
	/* Its parameters: the project's "analyses.<key>" object is checked against them
	 * (kind, bounds, allowed values) by analysis_validate before anything runs, so
	 * check and run get values of the declared kinds within bounds. */
	const struct jsoncheck_param *params;
	size_t nparams;
	/* Data-free checks across parameters (lifecycle: active_days <= churn_days), or
	 * NULL. Returns 0, or -1 with ctx->error (the message) and ctx->error_path (the
	 * dotted project path it is reported at) set. */
	int (*check)(struct analysis_ctx *ctx, const cJSON *params);
	/* Returns the analysis's subtree (owned by the caller), or NULL to skip after
	 * adding a note saying why. params is the project's object or NULL (defaults). */
	cJSON *(*run)(struct analysis_ctx *ctx, const cJSON *params);
	/* (to come, issue #15: the analysis's view for the HTML page and the PDF briefing) */
};

/* The registry, in run order (data_quality first; later ones may read earlier keys). */
extern const struct analysis *const analysis_registry[];
extern const size_t analysis_count;

/* The entry of key, or NULL. */
const struct analysis *analysis_find(const char *key);

/* Validates the project's "analyses" object against the entries: every key names an
 * analysis (else "unknown analysis 'x'; did you mean 'y'?"), every value is false or
 * an object whose members are parameters of the entry, of their kind and within
 * their bounds; then, for every enabled analysis (present or not) without such
 * errors, its check. Reports every problem at FILE:LINE:COL of the project file
 * through d (BD_EINPUT) and returns their count (0 = valid). Uses a for scratch. */
size_t analysis_validate(struct arena *a, const struct project *p, struct diag *d);

/* Runs every enabled analysis whose roles are present, adding each result under its
 * key in ctx->results. Missing roles give a note. Returns the number run. */
size_t analysis_run_all(struct analysis_ctx *ctx);
#endif
