/* SPDX-License-Identifier: MIT
 * locale: the report's language as an enum, parsed once from the project file (or from
 * meta.locale of a saved report model) and asked everywhere else. */
#include "base/locale.h"

#include <string.h>

const char locale_names[] = "en|zh-CN";

static const char *const names[] = { "en", "zh-CN" };

int
locale_parse(const char *s, enum locale *out)
{
	for (int i = 0; s && i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum locale)i;
			return 0;
		}
	return -1;
}

enum locale
locale_of(const char *s)
{
	enum locale l = LOCALE_EN;
	locale_parse(s, &l);
	return l;
}

const char *
locale_name(enum locale l)
{
	return l == LOCALE_ZH_CN ? names[1] : names[0];
}
