/* SPDX-License-Identifier: MIT
 * csvin: delimited text (CSV, TSV, semicolon/pipe, whitespace-aligned columns) into
 * a table. Quoting follows RFC 4180 through libcsv in strict mode; lines are fed one
 * at a time so every row knows its source line (ingest <- csvin <- loader, source). */
#ifndef INGEST_CSVIN_H
#define INGEST_CSVIN_H

#include "ingest/ingest.h"
#include "ingest/source.h"

/* Delimiter option -> byte: ',' ';' '|' '\t' ("\t" or "tab"), ' ' for "whitespace",
 * 0 for NULL/"" (detect). Returns -1 for anything else. */
int csvin_delimiter_parse(const char *name);

/* Guesses the delimiter among , ; TAB | from the first lines of data (outside
 * quotes): the candidate found on the header line that occurs equally often on the
 * following lines, the most frequent one winning; ',' when nothing fits. */
char csvin_detect(const char *data, size_t len);

/* Reads src (already decoded to UTF-8) with opts into a new table in a. The first
 * non-empty row is the header: empty names become "col_N" (N = field number),
 * repeated ones get "_2", "_3"..., each with a warning. Errors (reported through d
 * with FILE:LINE:COL, status BD_EINPUT; NULL returned): empty file ("has no header
 * row"), ragged rows (too few or too many fields; the first 5 are listed), an
 * unterminated quoted field (at the line where it opened), a stray quote. */
struct table *csvin_parse(struct arena *a, struct diag *d, const struct source *src,
                          const struct ingest_opts *opts);

#endif
