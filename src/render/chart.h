/* SPDX-License-Identifier: MIT
 * chart: the one chart-drawing path. A chart is described once as a chart spec (a cJSON
 * object in the report model) and drawn by chart_draw onto any canvas (SVG for the HTML
 * pages, PDF for the briefing, trace for tests). Layout measures text with the theme's
 * font metrics, so every backend shows the same chart.
 *
 * Spec (all keys optional unless marked):
 *   "type"   (required) "bar" | "hbar" | "line" | "band" | "step" | "scatter" | "bubble" |
 *            "heatmap" | "donut" | "funnel" | "sparkline" | "roc"
 *   "title", "description" (used for the SVG <desc>; generated when absent)
 *   "x", "y": {"label": "...", "type": "category|number|date", "format": a fmt_value kind
 *            ("number", "integer", "compact", "currency", "money", "percent", "change",
 *            "date", "date_short", "month", "week"), "categories": [...], "min", "max"}
 *   "series": [{"name", "values": [..] (one per category, null = missing)
 *            | "points": [[x, y], ...] (x may be an ISO date string on a date axis;
 *              bubble points are [x, y, size]), "lower": [..], "upper": [..] (band, step),
 *              "color": "#rrggbb"}]
 *   "stacked": true (bar, hbar), "signed": true (bars coloured by sign, for coefficients),
 *   "fit": {"slope": a, "intercept": b} or true (scatter: least-squares line),
 *   "auc": number (roc), "values": [[...], ...] rows x columns (heatmap),
 *   "value_format": kind for value labels (heatmap, donut, funnel).
 * Numbers must be finite: NaN or infinity anywhere is refused with a diag error.
 *
 * Examples:
 *  bar:      {"type":"bar","title":"Revenue by region","x":{"categories":["East","West"]},
 *             "y":{"format":"currency"},"series":[{"name":"2025","values":[120,80]},
 *             {"name":"2026","values":[140,95]}]}            (add "stacked":true to stack)
 *  hbar:     {"type":"hbar","signed":true,"x":{"categories":["recency","frequency"]},
 *             "series":[{"name":"coef","values":[-0.8,1.2]}]}
 *  line:     {"type":"line","x":{"type":"date"},"series":[{"name":"Revenue",
 *             "points":[["2026-11-02",10],["2026-11-09",12]]}]}
 *  band:     {"type":"band","series":[{"name":"Forecast","points":[[1,10],[2,11]],
 *             "lower":[8,8.5],"upper":[12,13.5]}]}
 *  step:     {"type":"step","y":{"format":"percent","min":0,"max":1},"series":[{"name":"All",
 *             "points":[[0,1],[3,0.9],[7,0.8]],"lower":[1,0.85,0.74],"upper":[1,0.95,0.86]}]}
 *  scatter:  {"type":"scatter","fit":true,"series":[{"name":"A","points":[[1,2],[2,3.9]]}]}
 *  bubble:   {"type":"bubble","series":[{"name":"Segments","points":[[1,2,30],[3,1,120]]}]}
 *  heatmap:  {"type":"heatmap","x":{"categories":["pred 0","pred 1"]},
 *             "y":{"categories":["true 0","true 1"]},"values":[[50,5],[8,37]]}
 *  donut:    {"type":"donut","x":{"categories":["Champions","At Risk"]},
 *             "series":[{"values":[420,180]}]}
 *  funnel:   {"type":"funnel","x":{"categories":["Prospecting","Proposal","Won"]},
 *             "series":[{"values":[400,150,60]}]}
 *  sparkline:{"type":"sparkline","series":[{"values":[3,4,4,6,5,7]}]}
 *  roc:      {"type":"roc","auc":0.84,"series":[{"name":"Lead score",
 *             "points":[[0,0],[0.1,0.5],[0.3,0.8],[1,1]]}]}
 */
#ifndef RENDER_CHART_H
#define RENDER_CHART_H

#include <stdint.h>

#include <cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/locale.h"
#include "render/canvas.h"

#define CHART_MAX_PALETTE 12

struct chart_theme {
	uint32_t palette[CHART_MAX_PALETTE];  /* series colours, 0xRRGGBB */
	int npalette;
	uint32_t text, muted, grid, axis, background;
	uint32_t positive, negative;          /* signed bars */
	double title_size, label_size, tick_size, value_size;  /* points */
	enum locale locale;
	const char *currency;                 /* ISO code, e.g. "USD" */
};

/* Okabe–Ito colour-blind-safe palette, 12/10/9/8 pt text, "en", "USD". */
void chart_theme_default(struct chart_theme *t);

/* Draws spec in the box (x, y, w, h) (points, origin top-left). Returns 0, or -1 after
 * a diag error (BD_EINPUT: bad spec, e.g. unknown type or a non-finite number; BD_EINTERNAL
 * when the canvas failed, with the canvas message). Empty data draws "No data". The
 * canvas state is saved and restored around the chart. */
int chart_draw(struct canvas *c, const cJSON *spec, double x, double y, double w, double h,
               const struct chart_theme *theme, struct diag *d);

/* A complete <svg> element for spec (w x h points) appended to out: title and desc from
 * the spec, clip ids prefixed with a hash of the spec. Returns 0 or -1 (diag error;
 * out is then left as it was). */
int chart_svg(const cJSON *spec, double w, double h, const struct chart_theme *theme,
              struct buf *out, struct diag *d);

#endif
