/* SPDX-License-Identifier: MIT
 * expr: the expression language of the project file (DESIGN.md §4): "=Quantity * UnitPrice",
 * filters, derived columns. Compiled once against a table into a small AST, then
 * evaluated column-at-a-time (one tight loop per node) into a new column. Sits in
 * the ingest layer, used by dataset.c. */
#ifndef INGEST_EXPR_H
#define INGEST_EXPR_H
#include <stddef.h>
#include "base/arena.h"
#include "ingest/table.h"

struct expr;

/* Why compilation failed: pos is the byte offset in the source text (0-based) and
 * msg a diagnostic text ("expected ')'", "unknown column 'Qty'; did you mean
 * 'Quantity'?"). msg points into the arena. */
struct expr_error {
	size_t pos;
	const char *msg;
};

/* Compiles src (without the leading '=') against the columns of t. Columns are bare
 * identifiers ([A-Za-z_][A-Za-z0-9_.]*) or any text in backticks. Returns NULL and fills
 * *err on a syntax error, an unknown column, a bad regular expression or a type
 * error (a text column or string in arithmetic). Memory comes from a, except for
 * compiled regular expressions, which expr_release frees. */
struct expr *expr_compile(struct arena *a, const char *src, const struct table *t,
                          struct expr_error *err);

/* Frees the compiled regular expressions of e (the rest is arena memory). NULL is a no-op. */
void expr_release(struct expr *e);

/* Evaluates e over every row of t (the table it was compiled against, or one with
 * the same columns and row count) and appends the result to t as a new column
 * named name (text, date or number as above). Returns the new column. */
struct table_column *expr_eval_column(struct arena *a, const struct expr *e, struct table *t,
                                      const char *name);

/* Evaluates e as a condition: keep[row] = 1 when the value is a non-zero, non-missing
 * number (a text value counts as true when present). keep has t->nrows entries. */
void expr_eval_mask(struct arena *a, const struct expr *e, const struct table *t,
                    unsigned char *keep);
#endif
