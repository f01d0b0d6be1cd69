/* SPDX-License-Identifier: MIT
 * jsonin: JSON data files into a table, through cJSON. The data is an array of
 * objects, or an object whose "rows" member is one; the columns are the union of
 * the objects' keys in first-seen order (ingest <- jsonin <- loader, source). */
#ifndef INGEST_JSONIN_H
#define INGEST_JSONIN_H

#include "ingest/ingest.h"
#include "ingest/source.h"

/* Reads src with opts into a new table in a. Values may be strings, numbers,
 * booleans ("true"/"false" as text) or null (missing); t->srcline holds the 1-based
 * index of each row in the array. Errors (BD_EINPUT, NULL returned): malformed or
 * too deeply nested JSON (FILE:LINE:COL from cJSON's error position), a root that is
 * not an array of objects, a row that is not an object, a nested object or array
 * value (naming the row and key). */
struct table *jsonin_parse(struct arena *a, struct diag *d, const struct source *src,
                           const struct ingest_opts *opts);

#endif
