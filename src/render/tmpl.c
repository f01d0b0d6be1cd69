/* SPDX-License-Identifier: MIT
 * tmpl: the compiling half of the mustache engine for the HTML pages (DESIGN.md §2).
 * Tokenizes a template, applies the spec's standalone-line rules, and builds a flat
 * node array (containers know where their children end); partials are loaded from a
 * callback or folders, compiled once and cached by name. tmpl_render.c walks the nodes. */
#include "render/tmpl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "render/tmpl_impl.h"

enum { MAX_NESTING = 512, DEFAULT_DEPTH = 64 };


struct tok {
	char type;                /* 't' text, 'v' variable, or the sigil: # ^ / ! > & { = < $ */
	unsigned char dropped, standalone, bol;
	const char *s;            /* text, or the trimmed tag content */
	size_t n;
	int line, col;
	const char *ind;          /* > < $: indentation (see mark_standalone) */
	size_t nind;
};

struct cc {
	struct tmpl *t;
	const char *file;
	const char *src;
	size_t len;
	struct diag *d;
	struct tok *toks;
	size_t ntoks, cap;
	struct tmpl_node *nodes;
	size_t nnodes, capnodes;
	int err;
};

/* s[0..n) (not NUL-terminated) quoted for a message into out[80]. */
static const char *
quote(char *out, const char *s, size_t n)
{
	char tmp[64];
	size_t k = s ? (n < sizeof tmp - 1 ? n : sizeof tmp - 1) : 0;
	if (k)
		memcpy(tmp, s, k);
	tmp[k] = '\0';
	return diag_quote(out, 80, tmp, 60);
}

/* Reports an error at line:col; fmt has one %s, filled with s[0..n) quoted. */
static void
cerr(struct cc *c, int line, int col, const char *fmt, const char *s, size_t n)
{
	struct diag_loc loc = { c->file, line, col };
	char q[80];
	diag_error(c->d, BD_EINPUT, &loc, fmt, quote(q, s, n));
	c->err = 1;
}

/* First occurrence of needle[0..m) in hay[0..n), m > 0. */
static const char *
find(const char *hay, size_t n, const char *needle, size_t m)
{
	const char *end = hay + n, *p = hay;
	while (m <= (size_t)(end - p) && (p = memchr(p, needle[0], (size_t)(end - p) - m + 1)) != NULL) {
		if (memcmp(p, needle, m) == 0)
			return p;
		p++;
	}
	return NULL;
}

static struct tok *
add_tok(struct cc *c, char type, const char *s, size_t n, int line, int col)
{
	struct tok *k;
	if (c->ntoks == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->toks = xreallocarray(c->toks, c->cap, sizeof *c->toks);
	}
	k = &c->toks[c->ntoks++];
	memset(k, 0, sizeof *k);
	k->type = type;
	k->s = s;
	k->n = n;
	k->line = line;
	k->col = col;
	return k;
}

static int
is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Position of the closing delimiter ctag (preceded by lead when lead != 0) at or
 * after from; the returned position is that of lead (or of ctag). -1 if none. */
static long
find_close(const char *src, size_t from, size_t len, const char *ctag, size_t clen, char lead)
{
	size_t at = from + (lead ? 1 : 0);
	while (at < len) {
		const char *p = find(src + at, len - at, ctag, clen);
		if (!p)
			return -1;
		size_t k = (size_t)(p - src);
		if (!lead)
			return (long)k;
		if (src[k - 1] == lead)
			return (long)(k - 1);
		at = k + 1;
	}
	return -1;
}

