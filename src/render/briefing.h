/* SPDX-License-Identifier: MIT
 * briefing: the PDF briefing (DESIGN.md §8). Reads the report model (the results.json
 * cJSON tree) and lays it out with the pdfdoc engine: cover with headlines, KPI tiles
 * and table, pipeline, customers, retention, segments, partners, forecast, appendix;
 * charts are the model's chart specs drawn as vectors through the PDF canvas. */
#ifndef RENDER_BRIEFING_H
#define RENDER_BRIEFING_H

#include <stddef.h>

#include <cJSON.h>

#include "base/diag.h"
#include "render/chart.h"
#include "render/pdfdoc.h"
#include "render/theme.h"

/* The sections, in the default order. Their names are the values of the project
 * file's "pdf": {"sections": [...]}. */
enum briefing_section {
	BRIEFING_COVER, BRIEFING_KPIS, BRIEFING_PIPELINE, BRIEFING_CUSTOMERS,
	BRIEFING_RETENTION, BRIEFING_SEGMENTS, BRIEFING_PARTNERS, BRIEFING_FORECAST,
	BRIEFING_APPENDIX, BRIEFING_NSECTIONS
};
extern const char *const briefing_section_names[BRIEFING_NSECTIONS];

struct briefing_options {
	const char *paper;          /* "A4" (default, also for NULL) or "Letter" */
	const cJSON *sections;      /* array of section names, or NULL = all, default order */
	int top;                    /* rows of each target list shown; 0 = 8 */
	const struct chart_theme *chart_theme;  /* chart colours (theme_chart); NULL = defaults */
};

/* The sections that will be drawn, in order: those named by o->sections (or all in the
 * default order) whose analyses are in the model. Unknown names warn through d and
 * are skipped, as are repeats. Writes at most BRIEFING_NSECTIONS entries to out and
 * returns their count. */
size_t briefing_plan(const cJSON *model, const struct briefing_options *o, struct diag *d,
                     enum briefing_section *out);

/* Lays the briefing of model out into doc (made with pdfdoc_create; the caller saves
 * and destroys it). Numbers come from the model's *_fmt strings, UI labels from
 * model.labels (built-in English/Chinese wording when absent), charts from
 * model.charts. Returns 0, or the pdfdoc/diag status after an error (reported). */
int briefing_render(struct pdfdoc *doc, const cJSON *model, const struct briefing_options *o,
                    struct diag *d);

/* The document options for model (title, author = organisation, subject, keywords,
 * locale, paper); strings point into the model or static storage. */
void briefing_doc_options(const cJSON *model, const struct briefing_options *o,
                          struct pdfdoc_options *out);

/* Creates, renders and saves the briefing to path (via a temporary file: nothing is
 * half-written). The creation date is set only from SOURCE_DATE_EPOCH. Returns an enum
 * bd_status; errors were reported through d. */
int briefing_write(const cJSON *model, const struct briefing_options *o, const char *path,
                   struct diag *d);

/* briefing_write to dir/name with the project's "pdf" settings: paper ("A4", "Letter"
 * or NULL) and sections (array or NULL), and the report's theme (its chart colours,
 * theme_pdf_chart; NULL = defaults). For the build's output phase. */
int briefing_write_in(const cJSON *model, const char *paper, const cJSON *sections,
                      const struct theme *theme, const char *dir, const char *name,
                      struct diag *d);

#endif
