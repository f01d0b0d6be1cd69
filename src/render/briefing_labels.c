/* SPDX-License-Identifier: MIT
 * briefing_labels: the briefing's UI wording, looked up by the flat keys of the one
 * label catalogue (src/model/i18n): the report model's "labels" first (a results.json
 * may carry its own), else the catalogue in the report's locale, else the key
 * humanised. */
#include <string.h>

#include "model/i18n.h"
#include "render/briefing_impl.h"

void
briefing_label_codepoints(enum locale locale, unsigned char set[8192])
{
	for (size_t i = 0; i < i18n_count(); i++) {
		const char *key, *en, *zh, *w;
		size_t at = 0, n;
		i18n_entry(i, &key, &en, &zh);
		w = locale == LOCALE_ZH_CN ? zh : en;
		n = strlen(w);
		while (at < n) {
			uint32_t cp = pdfdoc_text_next(w, n, &at);
			if (cp < 65536)
				set[cp >> 3] |= (unsigned char)(1u << (cp & 7));
		}
	}
}

const char *
briefing_label(struct briefing *b, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(b->labels, key);
	const char *s;
	char *h;
	if (cJSON_IsString(v) && v->valuestring[0])
		return v->valuestring;
	if ((s = i18n_label(b->locale, key)) != NULL)
		return s;
	h = arena_strdup(&b->a, key);
	for (char *p = h; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (*h >= 'a' && *h <= 'z')
		*h = (char)(*h - 'a' + 'A');
	return h;
}