/* Phase 1: text tokens (cut after every newline) and tags, following delimiter changes. */
static void
tokenize(struct cc *c)
{
	const char *src = c->src;
	size_t len = c->len, p = 0, linestart = 0;
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2;
	int line = 1;

	while (p < len && !c->err) {
		const char *q = find(src + p, len - p, otag, olen);
		size_t tend = q ? (size_t)(q - src) : len;
		while (p < tend) {
			const char *nl = memchr(src + p, '\n', tend - p);
			size_t e = nl ? (size_t)(nl - src) + 1 : tend;
			add_tok(c, 't', src + p, e - p, line, (int)(p - linestart + 1));
			if (nl) {
				line++;
				linestart = e;
			}
			p = e;
		}
		if (!q)
			break;
		size_t ts = tend, a = ts + olen;
		int tline = line, tcol = (int)(ts - linestart + 1);
		char type = 'v', lead = 0;
		if (a < len && strchr("#^/!>&{=<$", src[a]) && src[a]) {
			type = src[a++];
			if (type == '{')
				lead = '}';
			else if (type == '=')
				lead = '=';
		}
		long cpos = a <= len ? find_close(src, a, len, ctag, clen, lead) : -1;
		if (cpos < 0) {
			char want[64];
			size_t w = 0;
			if (lead)
				want[w++] = lead;
			memcpy(want + w, ctag, clen < sizeof want - 2 ? clen : sizeof want - 2);
			w += clen < sizeof want - 2 ? clen : sizeof want - 2;
			cerr(c, tline, tcol, "unclosed tag: no closing '%s' after it", want, w);
			return;
		}
		size_t cs = a, ce = (size_t)cpos;
		while (cs < ce && is_ws(src[cs]))
			cs++;
		while (ce > cs && is_ws(src[ce - 1]))
			ce--;
		size_t te = (size_t)cpos + (lead ? 1 : 0) + clen;
		if (type == '=') {
			/* "=OPEN CLOSE=": two words without '=' */
			size_t i = cs, o0, o1, c0, c1;
			o0 = i;
			while (i < ce && !is_ws(src[i]))
				i++;
			o1 = i;
			while (i < ce && is_ws(src[i]))
				i++;
			c0 = i;
			while (i < ce && !is_ws(src[i]))
				i++;
			c1 = i;
			if (o1 == o0 || c1 == c0 || c1 != ce || memchr(src + o0, '=', o1 - o0) ||
			    memchr(src + c0, '=', c1 - c0)) {
				cerr(c, tline, tcol,
				     "bad delimiter change '%s': expected two delimiters without '=' or spaces",
				     src + cs, ce - cs);
				return;
			}
			otag = src + o0;
			olen = o1 - o0;
			ctag = src + c0;
			clen = c1 - c0;
		}
		add_tok(c, type, src + cs, ce - cs, tline, tcol);
		for (size_t i = ts; i < te; i++) {
			if (src[i] == '\n') {
				line++;
				linestart = i + 1;
			}
		}
		p = te;
	}
}

static int
blank_text(const struct tok *k)
{
	size_t n = k->n;
	if (n && k->s[n - 1] == '\n') {
		n--;
		if (n && k->s[n - 1] == '\r')
			n--;
	}
	for (size_t i = 0; i < n; i++)
		if (k->s[i] != ' ' && k->s[i] != '\t')
			return 0;
	return 1;
}

static int
ends_line(const struct tok *k)
{
	return k->type == 't' && k->n && k->s[k->n - 1] == '\n';
}

/* Phase 2: a line holding only whitespace and one tag that is not an interpolation
 * (section, closing, comment, delimiter, partial, parent, block) is standalone: its
 * whitespace and newline go away. So is a line of several parent, block and closing
 * tags ("{{<p}}{{$b}}", "{{/b}}{{/p}}"), unless a block opens and closes on it.
 * The first partial or parent on it takes the leading whitespace as indentation; a
 * standalone block takes the indentation of the next line ("intrinsic"), an inline
 * one its leading whitespace. */
static void
mark_standalone(struct cc *c)
{
	size_t i = 0;
	while (i < c->ntoks) {
		size_t j = i, k;
		while (j < c->ntoks && !ends_line(&c->toks[j]))
			j++;
		if (j < c->ntoks)
			j++;
		int ok = 1, ntags = 0, inherit = 1;
		size_t open = SIZE_MAX;   /* last section/block/parent opened on this line */
		for (k = i; k < j; k++) {
			struct tok *t = &c->toks[k];
			if (t->type == 't') {
				ok &= blank_text(t);
			} else if (strchr("#^/!=><$", t->type)) {
				ntags++;
				inherit &= t->type == '<' || t->type == '$' || t->type == '/';
				if (strchr("#^<$", t->type))
					open = k;
				/* a section or block opened and closed on one line is inline */
				if (t->type == '/' && open != SIZE_MAX && c->toks[open].type != '<')
					ok = 0;
			} else {
				ok = 0;
			}
		}
		struct tok *lead = c->toks[i].type == 't' ? &c->toks[i] : NULL;
		/* one tag; or several when all are parents, blocks and closings */
		if (ok && (ntags == 1 || (ntags > 1 && inherit))) {
			int first = 1;
			for (k = i; k < j; k++) {
				struct tok *t = &c->toks[k];
				if (t->type == 't') {
					t->dropped = 1;
					continue;
				}
				t->standalone = 1;
				if (t->type == '$') {
					struct tok *nx = j < c->ntoks && c->toks[j].type == 't' ? &c->toks[j] : NULL;
					size_t w = 0;
					while (nx && w < nx->n && (nx->s[w] == ' ' || nx->s[w] == '\t'))
						w++;
					t->ind = nx ? nx->s : "";
					t->nind = w;
				} else if (first && (t->type == '>' || t->type == '<') && lead) {
					t->ind = lead->s;
					t->nind = lead->n;
				}
				if (t->type != '!' && t->type != '=')
					first = 0;
			}
		} else {
			for (k = i; k < j; k++) {
				struct tok *t = &c->toks[k];
				t->bol = 1;
				if (t->type != '!' && t->type != '=')
					break;
			}
			for (k = i; k < j; k++) {
				struct tok *t = &c->toks[k];
				if (t->type != '$')
					continue;
				t->ind = "";
				if (k == i + 1 && lead && blank_text(lead) && !ends_line(lead)) {
					t->ind = lead->s;
					t->nind = lead->n;
				}
			}
		}
		i = j;
	}
}

