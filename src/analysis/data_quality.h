/* SPDX-License-Identifier: MIT
 * data_quality: the data_quality analysis (DESIGN.md §6, §7): per dataset rows read
 * and kept, dropped rows by reason, missing values per role field, duplicate ids and
 * date range, plus the "notes" array other analyses append to. */
#ifndef ANALYSIS_DATA_QUALITY_H
#define ANALYSIS_DATA_QUALITY_H
#include <cJSON.h>
#include "analysis/analysis.h"

/* {"<dataset>": {rows_read, rows_kept, dropped{}, missing{}, duplicates, distinct{},
 * sum{}, date_min, date_max}, ..., "notes": []}; distinct counts the values of text
 * role fields and sum adds numeric ones over the kept rows. duplicates is null for roles without ids, dates
 * null without a date field. Sets ctx->notes to the new notes array. */
cJSON *data_quality_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis data_quality_analysis;
#endif
