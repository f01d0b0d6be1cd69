/* SPDX-License-Identifier: MIT
 * arena: bump allocator. One arena per build holds tables, analysis results and
 * the report model's scratch data; arena_finish() frees everything at once.
 * Allocation never fails: out of memory prints a message and exits (status 3). */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;   /* newest chunk first */
	size_t total;               /* bytes handed out, for --timings */
};

void   arena_init(struct arena *a);
void   arena_finish(struct arena *a);           /* frees all chunks; a is reusable after arena_init */
void  *arena_alloc(struct arena *a, size_t n);  /* 16-byte aligned, uninitialised */
void  *arena_calloc(struct arena *a, size_t n, size_t size); /* zeroed; checks n*size overflow */
char  *arena_strdup(struct arena *a, const char *s);
char  *arena_strndup(struct arena *a, const char *s, size_t n);
char  *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* xmalloc family: the same never-fail contract for memory outside arenas. */
void  *xmalloc(size_t n);
void  *xcalloc(size_t n, size_t size);
void  *xrealloc(void *p, size_t n);
void  *xreallocarray(void *p, size_t n, size_t size);
char  *xstrdup(const char *s);

#endif
