/* SPDX-License-Identifier: MIT
 * expr: recursive-descent parser for project-file expressions into an AST that is
 * resolved against a table's columns at compile time, and a column-at-a-time
 * evaluator (one loop per node; text comparisons and regex matches are computed
 * once per dictionary entry, then looked up per row). */
#include "ingest/expr.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"

enum kind { K_NUM, K_DATE, K_TEXT };
enum op {
	N_NUM, N_STR, N_COL, N_NEG, N_ADD, N_SUB, N_MUL, N_DIV,
	N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE, N_AND, N_OR, N_NOT, N_MATCH, N_ISMISSING
};

struct node {
	enum op op;
	enum kind kind;
	double num;                     /* N_NUM */
	const char *str;                /* N_STR */
	const struct table_column *col; /* N_COL (resolved by index at eval time) */
	size_t colidx;
	int negate;                     /* N_ISMISSING: is not missing */
	regex_t *re;                    /* N_MATCH */
	struct node *l, *r;
	struct node *next_re;           /* chain of nodes owning a regex */
	struct node *next_all;          /* chain of every node (for expr_release) */
	/* evaluation state, rebuilt by prepare() before each evaluation */
	unsigned char *dres;            /* per dictionary entry: comparison / match result */
	double *dnum;                   /* per dictionary entry: the text read as a number */
	double *tmp;                    /* CHUNK doubles for the right operand */
	size_t dbad;                    /* N_COL text: dictionary entries that are not numbers */
	size_t nbad[EXPR_NWHY];         /* rows where this node made a value missing, by why */
	size_t firstbad[EXPR_NWHY];     /* the first of them */
	unsigned char *why;             /* the evaluation's per-row reasons, or NULL */
};

struct expr {
	struct node *root;
	struct node *regexes;
	struct node *all;
	struct parse_numfmt num;        /* how text columns read as numbers */
};

struct parser {
	struct arena *a;
	const char *s;
	size_t pos;
	const struct table *t;
	struct expr *e;
	struct expr_error *err;
	int failed;
	int depth;
};

static struct node *parse_or(struct parser *p);

static void
fail(struct parser *p, size_t pos, const char *msg)
{
	if (p->failed)
		return;
	p->failed = 1;
	p->err->pos = pos;
	p->err->msg = msg;
}

static void
skip_ws(struct parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
	       p->s[p->pos] == '\r')
		p->pos++;
}

static struct node *
mk(struct parser *p, enum op op, struct node *l, struct node *r)
{
	struct node *n = arena_calloc(p->a, 1, sizeof *n);
	n->next_all = p->e->all;
	p->e->all = n;
	n->op = op;
	n->l = l;
	n->r = r;
	n->kind = K_NUM;
	return n;
}

static int
is_ident_start(int c)
{
	return isalpha(c) || c == '_' || (unsigned char)c >= 0x80;
}

static int
is_ident_char(int c)
{
	return isalnum(c) || c == '_' || (unsigned char)c >= 0x80;
}

/* Matches keyword kw (case-insensitive) as a whole word at the current position. */
static int
keyword(struct parser *p, const char *kw)
{
	size_t n = strlen(kw);
	skip_ws(p);
	if (strncasecmp(p->s + p->pos, kw, n) != 0 || is_ident_char((unsigned char)p->s[p->pos + n]))
		return 0;
	p->pos += n;
	return 1;
}

static int
punct(struct parser *p, const char *op)
{
	size_t n = strlen(op);
	skip_ws(p);
	if (strncmp(p->s + p->pos, op, n) != 0)
		return 0;
	p->pos += n;
	return 1;
}

/* Text as a number: decimal only, finite, with the decorations of fmt (NULL = plain). */
static int
text_to_num(const char *s, const struct parse_numfmt *fmt, double *out)
{
	return parse_number(s, strlen(s), fmt, out) == 0;
}

