/* SPDX-License-Identifier: MIT
 * rfm: the rfm analysis (DESIGN.md §6): recency, frequency and monetary value per
 * customer from the shared aggregation (custagg), quintile scores 1-5 (R reversed)
 * with src/stats/rfmscore, and segments from (R, F) through a configurable map. */
#ifndef ANALYSIS_RFM_H
#define ANALYSIS_RFM_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/custagg.h"
#include "base/buf.h"
#include "stats/rfmscore.h"

#define RFM_MAX_SEGMENTS 64

struct rfm_segment {
	const char *key;                /* the map's name (English for the default map) */
	const char *name;               /* localized display name */
	size_t customers;
	double revenue;                 /* sum of monetary */
	double monetary_mean;
};

/* Per-customer arrays are indexed by custagg code (size ca->n); customers without an
 * order on or before as_of have score 0 and segment -1. */
struct rfm_result {
	const struct custagg *ca;
	size_t n;                       /* customers scored (= ca->nactive) */
	double *recency;                /* days from the last order to as_of */
	unsigned char *r, *f, *m;       /* scores 1..5 */
	int16_t *segment;               /* index into seg[], -1 = unmatched / unscored */
	struct rfm_segment seg[RFM_MAX_SEGMENTS];
	size_t nseg;                    /* segment names in map order (duplicates merged) */
	size_t unmatched;               /* scored customers no rule matched */
	size_t score_counts[3][5];      /* [R,F,M][score-1] */
	size_t cells[5][5];             /* customers per [R-1][F-1] */
};

/* Parses the `segments` parameter (an object of "RF" pattern -> name; NULL = the
 * standard map) into rules (arena). Returns the number of rules, or -1 with a message
 * naming the key in *err (arena) for a malformed pattern or a non-string name. */
long rfm_parse_map(struct arena *a, const cJSON *segments, const struct rfmscore_rule **rules,
                   const char **err);

/* Scores every customer of ca. zh selects Chinese display names for the standard
 * segments. Never fails (no customers gives n = 0). */
struct rfm_result *rfm_compute(struct arena *a, const struct custagg *ca,
                               const struct rfmscore_rule *rules, size_t nrules, int zh);

/* The results.json subtree: customers, segments[] {key, name, customers, revenue,
 * share, monetary_mean (+ _fmt)}, score_counts {R,F,M: {"1".."5"}}, rfm_cells (top
 * 10), recency/frequency/monetary summaries; adds charts.rfm_segments (bar) and
 * charts.rfm_heatmap (R x F). */
cJSON *rfm_model(const struct rfm_result *res, struct analysis_ctx *ctx);

/* CSV of every scored customer in id order: customer,recency,frequency,monetary,R,F,M,
 * RFM,segment (monetary with up to 2 decimals as the reference; text quoted when needed). */
void rfm_csv(const struct rfm_result *res, struct buf *out);

/* Registry entry: compute (cached in ctx->rfm) and model. */
cJSON *rfm_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis rfm_analysis;
#endif
