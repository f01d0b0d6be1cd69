/* SPDX-License-Identifier: MIT
 * loader: typed column builder for the readers (see loader.h). Numbers go through
 * parse_number, dates through parse_date_* with a one-entry cache per column (exports
 * repeat dates row after row), text through the table's hash dictionary. AUTO columns
 * are interned as text while loading; each new distinct value is test-parsed once,
 * and at the end the column becomes number or date if every distinct value was one. */
#include "ingest/loader.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per text column while loading: an open-addressing index of 8-byte slots (hash and
 * code + 1, 0 = empty) kept at most half full, so a miss costs one cache line and a
 * hit one more for the string. The previous cell's code is tried first (exports
 * repeat ids on consecutive rows). Strings are packed into arena blocks. */
struct dslot {
	uint32_t hash;
	int32_t code1;          /* code + 1; 0 = empty */
};

struct dict {
	struct dslot *slot;     /* mask + 1 slots (xcalloc) */
	size_t mask;
	const char **str;       /* code -> string (xmalloc, copied to the arena at the end) */
	size_t n, cap;
	int32_t last;           /* code of the previous cell or -1 */
	char *block;            /* arena block being filled with strings */
	size_t block_left;
};

/* Text cells whose bytes stay valid (loader_cell_stable) wait in a short queue
 * after their dictionary slot has been prefetched, so the cache misses of several
 * lookups overlap instead of stalling one after the other. */
#define QUEUE_LEN 8

struct pending {
	const char *s;
	size_t n, row;
	uint32_t hash;
};

struct loader_col {
	struct dict dict;       /* TEXT and AUTO columns */
	struct pending q[QUEUE_LEN];
	unsigned qhead, qn;
	size_t idx;             /* index in t->cols, or (size_t)-1 when skipped */
	enum ingest_type type;
	const char *fmt;        /* date format or NULL */
	int maybe_num, maybe_date;
	double *vnum, *vdate;   /* AUTO: parsed value per dictionary entry */
	size_t vcap;
	char last[32];          /* DATE: one-entry cache of the last raw value */
	size_t lastlen;
	double lastval;
	int lastok;
	size_t *bad;            /* bad row indices (xmalloc, copied to the arena at the end) */
	size_t badcap;
};

#define SKIPPED ((size_t)-1)

