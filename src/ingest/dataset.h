/* SPDX-License-Identifier: MIT
 * dataset: a project dataset turned into its role table (DESIGN.md §4, §5): read
 * through a reader, left-joined with its "join" file, role fields mapped (columns or
 * =expressions), required fields checked, "derive" columns added, "filter" applied,
 * with the data-quality counts the data_quality analysis reports. Ingest layer. */
#ifndef INGEST_DATASET_H
#define INGEST_DATASET_H
#include <stddef.h>
#include "base/arena.h"
#include "base/diag.h"
#include "ingest/project.h"
#include "ingest/table.h"

/* What the dataset layer asks of a reader: the file and, for some source columns,
 * the type wanted (others are inferred). The spec carries delimiter, encoding,
 * date_format, decimal_comma, thousands. */
struct dataset_request {
	const char *path;
	const struct project_dataset *spec;
	const char **names;             /* source column names */
	enum table_type *types;         /* their requested types */
	size_t n;
};
/* A reader returns the whole file as a table (no row dropped; bad values recorded
 * in the columns), or NULL after reporting through d. */
typedef struct table *(*dataset_reader_fn)(struct arena *a, const struct dataset_request *req,
                                           struct diag *d);

#define DATASET_MAX_COUNTS 40
struct dataset_count {
	const char *name;               /* "filter", "missing customer", "bad amount"; a field */
	size_t n;
};
struct dataset_quality {
	size_t rows_read, rows_kept;
	struct dataset_count dropped[DATASET_MAX_COUNTS];   /* in the order they happened */
	size_t ndropped;
	struct dataset_count missing[DATASET_MAX_COUNTS];   /* every role field present, role order */
	size_t nmissing;
	long duplicates;                /* rows repeating an earlier id; -1 for roles without ids */
	double date_min, date_max;      /* of the role's main date field; NaN if none */
	const char *date_field;         /* that field, or NULL */
	struct dataset_count unreadable[DATASET_MAX_COUNTS]; /* source column -> values that
	                                   are not numbers (or dates) where one is wanted */
	size_t nunreadable;
	const char *notes[DATASET_MAX_COUNTS]; /* what the data lost, for data_quality.notes */
	size_t nnotes;
};

struct dataset {
	const char *name;               /* the role name */
	enum project_role role;
	const struct project_dataset *spec;
	struct table *table;            /* role fields under role names, then other columns */
	struct dataset_quality q;
};

/* The source-column types to request for spec (direct mappings and same-named
 * defaults of role fields; boolean fields are requested as text). Fills req. */
void dataset_request_for(struct arena *a, const struct project_dataset *spec, const char *path,
                         struct dataset_request *req);

/* Builds the role dataset from raw (as read; modified and reused in place) and the
 * joined table right (NULL without a join). Returns NULL after reporting errors
 * (status BD_EINPUT): unknown columns, expression errors, strict type failures. */
struct dataset *dataset_prepare(struct arena *a, const struct project *p,
                                const struct project_dataset *spec, struct table *raw,
                                struct table *right, struct diag *d);

/* The standard reader: ingest_read with the spec's delimiter, encoding, date format,
 * number format and sheet, and the requested column types; for "sqlite" and
 * "postgres" datasets, their query through sqlin or pgin. */
struct table *dataset_read(struct arena *a, const struct dataset_request *req, struct diag *d);

/* Loads every dataset of p through reader into out[role] (NULL for absent roles).
 * Returns 0 on success; on failure reports and returns the diag status. Progress
 * lines go through diag_progress. */
int dataset_load_all(struct arena *a, const struct project *p, dataset_reader_fn reader,
                     struct dataset *out[PROJECT_NROLES], struct diag *d);

/* The "columns" entry mapping role field `field` of spec, or NULL when the field
 * defaults to a same-named column (or spec is NULL). */
const struct project_map *dataset_mapping(const struct project_dataset *spec, const char *field);
/* The data file's column a role field was mapped from: NULL for a default, an
 * expression or a NULL spec. */
const char *dataset_column_source(const struct project_dataset *spec, const char *field);

/* The report date in whole days from an as_of value (project_parse_as_of): a date as
 * it is, "today" = date_today() (SOURCE_DATE_EPOCH when set), "latest" = the newest
 * value of any date field of the datasets ds[PROJECT_NROLES] (entries may be NULL).
 * Sets *days and returns 0, or -1 for "latest" when no dataset has a date at all
 * (the caller asks for a date or "today": a report must not silently change daily). */
int dataset_as_of(enum project_asof kind, double date, struct dataset *const *ds, double *days);

/* Reads text as 0/1: 1, yes, y, true, t -> 1; 0, no, n, false, f -> 0
 * (case-insensitive, surrounding blanks ignored). Returns 0 if not boolean-ish. */
int dataset_parse_bool(const char *s, double *v);

/* Index of a stage name in list (case-insensitive, blanks trimmed), or -1. */
long dataset_stage_index(const char *const *list, size_t n, const char *stage);
#endif
