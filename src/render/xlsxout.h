/* SPDX-License-Identifier: MIT
 * xlsxout: the target lists as one Excel workbook (targets.xlsx), a sheet per list,
 * written with libxlsxwriter: the same columns and values as the CSV files, ready
 * for people who filter and sort in Excel. Render layer (reads analysis results). */
#ifndef RENDER_XLSXOUT_H
#define RENDER_XLSXOUT_H

#include <time.h>

#include "analysis/targets.h"
#include "base/diag.h"

/* Writes dir/name with one sheet per present list of t (named like the CSV files:
 * prospects, retention, expansion, partners): a bold header row frozen in place with
 * an autofilter, money as #,##0.00, probabilities as 0.00%, rank and scores as
 * numbers, the reason columns wrapped, column widths to fit. Values equal the CSV's
 * (targets_cell). created is the workbook's creation time in its properties (give a
 * fixed one for byte-identical files). Does nothing when no list is present.
 * Returns an enum bd_status; errors were reported through d. */
int xlsxout_targets(const struct targets_result *t, const char *dir, const char *name,
                    time_t created, struct diag *d);

#endif
