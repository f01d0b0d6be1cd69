/* SPDX-License-Identifier: MIT
 * tmpl: the mustache engine that renders the HTML pages from the report model.
 * tmpl_compile() parses a template (and, eagerly, the partials it names) once into
 * an opaque struct tmpl; tmpl_render() runs it against data read through a small
 * callback interface (struct tmpl_data_ops), of which cJSON (tmpl_json.c) is the one backend. */
#ifndef RENDER_TMPL_H
#define RENDER_TMPL_H

#include <stddef.h>

#include <cJSON.h>

#include "base/buf.h"
#include "base/diag.h"

/*
 * Supported: the mustache spec v1.4.2 core (comments, set delimiters, interpolation,
 * sections, inverted sections, partials) and the optional modules ~inheritance
 * ({{<parent}}{{$block}}..{{/block}}{{/parent}}) and ~dynamic-names ({{>*name}}).
 * Not supported: lambdas (~lambdas); the data is plain JSON and has no code values.
 *
 * Rendering rules: {{x}} escapes & < > " ' (' as &#39;), {{{x}}} and {{&x}} do not.
 * Falsy for sections: a missing name, null, false, [] and "" (0 is truthy). A list
 * repeats the section once per element; any other truthy value is pushed once.
 * Numbers print as JSON does (1.21, 3, 1e+21), true/false as "true"/"false", null as
 * nothing, objects and lists as compact JSON.
 */

struct tmpl;

/* Where partials come from. A callback load() (if set) is asked first; it returns
 * 1 and appends the partial's text to *text when it has the partial (it may also
 * put a file name for messages into *path), 0 when it does not, and -1 on an I/O
 * error (after reporting it through d). Then dirs[0..ndirs) are searched in order
 * for NAME.mustache; the first folder that has it wins. A partial name containing
 * "..", starting with "/" or containing a NUL byte is refused (an error). */
struct tmpl_opts {
	int (*load)(void *ctx, const char *name, struct buf *text, struct buf *path,
	            struct diag *d);
	void *load_ctx;
	const char *const *dirs;    /* copied by tmpl_compile */
	size_t ndirs;
	int warn_missing;           /* warn (diag_warn) when a partial is not found; it renders as "" */
	int max_depth;              /* partial/parent/block nesting at render time; 0 = 64 */
	size_t max_output;          /* stop with an error past this many bytes per render; 0 = none */
	size_t max_steps;           /* stop with an error past this many render steps; 0 = none */
};

/* Compiles text[0..len) (NUL bytes allowed), naming it file in messages, plus every
 * partial and parent it names statically (recursively, each compiled once and cached
 * by name). opts may be NULL (no partials). Returns NULL after reporting errors
 * through d as "FILE:LINE:COL: error: ...": unclosed section, closing tag that does
 * not match, bad delimiter change, unclosed tag, bad name, sections nested deeper
 * than 512. text is copied; the caller keeps ownership of its arguments. */
struct tmpl *tmpl_compile(const char *file, const char *text, size_t len,
                          const struct tmpl_opts *opts, struct diag *d);

/* Reads path and compiles it. An unreadable file is an I/O error (BD_EIO). */
struct tmpl *tmpl_compile_file(const char *path, const struct tmpl_opts *opts, struct diag *d);

void tmpl_destroy(struct tmpl *t);   /* NULL is a no-op */

/* The data interface. A value is an opaque non-NULL pointer owned by the backend;
 * NULL means "missing". The engine keeps the context stack and resolves names
 * (dotted names: the first part up the stack, the rest inside the value found). */
struct tmpl_data_ops {
	const char *name;
	/* Member key of v; NULL when v is not an object or has no such member. */
	const void *(*get)(void *ctx, const void *v, const char *key);
	/* 0 for values that make a section falsy. */
	int (*truthy)(void *ctx, const void *v);
	/* Non-zero when v is a list: the section repeats over enter()/next(). */
	int (*is_list)(void *ctx, const void *v);
	const void *(*enter)(void *ctx, const void *list);                    /* first item or NULL */
	const void *(*next)(void *ctx, const void *list, const void *item);   /* next item or NULL */
	/* Appends the text of v to out, HTML-escaped when escape is non-zero. */
	void (*text)(void *ctx, const void *v, int escape, struct buf *out);
};

/* The cJSON backend (tmpl_json.c); its ctx is unused (NULL). */
extern const struct tmpl_data_ops tmpl_json_ops;

/* Renders t against root (the bottom of the context stack; NULL = no data) and
 * appends the text to out. Returns BD_OK, or after reporting an error through d
 * (depth limit, output/step limit, a dynamic partial that fails to compile, a bad
 * dynamic partial name) an enum bd_status; out is then cut back to its old length.
 * Partials named dynamically ({{>*x}}) are loaded on first use and cached in t, so
 * one struct tmpl must not be rendered from two threads at once. */
int tmpl_render_data(const struct tmpl *t, const struct tmpl_data_ops *ops, void *ctx,
                     const void *root, struct buf *out, struct diag *d);

/* tmpl_render_data with the cJSON backend. */
int tmpl_render(const struct tmpl *t, const cJSON *data, struct buf *out, struct diag *d);

#endif
