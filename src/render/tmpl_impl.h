/* SPDX-License-Identifier: MIT
 * tmpl_impl: what the two halves of the mustache engine share and nobody else sees:
 * the compiled form (a flat node array per template, partials cached by name) made
 * by tmpl.c and walked by tmpl_render.c. Include only from src/render/tmpl*.c. */
#ifndef RENDER_TMPL_IMPL_H
#define RENDER_TMPL_IMPL_H

#include "base/arena.h"
#include "render/tmpl.h"

enum tmpl_node_kind {
	TMPL_N_TEXT, TMPL_N_VAR, TMPL_N_RAW, TMPL_N_SECTION, TMPL_N_INVERTED, TMPL_N_PARTIAL,
	TMPL_N_PARENT, TMPL_N_BLOCK
};
enum tmpl_node_flags { TMPL_F_BOL = 1 << 0, TMPL_F_STANDALONE = 1 << 1, TMPL_F_DYNAMIC = 1 << 2 };

struct tmpl_name {
	size_t nparts;            /* 0: the implicit iterator "." */
	const char **parts;
};

struct tmpl_entry;

struct tmpl_node {
	unsigned char kind, flags;
	int line, col;
	size_t end;               /* containers: index one past their last child */
	const char *s;            /* text, or the raw tag name (NUL-terminated) */
	size_t n;
	const char *ind;          /* partial/parent/block: indentation */
	size_t nind;
	struct tmpl_name name;    /* variables, sections, dynamic partial names */
	struct tmpl_entry *entry; /* static partial or parent */
};

struct tmpl_unit {
	const char *file;
	struct tmpl_node *nodes;
	size_t n;
};

/* One partial name in the cache; unit NULL once loaded means "not found". */
struct tmpl_entry {
	const char *name;
	struct tmpl_unit *unit;
	int loaded;
	struct diag_loc ref;      /* the first tag naming it, for "not found" */
	struct tmpl_entry *next;
};

struct tmpl {
	struct arena arena;
	struct tmpl_unit *root;
	struct tmpl_entry *entries, **tail;
	struct tmpl_opts opts;
};

/* The cached partial called name[0..n), made when create is set (else NULL). */
struct tmpl_entry *tmpl_entry_get(struct tmpl *t, const char *name, size_t n, int create);
/* Loads and compiles partial e (named at loc, may be NULL): 0 ok (found or not), -1 error. */
int tmpl_load_entry(struct tmpl *t, struct tmpl_entry *e, const struct diag_loc *loc,
                    struct diag *d);
/* Loads every entry not loaded yet: 0 ok, -1 error (reported). */
int tmpl_load_pending(struct tmpl *t, struct diag *d);
/* A partial name may not be empty, start with '/', hold a NUL or contain "..". */
int tmpl_valid_name(const char *s, size_t n);

#endif
