/* SPDX-License-Identifier: MIT
 * results: the results.json tree (DESIGN.md §7): "meta" first, then one key per
 * analysis in registry order. Keys stay in the order they were added (stable
 * output); numbers are JSON numbers. Model layer: reads the project, writes nothing. */
#ifndef MODEL_RESULTS_H
#define MODEL_RESULTS_H
#include <cJSON.h>
#include "ingest/dataset.h"
#include "ingest/project.h"

#define RESULTS_GENERATED_BY "bdreport 0.1.0"

/* A new root {"meta": {title, organization, as_of, as_of_basis ("date" | "latest" |
 * "today": how the report date was chosen, basis), [as_of_today (true, only then),]
 * week_start, week_end, previous_week {start, end}, generated_by, locale, currency[,
 * generated_at]}}. generated_at appears only when SOURCE_DATE_EPOCH is set. Caller
 * deletes. */
cJSON *results_new(const struct project *p, double as_of, enum project_asof basis);

/* results.json text: two-space indented, keys in insertion order, integers without
 * a fraction, other numbers with the shortest round-trip form, ending in a newline.
 * Caller frees. */
char *results_print(const cJSON *root);

/* The locale of a report model: its meta.locale (written from the project's enum by
 * results_new) read back; LOCALE_EN when absent. The renderers call it once per output. */
enum locale results_locale(const cJSON *model);
#endif
