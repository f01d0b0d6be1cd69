/* SPDX-License-Identifier: MIT
 * jsoncheck: the walk of a JSON tree with every problem reported at its position in
 * the source text (jsonpos), unknown keys answered with the closest known one
 * (suggest_closest), and typed checks of values against parameter tables. The
 * project file's checks (project.c) and the analyses' (analysis.c) share it. */
#include "ingest/jsoncheck.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "base/suggest.h"
#include "ingest/project.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

void
jsoncheck_init(struct jsoncheck *c, const char *file, const char *text, size_t len, struct diag *d)
{
	memset(c, 0, sizeof *c);
	c->file = file;
	c->text = text;
	c->len = len;
	c->d = d;
}

void
jsoncheck_push(struct jsoncheck *c, const char *key)
{
	if (c->depth < N(c->path))
		c->path[c->depth] = (struct jsonpos_step){ key, 0 };
	c->depth++;
}

void
jsoncheck_push_index(struct jsoncheck *c, size_t i)
{
	if (c->depth < N(c->path))
		c->path[c->depth] = (struct jsonpos_step){ NULL, i };
	c->depth++;
}

void
jsoncheck_pop(struct jsoncheck *c)
{
	c->depth--;
}

struct diag_loc
jsoncheck_here(const struct jsoncheck *c, int want_key)
{
	struct diag_loc loc = { c->file, 0, 0 };
	size_t n = c->depth < N(c->path) ? c->depth : N(c->path);
	long off = c->text ? jsonpos_find(c->text, c->len, c->path, n, want_key) : -1;
	if (off >= 0)
		jsonpos_linecol(c->text, (size_t)off, &loc.line, &loc.col);
	return loc;
}

void
jsoncheck_verror(struct jsoncheck *c, int want_key, const char *fmt, va_list ap)
{
	struct diag_loc loc = jsoncheck_here(c, want_key);
	diag_vmsg(c->d, DIAG_ERROR, BD_EINPUT, &loc, fmt, ap);
	c->errors++;
}

void
jsoncheck_error(struct jsoncheck *c, int want_key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jsoncheck_verror(c, want_key, fmt, ap);
	va_end(ap);
}

const char *
jsoncheck_type_name(const cJSON *j)
{
	if (cJSON_IsString(j)) return "a string";
	if (cJSON_IsNumber(j)) return "a number";
	if (cJSON_IsBool(j)) return j->type & cJSON_True ? "true" : "false";
	if (cJSON_IsNull(j)) return "null";
	if (cJSON_IsArray(j)) return "an array";
	return "an object";
}

const char *
jsoncheck_key(const struct jsoncheck *c)
{
	size_t n = c->depth < N(c->path) ? c->depth : N(c->path);
	for (size_t i = n; i > 0; i--)
		if (c->path[i - 1].key)
			return c->path[i - 1].key;
	return "";
}

int
jsoncheck_expect(struct jsoncheck *c, const cJSON *j, int ok, const char *what)
{
	if (!ok)
		jsoncheck_error(c, 0, "'%s': expected %s, got %s", jsoncheck_key(c), what, jsoncheck_type_name(j));
	return ok;
}

void
jsoncheck_keys(struct jsoncheck *c, const cJSON *obj, const char *const *names, size_t n, const char *where)
{
	for (const cJSON *m = obj->child; m; m = m->next) {
		size_t i;
		const char *s;
		for (i = 0; i < n; i++)
			if (strcmp(m->string, names[i]) == 0)
				break;
		if (i < n)
			continue;
		jsoncheck_push(c, m->string);
		if ((s = suggest_closest(m->string, names, n)) != NULL)
			jsoncheck_error(c, 1, "unknown key '%s' in %s; did you mean '%s'?", m->string, where, s);
		else
			jsoncheck_error(c, 1, "unknown key '%s' in %s", m->string, where);
		jsoncheck_pop(c);
	}
}

/* allowed "a|b|c" contains s as a whole alternative */
static int
one_of(const char *s, const char *allowed)
{
	size_t len = strlen(s);
	for (const char *p = allowed; p; p = strchr(p, '|'), p = p ? p + 1 : NULL)
		if (strncmp(p, s, len) == 0 && (p[len] == '|' || p[len] == '\0'))
			return 1;
	return 0;
}

static void
check_int(struct jsoncheck *c, const cJSON *j, const struct jsoncheck_param *p)
{
	if (!jsoncheck_expect(c, j, cJSON_IsNumber(j), "an integer"))
		return;
	if (j->valuedouble != floor(j->valuedouble))
		jsoncheck_error(c, 0, "'%s': expected an integer, got %g", jsoncheck_key(c), j->valuedouble);
	else if (j->valuedouble < p->min || j->valuedouble > p->max)
		jsoncheck_error(c, 0, "'%s': %g is out of range [%g, %g]", jsoncheck_key(c), j->valuedouble, p->min, p->max);
}