static struct tmpl_node *
add_node(struct cc *c, enum tmpl_node_kind kind, const struct tok *k)
{
	struct tmpl_node *n;
	if (c->nnodes == c->capnodes) {
		c->capnodes = c->capnodes ? 2 * c->capnodes : 32;
		c->nodes = xreallocarray(c->nodes, c->capnodes, sizeof *c->nodes);
	}
	n = &c->nodes[c->nnodes++];
	memset(n, 0, sizeof *n);
	n->kind = (unsigned char)kind;
	n->line = k->line;
	n->col = k->col;
	n->end = c->nnodes;
	n->flags = (unsigned char)((k->bol ? TMPL_F_BOL : 0) | (k->standalone ? TMPL_F_STANDALONE : 0));
	return n;
}

static void
parse_name(struct cc *c, const struct tok *k, struct tmpl_name *nm)
{
	struct arena *a = &c->t->arena;
	size_t i, np = 1, start = 0;
	nm->nparts = 0;
	nm->parts = NULL;
	if (k->n == 1 && k->s[0] == '.')
		return;
	if (k->n == 0) {
		cerr(c, k->line, k->col, "empty tag name%s", NULL, 0);
		return;
	}
	for (i = 0; i < k->n; i++)
		np += k->s[i] == '.';
	nm->parts = arena_alloc(a, np * sizeof *nm->parts);
	for (i = 0; i <= k->n; i++) {
		if (i < k->n && k->s[i] != '.')
			continue;
		if (i == start) {
			cerr(c, k->line, k->col, "bad name '%s': empty part", k->s, k->n);
			return;
		}
		nm->parts[nm->nparts++] = arena_strndup(a, k->s + start, i - start);
		start = i + 1;
	}
}

/* A partial name may not be empty, start with '/', hold a NUL or contain "..". */
int
tmpl_valid_name(const char *s, size_t n)
{
	return n > 0 && s[0] != '/' && !memchr(s, '\0', n) && !find(s, n, "..", 2);
}

struct tmpl_entry *
tmpl_entry_get(struct tmpl *t, const char *name, size_t n, int create)
{
	struct tmpl_entry *e;
	for (e = t->entries; e; e = e->next)
		if (strlen(e->name) == n && memcmp(e->name, name, n) == 0)
			return e;
	if (!create)
		return NULL;
	e = arena_calloc(&t->arena, 1, sizeof *e);
	e->name = arena_strndup(&t->arena, name, n);
	*t->tail = e;
	t->tail = &e->next;
	return e;
}

/* Partial or parent: static name (an entry) or "*dotted.name" (dynamic). */
static void
partial_target(struct cc *c, struct tmpl_node *n, const struct tok *k)
{
	if (k->n && k->s[0] == '*') {
		struct tok sub = *k;
		sub.s++;
		sub.n--;
		while (sub.n && is_ws(sub.s[0]))
			sub.s++, sub.n--;
		n->flags |= TMPL_F_DYNAMIC;
		n->s = arena_strndup(&c->t->arena, sub.s, sub.n);
		parse_name(c, &sub, &n->name);
		return;
	}
	if (!tmpl_valid_name(k->s, k->n)) {
		cerr(c, k->line, k->col, "partial name '%s' refused: empty, absolute, or with '..' or NUL",
		     k->s, k->n);
		return;
	}
	n->s = arena_strndup(&c->t->arena, k->s, k->n);
	n->entry = tmpl_entry_get(c->t, k->s, k->n, 1);
	if (!n->entry->ref.file) {
		n->entry->ref.file = c->file;
		n->entry->ref.line = k->line;
		n->entry->ref.col = k->col;
	}
}

