/* SPDX-License-Identifier: MIT
 * sqlin: the rows of a query on an SQLite database file into a table, through
 * libsqlite3; each column starts from the type its declaration gives (ingest <-
 * sqlin <- loader, libsqlite3). */
#ifndef INGEST_SQLIN_H
#define INGEST_SQLIN_H

#include "ingest/ingest.h"

/* The SQL declared type of a column -> the type requested from the loader: INT,
 * REAL, FLOA, DOUB, NUM, DEC -> number; DATE, TIME -> date; CHAR, CLOB, TEXT ->
 * text; none (an expression), BLOB, BOOL and others -> inferred (AUTO). Also used
 * for PostgreSQL's type names. */
enum ingest_type sqlin_decltype(const char *decl);

/* Opens db read-only, runs query (which must only read: a SELECT) and loads every
 * row: integers and reals as numbers, text as text, NULL and blobs as missing.
 * Dates are expected as ISO 8601 text. Bad values are located at "DB:ROW:COL" (row
 * and column of the result). display names db in messages, qloc the query (in the
 * project file; NULL = display). Returns NULL after reporting: BD_EIO when the
 * database cannot be opened, BD_EINPUT for a query that fails. */
struct table *sqlin_read(struct arena *a, struct diag *d, const char *db, const char *query,
                         const char *display, const struct diag_loc *qloc,
                         const struct ingest_opts *opts);

#endif
