/* SPDX-License-Identifier: MIT
 * jsonpos: a minimal JSON skipper used on the error path to turn a path like
 * datasets.orders.columns.amount into file:line:column (cJSON has no positions). */
#include "ingest/jsonpos.h"

#include <string.h>

struct scan {
	const char *s;
	size_t len, pos;
	int depth;
};

static void
ws(struct scan *sc)
{
	while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' || sc->s[sc->pos] == '\t' ||
	                             sc->s[sc->pos] == '\n' || sc->s[sc->pos] == '\r'))
		sc->pos++;
}

/* Skips a string starting at pos (on the quote); returns 0 on error. */
static int
skip_string(struct scan *sc)
{
	sc->pos++;
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos++];
		if (c == '\\')
			sc->pos++;
		else if (c == '"')
			return 1;
	}
	return 0;
}

/* Compares the JSON string at pos (on the quote) with key, handling only the
 * simple escapes; does not move pos. */
static int
string_equals(const struct scan *sc, const char *key)
{
	size_t i = sc->pos + 1;
	while (i < sc->len && sc->s[i] != '"') {
		char c = sc->s[i];
		if (c == '\\') {
			if (i + 1 >= sc->len)
				return 0;
			c = sc->s[++i];
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u': return 0;     /* keys with \u escapes are not located */
			default: break;
			}
		}
		if (*key++ != c)
			return 0;
		i++;
	}
	return *key == '\0';
}

static int skip_value(struct scan *sc);

static int
skip_container(struct scan *sc, char close)
{
	if (++sc->depth > 1000)
		return 0;
	sc->pos++;
	ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == close) {
		sc->pos++;
		sc->depth--;
		return 1;
	}
	for (;;) {
		ws(sc);
		if (close == '}') {
			if (sc->pos >= sc->len || sc->s[sc->pos] != '"' || !skip_string(sc))
				return 0;
			ws(sc);
			if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
				return 0;
			sc->pos++;
		}
		if (!skip_value(sc))
			return 0;
		ws(sc);
		if (sc->pos >= sc->len)
			return 0;
		if (sc->s[sc->pos] == ',') {
			sc->pos++;
			continue;
		}
		if (sc->s[sc->pos] == close) {
			sc->pos++;
			sc->depth--;
			return 1;
		}
		return 0;
	}
}

static int
skip_value(struct scan *sc)
{
	ws(sc);
	if (sc->pos >= sc->len)
		return 0;
	switch (sc->s[sc->pos]) {
	case '{': return skip_container(sc, '}');
	case '[': return skip_container(sc, ']');
	case '"': return skip_string(sc);
	default:
		while (sc->pos < sc->len && !strchr(",]} \t\r\n", sc->s[sc->pos]))
			sc->pos++;
		return 1;
	}
}

long
jsonpos_find(const char *text, size_t len, const struct jsonpos_step *path, size_t n,
             int want_key)
{
	struct scan sc = { text, len, 0, 0 };
	size_t keypos = 0;
	if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
	    (unsigned char)text[2] == 0xBF)
		sc.pos = 3;
	for (size_t k = 0; k < n; k++) {
		ws(&sc);
		if (sc.pos >= len)
			return -1;
		if (path[k].key) {
			int found = 0;
			if (text[sc.pos] != '{')
				return -1;
			sc.pos++;
			for (;;) {
				int match;
				ws(&sc);
				if (sc.pos >= len || text[sc.pos] != '"')
					return -1;
				match = string_equals(&sc, path[k].key);
				keypos = sc.pos;
				if (!skip_string(&sc))
					return -1;
				ws(&sc);
				if (sc.pos >= len || text[sc.pos] != ':')
					return -1;
				sc.pos++;
				if (match) {
					found = 1;
					break;
				}
				if (!skip_value(&sc))
					return -1;
				ws(&sc);
				if (sc.pos >= len || text[sc.pos] != ',')
					return -1;
				sc.pos++;
			}
			if (!found)
				return -1;
		} else {
			if (text[sc.pos] != '[')
				return -1;
			sc.pos++;
			for (size_t i = 0; i < path[k].index; i++) {
				if (!skip_value(&sc))
					return -1;
				ws(&sc);
				if (sc.pos >= len || text[sc.pos] != ',')
					return -1;
				sc.pos++;
			}
		}
	}
	ws(&sc);
	if (want_key && n > 0 && path[n - 1].key)
		return (long)keypos;
	return sc.pos < len ? (long)sc.pos : -1;
}

void
jsonpos_linecol(const char *text, size_t off, long *line, long *col)
{
	long l = 1, c = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}
