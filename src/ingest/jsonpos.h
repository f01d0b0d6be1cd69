/* SPDX-License-Identifier: MIT
 * jsonpos: finds where a value sits in JSON text, for error messages only. cJSON
 * keeps no source positions; given a path of object keys and array indices this
 * scanner walks the text and returns the byte offset of the value (or its key). */
#ifndef INGEST_JSONPOS_H
#define INGEST_JSONPOS_H
#include <stddef.h>

/* One step of a path: an object key (key != NULL) or an array index. */
struct jsonpos_step {
	const char *key;
	size_t index;
};

/* Byte offset in text[0..len) of the value at path (of n steps; n == 0 is the
 * root value), or of its key when want_key is set and the last step is a key.
 * Returns -1 when the path does not exist or the text is not well-formed there. */
long jsonpos_find(const char *text, size_t len, const struct jsonpos_step *path, size_t n,
                  int want_key);

/* 1-based line and column (in bytes) of offset off in text. */
void jsonpos_linecol(const char *text, size_t off, long *line, long *col);
#endif