void
jsoncheck_value(struct jsoncheck *c, const cJSON *j, const struct jsoncheck_param *p)
{
	const char *key = jsoncheck_key(c);
	switch (p->kind) {
	case JSONCHECK_NUM:
		if (!jsoncheck_expect(c, j, cJSON_IsNumber(j), "a number"))
			return;
		if (j->valuedouble < p->min || j->valuedouble > p->max)
			jsoncheck_error(c, 0, "'%s': %g is out of range [%g, %g]", key, j->valuedouble, p->min, p->max);
		return;
	case JSONCHECK_INT:
		check_int(c, j, p);
		return;
	case JSONCHECK_STR:
		jsoncheck_expect(c, j, cJSON_IsString(j), "a string");
		return;
	case JSONCHECK_ENUM:
		if (jsoncheck_expect(c, j, cJSON_IsString(j), "a string") && !one_of(j->valuestring, p->allowed))
			jsoncheck_error(c, 0, "'%s': expected one of %s, got '%s'", key, p->allowed, j->valuestring);
		return;
	case JSONCHECK_STR_OR_STRS:
		if (cJSON_IsString(j))
			return;
		/* fall through */
	case JSONCHECK_STRS:
		if (!jsoncheck_expect(c, j, cJSON_IsArray(j), "an array of strings"))
			return;
		{
			size_t i = 0;
			for (const cJSON *e = j->child; e; e = e->next, i++) {
				jsoncheck_push_index(c, i);
				jsoncheck_expect(c, e, cJSON_IsString(e), "a string");
				jsoncheck_pop(c);
			}
		}
		return;
	case JSONCHECK_OBJ:
		jsoncheck_expect(c, j, cJSON_IsObject(j), "an object");
		return;
	case JSONCHECK_OBJ_OR_FALSE:
		jsoncheck_expect(c, j, cJSON_IsObject(j) || cJSON_IsFalse(j), "an object or false");
		return;
	case JSONCHECK_OBJ_OR_ARRAY:
		jsoncheck_expect(c, j, cJSON_IsObject(j) || cJSON_IsArray(j), "an object or an array");
		return;
	case JSONCHECK_INT_OR_AUTO:
		if (cJSON_IsString(j)) {
			if (strcmp(j->valuestring, "auto") != 0)
				jsoncheck_error(c, 0, "'%s': expected \"auto\" or a number, got '%s'", key, j->valuestring);
			return;
		}
		check_int(c, j, p);
		return;
	case JSONCHECK_INT_RANGE:
		if (!jsoncheck_expect(c, j, cJSON_IsArray(j) && cJSON_GetArraySize(j) == 2,
		                      "an array of two integers [min, max]"))
			return;
		jsoncheck_push_index(c, 0);
		check_int(c, j->child, p);
		jsoncheck_pop(c);
		jsoncheck_push_index(c, 1);
		check_int(c, j->child->next, p);
		jsoncheck_pop(c);
		if (cJSON_IsNumber(j->child) && cJSON_IsNumber(j->child->next) &&
		    j->child->valuedouble > j->child->next->valuedouble)
			jsoncheck_error(c, 0, "'%s': min %g is greater than max %g", key, j->child->valuedouble,
			                j->child->next->valuedouble);
		return;
	}
}

void
jsoncheck_object(struct jsoncheck *c, const cJSON *obj, const struct jsoncheck_param *params, size_t n,
                 const char *where)
{
	const char *names[64] = { NULL };
	size_t nn = 0;
	for (size_t i = 0; i < n && nn < N(names); i++)
		names[nn++] = params[i].name;
	jsoncheck_keys(c, obj, names, nn, where);
	for (size_t i = 0; i < n; i++) {
		const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, params[i].name);
		if (!j)
			continue;
		jsoncheck_push(c, params[i].name);
		jsoncheck_value(c, j, &params[i]);
		jsoncheck_pop(c);
	}
}

const char *
jsoncheck_kind_name(enum jsoncheck_kind kind)
{
	switch (kind) {
	case JSONCHECK_NUM: return "number";
	case JSONCHECK_INT: return "integer";
	case JSONCHECK_STR: return "string";
	case JSONCHECK_ENUM: return "one of";
	case JSONCHECK_STRS: return "list of strings";
	case JSONCHECK_STR_OR_STRS: return "string or list of strings";
	case JSONCHECK_OBJ: return "object";
	case JSONCHECK_OBJ_OR_FALSE: return "object or false";
	case JSONCHECK_OBJ_OR_ARRAY: return "object or array";
	case JSONCHECK_INT_OR_AUTO: return "\"auto\" or integer";
	case JSONCHECK_INT_RANGE: return "[min, max] integers";
	}
	return "";
}
