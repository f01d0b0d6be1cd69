/* SPDX-License-Identifier: MIT
 * project: reads and validates the project file (DESIGN.md §4) into struct project.
 * Every key is checked (type, allowed values, ranges); errors name file:line:column
 * and suggest the closest known key. Sits in the ingest layer below dataset.c. */
#ifndef INGEST_PROJECT_H
#define INGEST_PROJECT_H
#include <stddef.h>
#include <cJSON.h>

#include "base/locale.h"
#include "base/arena.h"
#include "base/diag.h"
#include "ingest/parse.h"
#include "ingest/table.h"

/* Dataset roles (DESIGN.md §5); the project's dataset keys are these names. */
enum project_role {
	PROJECT_ORDERS, PROJECT_CUSTOMERS, PROJECT_OPPORTUNITIES, PROJECT_PARTNERS,
	PROJECT_SCHEMES, PROJECT_MARKETING, PROJECT_NROLES
};
extern const char *const project_role_names[PROJECT_NROLES];

/* A role field: its name, the type requested from the reader, whether a row without
 * it is dropped, and whether text like yes/no/true/false is read as 0/1. */
struct project_field_spec {
	const char *name;
	enum table_type type;
	int required;
	int boolean;
};
/* The fields of role r (static storage); *n receives their count. */
const struct project_field_spec *project_role_fields(enum project_role r, size_t *n);

/* One "columns" or "derive" entry. source is a column name, or for an expression
 * (is_expr) the text after '='; loc is where that text starts in the project file. */
struct project_map {
	const char *field;
	const char *source;
	int is_expr;
	struct diag_loc loc;
};

/* Where a dataset's rows come from. */
enum project_source {
	PROJECT_SRC_FILE,               /* "path": CSV, TSV, JSON or an .xlsx workbook */
	PROJECT_SRC_SQLITE,             /* "sqlite": a database file + "query" */
	PROJECT_SRC_POSTGRES,           /* "postgres": a libpq connection string + "query" */
};

struct project_dataset {
	const char *name;               /* the role name, e.g. "orders" */
	enum project_role role;
	enum project_source source;
	const char *path;               /* FILE and SQLITE: resolved against the project
	                                   folder; POSTGRES: the connection string as given
	                                   (it never holds a password) */
	struct diag_loc loc;            /* of the "path" / "sqlite" / "postgres" value */
	const char *query;              /* SQLITE and POSTGRES: the SELECT; else NULL */
	struct diag_loc query_loc;
	const char *sheet;              /* workbook: sheet name, or NULL */
	int sheet_index;                /* workbook: 1-based position; 0 = first / by name */
	struct project_map *columns;
	size_t ncolumns;
	struct project_map *derive;
	size_t nderive;
	const char *filter;             /* NULL = none; without a leading '=' */
	struct diag_loc filter_loc;
	const char *join_path;          /* NULL = no join; resolved */
	const char *join_left, *join_right; /* key column here and in the joined file */
	struct diag_loc join_loc;
	const char *date_format;        /* strptime-style, NULL = detect */
	const char *delimiter;          /* NULL = detect; "," ";" "\t" "|" or "whitespace" */
	const char *encoding;           /* "utf-8" (default) or "latin-1" */
	int decimal_comma;
	const char *thousands;          /* NULL = none */
	struct parse_numfmt num;        /* what numbers may look like: "number_format", else
	                                   decimal_comma and thousands */
	int strict;                     /* bad values are errors, not warnings (the project's
	                                   top-level "strict" is the default) */
	const char *tenure_unit;        /* "days" (default), "weeks", "months", "years" */
	const char **stages, **won, **lost; /* NULL-terminated; defaults when not given */
	size_t nstages, nwon, nlost;
};

enum project_asof { PROJECT_ASOF_DATE, PROJECT_ASOF_TODAY, PROJECT_ASOF_LATEST };

/* "email": {"smtp": {...}}: where `bdreport send` delivers briefing.eml. */
struct project_smtp {
	const char *url;                /* "smtp://host:587" (STARTTLS) or "smtps://host:465" */
	const char *user;               /* NULL = no AUTH */
	const char *password_env;       /* environment variable holding the password, or NULL */
	const char *password_file;      /* resolved file holding it (first line), or NULL */
	const char *ca_file;            /* resolved CA bundle to verify the server, or NULL */
	int starttls;                   /* 1 (default): refuse to send without TLS */
};

struct project_output {
	const char *dir;                /* resolved; default "report" beside the project file */
	int html, csv, archive;         /* archive: weeks kept (0 = none) */
	int xlsx;                       /* targets/targets.xlsx beside the CSV files (default 0) */
	const struct project_smtp *smtp; /* NULL when the email has no "smtp" object */
	const char *pdf;                /* file name or NULL when off (default "briefing.pdf") */
	const char *json;               /* file name or NULL when off (default "results.json") */
	const cJSON *email;             /* NULL or the validated object */
};

struct project {
	const char *file;               /* as given */
	const char *dir;                /* folder of the project file ("." if none) */
	const char *text;               /* the file's bytes (for positions) */
	size_t len;
	const char *title, *organization, *currency;
	enum locale locale;              /* parsed once from "locale" (default en) */
	const char *theme;              /* a theme name, or a path (containing /) resolved */
	enum project_asof as_of_kind;
	double as_of;                   /* days since 1970-01-01 when as_of_kind == DATE */
	struct project_output output;
	const char *paper;              /* "A4" or "Letter" */
	const cJSON *pdf_sections;      /* NULL or an array of strings */
	int strict;                     /* top-level "strict": every dataset's default */
	struct project_dataset *datasets[PROJECT_NROLES]; /* NULL when absent */
	cJSON *root;                    /* the parsed tree; project_finish deletes it */
	const cJSON *analyses;          /* the "analyses" object or NULL */
};

/* Reads and validates the project file at path. On any error reports every problem
 * found through d (status BD_EINPUT, or BD_EIO when unreadable) and returns NULL.
 * The struct lives in a; call project_finish to free the cJSON tree. */
struct project *project_load(struct arena *a, const char *path, struct diag *d);
/* The same from text already in memory (file names messages). */
struct project *project_parse(struct arena *a, const char *file, const char *text, size_t len,
                              struct diag *d);
void project_finish(struct project *p);     /* NULL is a no-op */

/* p's locale; LOCALE_EN when p is NULL. */
enum locale project_locale(const struct project *p);

/* Analysis settings, kept as the project's JSON ("analyses" is an object; its
 * members are validated by the analysis layer, analysis_validate): 1 if analysis key
 * is enabled (absent or an object), 0 if false. project_params returns its object or
 * NULL. */
int project_enabled(const struct project *p, const char *analysis);
const cJSON *project_params(const struct project *p, const char *analysis);

/* Location of a value in the project file from a dotted path ("datasets.orders.path");
 * keys containing dots cannot be addressed. Fills loc (line/col 0 when not found). */
void project_locate(const struct project *p, const char *dotted, struct diag_loc *loc);

/* What "as_of" (and --as-of) accept, for the one message about a wrong one:
 * "expected " PROJECT_AS_OF_WANT ", got '...'". */
#define PROJECT_AS_OF_WANT "a date (YYYY-MM-DD), \"today\" or \"latest\""
/* Reads an as_of value: "YYYY-MM-DD" (*kind = DATE and *days), "today" or "latest".
 * Returns 0, or -1 (nothing set) when s is none of them. */
int project_parse_as_of(const char *s, enum project_asof *kind, double *days);
#endif
