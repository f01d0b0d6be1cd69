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

/* Where the report date came from: a given date, "latest" or "today". */
enum results_basis { RESULTS_ASOF_DATE, RESULTS_ASOF_LATEST, RESULTS_ASOF_TODAY };

/* The report date: override (a YYYY-MM-DD string, e.g. from --as-of; NULL = the
 * project's as_of). "latest" = the newest value of any date field of any dataset,
 * "today" = the current UTC date (SOURCE_DATE_EPOCH when set). Returns 0 and sets
 * *days (a whole day) and *basis, -1 when override is not a date, -2 when "latest"
 * finds no date at all (the caller asks for a date or "today"). */
int results_as_of(const struct project *p, struct dataset *const *ds, const char *override,
                  double *days, enum results_basis *basis);

/* A new root {"meta": {title, organization, as_of, as_of_basis ("date" | "latest" |
 * "today"), [as_of_today (true, only then),] week_start, week_end, previous_week
 * {start, end}, generated_by, locale, currency[, generated_at]}}. generated_at appears only when SOURCE_DATE_EPOCH is
 * set. Caller deletes. */
cJSON *results_new(const struct project *p, double as_of, enum results_basis basis);

/* results.json text: two-space indented, keys in insertion order, integers without
 * a fraction, other numbers with the shortest round-trip form, ending in a newline.
 * Caller frees. */
char *results_print(const cJSON *root);

/* The locale of a report model: its meta.locale (written from the project's enum by
 * results_new) read back; LOCALE_EN when absent. The renderers call it once per output. */
enum locale results_locale(const cJSON *model);
#endif
