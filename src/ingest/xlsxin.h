/* SPDX-License-Identifier: MIT
 * xlsxin: one sheet of an Excel workbook (.xlsx, Office Open XML) into a table. The
 * parts are read by xlsxbook (libzip, expat); cells go through the loader like CSV
 * fields (ingest <- xlsxin <- xlsxbook, loader). */
#ifndef INGEST_XLSXIN_H
#define INGEST_XLSXIN_H

#include <stddef.h>

#include "ingest/ingest.h"

/* Reads the sheet opts->sheet (by name), else opts->sheet_index (1-based position),
 * else the first sheet. The first non-empty row is the header; later rows that hold
 * no value in the header's columns are skipped. Cells:
 *   numbers       as numbers (loader_cell_num); with a date or date-time number
 *                 format (built-in or custom, 1900 or 1904 date system) as ISO
 *                 "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" text, so they load as dates
 *   strings       shared, inline and formula strings as text
 *   booleans      "true" / "false"
 *   formulas      their cached value; errors (#DIV/0!) and formulas without one are
 *                 missing
 *   merged cells  every cell of a merged range holds the range's top-left value
 * t->srcline holds sheet row numbers and t->sheet the sheet's name; bad values are
 * located at their sheet row and column, reported as "FILE:SHEET!CELL".
 * display names the file in messages. Returns NULL after reporting through d:
 * BD_EIO when the file cannot be opened, BD_EINPUT for a file that is not a workbook,
 * a sheet that does not exist, or malformed XML. */
struct table *xlsxin_read(struct arena *a, struct diag *d, const char *path, const char *display,
                          const struct ingest_opts *opts);

/* The same from bytes in memory (copied as needed). */
struct table *xlsxin_read_mem(struct arena *a, struct diag *d, const void *bytes, size_t n,
                              const char *display, const struct ingest_opts *opts);

#endif
