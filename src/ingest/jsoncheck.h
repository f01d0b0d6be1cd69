/* SPDX-License-Identifier: MIT
 * jsoncheck: validates a JSON object against a table of typed parameters (kind,
 * bounds, allowed values) and reports each problem at FILE:LINE:COL of the source
 * text (located by jsonpos), with "did you mean" for unknown keys. Ingest layer:
 * the analysis layer checks each analysis's parameters with it. */
#ifndef INGEST_JSONCHECK_H
#define INGEST_JSONCHECK_H
#include <stdarg.h>
#include <stddef.h>
#include <cJSON.h>
#include "base/diag.h"
#include "ingest/jsonpos.h"

enum jsoncheck_kind {
	JSONCHECK_NUM,          /* a number in [min, max] */
	JSONCHECK_INT,          /* an integer in [min, max] */
	JSONCHECK_STR,          /* a string */
	JSONCHECK_ENUM,         /* one of allowed ("a|b|c") */
	JSONCHECK_STRS,         /* an array of strings */
	JSONCHECK_STR_OR_STRS,  /* a string or an array of strings */
	JSONCHECK_OBJ,          /* an object (its members are checked elsewhere) */
	JSONCHECK_OBJ_OR_FALSE, /* an object or false */
	JSONCHECK_OBJ_OR_ARRAY, /* an object or an array */
	JSONCHECK_INT_OR_AUTO,  /* "auto" or an integer in [min, max] */
	JSONCHECK_INT_RANGE,    /* [lo, hi], integers in [min, max], lo <= hi */
};

/* One parameter: what it accepts, and for documentation its default and meaning. */
struct jsoncheck_param {
	const char *name;
	enum jsoncheck_kind kind;
	const char *allowed;            /* JSONCHECK_ENUM: "a|b|c" */
	double min, max;                /* inclusive bounds of the numeric kinds */
	const char *def;                /* the default, as shown in the documentation */
	const char *doc;                /* one line: what it means */
};

/* The walk: the source text, where messages go and the path to the current value. */
struct jsoncheck {
	const char *file, *text;
	size_t len;
	struct diag *d;
	struct jsonpos_step path[24];
	size_t depth;
	size_t errors;                  /* problems reported so far */
};

void jsoncheck_init(struct jsoncheck *c, const char *file, const char *text, size_t len,
                    struct diag *d);
/* Path steps: an object key (kept by pointer: it must outlive the step) or an index. */
void jsoncheck_push(struct jsoncheck *c, const char *key);
void jsoncheck_push_index(struct jsoncheck *c, size_t i);
void jsoncheck_pop(struct jsoncheck *c);
/* Where the current value (or its key, with want_key) starts; line 0 if not found. */
struct diag_loc jsoncheck_here(const struct jsoncheck *c, int want_key);
/* Reports an input error (BD_EINPUT) at the current value or key. */
void jsoncheck_error(struct jsoncheck *c, int want_key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void jsoncheck_verror(struct jsoncheck *c, int want_key, const char *fmt, va_list ap);
/* The last key of the path ("" at the root), for messages. */
const char *jsoncheck_key(const struct jsoncheck *c);
/* "a string", "a number", "true", "null", "an array"... for "got ..." in messages. */
const char *jsoncheck_type_name(const cJSON *j);
/* Reports "'KEY': expected WHAT, got a number" unless ok; returns ok. */
int jsoncheck_expect(struct jsoncheck *c, const cJSON *j, int ok, const char *what);
/* Reports each key of obj that is not among the n names ("unknown key 'kk' in WHERE;
 * did you mean 'k'?"; WHERE like "project", "analysis 'segmentation'"). */
void jsoncheck_keys(struct jsoncheck *c, const cJSON *obj, const char *const *names, size_t n,
                    const char *where);
/* Checks the current value j against p (the caller has pushed its key). */
void jsoncheck_value(struct jsoncheck *c, const cJSON *j, const struct jsoncheck_param *p);
/* jsoncheck_keys, then jsoncheck_value on every member of obj that params names. */
void jsoncheck_object(struct jsoncheck *c, const cJSON *obj, const struct jsoncheck_param *params, size_t n,
                      const char *where);
/* What a kind accepts in words, for documentation ("an integer", "one of a|b"). */
const char *jsoncheck_kind_name(enum jsoncheck_kind kind);
#endif