static struct node *
parse_column(struct parser *p, const char *name, size_t start)
{
	const struct table_column *c = table_column_find(p->t, name);
	struct node *n;
	if (!c) {
		const char *sug = table_column_suggest(p->t, name);
		fail(p, start, sug ? arena_printf(p->a, "unknown column '%s'; did you mean '%s'?", name, sug)
		                   : arena_printf(p->a, "unknown column '%s'", name));
		return NULL;
	}
	n = mk(p, N_COL, NULL, NULL);
	n->col = c;
	n->colidx = (size_t)(c - p->t->cols);
	n->kind = c->type == TABLE_TEXT ? K_TEXT : c->type == TABLE_DATE ? K_DATE : K_NUM;
	return n;
}

static struct node *
parse_primary(struct parser *p)
{
	size_t start;
	char c;
	if (p->failed)
		return NULL;
	if (++p->depth > 200) {
		fail(p, p->pos, "expression nested too deeply");
		return NULL;
	}
	skip_ws(p);
	start = p->pos;
	c = p->s[p->pos];
	if (c == '(') {
		struct node *n;
		p->pos++;
		n = parse_or(p);
		if (!p->failed && !punct(p, ")"))
			fail(p, p->pos, "expected ')'");
		p->depth--;
		return n;
	}
	if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p->s[p->pos + 1]))) {
		/* decimal digits, a fraction, an exponent: no hex, nothing beyond the range */
		const char *s = p->s;
		size_t i = p->pos;
		struct node *n = mk(p, N_NUM, NULL, NULL);
		while (isdigit((unsigned char)s[i]) || s[i] == '.')
			i++;
		if ((s[i] == 'e' || s[i] == 'E') && (isdigit((unsigned char)s[i + 1]) ||
		    ((s[i + 1] == '+' || s[i + 1] == '-') && isdigit((unsigned char)s[i + 2])))) {
			i += 2;
			while (isdigit((unsigned char)s[i]))
				i++;
		}
		if (parse_number(s + p->pos, i - p->pos, NULL, &n->num) != 0) {
			fail(p, start, arena_printf(p->a, "'%.*s' is not a number%s", (int)(i - p->pos),
			     s + p->pos, i - p->pos > 4 ? " (or out of range)" : ""));
			return NULL;
		}
		p->pos = i;
		p->depth--;
		return n;
	}
	if (c == '\'' || c == '"' || c == '`') {
		size_t i = p->pos + 1;
		struct node *n;
		char *text;
		while (p->s[i] && p->s[i] != c)
			i++;
		if (!p->s[i]) {
			fail(p, start, c == '`' ? "unterminated `name`" : "unterminated string literal");
			return NULL;
		}
		text = arena_strndup(p->a, p->s + p->pos + 1, i - p->pos - 1);
		p->pos = i + 1;
		p->depth--;
		if (c == '`')
			return parse_column(p, text, start);
		n = mk(p, N_STR, NULL, NULL);
		n->str = text;
		n->kind = K_TEXT;
		return n;
	}
	if (is_ident_start((unsigned char)c)) {
		size_t i = p->pos;
		char *name;
		while (is_ident_char((unsigned char)p->s[i]))
			i++;
		name = arena_strndup(p->a, p->s + p->pos, i - p->pos);
		if (!strcasecmp(name, "and") || !strcasecmp(name, "or") || !strcasecmp(name, "is") ||
		    !strcasecmp(name, "missing")) {
			fail(p, start, arena_printf(p->a, "expected a value, got '%s'", name));
			return NULL;
		}
		p->pos = i;
		p->depth--;
		return parse_column(p, name, start);
	}
	if (c == '\0')
		fail(p, start, "expected a value, got the end of the expression");
	else
		fail(p, start, arena_printf(p->a, "expected a value, got '%c'", c));
	return NULL;
}

static struct node *
parse_unary(struct parser *p)
{
	if (p->failed)
		return NULL;
	if (punct(p, "-")) {
		struct node *n;
		if (++p->depth > 200) {
			fail(p, p->pos, "expression nested too deeply");
			return NULL;
		}
		n = parse_unary(p);
		p->depth--;
		return n ? mk(p, N_NEG, n, NULL) : NULL;
	}
	if (punct(p, "+"))
		return parse_unary(p);
	return parse_primary(p);
}

