/* SPDX-License-Identifier: MIT
 * archive: the archive of past weeks inside the output folder. Each build with
 * "output": {"archive": N} keeps its report under archive/YYYY-Www/ (ISO week of
 * as_of) and rewrites archive/index.html: every week with its headline KPIs and a
 * trend chart per KPI across weeks, read from each week's results.json. CLI layer. */
#ifndef CLI_ARCHIVE_H
#define CLI_ARCHIVE_H

#include <stddef.h>

#include <cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "render/theme.h"

/* One week of the archive: its folder name, its results.json tree (NULL when the
 * folder has none or it does not parse; owned by the caller) and which files exist. */
struct archive_week {
	char name[16];
	cJSON *results;
	int has_html, has_pdf;
	const char *pdf;            /* file name of the PDF when has_pdf */
	const char *json;           /* file name of the results when results != NULL */
};

/* The archive index page for weeks w[0..n) (oldest first; the page lists them newest
 * first): title from the newest week's meta, a line chart per headline KPI (the
 * report model's kpis.<name>.value across weeks, on the weeks' as_of dates) and a
 * table of weeks with the KPIs' formatted values and links to each week's
 * index.html, PDF and results; current_html != 0 adds a link to the current report
 * (../index.html). Self-contained HTML (inline CSS and SVG, no script). Values without a
 * _fmt string are formatted by the KPI's kind (rates as percentages, money in the
 * currency). Colours, font family and chart colours come from theme (not NULL).
 * Returns 0 or -1 after a diag error (a chart that could not be drawn). */
int archive_index_html(const struct archive_week *w, size_t n, int current_html,
                       const struct theme *theme, struct buf *out, struct diag *d);

/* Called by the build with the new report complete in tmp (the folder about to
 * replace out): makes tmp/archive/ from out/archive/ (hard links, copies when linking
 * fails) without out's folder for this week, adds this week's report (every file of
 * tmp but archive/) as tmp/archive/<week>/, keeps the newest keep weeks, and writes
 * tmp/archive/index.html. json and pdf are the report's file names (NULL when off).
 * *week receives the week's folder name. out is not changed. Returns an enum
 * bd_status; errors were reported through d. */
int archive_update(const char *tmp, const char *out, const cJSON *results, int keep,
                   const char *json, const char *pdf, const struct theme *theme, char week[16],
                   struct diag *d);

/* For a build without "archive": carries out/archive/ (when it exists) over into tmp
 * unchanged, so turning the archive off never deletes the weeks kept so far. Returns an
 * enum bd_status; errors were reported through d. */
int archive_keep(const char *tmp, const char *out, struct diag *d);

#endif
