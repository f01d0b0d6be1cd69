/* SPDX-License-Identifier: MIT
 * source: the bytes of one input file, ready for a reader. Reads the whole file with
 * large reads, inflates gzip (recognised by content: 1f 8b, any extension), converts
 * latin-1 to UTF-8, strips a UTF-8 BOM, and rejects NUL bytes and invalid UTF-8 with
 * the line:col where they occur. Used by csvin and jsonin (ingest <- source <- zlib). */
#ifndef INGEST_SOURCE_H
#define INGEST_SOURCE_H

#include <stddef.h>

#include "base/diag.h"

enum source_encoding { SOURCE_UTF8, SOURCE_LATIN1 };

struct source {
	const char *data;       /* len bytes of valid UTF-8 (no BOM); NOT NUL-terminated
	                           (it may be a read-only mapping of the file) */
	size_t len;
	char *base;             /* what to free or unmap (private) */
	size_t maplen;          /* > 0: base is a mapping of maplen bytes (private) */
	const char *path;       /* display path for messages (borrowed from the caller) */
	int gzip;               /* 1 if the file was gzip-compressed */
	size_t raw_len;         /* size of the file on disk */
};

/* Encoding name -> enum: NULL, "", "utf-8"/"utf8" -> UTF8; "latin-1", "latin1",
 * "iso-8859-1" (any case) -> LATIN1. Returns -1 for anything else. */
int source_encoding_parse(const char *name);

/* Loads path (display = name used in messages; NULL = path). On success returns 0
 * and fills *src (release with source_release). On failure reports through d and
 * returns -1: unreadable file -> BD_EIO; truncated or corrupt gzip, NUL byte or
 * invalid UTF-8 -> BD_EINPUT, with "FILE:LINE:COL" for the last two. */
int source_load(struct source *src, struct diag *d, const char *path, const char *display,
                enum source_encoding enc);

/* Same on bytes already in memory (copied; gzip recognised as for files). */
int source_load_mem(struct source *src, struct diag *d, const void *bytes, size_t n,
                    const char *display, enum source_encoding enc);

/* Validation and parsing go through the data in windows of this many bytes. */
#define SOURCE_WINDOW ((size_t)64 << 20)

/* For a mapped source (maplen > 0), gives back the memory of the whole pages before
 * upto (base and maplen as in struct source): the bytes stay readable (the kernel
 * reloads them from the page cache) but leave the process's resident set. Readers
 * call it behind their parse point. No-op for a malloc'd source. */
void source_drop(const char *base, size_t maplen, const char *upto);

void source_release(struct source *src);   /* frees data; NULL-safe; idempotent */

/* 1-based line and column of byte offset off in src->data. Lines end at LF, CRLF or a
 * lone CR; the column counts UTF-8 characters, not bytes. Linear in off: for
 * messages, not for the hot loop. */
void source_position(const char *data, size_t off, long *line, long *col);

#endif