/* A string literal in arithmetic must read as a number, or as a date next to a date. */
static int
check_arith(struct parser *p, struct node *n, const struct node *other, size_t pos)
{
	if (n && other && n->op == N_STR && other->kind == K_DATE) {
		double v;
		if (date_parse_iso(n->str, strlen(n->str), &v) != 0) {
			fail(p, pos, arena_printf(p->a, "expected a date (YYYY-MM-DD), got '%s'", n->str));
			return 0;
		}
		n->op = N_NUM;
		n->num = v;
		n->kind = K_DATE;
	} else if (n && n->op == N_STR && other && other->kind == K_NUM &&
	           date_parse_iso(n->str, strlen(n->str), &n->num) == 0) {
		n->op = N_NUM;          /* a date literal: number + '2020-01-05' is a date */
		n->kind = K_DATE;
	} else if (n && n->op == N_STR) {
		double v;
		if (!text_to_num(n->str, NULL, &v)) {
			fail(p, pos, arena_printf(p->a, "expected a number, got the string '%s'", n->str));
			return 0;
		}
		n->op = N_NUM;
		n->num = v;
		n->kind = K_NUM;
	}
	return n != NULL;
}

static struct node *
parse_mul(struct parser *p)
{
	size_t pos;
	struct node *l;
	skip_ws(p);
	pos = p->pos;
	l = parse_unary(p);
	while (!p->failed) {
		enum op op;
		struct node *r;
		size_t rpos;
		if (punct(p, "*"))
			op = N_MUL;
		else if (punct(p, "/"))
			op = N_DIV;
		else
			break;
		skip_ws(p);
		rpos = p->pos;
		r = parse_unary(p);
		if (!check_arith(p, l, r, pos) || !check_arith(p, r, l, rpos))
			return NULL;
		l = mk(p, op, l, r);
	}
	return l;
}

static struct node *
parse_add(struct parser *p)
{
	size_t pos;
	struct node *l;
	skip_ws(p);
	pos = p->pos;
	l = parse_mul(p);
	while (!p->failed) {
		enum op op;
		struct node *r;
		size_t rpos;
		skip_ws(p);
		if (p->s[p->pos] == '+')
			op = N_ADD;
		else if (p->s[p->pos] == '-')
			op = N_SUB;
		else
			break;
		p->pos++;
		skip_ws(p);
		rpos = p->pos;
		r = parse_mul(p);
		if (!check_arith(p, l, r, pos) || !check_arith(p, r, l, rpos))
			return NULL;
		l = mk(p, op, l, r);
		/* date ± number stays a date; date - date is a number of days */
		if (l->l->kind == K_DATE && r->kind != K_DATE)
			l->kind = K_DATE;
		else if (op == N_ADD && r->kind == K_DATE && l->l->kind != K_DATE)
			l->kind = K_DATE;
	}
	return l;
}

/* Makes the two sides of a comparison comparable: a string literal against a date
 * becomes a date constant, against a number a number constant. */
static int
unify(struct parser *p, struct node *lit, struct node *other, size_t pos)
{
	double v;
	if (lit->op != N_STR || other->kind == K_TEXT)
		return 1;
	if (other->kind == K_DATE) {
		if (date_parse_iso(lit->str, strlen(lit->str), &v) != 0) {
			fail(p, pos, arena_printf(p->a, "expected a date (YYYY-MM-DD), got '%s'", lit->str));
			return 0;
		}
	} else if (!text_to_num(lit->str, NULL, &v)) {
		fail(p, pos, arena_printf(p->a, "expected a number, got the string '%s'", lit->str));
		return 0;
	}
	lit->op = N_NUM;
	lit->num = v;
	lit->kind = other->kind;
	return 1;
}

