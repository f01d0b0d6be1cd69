/* SPDX-License-Identifier: MIT
 * locale: the report's language, decided once. The project file's "locale" string is
 * parsed into an enum when the project is loaded; every output asks the enum, never
 * the string. Base layer: used by fmt, the analyses, the model and the renderers. */
#ifndef BASE_LOCALE_H
#define BASE_LOCALE_H

enum locale { LOCALE_EN, LOCALE_ZH_CN };

/* The names accepted in a project file, "|"-separated in enum order: "en|zh-CN". */
extern const char locale_names[];

/* Parses "en" or "zh-CN" (exact). Returns 0 and sets *out, or -1 (*out unchanged). */
int locale_parse(const char *s, enum locale *out);

/* The locale of a name read back from a report model (meta.locale): LOCALE_ZH_CN for
 * "zh-CN", LOCALE_EN for anything else, NULL included. */
enum locale locale_of(const char *s);

/* "en" or "zh-CN" (static storage). */
const char *locale_name(enum locale l);

#endif
