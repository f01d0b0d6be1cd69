/* SPDX-License-Identifier: MIT
 * build: the pipeline behind `check`, `analyze` and `build`: project file ->
 * datasets -> analyses -> results tree -> output folder. The output folder is checked
 * and locked right after the project file is read (cli/outdir.h: what may be replaced);
 * outputs are written to a temporary folder beside it and swapped into place only when
 * all succeeded, so a failed build leaves the previous report intact. CLI layer. */
#ifndef CLI_BUILD_H
#define CLI_BUILD_H
#include <stdio.h>
#include <cJSON.h>
#include "base/arena.h"
#include "base/diag.h"
#include "ingest/dataset.h"
#include "ingest/project.h"
#include "cli/outdir.h"

struct targets_result;

enum build_only { BUILD_HTML = 1, BUILD_PDF = 2, BUILD_JSON = 4, BUILD_CSV = 8, BUILD_ALL = 15 };

struct build_opts {
	const char *project;            /* project file (default ./bdreport.json) */
	const char *outdir;             /* NULL = the project's output.dir */
	int as_of_given;                /* 1 when --as-of replaces the project's as_of: */
	enum project_asof as_of_kind;   /* its value as project_parse_as_of read it */
	double as_of;
	unsigned only;                  /* enum build_only bits; 0 = BUILD_ALL */
	int write;                      /* build_load checks and locks the output folder */
	int quiet, timings;
	int send;                       /* build --send: deliver briefing.eml after the build */
};

struct build_phase {
	const char *name;
	double seconds;
	char detail[96];
	int sub;                        /* a row under the phase before it (per analysis) */
};

struct rfm_result;

struct build {
	struct arena a;
	struct project *p;
	struct dataset *ds[PROJECT_NROLES];
	cJSON *results;
	const struct targets_result *targets;   /* full target lists for the CSV files, or NULL */
	const struct rfm_result *rfm;   /* for data/rfm.csv; NULL when rfm did not run */
	struct theme *theme;            /* loaded once by build_write for every renderer */
	double as_of;
	struct outdir out;              /* the output folder (when opts.write) */
	struct build_phase phase[48];
	size_t nphase;
};

void build_init(struct build *b);
void build_finish(struct build *b);     /* frees everything; b reusable after build_init */

/* Reads and validates the project, with o->write checks and locks the output folder
 * (before any dataset is read), and loads every dataset. Returns 0 or the status
 * (errors already reported through d). */
int build_load(struct build *b, const struct build_opts *o, struct diag *d);
/* Resolves as_of and runs the analyses into b->results. Returns 0 or a status. */
int build_analyze(struct build *b, const struct build_opts *o, struct diag *d);
/* Writes the enabled outputs atomically into the output folder (build_load with
 * o->write first). Returns 0 or a status. */
int build_write(struct build *b, const struct build_opts *o, struct diag *d);

/* The per-phase table of --timings. */
void build_print_timings(const struct build *b, FILE *out);

#endif