static struct node *
parse_cmp(struct parser *p)
{
	size_t pos, rpos;
	struct node *l, *r;
	enum op op;
	skip_ws(p);
	pos = p->pos;
	l = parse_add(p);
	if (p->failed)
		return NULL;
	if (keyword(p, "is")) {
		struct node *n = mk(p, N_ISMISSING, l, NULL);
		n->negate = keyword(p, "not");
		if (!keyword(p, "missing")) {
			skip_ws(p);
			fail(p, p->pos, "expected 'missing' after 'is'");
			return NULL;
		}
		return n;
	}
	if (punct(p, "=="))
		op = N_EQ;
	else if (punct(p, "!=") || punct(p, "<>"))
		op = N_NE;
	else if (punct(p, "<="))
		op = N_LE;
	else if (punct(p, ">="))
		op = N_GE;
	else if (punct(p, "<"))
		op = N_LT;
	else if (punct(p, ">"))
		op = N_GT;
	else if (punct(p, "~"))
		op = N_MATCH;
	else {
		skip_ws(p);
		if (p->s[p->pos] == '=')
			fail(p, p->pos, "expected '==' for equality, got '='");
		return l;
	}
	skip_ws(p);
	rpos = p->pos;
	r = parse_add(p);
	if (p->failed)
		return NULL;
	if (op == N_MATCH) {
		struct node *n;
		int rc;
		if (r->op != N_STR) {
			fail(p, rpos, "expected a string literal (the regular expression) after '~'");
			return NULL;
		}
		n = mk(p, N_MATCH, l, r);
		n->re = xmalloc(sizeof *n->re);
		rc = regcomp(n->re, r->str, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[200];
			regerror(rc, n->re, msg, sizeof msg);
			free(n->re);
			n->re = NULL;
			fail(p, rpos, arena_printf(p->a, "bad regular expression '%s': %s", r->str, msg));
			return NULL;
		}
		n->next_re = p->e->regexes;
		p->e->regexes = n;
		return n;
	}
	if (!unify(p, l, r, pos) || !unify(p, r, l, rpos))
		return NULL;
	return mk(p, op, l, r);
}

static struct node *
parse_not(struct parser *p)
{
	if (p->failed)
		return NULL;
	if (keyword(p, "not")) {
		struct node *n;
		if (++p->depth > 200) {
			fail(p, p->pos, "expression nested too deeply");
			return NULL;
		}
		n = parse_not(p);
		p->depth--;
		return n ? mk(p, N_NOT, n, NULL) : NULL;
	}
	return parse_cmp(p);
}

static struct node *
parse_and(struct parser *p)
{
	struct node *l = parse_not(p);
	while (!p->failed && keyword(p, "and")) {
		struct node *r = parse_not(p);
		l = mk(p, N_AND, l, r);
	}
	return l;
}

static struct node *
parse_or(struct parser *p)
{
	struct node *l = parse_and(p);
	while (!p->failed && keyword(p, "or")) {
		struct node *r = parse_and(p);
		l = mk(p, N_OR, l, r);
	}
	return l;
}

struct expr *
expr_compile(struct arena *a, const char *src, const struct table *t, struct expr_error *err)
{
	struct parser p = { a, src, 0, t, NULL, err, 0, 0 };
	struct node *root;
	p.e = arena_calloc(a, 1, sizeof *p.e);
	root = parse_or(&p);
	if (!p.failed) {
		skip_ws(&p);
		if (src[p.pos] != '\0')
			fail(&p, p.pos, arena_printf(a, "expected an operator or the end of the expression, got '%.20s'",
			                             src + p.pos));
	}
	if (p.failed) {
		expr_release(p.e);
		return NULL;
	}
	p.e->root = root;
	return p.e;
}

void
expr_release(struct expr *e)
{
	struct node *n;
	if (!e)
		return;
	for (n = e->regexes; n; n = n->next_re)
		if (n->re) {
			regfree(n->re);
			free(n->re);
			n->re = NULL;
		}
	e->regexes = NULL;
	for (n = e->all; n; n = n->next_all) {
		free(n->dres);
		free(n->dnum);
		free(n->tmp);
		n->dres = NULL;
		n->dnum = NULL;
		n->tmp = NULL;
	}
}

