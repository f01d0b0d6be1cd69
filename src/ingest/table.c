/* SPDX-License-Identifier: MIT
 * table: typed columnar tables (see table.h): construction, dictionary interning of
 * text values, row filtering and "did you mean" hints over column names. */
#include "ingest/table.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/suggest.h"

/* Open-addressing hash index over a text column's dictionary, alive while a
 * column is being built (memory from the arena; grows by doubling). */
struct table_dict_index {
	int32_t *slot;      /* code + 1; 0 = empty */
	uint32_t *hash;     /* per code */
	size_t mask;        /* slots - 1 */
	size_t cap;         /* capacity of dict[] and hash[] */
};

uint64_t
table_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;   /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

struct table *
table_new(struct arena *a, const char *name, size_t nrows)
{
	struct table *t = arena_calloc(a, 1, sizeof *t);
	t->name = name ? arena_strdup(a, name) : "";
	t->nrows = nrows;
	return t;
}

static struct table_column *
add_column(struct arena *a, struct table *t, const char *name, enum table_type type, int fill)
{
	struct table_column *cols = arena_calloc(a, t->ncols + 1, sizeof *cols);
	if (t->ncols)
		memcpy(cols, t->cols, t->ncols * sizeof *cols);
	t->cols = cols;
	struct table_column *c = &cols[t->ncols++];
	c->name = arena_strdup(a, name);
	c->type = type;
	c->nmissing = t->nrows;
	if (fill < 0) {
		/* storage comes from the caller */
	} else if (type == TABLE_TEXT) {
		c->code = arena_alloc(a, (t->nrows ? t->nrows : 1) * sizeof *c->code);
		for (size_t i = 0; fill && i < t->nrows; i++)
			c->code[i] = -1;
	} else {
		c->num = arena_alloc(a, (t->nrows ? t->nrows : 1) * sizeof *c->num);
		for (size_t i = 0; fill && i < t->nrows; i++)
			c->num[i] = NAN;
	}
	return c;
}

struct table_column *
table_add_column(struct arena *a, struct table *t, const char *name, enum table_type type)
{
	return add_column(a, t, name, type, 1);
}

struct table_column *
table_add_column_uninit(struct arena *a, struct table *t, const char *name,
                        enum table_type type)
{
	return add_column(a, t, name, type, 0);
}

struct table_column *
table_add_column_alias(struct arena *a, struct table *t, const char *name,
                       const struct table_column *src)
{
	struct table_column copy = *src;        /* src may live in t->cols, which moves */
	struct table_column *c = add_column(a, t, name, copy.type, -1);
	const char *nm = c->name;
	*c = copy;
	c->name = nm;
	c->index = NULL;        /* an intern into either builds its own dictionary */
	return c;
}

struct table_column *
table_column_find(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return &t->cols[i];
	return NULL;
}

const char *
table_column_suggest(const struct table *t, const char *name)
{
	const char **names = xmalloc((t->ncols + 1) * sizeof *names), *best;
	for (size_t i = 0; i < t->ncols; i++)
		names[i] = t->cols[i].name;
	best = suggest_closest(name, names, t->ncols);
	free(names);
	return best;
}

static void
index_rehash(struct arena *a, struct table_column *c, size_t nslots)
{
	struct table_dict_index *ix = c->index;
	ix->slot = arena_calloc(a, nslots, sizeof *ix->slot);
	ix->mask = nslots - 1;
	for (size_t k = 0; k < c->ndict; k++) {
		size_t s = ix->hash[k] & ix->mask;
		while (ix->slot[s])
			s = (s + 1) & ix->mask;
		ix->slot[s] = (int32_t)k + 1;
	}
}

int32_t
table_intern(struct arena *a, struct table_column *c, const char *s, size_t len)
{
	struct table_dict_index *ix = c->index;
	if (!ix) {
		ix = c->index = arena_calloc(a, 1, sizeof *ix);
		ix->cap = 16;
		while (ix->cap < c->ndict)
			ix->cap *= 2;
		const char **d = arena_alloc(a, ix->cap * sizeof *d);
		if (c->ndict)
			memcpy(d, c->dict, c->ndict * sizeof *d);
		ix->hash = arena_alloc(a, ix->cap * sizeof *ix->hash);
		c->dict = d;
		for (size_t k = 0; k < c->ndict; k++)
			ix->hash[k] = (uint32_t)table_hash(c->dict[k], strlen(c->dict[k]));
		size_t nslots = 64;
		while (nslots < c->ndict * 2)
			nslots *= 2;
		index_rehash(a, c, nslots);
	}
	uint32_t h = (uint32_t)table_hash(s, len);
	size_t slot = h & ix->mask;
	for (int32_t k; (k = ix->slot[slot]) != 0; slot = (slot + 1) & ix->mask) {
		k--;
		if (ix->hash[k] == h && strncmp(c->dict[k], s, len) == 0 && c->dict[k][len] == '\0')
			return k;
	}
	if (c->ndict == ix->cap) {
		size_t ncap = ix->cap * 2;
		const char **d = arena_alloc(a, ncap * sizeof *d);
		uint32_t *hs = arena_alloc(a, ncap * sizeof *hs);
		memcpy(d, c->dict, c->ndict * sizeof *d);
		memcpy(hs, ix->hash, c->ndict * sizeof *hs);
		c->dict = d;
		ix->hash = hs;
		ix->cap = ncap;
	}
	int32_t code = (int32_t)c->ndict;
	c->dict[code] = arena_strndup(a, s, len);
	ix->hash[code] = h;
	c->ndict++;
	if (c->ndict * 2 > ix->mask + 1) {
		index_rehash(a, c, (ix->mask + 1) * 2);
	} else {
		ix->slot[slot] = code + 1;
	}
	return code;
}

/* Whether column j's storage is also an earlier column's. */
static int
shared_before(const struct table *t, size_t j)
{
	const struct table_column *c = &t->cols[j];
	for (size_t i = 0; i < j; i++) {
		const struct table_column *o = &t->cols[i];
		if (c->type == TABLE_TEXT ? o->type == TABLE_TEXT && o->code == c->code :
		                            o->type != TABLE_TEXT && o->num == c->num)
			return 1;
	}
	return 0;
}

void
table_filter_rows(struct table *t, const unsigned char *keep)
{
	size_t n = 0, m = 0;
	size_t *move = xmalloc((t->ncols ? t->ncols : 1) * sizeof *move);
	for (size_t j = 0; j < t->ncols; j++)
		if (!shared_before(t, j))
			move[m++] = j;
	for (size_t r = 0; r < t->nrows; r++) {
		if (!keep[r])
			continue;
		for (size_t i = 0; i < m; i++) {
			struct table_column *c = &t->cols[move[i]];
			if (c->type == TABLE_TEXT)
				c->code[n] = c->code[r];
			else
				c->num[n] = c->num[r];
		}
		if (t->srcline)
			t->srcline[n] = t->srcline[r];
		n++;
	}
	free(move);
	t->nrows = n;
	for (size_t j = 0; j < t->ncols; j++) {
		struct table_column *c = &t->cols[j];
		size_t miss = 0;
		for (size_t r = 0; r < n; r++)
			miss += table_missing(c, r);
		c->nmissing = miss;
	}
}