static size_t
dedent(const char **s, size_t n, size_t d)
{
	while (d && n && (**s == ' ' || **s == '\t'))
		(*s)++, n--, d--;
	return n;
}

/* Phase 3: nodes from the tokens that remain. */
static void
build(struct cc *c)
{
	struct open { size_t node, tok; size_t dedent; } stack[MAX_NESTING];
	size_t depth = 0, d = 0, i;
	struct buf run;
	struct tok runtok;
	int inrun = 0;

	buf_init(&run);
	memset(&runtok, 0, sizeof runtok);
	for (i = 0; i <= c->ntoks && !c->err; i++) {
		struct tok *k = i < c->ntoks ? &c->toks[i] : NULL;
		if (k && k->dropped)
			continue;
		int in_parent = depth && c->nodes[stack[depth - 1].node].kind == TMPL_N_PARENT;
		if (k && k->type == 't') {
			const char *s = k->s;
			size_t n = k->n;
			if (in_parent)
				continue;
			if (k->bol)
				n = dedent(&s, n, d);
			if (!inrun) {
				runtok = *k;
				buf_reset(&run);
				inrun = 1;
			}
			buf_add(&run, s, n);
			continue;
		}
		if (inrun) {
			struct tmpl_node *n = add_node(c, TMPL_N_TEXT, &runtok);
			n->n = run.len;
			n->s = arena_strndup(&c->t->arena, buf_str(&run), run.len);
			inrun = 0;
		}
		if (!k)
			break;
		struct tmpl_node *n = NULL;
		switch (k->type) {
		case '!':
		case '=':
			break;
		case 'v':
		case '&':
		case '{':
			n = add_node(c, k->type == 'v' ? TMPL_N_VAR : TMPL_N_RAW, k);
			parse_name(c, k, &n->name);
			break;
		case '>':
			n = add_node(c, TMPL_N_PARTIAL, k);
			partial_target(c, n, k);
			break;
		case '#':
		case '^':
		case '<':
		case '$':
			if (depth == MAX_NESTING) {
				cerr(c, k->line, k->col, "sections nested deeper than 512%s", NULL, 0);
				break;
			}
			n = add_node(c, k->type == '#' ? TMPL_N_SECTION : k->type == '^' ? TMPL_N_INVERTED :
			               k->type == '<' ? TMPL_N_PARENT : TMPL_N_BLOCK, k);
			if (k->type == '<')
				partial_target(c, n, k);
			else if (k->type == '$')
				n->s = arena_strndup(&c->t->arena, k->s, k->n);
			else
				parse_name(c, k, &n->name);
			stack[depth].node = (size_t)(n - c->nodes);
			stack[depth].tok = i;
			stack[depth].dedent = d;
			depth++;
			if (k->type == '$' && in_parent) {
				d = k->nind;
			} else if (k->ind) {
				n->ind = k->ind;
				n->nind = dedent(&n->ind, k->nind, d);
			}
			break;
		case '/': {
			if (!depth) {
				cerr(c, k->line, k->col, "closing tag '%s' without an open section", k->s, k->n);
				break;
			}
			struct tok *o = &c->toks[stack[depth - 1].tok];
			if (o->n != k->n || memcmp(o->s, k->s, k->n) != 0) {
				char q1[80], q2[80];
				struct diag_loc loc = { c->file, k->line, k->col };
				diag_error(c->d, BD_EINPUT, &loc,
				           "closing tag '%s' does not match open section '%s' (line %d, column %d)",
				           quote(q1, k->s, k->n), quote(q2, o->s, o->n), o->line, o->col);
				c->err = 1;
				break;
			}
			depth--;
			c->nodes[stack[depth].node].end = c->nnodes;
			d = stack[depth].dedent;
			break;
		}
		}
		if (n && (k->type == '>' || k->type == '<') && k->ind && !n->ind) {
			n->ind = k->ind;
			n->nind = dedent(&n->ind, k->nind, d);
		}
	}
	if (!c->err && depth) {
		struct tok *o = &c->toks[stack[depth - 1].tok];
		cerr(c, o->line, o->col, "unclosed section '%s'", o->s, o->n);
	}
	buf_release(&run);
}