/* ---- evaluation ----
 * Column-at-a-time in chunks of CHUNK rows: every node fills a CHUNK-sized buffer
 * with one tight loop, so temporaries stay in cache and nothing is allocated per
 * row. Text work (comparisons with a literal, regex matches, text read as numbers)
 * is done once per dictionary entry in prepare(), then looked up per row. */

#define CHUNK 4096

static const struct table_column *
colof(const struct node *n, const struct table *t)
{
	return &t->cols[n->colidx];
}

/* Text comparison: op applied to strcmp result. */
static int
cmp_holds(enum op op, int c)
{
	switch (op) {
	case N_EQ: return c == 0;
	case N_NE: return c != 0;
	case N_LT: return c < 0;
	case N_LE: return c <= 0;
	case N_GT: return c > 0;
	default:   return c >= 0;
	}
}

static int
is_text_cmp(const struct node *n)
{
	return n->op >= N_EQ && n->op <= N_GE && n->l->kind == K_TEXT && n->r->kind == K_TEXT;
}

/* Builds the per-dictionary tables and scratch buffers of every node for table t;
 * why (NULL or t->nrows zeroed bytes) receives the per-row reasons. */
static void
prepare(const struct expr *e, const struct table *t, unsigned char *why)
{
	for (struct node *n = e->all; n; n = n->next_all) {
		free(n->dres);
		free(n->dnum);
		n->dres = NULL;
		n->dnum = NULL;
		n->dbad = 0;
		n->why = why;
		memset(n->nbad, 0, sizeof n->nbad);
		if (!n->tmp)
			n->tmp = xmalloc(CHUNK * sizeof *n->tmp);
		if (n->op == N_COL && n->kind == K_TEXT) {
			const struct table_column *c = colof(n, t);
			n->dnum = xmalloc((c->ndict + 1) * sizeof *n->dnum);
			for (size_t k = 0; k < c->ndict; k++)
				if (!text_to_num(c->dict[k], &e->num, &n->dnum[k])) {
					n->dnum[k] = NAN;
					n->dbad++;
				}
		} else if (n->op == N_MATCH && n->l->op == N_COL && n->l->kind == K_TEXT) {
			const struct table_column *c = colof(n->l, t);
			n->dres = xmalloc(c->ndict + 1);
			for (size_t k = 0; k < c->ndict; k++)
				n->dres[k] = regexec(n->re, c->dict[k], 0, NULL, 0) == 0;
		} else if (is_text_cmp(n) && (n->l->op == N_COL) != (n->r->op == N_COL)) {
			int flip = n->l->op != N_COL;
			const struct table_column *c = colof(flip ? n->r : n->l, t);
			const char *lit = flip ? n->l->str : n->r->str;
			n->dres = xmalloc(c->ndict + 1);
			for (size_t k = 0; k < c->ndict; k++) {
				int cv = strcmp(c->dict[k], lit);
				n->dres[k] = (unsigned char)cmp_holds(n->op, flip ? -cv : cv);
			}
		}
	}
}

static void eval_num(const struct node *n, const struct table *t, size_t s, size_t m, double *out);

/* Row `row` lost its value at node n for reason why (counted; the first reason of a
 * row is the one kept). Nodes are const during evaluation except for this state. */
static void
mark(const struct node *cn, size_t row, enum expr_why why)
{
	struct node *n = (struct node *)cn;
	if (n->nbad[why]++ == 0)
		n->firstbad[why] = row;
	if (n->why && !n->why[row])
		n->why[row] = (unsigned char)why;
}

/* Arithmetic that left the double range (1e308 * 10): the value is missing. */
static void
no_inf(const struct node *n, size_t s, size_t m, double *out)
{
	for (size_t i = 0; i < m; i++)
		if (out[i] - out[i] != 0 && out[i] == out[i]) {
			out[i] = NAN;
			mark(n, s + i, EXPR_OVERFLOW);
		}
}

