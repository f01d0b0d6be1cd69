/* SPDX-License-Identifier: MIT
 * funnel: the sales-pipeline analysis of DESIGN.md §6 on the opportunities dataset:
 * stage counts and amounts, stage-to-stage conversion, win rate, average won deal,
 * median sales cycle, open and weighted pipeline, velocity, breakdowns by field.
 * Analysis layer: the typed result (funnel_compute) and its results.json part. */
#ifndef ANALYSIS_FUNNEL_H
#define ANALYSIS_FUNNEL_H
#include <stddef.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "base/locale.h"

enum funnel_kind { FUNNEL_OPEN, FUNNEL_WON, FUNNEL_LOST };

/* One stage row. reached = deals at this stage or beyond (for an open stage k: the
 * deals in open stages k.. plus every closed deal; for won/lost: the count itself).
 * conversion = reached / reached of the previous open stage (1 for the first stage;
 * won and lost are measured against the last open stage). probability = the chance
 * a deal in this open stage is won: stage_probabilities when given, else the
 * historical won / reached (1 for won, 0 for lost). Given probabilities are matched
 * to stage names case-insensitively; an open stage they do not name counts 0. */
struct funnel_stage {
	const char *name;
	enum funnel_kind kind;
	size_t count, reached;
	double amount;                  /* sum of the non-missing amounts */
	double conversion, probability;
};

/* One value of a breakdown field. stage_counts has nstages entries (stage order);
 * NaN where undefined (win rate without closed deals, averages without won deals). */
struct funnel_group {
	const char *value;
	size_t deals, won, lost, open;
	size_t *stage_counts;
	double win_rate, won_amount, avg_won, median_cycle_days, open_amount;
};

struct funnel_breakdown {
	const char *field;
	struct funnel_group *groups;    /* sorted by value (byte order) */
	size_t ngroups;
	size_t missing;                 /* deals without a value (left out) */
};

/* Point in time: every figure is the deal's state on ctx->as_of (none when ctx is
 * NULL). A deal created after as_of is left out; a deal won or lost after as_of was
 * open then: it counts in open, open_pipeline (its final amount: the amount on as_of
 * is not in the data) and the first stage's reached, in no stage's count, and in the
 * weighted pipeline at the historical win rate. open_pipeline is the same figure as
 * kpis.open_pipeline's value.
 * Sales cycle = close_date - created_date in days, over won deals with both dates.
 * velocity = open deals x win rate x average won deal / median cycle days, the
 * expected won amount per day from the open pipeline. NaN where undefined. */
struct funnel_result {
	struct funnel_stage *stages;    /* open stages in the configured order, won, lost */
	size_t nstages;
	size_t deals, won, lost, open;
	size_t unknown;                 /* deals whose stage is in none of the lists (left out) */
	size_t later;                   /* deals created after as_of (left out) */
	size_t open_then;               /* closed after as_of: open on as_of, stage not recorded,
	                                   counted in open with their final amount */
	double open_then_amount;
	size_t open_no_amount;          /* open deals without an amount */
	double win_rate, won_amount, avg_won_amount, median_cycle_days, mean_cycle_days;
	size_t ncycle;                  /* won deals with a cycle */
	double open_pipeline, weighted_pipeline, velocity;
	int probabilities_given;
	struct funnel_breakdown *by;
	size_t nby;
};

/* Computes the funnel of the opportunities table t (role fields stage, amount,
 * created_date, close_date; the by fields may be any text column) with the stage
 * lists of spec. params: "by" (string or array; default owner, source), and
 * "stage_probabilities" {stage: p}. Fields that are absent or not text are skipped
 * with a note through ctx (ctx may be NULL: no notes). Memory from a. */
struct funnel_result *funnel_compute(struct arena *a, const struct table *t,
                                     const struct project_dataset *spec, const cJSON *params,
                                     struct analysis_ctx *ctx);

/* The results.json "funnel" object (stable paths of DESIGN.md §7 with *_fmt strings
 * in locale and currency); chart specs funnel_stages and funnel_win_rate_<field> are
 * added to charts when it is not NULL. Caller owns the result. */
cJSON *funnel_to_model(const struct funnel_result *r, enum locale locale, const char *currency,
                       cJSON *charts);

/* Registry entry: needs the opportunities dataset; sets ctx->funnel. */
cJSON *funnel_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis funnel_analysis;
#endif
