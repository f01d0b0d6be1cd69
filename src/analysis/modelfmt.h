/* SPDX-License-Identifier: MIT
 * modelfmt: the one way an analysis puts a number into the report model: the JSON
 * number (null when not finite) and its "<key>_fmt" string made with fmt.h in the
 * project's locale and currency, so every analysis formats alike in en and zh-CN. */
#ifndef ANALYSIS_MODELFMT_H
#define ANALYSIS_MODELFMT_H
#include <cJSON.h>
#include "base/locale.h"

/* Adds key (a number, or null when v is not finite) and key_fmt to o. kind and
 * decimals are those of fmt_value (fmt.h), plus "days": a whole number of days,
 * en "12 days", zh-CN "12天"; "delta": a signed whole count, "+3", "−1,200" (U+2212),
 * "0". currency may be NULL (code shown as is). key is at most 90 bytes. The _fmt of a non-finite v is "–" (U+2013). */
void modelfmt_add(cJSON *o, const char *key, double v, const char *kind, int decimals,
                  enum locale locale, const char *currency);
/* The "charts" object of the report root, created when absent; NULL when root is
 * NULL. Analyses add their chart specs under it (charts.<id>). */
cJSON *modelfmt_charts(cJSON *root);
#endif