static struct tmpl_unit *
compile_unit(struct tmpl *t, const char *file, const char *text, size_t len, struct diag *d)
{
	struct cc c;
	struct tmpl_unit *u = NULL;
	memset(&c, 0, sizeof c);
	c.t = t;
	c.file = arena_strdup(&t->arena, file);
	c.src = arena_strndup(&t->arena, text, len);
	c.len = len;
	c.d = d;
	tokenize(&c);
	if (!c.err) {
		mark_standalone(&c);
		build(&c);
	}
	if (!c.err) {
		u = arena_calloc(&t->arena, 1, sizeof *u);
		u->file = c.file;
		u->n = c.nnodes;
		u->nodes = arena_calloc(&t->arena, c.nnodes ? c.nnodes : 1, sizeof *u->nodes);
		if (c.nnodes)
			memcpy(u->nodes, c.nodes, c.nnodes * sizeof *c.nodes);
	}
	free(c.toks);
	free(c.nodes);
	return u;
}

static int
read_file(const char *path, struct buf *out, int *err)
{
	FILE *f = fopen(path, "rb");
	char tmp[65536];
	size_t r;
	if (!f) {
		*err = errno;
		return -1;
	}
	while ((r = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(out, tmp, r);
	*err = ferror(f) ? EIO : 0;
	fclose(f);
	return *err ? -1 : 0;
}

/* See tmpl_impl.h. */
int
tmpl_load_entry(struct tmpl *t, struct tmpl_entry *e, const struct diag_loc *loc, struct diag *d)
{
	struct buf text, path;
	int found = 0, rc = 0;
	buf_init(&text);
	buf_init(&path);
	e->loaded = 1;
	if (t->opts.load) {
		found = t->opts.load(t->opts.load_ctx, e->name, &text, &path, d);
		if (found < 0)
			rc = -1;
	}
	for (size_t i = 0; !found && !rc && i < t->opts.ndirs; i++) {
		int err;
		buf_reset(&path);
		buf_printf(&path, "%s/%s.mustache", t->opts.dirs[i], e->name);
		buf_reset(&text);
		if (read_file(buf_str(&path), &text, &err) == 0) {
			found = 1;
		} else if (err != ENOENT && err != ENOTDIR) {
			diag_error(d, BD_EIO, NULL, "cannot read partial '%s': %s", buf_str(&path),
			           strerror(err));
			rc = -1;
		}
	}
	if (!rc && found) {
		e->unit = compile_unit(t, path.len ? buf_str(&path) : e->name, buf_str(&text), text.len, d);
		if (!e->unit)
			rc = -1;
	} else if (!rc && t->opts.warn_missing) {
		diag_warn(d, loc, "partial '%s' not found", e->name);
	}
	buf_release(&text);
	buf_release(&path);
	return rc;
}

/* Entries appended meanwhile are loaded too. */
int
tmpl_load_pending(struct tmpl *t, struct diag *d)
{
	int rc = 0;
	for (struct tmpl_entry *e = t->entries; e; e = e->next)
		if (!e->loaded && tmpl_load_entry(t, e, e->ref.file ? &e->ref : NULL, d) < 0)
			rc = -1;
	return rc;
}

struct tmpl *
tmpl_compile(const char *file, const char *text, size_t len, const struct tmpl_opts *opts,
             struct diag *d)
{
	struct tmpl *t = xcalloc(1, sizeof *t);
	arena_init(&t->arena);
	t->tail = &t->entries;
	if (opts) {
		t->opts = *opts;
		if (opts->ndirs) {
			char **dirs = arena_alloc(&t->arena, opts->ndirs * sizeof *dirs);
			for (size_t i = 0; i < opts->ndirs; i++)
				dirs[i] = arena_strdup(&t->arena, opts->dirs[i]);
			t->opts.dirs = (const char *const *)dirs;
		}
	}
	if (t->opts.max_depth <= 0)
		t->opts.max_depth = DEFAULT_DEPTH;
	t->root = compile_unit(t, file ? file : "<template>", text, len, d);
	if (!t->root || tmpl_load_pending(t, d) < 0) {
		tmpl_destroy(t);
		return NULL;
	}
	return t;
}

struct tmpl *
tmpl_compile_file(const char *path, const struct tmpl_opts *opts, struct diag *d)
{
	struct buf text;
	struct tmpl *t = NULL;
	int err;
	buf_init(&text);
	if (read_file(path, &text, &err) < 0)
		diag_error(d, BD_EIO, NULL, "cannot read template '%s': %s", path, strerror(err));
	else
		t = tmpl_compile(path, buf_str(&text), text.len, opts, d);
	buf_release(&text);
	return t;
}

void
tmpl_destroy(struct tmpl *t)
{
	if (!t)
		return;
	arena_finish(&t->arena);
	free(t);
}
