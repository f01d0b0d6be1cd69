/* SPDX-License-Identifier: MIT
 * theme: the look of a report, loaded once per build and shared by the HTML pages, the
 * PDF briefing (chart colours), the e-mail and the archive page. A theme is a folder
 * holding theme.json (name, palette, font family, colours) and style.css; "extends" in theme.json layers a theme over another one. Render layer:
 * also finds the installed data folder (templates/, themes/) of the program. */
#ifndef RENDER_THEME_H
#define RENDER_THEME_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "render/chart.h"

/* Colours are 0xRRGGBB. */
struct theme_colors {
	uint32_t text, muted, background, surface, border, grid, axis, good, bad, accent;
};

struct theme {
	char *name;                     /* theme.json "name" (or the folder's name) */
	char *dir;                      /* the theme's folder */
	char *font_family;              /* CSS font-family list */
	uint32_t palette[CHART_MAX_PALETTE];
	int npalette;
	struct theme_colors c;
	struct buf css;                 /* the style sheets, base theme first */
	char *parent_dir;               /* folder of the theme this one extends, or NULL */
};

/* The program's data folder (holding templates/ and themes/), searched in this order:
 * $BDREPORT_DATA_DIR; the executable's folder (/proc/self/exe) when it holds templates/,
 * or that folder's parent (a build-tree binary in build/ or build-san/); then
 * BDREPORT_PREFIX/share/bdreport (BDREPORT_PREFIX defaults to /usr/local). Returns a
 * static string, or NULL when none of them has a templates/ folder. */
const char *theme_data_dir(void);

/* Loads a theme. spec is a built-in name (looked up as DATA_DIR/themes/NAME) or a path
 * to a theme folder (it contains '/'; the project resolves it against its folder).
 * Missing keys keep the built-in defaults (or those of the theme extended). Returns NULL
 * after a diag error: BD_EINPUT (unknown theme, bad theme.json: bad colour, wrong type),
 * BD_EIO (unreadable file). */
struct theme *theme_load(const char *spec, struct diag *d);
void theme_destroy(struct theme *t);    /* NULL is a no-op */

/* Fills a chart theme from t (palette, text, muted, grid, axis, background; positive =
 * accent, negative = bad) with the given locale and currency (borrowed strings). */
void theme_chart(const struct theme *t, enum locale locale, const char *currency,
                 struct chart_theme *out);

/* The chart theme of the PDF briefing: its pages stay white (a dark theme's text colours
 * are for screens), so only t's series palette and its accent (positive) and bad
 * (negative) colours replace the chart defaults. t NULL = the defaults. */
void theme_pdf_chart(const struct theme *t, struct chart_theme *out);

/* Appends ":root{--text:#...;...}" with every colour and the font family as CSS custom
 * properties, then the style sheets. */
void theme_css(const struct theme *t, struct buf *out);

/* WCAG 2 contrast ratio of two colours (1 to 21). */
double theme_contrast(uint32_t a, uint32_t b);

/* Parses "#rrggbb" or "#rgb". Returns 0 and sets *out, or -1. */
int theme_parse_color(const char *s, uint32_t *out);

#endif
