/* SPDX-License-Identifier: MIT
 * tmpl_render: the rendering half of the mustache engine. Walks a compiled template's
 * nodes over a context stack of backend values (struct tmpl_data_ops), with frames
 * carrying partial/block indentation and scopes carrying the blocks a parent passes. */
#include "render/tmpl.h"

#include <stdlib.h>
#include <string.h>

#include "render/tmpl_impl.h"

enum { MAX_RENDER_NESTING = 1000 };

/* The blocks a parent tag passes to its template; outer scopes win. */
struct scope {
	const struct tmpl_unit *u;
	size_t node;
	const struct scope *outer;
};

struct frame {
	const struct tmpl_unit *u;
	size_t ioff, ilen;        /* indentation: bytes of rs.ind */
	int skip;                 /* the first line is already indented */
	const struct scope *scope;
};

struct rs {
	struct tmpl *t;
	const struct tmpl_data_ops *ops;
	void *ctx;
	const void **stack;
	size_t nstack, capstack;
	struct buf *out;
	size_t out0;
	struct buf ind;
	struct diag *d;
	int depth, partials;
	size_t steps;
	int err;
};

static void
rerr(struct rs *r, const struct frame *f, const struct tmpl_node *n, int status, const char *fmt,
     const char *arg)
{
	struct diag_loc loc = { f->u->file, n->line, n->col };
	char q[80];
	if (r->err)
		return;
	diag_error(r->d, status, &loc, fmt, diag_quote(q, sizeof q, arg, 60));
	r->err = status;
}

static const void *
lookup(struct rs *r, const struct tmpl_name *nm)
{
	const void *v = NULL;
	size_t k;
	if (nm->nparts == 0)
		return r->nstack ? r->stack[r->nstack - 1] : NULL;
	for (k = r->nstack; k-- > 0;) {
		v = r->ops->get(r->ctx, r->stack[k], nm->parts[0]);
		if (v)
			break;
	}
	for (k = 1; v && k < nm->nparts; k++)
		v = r->ops->get(r->ctx, v, nm->parts[k]);
	return v;
}

static void
push(struct rs *r, const void *v)
{
	if (r->nstack == r->capstack) {
		r->capstack = r->capstack ? 2 * r->capstack : 16;
		r->stack = xreallocarray(r->stack, r->capstack, sizeof *r->stack);
	}
	r->stack[r->nstack++] = v;
}

static void
indent(struct rs *r, struct frame *f)
{
	if (!f->ilen)
		return;
	if (f->skip) {
		f->skip = 0;
		return;
	}
	buf_add(r->out, r->ind.data + f->ioff, f->ilen);
}

static void
emit_text(struct rs *r, struct frame *f, const char *s, size_t n)
{
	f->skip = 0;
	if (f->ilen) {
		const char *nl;
		while (n && (nl = memchr(s, '\n', n - 1)) != NULL) {
			size_t k = (size_t)(nl - s) + 1;
			buf_add(r->out, s, k);
			buf_add(r->out, r->ind.data + f->ioff, f->ilen);
			s += k;
			n -= k;
		}
	}
	buf_add(r->out, s, n);
}

static void render(struct rs *r, struct frame *f, size_t from, size_t to);

/* Renders nodes [from, to) of u in a new frame whose indentation is f's plus
 * extra (or none when reset). */
static void
render_in(struct rs *r, struct frame *f, const struct tmpl_node *at, const struct tmpl_unit *u,
          size_t from, size_t to, const char *extra, size_t nextra, int reset, int skip,
          const struct scope *scope)
{
	struct frame g;
	size_t off = r->ind.len;
	g.u = u;
	g.ioff = off;
	g.ilen = 0;
	g.skip = skip;
	g.scope = scope;
	if (!reset) {
		buf_grow(&r->ind, f->ilen + nextra);
		memcpy(r->ind.data + off, r->ind.data + f->ioff, f->ilen);
		if (nextra)
			memcpy(r->ind.data + off + f->ilen, extra, nextra);
		g.ilen = f->ilen + nextra;
		r->ind.len += g.ilen;
	}
	if (++r->partials > r->t->opts.max_depth)
		rerr(r, f, at, BD_EINPUT,
		     "partials nested deeper than the limit at '%s' (a partial that includes itself?)",
		     at->s ? at->s : "");
	else
		render(r, &g, from, to);
	r->partials--;
	r->ind.len = off;
	f->skip = 0;
}

static struct tmpl_unit *
resolve(struct rs *r, struct frame *f, const struct tmpl_node *n)
{
	struct tmpl_entry *e = n->entry;
	if (n->flags & TMPL_F_DYNAMIC) {
		const void *v = lookup(r, &n->name);
		struct buf nm;
		if (!v)
			return NULL;
		buf_init(&nm);
		r->ops->text(r->ctx, v, 0, &nm);
		if (!nm.len) {
			buf_release(&nm);
			return NULL;
		}
		if (!tmpl_valid_name(nm.data, nm.len)) {
			rerr(r, f, n, BD_EINPUT, "partial name '%s' refused: absolute, or with '..' or NUL",
			     nm.data);
		} else {
			e = tmpl_entry_get(r->t, nm.data, nm.len, 1);
			if (!e->loaded) {
				struct diag_loc loc = { f->u->file, n->line, n->col };
				if (tmpl_load_entry(r->t, e, &loc, r->d) < 0 || tmpl_load_pending(r->t, r->d) < 0)
					rerr(r, f, n, BD_EINPUT, "cannot use partial '%s'", e->name);
			}
		}
		buf_release(&nm);
	}
	return e && !r->err ? e->unit : NULL;
}

