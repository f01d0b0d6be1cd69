/* SPDX-License-Identifier: MIT
 * i18n: the one label catalogue of the report (page and section titles, column
 * headers, KPI names, units, method notes, the e-mail's and the archive's wording) in
 * en and zh-CN, compiled into the program. Every output takes its wording from here;
 * the labels reach the report model under "labels". Model layer. */
#ifndef MODEL_I18N_H
#define MODEL_I18N_H

#include <cJSON.h>

#include "base/buf.h"
#include "base/locale.h"

/* The catalogue, for its tests: n rows; row i's key and both wordings. */
size_t i18n_count(void);
void i18n_entry(size_t i, const char **key, const char **en, const char **zh);

/* The label for key in locale (static storage), or NULL when key is not a label. */
const char *i18n_label(enum locale locale, const char *key);

/* Appends the label for a data field name (a column header or figure name): the
 * label when known, else the name with '_' as spaces and the first letter upper case. */
void i18n_field(enum locale locale, const char *key, struct buf *out);

/* A new object {key: label} with every label in locale, keys in a fixed order.
 * Caller deletes. */
cJSON *i18n_labels(enum locale locale);

/* Adds i18n_labels(locale) to root under "labels" (replacing one already there). */
void i18n_add_labels(cJSON *root, enum locale locale);

#endif