/* Per-row lookup of a per-dictionary result table (missing -> 0). */
static void
lookup(const unsigned char *res, const int32_t *code, size_t m, double *out)
{
	for (size_t i = 0; i < m; i++)
		out[i] = code[i] < 0 ? 0.0 : res[code[i]];
}

static void
eval_text_cmp(const struct node *n, const struct table *t, size_t s, size_t m, double *out)
{
	const struct node *l = n->l, *r = n->r;
	if (l->op == N_STR && r->op == N_STR) {
		double v = cmp_holds(n->op, strcmp(l->str, r->str));
		for (size_t i = 0; i < m; i++)
			out[i] = v;
	} else if (l->op == N_COL && r->op == N_COL) {
		const struct table_column *a = colof(l, t), *b = colof(r, t);
		for (size_t i = 0; i < m; i++) {
			const char *x = table_text(a, s + i), *y = table_text(b, s + i);
			out[i] = x && y && cmp_holds(n->op, strcmp(x, y));
		}
	} else {
		lookup(n->dres, colof(l->op == N_COL ? l : r, t)->code + s, m, out);
	}
}

static void
eval_match(const struct node *n, const struct table *t, size_t s, size_t m, double *out)
{
	const struct node *l = n->l;
	if (l->op == N_STR) {
		double v = regexec(n->re, l->str, 0, NULL, 0) == 0;
		for (size_t i = 0; i < m; i++)
			out[i] = v;
	} else if (l->op == N_COL && l->kind == K_TEXT) {
		lookup(n->dres, colof(l, t)->code + s, m, out);
	} else {
		/* a number or date: match its printed form */
		char buf[40];
		eval_num(l, t, s, m, n->tmp);
		for (size_t i = 0; i < m; i++) {
			double v = n->tmp[i];
			if (v != v) {
				out[i] = 0;
				continue;
			}
			if (l->kind == K_DATE)
				date_format_iso(v, buf);
			else
				snprintf(buf, sizeof buf, "%.15g", v);
			out[i] = regexec(n->re, buf, 0, NULL, 0) == 0;
		}
	}
}