/* The block overriding name: the outermost scope that passes one. */
static const struct scope *
find_block(const struct scope *s, const char *name, size_t *at)
{
	const struct scope *found = NULL;
	for (; s; s = s->outer) {
		const struct tmpl_node *p = &s->u->nodes[s->node];
		for (size_t k = s->node + 1; k < p->end; k = s->u->nodes[k].end) {
			const struct tmpl_node *b = &s->u->nodes[k];
			if (b->kind == TMPL_N_BLOCK && strcmp(b->s, name) == 0) {
				found = s;
				*at = k;
				break;
			}
		}
	}
	return found;
}

static void
render(struct rs *r, struct frame *f, size_t from, size_t to)
{
	const struct tmpl_node *nodes = f->u->nodes;
	size_t i = from;

	r->steps++;   /* every repetition of a section counts, even an empty one */
	if (++r->depth > MAX_RENDER_NESTING) {
		rerr(r, f, &nodes[from ? from - 1 : 0], BD_EINPUT, "template nested too deeply%s", "");
		r->depth--;
		return;
	}
	while (i < to && !r->err) {
		const struct tmpl_node *n = &nodes[i];
		const void *v;
		if ((r->t->opts.max_steps && ++r->steps > r->t->opts.max_steps) ||
		    (r->t->opts.max_output && r->out->len - r->out0 > r->t->opts.max_output)) {
			rerr(r, f, n, BD_EINPUT, "rendering stopped: output or work limit reached%s", "");
			break;
		}
		if ((n->flags & (TMPL_F_BOL | TMPL_F_STANDALONE)) == TMPL_F_BOL)
			indent(r, f);
		switch ((enum tmpl_node_kind)n->kind) {
		case TMPL_N_TEXT:
			emit_text(r, f, n->s, n->n);
			i++;
			break;
		case TMPL_N_VAR:
		case TMPL_N_RAW:
			v = lookup(r, &n->name);
			if (v) {
				f->skip = 0;
				r->ops->text(r->ctx, v, n->kind == TMPL_N_VAR, r->out);
			}
			i++;
			break;
		case TMPL_N_SECTION:
			v = lookup(r, &n->name);
			if (v && r->ops->truthy(r->ctx, v)) {
				if (r->ops->is_list(r->ctx, v)) {
					for (const void *it = r->ops->enter(r->ctx, v); it && !r->err;
					     it = r->ops->next(r->ctx, v, it)) {
						push(r, it);
						render(r, f, i + 1, n->end);
						r->nstack--;
					}
				} else {
					push(r, v);
					render(r, f, i + 1, n->end);
					r->nstack--;
				}
			}
			i = n->end;
			break;
		case TMPL_N_INVERTED:
			v = lookup(r, &n->name);
			if (!v || !r->ops->truthy(r->ctx, v))
				render(r, f, i + 1, n->end);
			i = n->end;
			break;
		case TMPL_N_PARTIAL: {
			const struct tmpl_unit *u = resolve(r, f, n);
			if (u)
				render_in(r, f, n, u, 0, u->n, n->ind, n->nind,
				          !(n->flags & TMPL_F_STANDALONE), 0, f->scope);
			i++;
			break;
		}
		case TMPL_N_PARENT: {
			const struct tmpl_unit *u = resolve(r, f, n);
			struct scope s = { f->u, i, f->scope };
			if (u)
				render_in(r, f, n, u, 0, u->n, n->ind, n->nind,
				          !(n->flags & TMPL_F_STANDALONE), 0, &s);
			i = n->end;
			break;
		}
		case TMPL_N_BLOCK: {
			size_t at = 0;
			const struct scope *s = find_block(f->scope, n->s, &at);
			if (s)
				render_in(r, f, n, s->u, at + 1, s->u->nodes[at].end, n->ind, n->nind,
				          0, !(n->flags & TMPL_F_STANDALONE), s->outer);
			else
				render(r, f, i + 1, n->end);
			i = n->end;
			break;
		}
		}
	}
	r->depth--;
}

int
tmpl_render_data(const struct tmpl *t, const struct tmpl_data_ops *ops, void *ctx,
                 const void *root, struct buf *out, struct diag *d)
{
	struct rs r;
	struct frame f = { t->root, 0, 0, 0, NULL };
	memset(&r, 0, sizeof r);
	r.t = (struct tmpl *)t;   /* the partial cache may grow (dynamic names) */
	r.ops = ops;
	r.ctx = ctx;
	r.out = out;
	r.out0 = out->len;
	r.d = d;
	buf_init(&r.ind);
	buf_grow(out, 0);
	if (root)
		push(&r, root);
	render(&r, &f, 0, t->root->n);
	free(r.stack);
	buf_release(&r.ind);
	if (r.err)
		out->len = r.out0;
	out->data[out->len] = '\0';
	return r.err;
}

int
tmpl_render(const struct tmpl *t, const cJSON *data, struct buf *out, struct diag *d)
{
	return tmpl_render_data(t, &tmpl_json_ops, NULL, data, out, d);
}
