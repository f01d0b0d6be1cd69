/* SPDX-License-Identifier: MIT
 * html: writes the HTML dashboard (DESIGN.md §8) from the report model: loads the
 * theme, compiles the page templates once, turns every chart spec under "charts" into
 * inline SVG, builds each page's view (navigation, sections, tables, KPI tiles) and
 * renders index.html ... data.html into a folder. Render layer; used by cli/build. */
#ifndef RENDER_HTML_H
#define RENDER_HTML_H

#include <cJSON.h>

#include "base/diag.h"
#include "ingest/project.h"
#include "render/theme.h"

/* The pages, in navigation order: "index", "customers", "segments", "pipeline",
 * "retention", "partners", "forecast", "data" (each written as ID.html). */
extern const char *const html_pages[];
extern const size_t html_npages;

struct html_opts {
	const struct theme *th;     /* the theme, loaded once by the caller; NULL = load theme */
	const char *theme;          /* theme name or folder when th is NULL; NULL = p->theme or "default" */
	const char *project_dir;    /* its templates/ is searched first; NULL = p->dir */
	int csv_links;              /* target tables link to targets/NAME.csv */
};

/* o may be NULL: the project's theme and folder, CSV links when p->output.csv.
 * Writes every page into outdir (which must exist) from model (the results tree with
 * "meta", the analyses, "charts" and "labels"; labels missing from it are taken from
 * i18n for meta.locale). p may be NULL (defaults; no project parameters on data.html).
 * Templates are looked up as NAME.mustache in PROJECT_DIR/templates, then the theme's
 * templates/ folder, then the program's data folder (theme_data_dir()). A chart spec
 * that cannot be drawn gives a warning and a note in place of the chart. Returns 0, or
 * a bd_status after a diag error (missing theme or template, template error, I/O). */
int html_write(const cJSON *model, const struct project *p, const struct html_opts *o,
               const char *outdir, struct diag *d);

#endif
