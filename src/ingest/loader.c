/* SPDX-License-Identifier: MIT
 * loader: typed column builder for the readers (see loader.h). Numbers go through
 * parse_number, dates through date_parse (base/date.h) with a one-entry cache per column (exports
 * repeat dates row after row), text through the table's hash dictionary. AUTO columns
 * are interned as text while loading; each new distinct value is test-parsed once,
 * and at the end the column becomes number or date if every distinct value was one. */
#include "ingest/loader.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

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
	size_t indexed;         /* codes below this are in slot[]; those above came from a
	                           merged part (hashes in pend) and are indexed when the
	                           next cell is interned, if one ever is */
	uint32_t *pend;         /* hashes of codes indexed..n-1 (xmalloc) */
};

/* Text cells whose bytes stay valid (loader_cell_stable) wait in a short queue, so
 * the cache misses of several lookups overlap instead of stalling one after the
 * other. A cell's lookup touches three places far apart in a big dictionary: its
 * slot, the string pointer of the code found there, and that string. Each is
 * prefetched a few cells before the next is needed (queue_advance). */
#define QUEUE_LEN 8

struct pending {
	const char *s;
	size_t n, row;
	uint32_t hash;
	int32_t cand;           /* code in the cell's home slot when the hash matched */
};

struct loader_col {
	struct dict dict;       /* TEXT and AUTO columns */
	struct pending q[QUEUE_LEN];
	unsigned qhead, qn;
	size_t idx;             /* index in t->cols, or (size_t)-1 when skipped */
	enum ingest_type type;
	const char *fmt;        /* date format or NULL */
	int maybe_num, maybe_date;
	size_t njnum;           /* AUTO: cells that were JSON numbers (loader_cell_num) */
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

/* Arena memory for the loader: under ld->lock while loaders of one table run in
 * parallel (the arena itself is not thread-safe; allocations here are rare). */
static void *
lalloc(struct loader *ld, size_t n)
{
	if (!ld->lock)
		return arena_alloc(ld->a, n);
	pthread_mutex_lock(ld->lock);
	void *p = arena_alloc(ld->a, n);
	pthread_mutex_unlock(ld->lock);
	return p;
}

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

static int32_t dict_intern_h(struct loader *ld, struct dict *dc, const char *s, size_t n,
                             uint32_t h);

static int32_t
dict_intern(struct loader *ld, struct dict *dc, const char *s, size_t n)
{
	return dict_intern_h(ld, dc, s, n, (uint32_t)hash_key(s, n));
}

/* Zeroed slots (large ones on huge pages: see base/arena). */
static struct dslot *
slots_alloc(size_t n)
{
	return xcalloc(n, sizeof(struct dslot));
}

static void
dict_init(struct dict *dc)
{
	dc->mask = 255;
	dc->slot = slots_alloc(dc->mask + 1);
	dc->last = -1;
}

/* Rehashes into nmask + 1 slots (a power of two, at least twice the entries). */
static void
dict_resize(struct dict *dc, size_t nmask)
{
	struct dslot *ns = slots_alloc(nmask + 1);
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

static void
dict_grow(struct dict *dc)
{
	dict_resize(dc, dc->mask * 2 + 1);
}

static int
same(const char *str, const char *s, size_t n)
{
	return memcmp(str, s, n) == 0 && str[n] == '\0';
}

/* Appends str (hash h) at free slot k as a new code. */
static int32_t
dict_add(struct dict *dc, size_t k, const char *str, uint32_t h)
{
	if (dc->n == dc->cap) {
		dc->cap = dc->cap ? dc->cap * 2 : 64;
		dc->str = xreallocarray(dc->str, dc->cap, sizeof *dc->str);
	}
	int32_t code = (int32_t)dc->n++;
	dc->indexed = dc->n;    /* callers index pending codes first (dict_reindex) */
	dc->str[code] = str;
	dc->slot[k].hash = h;
	dc->slot[k].code1 = code + 1;
	if (dc->n * 2 > dc->mask + 1)
		dict_grow(dc);
	return code;
}

/* Code of the NUL-terminated string str (hash h) among dc's indexed codes, or -1. */
static int32_t
dict_find(const struct dict *dc, const char *str, size_t n, uint32_t h)
{
	size_t k = h & dc->mask;
	for (const struct dslot *sl; (sl = &dc->slot[k])->code1; k = (k + 1) & dc->mask)
		if (sl->hash == h && same(dc->str[sl->code1 - 1], str, n))
			return sl->code1 - 1;
	return -1;
}

/* Puts the pending codes (merged from a part, all distinct) into the index. */
static void
dict_reindex(struct dict *dc)
{
	size_t nmask = dc->mask;
	while (dc->n * 2 > nmask + 1)
		nmask = nmask * 2 + 1;
	if (nmask != dc->mask)
		dict_resize(dc, nmask);
	for (size_t c = dc->indexed; c < dc->n; c++) {
		uint32_t h = dc->pend[c - dc->indexed];
		size_t k = h & dc->mask;
		while (dc->slot[k].code1)
			k = (k + 1) & dc->mask;
		dc->slot[k].hash = h;
		dc->slot[k].code1 = (int32_t)c + 1;
	}
	free(dc->pend);
	dc->pend = NULL;
	dc->indexed = dc->n;
}

/* Code of s[0..n) (hash h) in dc, adding it (copied, NUL-terminated) if new. */
static int32_t
dict_intern_h(struct loader *ld, struct dict *dc, const char *s, size_t n, uint32_t h)
{
	if (dc->last >= 0 && same(dc->str[dc->last], s, n))
		return dc->last;
	if (dc->indexed < dc->n)
		dict_reindex(dc);
	size_t k = h & dc->mask;
	for (struct dslot *sl; (sl = &dc->slot[k])->code1; k = (k + 1) & dc->mask)
		if (sl->hash == h && same(dc->str[sl->code1 - 1], s, n))
			return dc->last = sl->code1 - 1;
	if (dc->block_left < n + 1) {
		size_t bs = n + 1 > 65536 ? n + 1 : 65536;
		dc->block = lalloc(ld, bs);
		dc->block_left = bs;
	}
	char *copy = dc->block;
	memcpy(copy, s, n);
	copy[n] = '\0';
	dc->block += n + 1;
	dc->block_left -= n + 1;
	return dc->last = dict_add(dc, k, copy, h);
}

static void
begin(struct loader *ld, struct arena *a, struct diag *d, const struct ingest_opts *opts,
      const char *path, const char *const *names, size_t nsrc, size_t maxrows, int fill)
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
		struct table_column *c = fill ? table_add_column(a, ld->t, names[j], tt) :
		                         table_add_column_uninit(a, ld->t, names[j], tt);
		c->srccol = (long)j + 1;
		if (tt == TABLE_TEXT)
			dict_init(&lc->dict);
	}
	ld->t->srcline = arena_alloc(a, ld->cap * sizeof *ld->t->srcline);
}

