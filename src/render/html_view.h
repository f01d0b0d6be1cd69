/* SPDX-License-Identifier: MIT
 * html_view: builds the parts of a page's view that templates cannot compute from the
 * model: generic section views (figures, tables and lists from an analysis's subtree,
 * with its *_fmt strings), KPI tiles, headlines, target tables, data-quality tables and
 * methods. Internal to html.c (render layer). */
#ifndef RENDER_HTML_VIEW_H
#define RENDER_HTML_VIEW_H

#include <cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ingest/project.h"
#include "render/chart.h"
#include "render/html.h"

#define HTML_MAX_ROWS 100   /* rows of a list shown in a page table */
#define HTML_TOP_ROWS 5     /* rows of each target list on the overview */

/* A section of a page: an analysis key, or one list inside it (targets.prospects). */
struct html_sec {
	const char *key, *sub;
};

/* The state of one html_write call. Every cJSON object here is owned by it. */
struct html_ctx {
	const cJSON *model;
	const struct project *p;
	const struct html_opts *o;
	enum locale locale;
	const char *yes, *no;       /* the catalogue's ui_yes and ui_no, for boolean cells */
	const char *currency;
	cJSON *labels;              /* owned when the model has none */
	const cJSON *lab;           /* the labels used */
	cJSON *svgs;                /* {chart id: svg text} */
	cJSON *chart_used;          /* {chart id: true} once placed on a page */
	struct chart_theme cth;
	struct buf tmp;
	struct diag *d;
};

/* The label of key (the model's labels first, then i18n); key itself when unknown.
 * The returned string lives until the labels do. */
const char *html_view_label(struct html_ctx *c, const char *key);
/* The label of a field name; valid until the next call that uses c->tmp. */
const char *html_view_field(struct html_ctx *c, const char *key);
/* The analysis key a chart id belongs to by alias (km_ -> retention), or NULL. */
const char *html_view_chart_owner(const char *id);
/* Appends to charts the SVG of every not yet placed chart of analysis key, and marks
 * them placed. */
void html_view_add_charts(struct html_ctx *c, const char *key, cJSON *charts);
/* A section view {id, title, partial, available, has_figures, figures[], tables[],
 * lists[], has_charts, charts[]}. Caller deletes. */
cJSON *html_view_section(struct html_ctx *c, const struct html_sec *sd);
/* Overview parts: KPI tiles, headline sentences, the first rows of each target list. */
cJSON *html_view_kpi_tiles(struct html_ctx *c);
cJSON *html_view_headlines(struct html_ctx *c);
cJSON *html_view_top_targets(struct html_ctx *c);
/* data.html: {datasets, dropped, missing (tables), notes[]}; and parameters[] and
 * methods[] added to view. */
cJSON *html_view_dq(struct html_ctx *c);
void html_view_methods(struct html_ctx *c, cJSON *view);

#endif