/* Rows [s, s+m) of n into out[0..m), m <= CHUNK. */
static void
eval_num(const struct node *n, const struct table *t, size_t s, size_t m, double *out)
{
	size_t i;
	const double *b;
	switch (n->op) {
	case N_NUM:
		for (i = 0; i < m; i++)
			out[i] = n->num;
		return;
	case N_STR: {
		double v;
		if (!text_to_num(n->str, NULL, &v))
			v = NAN;
		for (i = 0; i < m; i++)
			out[i] = v;
		return;
	}
	case N_COL: {
		const struct table_column *c = colof(n, t);
		if (c->type != TABLE_TEXT) {
			memcpy(out, c->num + s, m * sizeof *out);
		} else {
			const int32_t *code = c->code + s;
			for (i = 0; i < m; i++)
				out[i] = code[i] < 0 ? NAN : n->dnum[code[i]];
			if (n->dbad)
				for (i = 0; i < m; i++)
					if (code[i] >= 0 && out[i] != out[i])
						mark(n, s + i, EXPR_UNREADABLE);
		}
		return;
	}
	case N_NEG:
		eval_num(n->l, t, s, m, out);
		for (i = 0; i < m; i++)
			out[i] = -out[i];
		return;
	case N_NOT:
		if (n->l->op == N_COL && n->l->kind == K_TEXT) {
			const struct table_column *c = colof(n->l, t);
			for (i = 0; i < m; i++)
				out[i] = table_missing(c, s + i);
			return;
		}
		eval_num(n->l, t, s, m, out);
		for (i = 0; i < m; i++)
			out[i] = out[i] != out[i] ? 1.0 : out[i] == 0.0;
		return;
	case N_ISMISSING:
		if (n->l->op == N_COL) {
			const struct table_column *c = colof(n->l, t);
			for (i = 0; i < m; i++)
				out[i] = table_missing(c, s + i) != n->negate;
		} else if (n->l->op == N_STR) {
			for (i = 0; i < m; i++)
				out[i] = n->negate;
		} else {
			eval_num(n->l, t, s, m, out);
			for (i = 0; i < m; i++)
				out[i] = (out[i] != out[i]) != n->negate;
		}
		return;
	case N_MATCH:
		eval_match(n, t, s, m, out);
		return;
	default:
		break;
	}
	if (is_text_cmp(n)) {
		eval_text_cmp(n, t, s, m, out);
		return;
	}
	eval_num(n->l, t, s, m, out);
	eval_num(n->r, t, s, m, n->tmp);
	b = n->tmp;
	switch (n->op) {
	case N_ADD: for (i = 0; i < m; i++) out[i] += b[i]; no_inf(n, s, m, out); break;
	case N_SUB: for (i = 0; i < m; i++) out[i] -= b[i]; no_inf(n, s, m, out); break;
	case N_MUL: for (i = 0; i < m; i++) out[i] *= b[i]; no_inf(n, s, m, out); break;
	case N_DIV:
		for (i = 0; i < m; i++) {
			if (b[i] == 0.0 && out[i] == out[i])
				mark(n, s + i, EXPR_DIV0);
			out[i] = b[i] == 0.0 ? NAN : out[i] / b[i];
		}
		no_inf(n, s, m, out);
		break;
	/* NaN compares false for every ordered comparison; != is made false explicitly */
	case N_EQ: for (i = 0; i < m; i++) out[i] = out[i] == b[i]; break;
	case N_NE: for (i = 0; i < m; i++) out[i] = out[i] == out[i] && b[i] == b[i] && out[i] != b[i]; break;
	case N_LT: for (i = 0; i < m; i++) out[i] = out[i] < b[i]; break;
	case N_LE: for (i = 0; i < m; i++) out[i] = out[i] <= b[i]; break;
	case N_GT: for (i = 0; i < m; i++) out[i] = out[i] > b[i]; break;
	case N_GE: for (i = 0; i < m; i++) out[i] = out[i] >= b[i]; break;
	case N_AND:
		for (i = 0; i < m; i++)
			out[i] = (out[i] == out[i] && out[i] != 0.0) && (b[i] == b[i] && b[i] != 0.0);
		break;
	case N_OR:
		for (i = 0; i < m; i++)
			out[i] = (out[i] == out[i] && out[i] != 0.0) || (b[i] == b[i] && b[i] != 0.0);
		break;
	default:
		break;
	}
}

void
expr_set_number_format(struct expr *e, const struct parse_numfmt *f)
{
	if (f)
		e->num = *f;
	else
		memset(&e->num, 0, sizeof e->num);
}

/* Fills rep from the node counters after an evaluation (and clears the reasons of
 * rows whose value is present after all, when missing() says so). */
static void
report(struct arena *a, const struct expr *e, const struct table *t, struct expr_report *rep,
       const double *res)
{
	if (!rep)
		return;
	if (res && rep->why)
		for (size_t r = 0; r < t->nrows; r++)
			if (res[r] == res[r])
				rep->why[r] = 0;
	/* nodes are chained newest first: walk them in creation (source) order */
	size_t nn = 0;
	for (const struct node *n = e->all; n; n = n->next_all)
		nn++;
	const struct node **ord = xmalloc((nn ? nn : 1) * sizeof *ord);
	size_t k = nn;
	for (const struct node *n = e->all; n; n = n->next_all)
		ord[--k] = n;
	for (size_t i = 0; i < nn; i++) {
		const struct node *n = ord[i];
		for (int w = 1; w < EXPR_NWHY; w++) {
			struct expr_issue *is = NULL;
			const struct table_column *c = n->op == N_COL ? colof(n, t) : NULL;
			if (!n->nbad[w])
				continue;
			for (size_t j = 0; j < rep->nissue; j++)
				if (rep->issue[j].why == (enum expr_why)w &&
				    (w != EXPR_UNREADABLE || strcmp(rep->issue[j].column, c->name) == 0))
					is = &rep->issue[j];
			if (!is) {
				if (rep->nissue == EXPR_MAX_ISSUES)
					continue;
				is = &rep->issue[rep->nissue++];
				memset(is, 0, sizeof *is);
				is->why = (enum expr_why)w;
				is->first_row = n->firstbad[w];
				if (c) {
					is->column = c->name;
					is->srccol = c->srccol;
					is->first_raw = table_text(c, n->firstbad[w]);
				} else if (w == EXPR_DIV0 && n->r->op == N_COL) {
					is->column = colof(n->r, t)->name;      /* where the zero is */
					is->srccol = colof(n->r, t)->srccol;
				}
			} else if (n->firstbad[w] < is->first_row) {
				is->first_row = n->firstbad[w];
				if (c)
					is->first_raw = table_text(c, n->firstbad[w]);
			}
			is->n += n->nbad[w];
		}
	}
	free(ord);
	(void)a;
}