void
loader_begin(struct loader *ld, struct arena *a, struct diag *d, const struct ingest_opts *opts,
             const char *path, const char *const *names, size_t nsrc, size_t maxrows)
{
	begin(ld, a, d, opts, path, names, nsrc, maxrows, 1);
}

void
loader_begin_lazy(struct loader *ld, struct arena *a, struct diag *d,
                  const struct ingest_opts *opts, const char *path,
                  const char *const *names, size_t nsrc, size_t maxrows)
{
	begin(ld, a, d, opts, path, names, nsrc, maxrows, 0);
}

void
loader_clear_rows(struct loader *ld, size_t from, size_t to)
{
	struct table *t = ld->t;
	for (size_t j = 0; j < t->ncols; j++) {
		struct table_column *c = &t->cols[j];
		if (c->type == TABLE_TEXT)
			for (size_t r = from; r < to; r++)
				c->code[r] = -1;
		else
			for (size_t r = from; r < to; r++)
				c->num[r] = NAN;
	}
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
	if (ld->part)
		abort();        /* a part's row bound comes from its reader: a bug if hit */
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

/* The current row's value s[0..n) of field `field` with its position (rare). */
static void
locate_value(struct loader *ld, size_t field, const char *s, size_t n, struct table_bad *ex)
{
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
	char *raw = lalloc(ld, k + 1);
	memcpy(raw, s, k);
	raw[k] = '\0';
	ex->raw = raw;
}

static int
name_taken(char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

void
loader_unique_header(char **hdr, size_t n, void (*warn)(void *ctx, size_t j, const char *orig,
                     const char *fresh), void *ctx)
{
	for (size_t j = 0; j < n; j++) {
		const char *orig = hdr[j];
		char buf[64];
		char *fresh = NULL;
		if (!*orig) {
			snprintf(buf, sizeof buf, "col_%zu", j + 1);
			for (int k = 2; name_taken(hdr, n, buf); k++)
				snprintf(buf, sizeof buf, "col_%zu_%d", j + 1, k);
			fresh = xstrdup(buf);
		} else if (name_taken(hdr, j, orig)) {
			size_t len = strlen(orig);
			fresh = xmalloc(len + 24);
			for (int k = 2;; k++) {
				snprintf(fresh, len + 24, "%s_%d", orig, k);
				if (!name_taken(hdr, n, fresh))
					break;
			}
		}
		if (fresh) {
			warn(ctx, j, orig, fresh);
			free(hdr[j]);
			hdr[j] = fresh;
		}
	}
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
	if (c->nexample < TABLE_BAD_EXAMPLES)
		locate_value(ld, field, s, n, &c->example[c->nexample++]);
}

/* 1 when s looks like an attempt at a number ($5.00, (12.50), NaN, -inf, 1,5): a
 * column whose first value is one gets its position kept (nonnum) like a column
 * whose numbers stop later; names and ids do not (locating costs a scan in JSON). */
static int
numberish(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (!n)
		return 0;
	unsigned char c = (unsigned char)*s;
	return (c >= '0' && c <= '9') || (c && strchr("+-.($", c)) || c == 0xc2 || c == 0xe2 ||
	       (n >= 3 && (!memcmp(s, "NaN", 3) || !memcmp(s, "inf", 3) || !memcmp(s, "Inf", 3)));
}

static void
auto_cell(struct loader *ld, struct loader_col *lc, const char *s, size_t n)
{
	struct table_column *c = &ld->t->cols[lc->idx];
	size_t before = lc->dict.n;
	int32_t k = dict_intern(ld, &lc->dict, s, n);
	c->code[ld->row] = k;
	if (lc->dict.n == before || !(lc->maybe_num | lc->maybe_date))
		return;
	if ((size_t)k >= lc->vcap) {
		lc->vcap = lc->vcap ? lc->vcap * 2 : 64;
		lc->vnum = xreallocarray(lc->vnum, lc->vcap, sizeof *lc->vnum);
		lc->vdate = xreallocarray(lc->vdate, lc->vcap, sizeof *lc->vdate);
	}
	if (lc->maybe_num && parse_number(s, n, &ld->opts->num, &lc->vnum[k]) < 0) {
		lc->maybe_num = 0;      /* once per column: where the numbers stopped */
		if (k > 0 || numberish(s, n))
			locate_value(ld, (size_t)(lc - ld->cols), s, n, &c->nonnum);
	}
	if (lc->maybe_date && date_parse(s, n, lc->fmt, &lc->vdate[k]) < 0)
		lc->maybe_date = 0;
}

/* Interns queued cells of lc, oldest first, until at most keep remain. */
static void
queue_drain(struct loader *ld, struct loader_col *lc, unsigned keep)
{
	struct table_column *c = &ld->t->cols[lc->idx];
	while (lc->qn > keep) {
		struct pending *p = &lc->q[lc->qhead];
		c->code[p->row] = dict_intern_h(ld, &lc->dict, p->s, p->n, p->hash);
		lc->qhead = (lc->qhead + 1) % QUEUE_LEN;
		lc->qn--;
	}
}

/* The later prefetch stages for older queued cells (hints only: the drain looks
 * everything up again, so a dictionary that grew meanwhile does no harm). */
static void
queue_advance(struct loader_col *lc)
{
	struct dict *dc = &lc->dict;
	if (lc->qn >= 4) {
		struct pending *p = &lc->q[(lc->qhead + lc->qn - 4) % QUEUE_LEN];
		const struct dslot *sl = &dc->slot[p->hash & dc->mask];
		if (sl->code1 && sl->hash == p->hash) {
			p->cand = sl->code1 - 1;
			__builtin_prefetch(&dc->str[p->cand]);
		}
	}
	if (lc->qn >= 7) {
		const struct pending *p = &lc->q[(lc->qhead + lc->qn - 7) % QUEUE_LEN];
		if (p->cand >= 0)
			__builtin_prefetch(dc->str[p->cand]);
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
	p->cand = -1;
	queue_advance(lc);
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
		lc->lastok = date_parse(s, n, lc->fmt, &v) == 0;
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
			c->code[ld->row] = dict_intern(ld, &lc->dict, s, n);
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
	char tmp[40];
	int k;
	if (v - v != 0) {                   /* 1e999 in JSON: beyond the double range */
		k = snprintf(tmp, sizeof tmp, "%s", v < 0 ? "-1e999" : "1e999");
		if (lc->type == INGEST_NUM) {
			if (ld->row >= ld->cap)
				grow_rows(ld);
			record_bad(ld, lc, field, tmp, (size_t)k);
			return;
		}
	} else if (lc->type == INGEST_NUM) {
		if (ld->row >= ld->cap)
			grow_rows(ld);
		ld->t->cols[lc->idx].num[ld->row] = v;
		return;
	} else {
		k = snprintf(tmp, sizeof tmp, "%.15g", v);
		if (strtod(tmp, NULL) != v)
			k = snprintf(tmp, sizeof tmp, "%.17g", v);
	}
	lc->njnum += lc->type == INGEST_AUTO;
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
		free(ld->cols[j].dict.pend);
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

/* A JSON AUTO column of numbers with a few other values (a string, 1e999): when
 * fewer than half of its values are not numbers, it stays numeric; the values that are not numbers become missing and are recorded as bad,
 * with their positions, for the dataset layer to report. */
static void
auto_json_numbers(struct loader *ld, struct loader_col *lc, struct table_column *c)
{
	double *vals = xmalloc((c->ndict + 1) * sizeof *vals);
	unsigned char *ok = xmalloc(c->ndict + 1);
	size_t row = ld->row, nbad = 0, nval = 0;
	for (size_t k = 0; k < c->ndict; k++)
		ok[k] = parse_number(c->dict[k], strlen(c->dict[k]), &ld->opts->num, &vals[k]) == 0;
	for (size_t r = 0; r < row; r++)
		if (c->code[r] >= 0) {
			nval++;
			nbad += !ok[c->code[r]];
		}
	if (2 * nbad >= nval) {         /* mostly text: a text column with some numbers */
		free(vals);
		free(ok);
		return;
	}
	for (size_t r = 0; r < row; r++)
		if (c->code[r] >= 0 && !ok[c->code[r]]) {
			const char *s = c->dict[c->code[r]];
			ld->row = r;            /* record_bad and locate work on the current row */
			record_bad(ld, lc, lc - ld->cols, s, strlen(s));
			vals[c->code[r]] = NAN;
		}
	ld->row = row;
	for (size_t k = 0; k < c->ndict; k++)
		if (!ok[k])
			vals[k] = NAN;
	auto_convert(ld, c, vals, TABLE_NUM);
	free(vals);
	free(ok);
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
			else if (lc->njnum)
				auto_json_numbers(ld, lc, c);
		}
		if (c->nbad) {
			c->badrow = arena_alloc(ld->a, c->nbad * sizeof *c->badrow);
			memcpy(c->badrow, lc->bad, c->nbad * sizeof *c->badrow);
		}
		size_t miss = 0;        /* the type test out of the loop: it vectorises */
		if (c->type == TABLE_TEXT)
			for (size_t r = 0; r < t->nrows; r++)
				miss += c->code[r] < 0;
		else
			for (size_t r = 0; r < t->nrows; r++)
				miss += c->num[r] != c->num[r];
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

void
loader_part_begin(struct loader *part, const struct loader *whole, size_t rowbase,
                  size_t maxrows)
{
	memset(part, 0, sizeof *part);
	part->a = whole->a;
	part->d = whole->d;
	part->opts = whole->opts;
	part->path = whole->path;
	part->cap = maxrows;
	part->nsrc = whole->nsrc;
	part->lock = whole->lock;
	part->rowbase = rowbase;
	part->part = 1;
	const struct table *wt = whole->t;
	struct table *t = xcalloc(1, sizeof *t);
	*t = *wt;
	t->cols = xcalloc(wt->ncols ? wt->ncols : 1, sizeof *t->cols);
	for (size_t j = 0; j < wt->ncols; j++) {
		const struct table_column *wc = &wt->cols[j];
		struct table_column *c = &t->cols[j];
		c->name = wc->name;
		c->type = wc->type;
		c->srccol = wc->srccol;
		if (wc->type == TABLE_TEXT)
			c->code = wc->code + rowbase;
		else
			c->num = wc->num + rowbase;
	}
	t->srcline = wt->srcline + rowbase;
	part->t = t;
	part->cols = xcalloc(whole->nsrc ? whole->nsrc : 1, sizeof *part->cols);
	for (size_t j = 0; j < whole->nsrc; j++) {
		const struct loader_col *wlc = &whole->cols[j];
		struct loader_col *lc = &part->cols[j];
		lc->type = wlc->type;
		lc->fmt = wlc->fmt;
		lc->idx = wlc->idx;
		lc->maybe_num = lc->maybe_date = 1;
		lc->lastlen = (size_t)-1;
		if (lc->idx != SKIPPED && t->cols[lc->idx].type == TABLE_TEXT)
			dict_init(&lc->dict);
	}
}

static void
part_free(struct loader *part)
{
	free_cols(part);
	free(part->t->cols);
	free(part->t);
	part->t = NULL;
}

void
loader_part_abandon(struct loader *part)
{
	part_free(part);
}

#define MERGE_AHEAD 8

/* Appends part's dictionary entries to whole's in part's first-seen order; returns
 * part code -> whole code (xmalloc). AUTO columns carry their parsed values over. */
static int32_t *
merge_dict(struct loader_col *wlc, struct loader_col *plc)
{
	struct dict *wd = &wlc->dict, *pd = &plc->dict;
	int auto_col = wlc->type == INGEST_AUTO;
	int mn = wlc->maybe_num && plc->maybe_num, md = wlc->maybe_date && plc->maybe_date;
	free(pd->slot);         /* not needed any more: give the memory back first */
	pd->slot = NULL;
	int32_t *remap = xmalloc((pd->n ? pd->n : 1) * sizeof *remap);
	/* Whole's codes stay, the part's new strings follow in the part's order. They
	 * are distinct, so each needs only a lookup among whole's codes, not an insert:
	 * the index takes them later, and only if more cells are interned (dict_reindex).
	 * Hashes first, so each lookup's slot is prefetched a few strings ahead. */
	if (wd->indexed < wd->n)
		dict_reindex(wd);
	if (wd->cap < wd->n + pd->n) {
		wd->cap = wd->n + pd->n;
		wd->str = xreallocarray(wd->str, wd->cap, sizeof *wd->str);
	}
	uint32_t *hs = xmalloc((pd->n ? pd->n : 1) * sizeof *hs);
	size_t *lens = xmalloc((pd->n ? pd->n : 1) * sizeof *lens);
	for (size_t i = 0; i < pd->n; i++) {
		lens[i] = strlen(pd->str[i]);
		hs[i] = (uint32_t)hash_key(pd->str[i], lens[i]);
	}
	free(wd->pend);         /* empty when the last merge added nothing */
	wd->pend = xmalloc((pd->n ? pd->n : 1) * sizeof *wd->pend);
	for (size_t i = 0; i < pd->n; i++) {
		const char *str = pd->str[i];
		size_t before = wd->n;
		if (i + MERGE_AHEAD < pd->n)
			__builtin_prefetch(&wd->slot[hs[i + MERGE_AHEAD] & wd->mask]);
		int32_t k = dict_find(wd, str, lens[i], hs[i]);
		if (k < 0) {
			k = (int32_t)wd->n++;
			wd->str[k] = str;
			wd->pend[(size_t)k - wd->indexed] = hs[i];
		}
		remap[i] = k;
		if (!auto_col || wd->n == before || !(mn | md))
			continue;
		if ((size_t)k >= wlc->vcap) {
			while ((size_t)k >= wlc->vcap)
				wlc->vcap = wlc->vcap ? wlc->vcap * 2 : 64;
			wlc->vnum = xreallocarray(wlc->vnum, wlc->vcap, sizeof *wlc->vnum);
			wlc->vdate = xreallocarray(wlc->vdate, wlc->vcap, sizeof *wlc->vdate);
		}
		if (mn)
			wlc->vnum[k] = plc->vnum[i];
		if (md)
			wlc->vdate[k] = plc->vdate[i];
	}
	free(hs);
	free(lens);
	if (auto_col) {
		wlc->maybe_num = mn;
		wlc->maybe_date = md;
	}
	wd->last = -1;
	return remap;
}

void
loader_merge(struct loader *whole, struct loader *part)
{
	size_t base = whole->row, pb = part->rowbase, n = part->row;
	struct table *wt = whole->t, *pt = part->t;
	for (size_t j = 0; j < whole->nsrc; j++) {
		struct loader_col *wlc = &whole->cols[j], *plc = &part->cols[j];
		if (wlc->idx == SKIPPED)
			continue;
		int wnum = wlc->maybe_num;      /* before merge_dict folds the part's in */
		if (wlc->qn)
			queue_drain(whole, wlc, 0);     /* whole's cells come first */
		if (plc->qn)
			queue_drain(part, plc, 0);
		struct table_column *wc = &wt->cols[wlc->idx], *pc = &pt->cols[wlc->idx];
		if (wc->type == TABLE_TEXT) {
			int32_t *remap = merge_dict(wlc, plc);
			/* forward copy: the write index base + r never passes the read index pb + r */
			for (size_t r = 0; r < n; r++) {
				int32_t k = pc->code[r];
				wc->code[base + r] = k < 0 ? -1 : remap[k];
			}
			for (size_t r = base + n; r < pb + n; r++)
				wc->code[r] = -1;
			free(remap);
		} else if (base != pb) {
			memmove(wc->num + base, pc->num, n * sizeof *wc->num);
			for (size_t r = base + n; r < pb + n; r++)
				wc->num[r] = NAN;
		}
		for (size_t i = 0; i < pc->nbad; i++) {
			if (wc->nbad == wlc->badcap) {
				wlc->badcap = wlc->badcap ? wlc->badcap * 2 : 16;
				wlc->bad = xreallocarray(wlc->bad, wlc->badcap, sizeof *wlc->bad);
			}
			wlc->bad[wc->nbad++] = plc->bad[i] + base;
		}
		for (size_t i = 0; i < pc->nexample && wc->nexample < TABLE_BAD_EXAMPLES; i++) {
			struct table_bad *ex = &wc->example[wc->nexample++];
			*ex = pc->example[i];
			ex->row += base;
		}
		if (!wc->nonnum.raw && pc->nonnum.raw && wnum) {
			wc->nonnum = pc->nonnum;        /* the whole's numbers stop in this part */
			wc->nonnum.row += base;
		}
	}
	if (base != pb)
		memmove(wt->srcline + base, pt->srcline, n * sizeof *wt->srcline);
	whole->row += n;
	part_free(part);
}

void
loader_reset(struct loader *ld)
{
	struct table *t = ld->t;
	for (size_t j = 0; j < ld->nsrc; j++) {
		struct loader_col *lc = &ld->cols[j];
		if (lc->idx == SKIPPED)
			continue;
		struct table_column *c = &t->cols[lc->idx];
		free(lc->bad);
		lc->bad = NULL;
		lc->badcap = 0;
		free(lc->vnum);
		free(lc->vdate);
		lc->vnum = lc->vdate = NULL;
		lc->vcap = 0;
		lc->qn = lc->qhead = 0;
		lc->maybe_num = lc->maybe_date = 1;
		lc->njnum = 0;
		lc->lastlen = (size_t)-1;
		c->nbad = 0;
		c->nexample = 0;
		memset(&c->nonnum, 0, sizeof c->nonnum);
		if (c->type == TABLE_TEXT) {
			free(lc->dict.slot);
			free(lc->dict.str);
			free(lc->dict.pend);
			memset(&lc->dict, 0, sizeof lc->dict);
			dict_init(&lc->dict);
		}
	}
	loader_clear_rows(ld, 0, ld->cap);
	ld->row = 0;
}
