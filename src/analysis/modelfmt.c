/* SPDX-License-Identifier: MIT
 * modelfmt: number + _fmt string pairs for the report model, on top of fmt_value;
 * used by every analysis's to-model code (customer analyses, funnel, forecast,
 * partners/schemes). */
#include "analysis/modelfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/fmt.h"

void
modelfmt_add(cJSON *o, const char *key, double v, const char *kind, int decimals,
             enum locale locale, const char *currency)
{
	struct buf b;
	char k[96];
	if (isfinite(v))
		cJSON_AddNumberToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
	buf_init(&b);
	if (kind && strcmp(kind, "days") == 0) {
		fmt_value(&b, v, "integer", 0, locale, currency);
		if (isfinite(v))
			buf_puts(&b, locale == LOCALE_ZH_CN ? "\xe5\xa4\xa9" : " days");
	} else if (kind && strcmp(kind, "delta") == 0) {
		double r = round(v);
		if (isfinite(v) && r != 0)
			buf_puts(&b, r > 0 ? "+" : "\xe2\x88\x92");
		fmt_value(&b, fabs(r), "integer", 0, locale, currency);
	} else {
		fmt_value(&b, v, kind, decimals, locale, currency);
	}
	snprintf(k, sizeof k, "%s_fmt", key);
	cJSON_AddStringToObject(o, k, buf_str(&b));
	buf_release(&b);
}

cJSON *
modelfmt_charts(cJSON *root)
{
	cJSON *c;
	if (!root)
		return NULL;
	c = cJSON_GetObjectItemCaseSensitive(root, "charts");
	return c ? c : cJSON_AddObjectToObject(root, "charts");
}
