/* SPDX-License-Identifier: MIT
 * briefing_chart: draws the report model's chart specs (model.charts.<id>) into pdfdoc
 * figure boxes through the chart module and the libharu canvas, so the briefing shows
 * the same vector charts as the HTML pages. Fonts are the document's own. */
#include <string.h>

#include "render/briefing_impl.h"
#include "render/canvas_pdf.h"
#include "render/chart.h"

struct figure {
	struct briefing *b;
	const cJSON *spec;
	struct chart_theme theme;
	int rc;
};

/* The canvas measures with the default font set; draw each face with the document's
 * font of the same file so nothing is embedded twice and CJK comes only when used. */
static HPDF_Font
doc_font(void *ctx, HPDF_Doc pdf, const struct font *f)
{
	struct pdfdoc *doc = ctx;
	const struct font_set *fs = font_set_default();
	(void)pdf;
	if (fs && f == fs->bold)
		return pdfdoc_font(doc, PDFDOC_FONT_LATIN_BOLD);
	if (fs && f == fs->fallback)
		return pdfdoc_font(doc, PDFDOC_FONT_CJK);
	return pdfdoc_font(doc, PDFDOC_FONT_LATIN);
}

static void
draw(void *ctx, HPDF_Doc pdf, HPDF_Page page, double x, double y, double w, double h,
     double page_h)
{
	struct figure *fg = ctx;
	struct canvas_pdf_fonts prov = { doc_font, fg->b->doc };
	struct canvas *c = canvas_pdf_create(pdf, page, NULL, &prov);
	(void)page_h;
	/* a little room on the right for the last tick label */
	fg->rc = chart_draw(c, fg->spec, x, y, w - 12, h, &fg->theme, fg->b->diag);
	canvas_finish(c);
	if (canvas_status(c) != 0 && fg->rc == 0) {
		diag_error(fg->b->diag, BD_EINTERNAL, NULL, "pdf: chart '%s': %s",
		           fg->spec->string ? fg->spec->string : "?", canvas_error(c));
		fg->rc = -1;
	}
	canvas_pdf_destroy(c);
}

static int
drawn(const struct briefing *b, const char *id)
{
	for (int i = 0; i < b->ndrawn; i++)
		if (strcmp(b->drawn[i], id) == 0)
			return 1;
	return 0;
}

int
briefing_chart(struct briefing *b, const char *id, double h)
{
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(briefing_get(b->model, "charts"), id);
	const cJSON *cur = briefing_get(b->model, "meta.currency");
	struct figure fg;
	if (!cJSON_IsObject(spec) || drawn(b, id))
		return 0;
	memset(&fg, 0, sizeof fg);
	fg.b = b;
	fg.spec = spec;
	if (b->chart_theme)
		fg.theme = *b->chart_theme;
	else
		chart_theme_default(&fg.theme);
	fg.theme.locale = b->locale;
	if (cJSON_IsString(cur))
		fg.theme.currency = cur->valuestring;
	if (b->ndrawn < (int)(sizeof b->drawn / sizeof b->drawn[0]))
		b->drawn[b->ndrawn++] = spec->string;
	pdfdoc_figure(b->doc, h, NULL, draw, &fg);
	if (fg.rc != 0 && b->status == BD_OK)
		b->status = b->diag->status ? b->diag->status : BD_EINTERNAL;
	return fg.rc == 0;
}

int
briefing_chart_prefix(struct briefing *b, const char *const *prefixes, double h)
{
	const cJSON *charts = briefing_get(b->model, "charts"), *c;
	for (size_t i = 0; prefixes[i]; i++)
		cJSON_ArrayForEach(c, charts)
			if (cJSON_IsObject(c) && strncmp(c->string, prefixes[i], strlen(prefixes[i])) == 0 &&
			    !drawn(b, c->string))
				return briefing_chart(b, c->string, h);
	return 0;
}