static uint64_t
hash_key(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h ^= w;
	/* murmur3's 64-bit finaliser: every input bit reaches the low bits */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

static int32_t dict_intern_h(struct arena *a, struct dict *dc, const char *s, size_t n,
                             uint32_t h);

static int32_t
dict_intern(struct arena *a, struct dict *dc, const char *s, size_t n)
{
	return dict_intern_h(a, dc, s, n, (uint32_t)hash_key(s, n));
}

static void
dict_init(struct dict *dc)
{
	dc->mask = 255;
	dc->slot = xcalloc(dc->mask + 1, sizeof *dc->slot);
	dc->last = -1;
}

static void
dict_grow(struct dict *dc)
{
	size_t nmask = dc->mask * 2 + 1;
	struct dslot *ns = xcalloc(nmask + 1, sizeof *ns);
	for (size_t i = 0; i <= dc->mask; i++) {
		if (!dc->slot[i].code1)
			continue;
		size_t k = dc->slot[i].hash & nmask;
		while (ns[k].code1)
			k = (k + 1) & nmask;
		ns[k] = dc->slot[i];
	}
	free(dc->slot);
	dc->slot = ns;
	dc->mask = nmask;
}

static int
same(const char *str, const char *s, size_t n)
{
	return memcmp(str, s, n) == 0 && str[n] == '\0';
}

/* Code of s[0..n) (hash h) in dc, adding it (copied, NUL-terminated) if new. */
static int32_t
dict_intern_h(struct arena *a, struct dict *dc, const char *s, size_t n, uint32_t h)
{
	if (dc->last >= 0 && same(dc->str[dc->last], s, n))
		return dc->last;
	size_t k = h & dc->mask;
	for (struct dslot *sl; (sl = &dc->slot[k])->code1; k = (k + 1) & dc->mask)
		if (sl->hash == h && same(dc->str[sl->code1 - 1], s, n))
			return dc->last = sl->code1 - 1;
	if (dc->n == dc->cap) {
		dc->cap = dc->cap ? dc->cap * 2 : 64;
		dc->str = xreallocarray(dc->str, dc->cap, sizeof *dc->str);
	}
	if (dc->block_left < n + 1) {
		size_t bs = n + 1 > 65536 ? n + 1 : 65536;
		dc->block = arena_alloc(a, bs);
		dc->block_left = bs;
	}
	char *copy = dc->block;
	memcpy(copy, s, n);
	copy[n] = '\0';
	dc->block += n + 1;
	dc->block_left -= n + 1;
	int32_t code = (int32_t)dc->n++;
	dc->str[code] = copy;
	dc->slot[k].hash = h;
	dc->slot[k].code1 = code + 1;
	if (dc->n * 2 > dc->mask + 1)
		dict_grow(dc);
	return dc->last = code;
}

void
loader_begin(struct loader *ld, struct arena *a, struct diag *d, const struct ingest_opts *opts,
             const char *path, const char *const *names, size_t nsrc, size_t maxrows)
{
	memset(ld, 0, sizeof *ld);
	ld->a = a;
	ld->d = d;
	ld->opts = opts;
	ld->path = path;
	ld->cap = maxrows ? maxrows : 16;
	ld->nsrc = nsrc;
	ld->t = table_new(a, opts->name, ld->cap);
	ld->t->path = arena_strdup(a, path);
	ld->cols = xcalloc(nsrc ? nsrc : 1, sizeof *ld->cols);
	for (size_t j = 0; j < nsrc; j++) {
		struct loader_col *lc = &ld->cols[j];
		struct ingest_colspec spec = { INGEST_AUTO, opts->date_format };
		if (opts->column)
			opts->column(opts->ctx, names[j], j, &spec);
		lc->type = spec.type;
		lc->fmt = spec.date_format && *spec.date_format ? spec.date_format : NULL;
		lc->maybe_num = lc->maybe_date = 1;
		lc->lastlen = (size_t)-1;       /* the date cache starts empty */
		if (spec.type == INGEST_SKIP) {
			lc->idx = SKIPPED;
			continue;
		}
		enum table_type tt = spec.type == INGEST_NUM ? TABLE_NUM :
		                     spec.type == INGEST_DATE ? TABLE_DATE : TABLE_TEXT;
		lc->idx = ld->t->ncols;
		struct table_column *c = table_add_column(a, ld->t, names[j], tt);
		c->srccol = (long)j + 1;
		if (tt == TABLE_TEXT)
			dict_init(&lc->dict);
	}
	ld->t->srcline = arena_alloc(a, ld->cap * sizeof *ld->t->srcline);
}

int
loader_wants(const struct loader *ld, size_t field)
{
	return field < ld->nsrc && ld->cols[field].idx != SKIPPED;
}

/* Doubles the row capacity of every column (only when the reader's estimate was low). */
static void
grow_rows(struct loader *ld)
{
	size_t ncap = ld->cap * 2;
	struct table *t = ld->t;
	for (size_t j = 0; j < t->ncols; j++) {
		struct table_column *c = &t->cols[j];
		if (c->type == TABLE_TEXT) {
			int32_t *code = arena_alloc(ld->a, ncap * sizeof *code);
			memcpy(code, c->code, ld->cap * sizeof *code);
			for (size_t r = ld->cap; r < ncap; r++)
				code[r] = -1;
			c->code = code;
		} else {
			double *num = arena_alloc(ld->a, ncap * sizeof *num);
			memcpy(num, c->num, ld->cap * sizeof *num);
			for (size_t r = ld->cap; r < ncap; r++)
				num[r] = NAN;
			c->num = num;
		}
	}
	size_t *sl = arena_alloc(ld->a, ncap * sizeof *sl);
	memcpy(sl, t->srcline, ld->cap * sizeof *sl);
	t->srcline = sl;
	ld->cap = ncap;
}

static void
record_bad(struct loader *ld, struct loader_col *lc, size_t field, const char *s, size_t n)
{
	struct table_column *c = &ld->t->cols[lc->idx];
	if (c->nbad == lc->badcap) {
		lc->badcap = lc->badcap ? lc->badcap * 2 : 16;
		lc->bad = xreallocarray(lc->bad, lc->badcap, sizeof *lc->bad);
	}
	lc->bad[c->nbad++] = ld->row;
	if (c->nexample < TABLE_BAD_EXAMPLES) {
		struct table_bad *ex = &c->example[c->nexample++];
		ex->row = ld->row;
		ex->line = ex->col = 0;
		if (ld->locate)
			ld->locate(ld->locate_ctx, field, &ex->line, &ex->col);
		size_t k = n;
		if (k > 64) {
			k = 64;
			while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
				k--;            /* do not cut a UTF-8 sequence */
		}
		ex->raw = arena_strndup(ld->a, s, k);
	}
}

static int
parse_date(const struct loader_col *lc, const char *s, size_t n, double *v)
{
	if (lc->fmt && parse_date_fmt(s, n, lc->fmt, v) == 0)
		return 0;
	return parse_date_iso(s, n, v);
}

static void
auto_cell(struct loader *ld, struct loader_col *lc, const char *s, size_t n)
{
	struct table_column *c = &ld->t->cols[lc->idx];
	size_t before = lc->dict.n;
	int32_t k = dict_intern(ld->a, &lc->dict, s, n);
	c->code[ld->row] = k;
	if (lc->dict.n == before || !(lc->maybe_num | lc->maybe_date))
		return;
	if ((size_t)k >= lc->vcap) {
		lc->vcap = lc->vcap ? lc->vcap * 2 : 64;
		lc->vnum = xreallocarray(lc->vnum, lc->vcap, sizeof *lc->vnum);
		lc->vdate = xreallocarray(lc->vdate, lc->vcap, sizeof *lc->vdate);
	}
	if (lc->maybe_num && parse_number(s, n, &ld->opts->num, &lc->vnum[k]) < 0)
		lc->maybe_num = 0;
	if (lc->maybe_date && parse_date(lc, s, n, &lc->vdate[k]) < 0)
		lc->maybe_date = 0;
}

/* Interns queued cells of lc, oldest first, until at most keep remain. */
static void
queue_drain(struct loader *ld, struct loader_col *lc, unsigned keep)
{
	struct table_column *c = &ld->t->cols[lc->idx];
	while (lc->qn > keep) {
		struct pending *p = &lc->q[lc->qhead];
		c->code[p->row] = dict_intern_h(ld->a, &lc->dict, p->s, p->n, p->hash);
		lc->qhead = (lc->qhead + 1) % QUEUE_LEN;
		lc->qn--;
	}
}

void
loader_cell_stable(struct loader *ld, size_t field, const char *s, size_t n)
{
	if (field >= ld->nsrc)
		return;
	struct loader_col *lc = &ld->cols[field];
	if (lc->type != INGEST_TEXT || lc->idx == SKIPPED) {
		loader_cell(ld, field, s, n);
		return;
	}
	if (ld->row >= ld->cap)
		grow_rows(ld);
	if (parse_is_missing(s, n))
		return;
	if (lc->qn == QUEUE_LEN)
		queue_drain(ld, lc, QUEUE_LEN - 1);
	uint32_t h = (uint32_t)hash_key(s, n);
	__builtin_prefetch(&lc->dict.slot[h & lc->dict.mask]);
	struct pending *p = &lc->q[(lc->qhead + lc->qn++) % QUEUE_LEN];
	p->s = s;
	p->n = n;
	p->row = ld->row;
	p->hash = h;
}

void
loader_cell(struct loader *ld, size_t field, const char *s, size_t n)
{
	if (field >= ld->nsrc)
		return;
	struct loader_col *lc = &ld->cols[field];
	if (lc->idx == SKIPPED)
		return;
	if (lc->qn)
		queue_drain(ld, lc, 0);    /* keep first-seen order of dictionary codes */
	if (ld->row >= ld->cap)
		grow_rows(ld);
	struct table_column *c = &ld->t->cols[lc->idx];
	double v;
	switch (lc->type) {
	case INGEST_NUM:
		if (parse_number(s, n, &ld->opts->num, &v) == 0)
			c->num[ld->row] = v;
		else if (!parse_is_missing(s, n))
			record_bad(ld, lc, field, s, n);
		break;
	case INGEST_DATE:
		if (n < sizeof lc->last && n == lc->lastlen && memcmp(s, lc->last, n) == 0) {
			if (lc->lastok)
				c->num[ld->row] = lc->lastval;
			else
				record_bad(ld, lc, field, s, n);
			break;
		}
		if (parse_is_missing(s, n))
			break;
		lc->lastok = parse_date(lc, s, n, &v) == 0;
		if (n < sizeof lc->last) {
			memcpy(lc->last, s, n);
			lc->lastlen = n;
			lc->lastval = v;
		}
		if (lc->lastok)
			c->num[ld->row] = v;
		else
			record_bad(ld, lc, field, s, n);
		break;
	case INGEST_TEXT:
		if (!parse_is_missing(s, n))
			c->code[ld->row] = dict_intern(ld->a, &lc->dict, s, n);
		break;
	default:
		if (!parse_is_missing(s, n))
			auto_cell(ld, lc, s, n);
		break;
	}
}

void
loader_cell_num(struct loader *ld, size_t field, double v)
{
	if (!loader_wants(ld, field))
		return;
	struct loader_col *lc = &ld->cols[field];
	if (lc->type == INGEST_NUM) {
		if (ld->row >= ld->cap)
			grow_rows(ld);
		ld->t->cols[lc->idx].num[ld->row] = v;
		return;
	}
	char tmp[40];
	int k = snprintf(tmp, sizeof tmp, "%.15g", v);
	if (strtod(tmp, NULL) != v)
		k = snprintf(tmp, sizeof tmp, "%.17g", v);
	loader_cell(ld, field, tmp, (size_t)k);
}

void
loader_row_end(struct loader *ld, size_t srcline)
{
	if (ld->row >= ld->cap)
		grow_rows(ld);
	ld->t->srcline[ld->row++] = srcline;
}

static void
free_cols(struct loader *ld)
{
	for (size_t j = 0; j < ld->nsrc; j++) {
		free(ld->cols[j].vnum);
		free(ld->cols[j].vdate);
		free(ld->cols[j].bad);
		free(ld->cols[j].dict.slot);
		free(ld->cols[j].dict.str);
	}
	free(ld->cols);
	ld->cols = NULL;
}

/* An AUTO column whose every distinct value parsed: codes -> values. */
static void
auto_convert(struct loader *ld, struct table_column *c, const double *vals, enum table_type tt)
{
	double *num = arena_alloc(ld->a, ld->cap * sizeof *num);
	for (size_t r = 0; r < ld->row; r++)
		num[r] = c->code[r] < 0 ? NAN : vals[c->code[r]];
	c->num = num;
	c->type = tt;
	c->code = NULL;
	c->dict = NULL;
	c->ndict = 0;
	c->index = NULL;
}

struct table *
loader_finish(struct loader *ld)
{
	struct table *t = ld->t;
	for (size_t j = 0; j < ld->nsrc; j++)
		if (ld->cols[j].qn)
			queue_drain(ld, &ld->cols[j], 0);
	t->nrows = ld->row;
	for (size_t j = 0; j < ld->nsrc; j++) {
		struct loader_col *lc = &ld->cols[j];
		if (lc->idx == SKIPPED)
			continue;
		struct table_column *c = &t->cols[lc->idx];
		if (c->type == TABLE_TEXT && lc->dict.n) {
			c->ndict = lc->dict.n;
			c->dict = arena_alloc(ld->a, c->ndict * sizeof *c->dict);
			memcpy(c->dict, lc->dict.str, c->ndict * sizeof *c->dict);
		}
		if (lc->type == INGEST_AUTO && c->ndict > 0) {
			if (lc->maybe_num)
				auto_convert(ld, c, lc->vnum, TABLE_NUM);
			else if (lc->maybe_date)
				auto_convert(ld, c, lc->vdate, TABLE_DATE);
		}
		if (c->nbad) {
			c->badrow = arena_alloc(ld->a, c->nbad * sizeof *c->badrow);
			memcpy(c->badrow, lc->bad, c->nbad * sizeof *c->badrow);
		}
		size_t miss = 0;
		for (size_t r = 0; r < t->nrows; r++)
			miss += table_missing(c, r);
		c->nmissing = miss;
	}
	free_cols(ld);
	return t;
}

void
loader_abandon(struct loader *ld)
{
	free_cols(ld);
}
