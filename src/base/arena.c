/* SPDX-License-Identifier: MIT
 * arena: chunked bump allocator and the never-fail malloc wrappers. Blocks of 4 MB
 * and more ask for transparent huge pages before their first touch: a 10M-row
 * column or a million-customer array otherwise takes a page fault per 4 KB, which
 * cost about a fifth of the CPU time of `analyze` on the M bench. */
#include "base/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_MIN_CHUNK ((size_t)64 * 1024)
#define ARENA_MAX_CHUNK ((size_t)16 << 20)
#define ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_MIN ((size_t)4 << 20)
#define PAGE ((uintptr_t)4096)

static void *
advise(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_MIN) {
		uintptr_t lo = ((uintptr_t)p + PAGE - 1) & ~(PAGE - 1);
		uintptr_t hi = ((uintptr_t)p + n) & ~(PAGE - 1);
		madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
#endif
	return p;
}

static void
oom(size_t n)
{
	fprintf(stderr, "bdreport: error: out of memory (allocating %zu bytes)\n", n);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void *p;
	if (n >= HUGE_MIN) {
		/* whole huge pages: aligned and rounded, no 4 KB pages at either end */
		size_t m = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		if ((p = aligned_alloc(HUGE_PAGE, m)) != NULL)
			return advise(p, m);
	}
	if (!(p = malloc(n ? n : 1)))
		oom(n);
	return advise(p, n);
}

void *
xcalloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	if (n * size >= HUGE_MIN)
		return memset(xmalloc(n * size), 0, n * size);
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return advise(q, n);
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void
arena_finish(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;
	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

/* Size of the next regular chunk: a quarter of what the arena holds, as a power of
 * two between 64 KB and 16 MB. Small arenas stay small; a big build's chunks are
 * large enough to sit on huge pages (see advise). */
static size_t
chunk_size(const struct arena *a)
{
	size_t size = ARENA_MIN_CHUNK;
	while (size < ARENA_MAX_CHUNK && size < a->total / 4)
		size *= 2;
	return size;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n)
		oom(n);
	if (!c || c->size - c->used < need) {
		size_t size = chunk_size(a);
		if (need > size / 4) {
			/* big block: its own chunk, kept behind the current one so the
			 * current chunk's free space is not wasted */
			c = xmalloc(sizeof *c + need);
			c->size = need;
			c->used = need;
			if (a->head) {
				c->next = a->head->next;
				a->head->next = c;
			} else {
				c->next = NULL;
				a->head = c;
			}
			a->total += need;
			return c->data;
		}
		c = xmalloc(size);      /* header included: a 16 MB chunk is 8 huge pages */
		c->size = size - sizeof *c;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->total += need;
	return p;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	void *p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
