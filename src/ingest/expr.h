/* SPDX-License-Identifier: MIT
 * expr: the expression language of the project file (DESIGN.md §4): "=Quantity * UnitPrice",
 * filters, derived columns. Compiled once against a table into a small AST, then
 * evaluated column-at-a-time (one tight loop per node) into a new column. Sits in
 * the ingest layer, used by dataset.c. */
#ifndef INGEST_EXPR_H
#define INGEST_EXPR_H
#include <stddef.h>
#include "base/arena.h"
#include "ingest/parse.h"
#include "ingest/table.h"

struct expr;

/* Why an evaluation made a value missing although the row had its inputs. */
enum expr_why {
	EXPR_FINE,
	EXPR_UNREADABLE,    /* a text column's value is not a number ("1,234.5", "NaN") */
	EXPR_DIV0,          /* division by zero */
	EXPR_OVERFLOW,      /* the result left the double range (1e308 * 10) */
	EXPR_NWHY
};

/* What went missing in one evaluation: one issue per reason, and for unreadable
 * values one per column, in the order the expression names them. */
#define EXPR_MAX_ISSUES 8
struct expr_issue {
	enum expr_why why;
	const char *column;         /* UNREADABLE: the text column; DIV0: the divisor when
	                               it is a column; else NULL */
	long srccol;                /* its source field number (0 = none) */
	size_t n;                   /* rows it happened in */
	size_t first_row;           /* the first of them */
	const char *first_raw;      /* UNREADABLE: that row's text */
};
struct expr_report {
	struct expr_issue issue[EXPR_MAX_ISSUES];
	size_t nissue;
	unsigned char *why;         /* per row (arena): the enum expr_why that made the
	                               result missing; EXPR_FINE where it is present or
	                               was missing for lack of input */
};

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

/* How text columns used as numbers are read (parse.h; NULL = plain, the default). */
void expr_set_number_format(struct expr *e, const struct parse_numfmt *f);

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

/* The same, also filling rep (when not NULL) with what went missing and why. For a
 * mask, rep->why marks rows whose condition met a missing value made there. */
struct table_column *expr_eval_column_report(struct arena *a, const struct expr *e,
                                             struct table *t, const char *name,
                                             struct expr_report *rep);
void expr_eval_mask_report(struct arena *a, const struct expr *e, const struct table *t,
                           unsigned char *keep, struct expr_report *rep);
#endif