static void
report_begin(struct arena *a, const struct table *t, struct expr_report *rep)
{
	if (!rep)
		return;
	memset(rep, 0, sizeof *rep);
	rep->why = arena_calloc(a, t->nrows ? t->nrows : 1, 1);
}

struct table_column *
expr_eval_column(struct arena *a, const struct expr *e, struct table *t, const char *name)
{
	return expr_eval_column_report(a, e, t, name, NULL);
}

void
expr_eval_mask(struct arena *a, const struct expr *e, const struct table *t, unsigned char *keep)
{
	expr_eval_mask_report(a, e, t, keep, NULL);
}

struct table_column *
expr_eval_column_report(struct arena *a, const struct expr *e, struct table *t, const char *name,
                        struct expr_report *rep)
{
	const struct node *n = e->root;
	struct table_column *out;
	report_begin(a, t, rep);
	if (n->kind == K_TEXT) {
		out = table_add_column(a, t, name, TABLE_TEXT);
		if (n->op == N_STR) {
			int32_t k = table_intern(a, out, n->str, strlen(n->str));
			for (size_t i = 0; i < t->nrows; i++)
				out->code[i] = k;
		} else {
			/* a copy of a text column: same dictionary, same codes */
			const struct table_column *c = colof(n, t);
			for (size_t k = 0; k < c->ndict; k++)
				table_intern(a, out, c->dict[k], strlen(c->dict[k]));
			memcpy(out->code, c->code, t->nrows * sizeof *out->code);
		}
	} else {
		out = table_add_column(a, t, name, n->kind == K_DATE ? TABLE_DATE : TABLE_NUM);
		prepare(e, t, rep ? rep->why : NULL);
		for (size_t s = 0; s < t->nrows; s += CHUNK) {
			size_t m = t->nrows - s < CHUNK ? t->nrows - s : CHUNK;
			eval_num(n, t, s, m, out->num + s);
		}
		report(a, e, t, rep, out->num);
	}
	out->nmissing = 0;
	for (size_t i = 0; i < t->nrows; i++)
		out->nmissing += (size_t)table_missing(out, i);
	return out;
}

void
expr_eval_mask_report(struct arena *a, const struct expr *e, const struct table *t,
                      unsigned char *keep, struct expr_report *rep)
{
	const struct node *n = e->root;
	size_t nr = t->nrows;
	double *v;
	report_begin(a, t, rep);
	if (n->kind == K_TEXT) {
		for (size_t i = 0; i < nr; i++)
			keep[i] = n->op == N_STR ? 1 : !table_missing(colof(n, t), i);
		return;
	}
	prepare(e, t, rep ? rep->why : NULL);
	v = xmalloc(CHUNK * sizeof *v);
	for (size_t s = 0; s < nr; s += CHUNK) {
		size_t m = nr - s < CHUNK ? nr - s : CHUNK;
		eval_num(n, t, s, m, v);
		for (size_t i = 0; i < m; i++)
			keep[s + i] = v[i] == v[i] && v[i] != 0.0;
	}
	free(v);
	report(a, e, t, rep, NULL);
}
