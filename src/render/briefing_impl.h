/* SPDX-License-Identifier: MIT
 * briefing_impl: private state and helpers shared by the briefing's files: briefing.c
 * (plan, model access, tables, cover, KPIs, appendix), briefing_labels.c, briefing_chart.c,
 * briefing_font.c and briefing_sections.c (pipeline, customers, retention, segments,
 * partners, forecast). Not for use elsewhere. */
#ifndef RENDER_BRIEFING_IMPL_H
#define RENDER_BRIEFING_IMPL_H

#include "base/arena.h"
#include "base/buf.h"
#include "render/briefing.h"

struct briefing {
	struct pdfdoc *doc;
	const cJSON *model;
	const cJSON *labels;        /* model.labels or NULL */
	struct diag *diag;
	struct arena a;             /* strings and cell arrays of this render */
	enum locale locale;         /* meta.locale, read once */
	int zh;                     /* locale == LOCALE_ZH_CN */
	int top;                    /* rows per target list */
	const struct chart_theme *chart_theme;  /* NULL = chart_theme_default */
	const char *drawn[32];      /* chart ids drawn so far */
	int ndrawn;
	int status;                 /* BD_OK, or the first chart error's status */
};

/* Model access. Paths are dotted ("funnel.win_rate"); NULL when absent. */
const cJSON *briefing_get(const cJSON *root, const char *path);
/* The display string of key in obj: key_fmt when it is a string, else key as a string,
 * a number (integers plainly, others with 3 significant digits), a list of strings
 * joined by "; ", or NULL when absent/null. From b->a. */
const char *briefing_value(struct briefing *b, const cJSON *obj, const char *key);

/* UI label of a key of the label catalogue (model/i18n): model.labels.<key> first, else
 * the catalogue's wording in b->locale, else the key humanised ("first_order_date" ->
 * "First order date", from b->a). */
const char *briefing_label(struct briefing *b, const char *key);

/* A table from an array of objects: the columns are the keys in prefer (NULL-terminated;
 * "a.b" is key b of the element's object a) present in the first element (as key or
 * key_fmt); when fewer than two are, the first element's own scalar keys. At most 10
 * columns (landscape beyond 8) and max_rows rows. Nothing when arr is empty. */
void briefing_table(struct briefing *b, const cJSON *arr, const char *const *prefer,
                    size_t max_rows);
/* Draws chart spec model.charts.<id> in a figure box of height h; returns 1 if drawn. */
int briefing_chart(struct briefing *b, const char *id, double h);
/* Draws the first chart whose id starts with one of the prefixes (NULL-terminated) and
 * was not drawn yet by name; returns 1 if one was drawn. */
int briefing_chart_prefix(struct briefing *b, const char *const *prefixes, double h);
/* One paragraph "Label: value · Label: value" of the keys of obj present (NULL-terminated
 * list of {key, label key} pairs). Nothing when none is present. */
void briefing_facts(struct briefing *b, const cJSON *obj, const char *const *pairs);
/* A muted, smaller paragraph (captions, notes). */
void briefing_note(struct briefing *b, const char *text);

/* Adds the code points of every label of the catalogue in locale (the only wording the
 * briefing can fall back to) to a BMP bit set. */
void briefing_label_codepoints(enum locale locale, unsigned char set[8192]);

/* briefing_font.c: adds the BMP code points of the model's strings and keys to a
 * 65536-bit set; with all != 0 also those the briefing itself can draw (ASCII, built-in
 * labels, page furniture, formatted numbers and dates). */
void briefing_font_codepoints(const cJSON *model, int all, unsigned char set[8192]);
/* Whether set holds CJK code points (U+2E80 and up, but surrogates and the private use
 * area): then the CJK font is needed. */
int briefing_font_needs_cjk(const unsigned char set[8192]);
/* Writes a subset of the font of kind (DejaVu Sans, DejaVu Sans Bold, wqy-zenhei: the
 * faces of font_set_default) with the glyphs of set to a new temporary .ttf and returns
 * its path (caller unlinks and frees), or NULL (a diag note; the caller embeds the whole
 * font). Glyph ids and advances are kept, so text measures the same. */
char *briefing_font_subset(enum pdfdoc_font_kind kind, const unsigned char set[8192],
                           struct diag *d);

/* briefing_sections.c */
void briefing_pipeline(struct briefing *b);
void briefing_customers(struct briefing *b);
void briefing_retention(struct briefing *b);
void briefing_segments(struct briefing *b);
void briefing_partners(struct briefing *b);
void briefing_forecast(struct briefing *b);

#endif
