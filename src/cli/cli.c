/* SPDX-License-Identifier: MIT
 * cli: command dispatch, option parsing with did-you-mean hints, help texts, and
 * the check / analyze / build commands on top of the build pipeline. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "base/suggest.h"
#include "cli/build.h"
#include "cli/cmd_init.h"
#include "cli/cmd_render.h"
#include "cli/help.h"
#include "cli/send.h"
#include "model/results.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv, struct diag *d);
	const char *usage;
	const char *help;
};

static int cmd_help(int argc, char **argv, struct diag *d);

static const struct command commands[] = {
	{ "build", cli_build, "bdreport build [PROJECT] [-o DIR] [--as-of DATE] [--only html,pdf,json,csv] [--send] [--quiet] [--timings]",
	  "Reads the project file and its datasets, runs the analyses and writes the report\n"
	  "(results.json, HTML pages, PDF briefing, target CSV files) into the output folder.\n"
	  "The folder is replaced only when everything succeeded.\n\n"
	  "  PROJECT         project file (default ./bdreport.json)\n"
	  "  -o, --output DIR  output folder (default: output.dir of the project, \"report\")\n"
	  "  --as-of DATE    report date YYYY-MM-DD, \"today\" or \"latest\" (default: the project's)\n"
	  "  --only LIST     comma-separated subset of html,pdf,json,csv\n"
	  "  --send          then deliver briefing.eml over SMTP (see 'bdreport help send')\n"
	  "  -q, --quiet     no progress lines on standard error\n"
	  "  --timings       print a table of the time spent in each phase\n" },
	{ "send", cli_send, "bdreport send [PROJECT] [-o DIR] [--quiet]",
	  "Delivers the built report's briefing.eml over SMTP (STARTTLS, AUTH) to the project's\n"
	  "email recipients, through \"output\": {\"email\": {\"smtp\": {...}}}. A briefing is sent\n"
	  "once: briefing.sent in the report folder remembers it. Exit status 3 when the\n"
	  "delivery fails (with the server's reply); the report stays in place.\n" },
	{ "check", cli_check, "bdreport check [PROJECT] [--quiet]",
	  "Validates the project file and every dataset and prints a data-quality summary.\n"
	  "Writes nothing. Exit status 0 when everything is usable, 1 on bad input.\n" },
	{ "analyze", cli_analyze, "bdreport analyze [PROJECT] [--as-of DATE] [--quiet] [--timings]",
	  "Runs the analyses and prints results.json to standard output.\n" },
	{ "render", cmd_render, "bdreport render TEMPLATE [DATA] [--partials DIR]...",
	  "Renders a mustache template against a JSON file (or standard input) to standard output.\n" },
	{ "init", cmd_init, "bdreport init DIR",
	  "Writes a working starter project into DIR (which must be empty or absent): bdreport.json\n"
	  "using every dataset role, small sample CSV files and a README explaining each key.\n" },
	{ "help", cmd_help, "bdreport help [COMMAND]", "Shows help for a command.\n" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *out)
{
	fprintf(out, "usage: bdreport COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %s\n", commands[i].usage);
	fprintf(out, "  bdreport --help | --version\n\n"
	        "Run 'bdreport help COMMAND' for details. Exit status: 0 ok, 1 bad input, 2 usage,\n"
	        "3 I/O error, 4 internal error.\n");
}

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
cmd_help(int argc, char **argv, struct diag *d)
{
	const struct command *c;
	if (argc < 2) {
		usage(stdout);
		return BD_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		diag_error(d, BD_EUSAGE, NULL, "unknown command '%s'", argv[1]);
		return BD_EUSAGE;
	}
	if (help_print(c->name, stdout) != 0)   /* the manual's section (doc/bdreport.1) */
		printf("usage: %s\n\n%s", c->usage, c->help);
	return BD_OK;
}

/* ---- options of build / check / analyze ---- */

static const char *const option_names[] = {
	"--output", "--as-of", "--only", "--quiet", "--timings", "--help", "--send",
};

static int
unknown_option(struct diag *d, const char *cmd, const char *opt)
{
	char name[64];
	const char *eq = strchr(opt, '=');
	const char *s;
	snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - opt) : (int)strlen(opt), opt);
	s = suggest_closest(name, option_names, sizeof option_names / sizeof option_names[0]);
	if (s && strcmp(s, name) == 0)          /* an option of another command */
		diag_error(d, BD_EUSAGE, NULL, "option '%s' does not apply to '%s' (see 'bdreport help %s')",
		           name, cmd, cmd);
	else if (s)
		diag_error(d, BD_EUSAGE, NULL, "unknown option '%s' for '%s'; did you mean '%s'?", name, cmd, s);
	else
		diag_error(d, BD_EUSAGE, NULL, "unknown option '%s' for '%s' (see 'bdreport help %s')", name, cmd, cmd);
	return BD_EUSAGE;
}

/* Value of an option given as "--opt VALUE" or "--opt=VALUE"; advances *i. */
static const char *
option_value(int argc, char **argv, int *i, const char *name, struct diag *d)
{
	const char *a = argv[*i], *eq = strchr(a, '=');
	if (eq)
		return eq + 1;
	if (*i + 1 >= argc) {
		diag_error(d, BD_EUSAGE, NULL, "option '%s' needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

static int
is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static int
parse_only(const char *list, unsigned *out, struct diag *d)
{
	static const char *const names[] = { "html", "pdf", "json", "csv" };
	char *copy = xstrdup(list), *save = NULL;
	*out = 0;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t k;
		for (k = 0; k < 4; k++)
			if (strcmp(t, names[k]) == 0)
				break;
		if (k == 4) {
			const char *s = suggest_closest(t, names, 4);
			diag_error(d, BD_EUSAGE, NULL, "--only: unknown output '%s'%s%s%s (html, pdf, json, csv)", t,
			           s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
			free(copy);
			return BD_EUSAGE;
		}
		*out |= 1u << k;
	}
	free(copy);
	if (!*out) {
		diag_error(d, BD_EUSAGE, NULL, "--only: expected a list like html,pdf,json,csv");
		return BD_EUSAGE;
	}
	return 0;
}

/* allowed: bits 1 output, 2 as-of, 4 only, 8 timings, 16 send */
static int
parse_opts(int argc, char **argv, unsigned allowed, struct build_opts *o, struct diag *d)
{
	const char *cmd = argv[0];
	memset(o, 0, sizeof o[0]);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] == '\0') {
			if (o->project) {
				diag_error(d, BD_EUSAGE, NULL, "'%s': unexpected argument '%s' (one PROJECT only)", cmd, a);
				return BD_EUSAGE;
			}
			o->project = a;
		} else if (strcmp(a, "--") == 0 && i + 1 < argc && !o->project) {
			o->project = argv[++i];
		} else if ((allowed & 1) && (strcmp(a, "-o") == 0 || is_opt(a, "--output"))) {
			if (!(o->outdir = option_value(argc, argv, &i, "--output", d)))
				return BD_EUSAGE;
			if (!o->outdir[0]) {
				diag_error(d, BD_EUSAGE, NULL, "--output: expected a folder name, got ''");
				return BD_EUSAGE;
			}
		} else if ((allowed & 2) && is_opt(a, "--as-of")) {
			const char *v = option_value(argc, argv, &i, "--as-of", d);
			if (!v)
				return BD_EUSAGE;
			if (project_parse_as_of(v, &o->as_of_kind, &o->as_of) != 0) {
				diag_error(d, BD_EUSAGE, NULL, "--as-of: expected " PROJECT_AS_OF_WANT ", got '%s'", v);
				return BD_EUSAGE;
			}
			o->as_of_given = 1;
		} else if ((allowed & 4) && is_opt(a, "--only")) {
			const char *v = option_value(argc, argv, &i, "--only", d);
			if (!v || parse_only(v, &o->only, d) != 0)
				return BD_EUSAGE;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o->quiet = 1;
		} else if ((allowed & 8) && strcmp(a, "--timings") == 0) {
			o->timings = 1;
		} else if ((allowed & 16) && strcmp(a, "--send") == 0) {
			o->send = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			return -1;
		} else {
			return unknown_option(d, cmd, a);
		}
	}
	if (!o->project)
		o->project = "bdreport.json";
	if (o->quiet)
		d->quiet = 1;
	return 0;
}

static int
help_for(const char *name)
{
	const struct command *c = find_command(name);
	if (help_print(c->name, stdout) != 0)
		printf("usage: %s\n\n%s", c->usage, c->help);
	return BD_OK;
}

static void
print_quality(const cJSON *dq, FILE *out)
{
	const cJSON *notes = cJSON_GetObjectItemCaseSensitive(dq, "notes");
	fprintf(out, "%-14s %12s %12s %11s  %s\n", "dataset", "rows read", "rows kept", "duplicates", "dates");
	for (const cJSON *ds = dq->child; ds; ds = ds->next) {
		const cJSON *dmin, *dmax, *dup, *c;
		if (!cJSON_IsObject(ds))
			continue;
		dmin = cJSON_GetObjectItemCaseSensitive(ds, "date_min");
		dmax = cJSON_GetObjectItemCaseSensitive(ds, "date_max");
		dup = cJSON_GetObjectItemCaseSensitive(ds, "duplicates");
		fprintf(out, "%-14s %12.0f %12.0f ", ds->string,
		        cJSON_GetObjectItemCaseSensitive(ds, "rows_read")->valuedouble,
		        cJSON_GetObjectItemCaseSensitive(ds, "rows_kept")->valuedouble);
		if (cJSON_IsNumber(dup))
			fprintf(out, "%11.0f  ", dup->valuedouble);
		else
			fprintf(out, "%11s  ", "-");
		if (cJSON_IsString(dmin) && cJSON_IsString(dmax))
			fprintf(out, "%s .. %s\n", dmin->valuestring, dmax->valuestring);
		else
			fprintf(out, "-\n");
		c = cJSON_GetObjectItemCaseSensitive(ds, "dropped");
		fprintf(out, "  dropped:");
		if (!c->child)
			fprintf(out, " none");
		for (const cJSON *k = c->child; k; k = k->next)
			fprintf(out, "%s %s %.0f", k == c->child ? "" : ",", k->string, k->valuedouble);
		fprintf(out, "\n  missing:");
		c = cJSON_GetObjectItemCaseSensitive(ds, "missing");
		if (!c->child)
			fprintf(out, " none");
		for (const cJSON *k = c->child; k; k = k->next)
			fprintf(out, "%s %s %.0f", k == c->child ? "" : ",", k->string, k->valuedouble);
		c = cJSON_GetObjectItemCaseSensitive(ds, "unreadable");
		if (c && c->child) {
			fprintf(out, "\n  unreadable:");
			for (const cJSON *k = c->child; k; k = k->next)
				fprintf(out, "%s %s %.0f", k == c->child ? "" : ",", k->string, k->valuedouble);
		}
		c = cJSON_GetObjectItemCaseSensitive(ds, "distinct");
		if (c && c->child) {
			fprintf(out, "\n  distinct:");
			for (const cJSON *k = c->child; k; k = k->next)
				fprintf(out, "%s %s %.0f", k == c->child ? "" : ",", k->string, k->valuedouble);
		}
		c = cJSON_GetObjectItemCaseSensitive(ds, "sum");
		if (c && c->child) {
			fprintf(out, "\n  sum:");
			for (const cJSON *k = c->child; k; k = k->next)
				fprintf(out, "%s %s %.10g", k == c->child ? "" : ",", k->string, k->valuedouble);
		}
		fprintf(out, "\n");
	}
	if (cJSON_GetArraySize(notes) > 0) {
		fprintf(out, "notes:\n");
		for (const cJSON *n = notes->child; n; n = n->next)
			fprintf(out, "  - %s\n", n->valuestring);
	}
}

enum pipeline_end { END_QUALITY, END_JSON, END_WRITE };

/* check, analyze and build: options, load, analyze, then their own last step
 * (data quality summary, results.json on stdout, or the output folder). */
static int
pipeline(int argc, char **argv, struct diag *d, const char *name, unsigned optmask,
         enum pipeline_end end)
{
	struct build_opts o;
	struct build b;
	int rc = parse_opts(argc, argv, optmask, &o, d);
	if (rc < 0)
		return help_for(name);
	if (rc)
		return rc;
	o.write = end == END_WRITE;
	build_init(&b);
	rc = build_load(&b, &o, d);
	if (rc == 0)
		rc = build_analyze(&b, &o, d);
	if (rc == 0 && end == END_QUALITY) {
		print_quality(cJSON_GetObjectItemCaseSensitive(b.results, "data_quality"), stdout);
		rc = d->status;
	} else if (rc == 0 && end == END_JSON) {
		char *json = results_print(b.results);
		if (fputs(json, stdout) == EOF || fflush(stdout) != 0) {
			diag_error(d, BD_EIO, NULL, "cannot write to standard output");
			rc = BD_EIO;
		}
		free(json);
	} else if (rc == 0) {
		rc = build_write(&b, &o, d);
		if (rc == 0 && o.send)
			rc = send_briefing(b.p, o.outdir ? o.outdir : b.p->output.dir, d);
	}
	if (o.timings)
		build_print_timings(&b, stderr);
	build_finish(&b);
	return rc;
}

int
cli_check(int argc, char **argv, struct diag *d)
{
	return pipeline(argc, argv, d, "check", 8, END_QUALITY);
}

int
cli_analyze(int argc, char **argv, struct diag *d)
{
	return pipeline(argc, argv, d, "analyze", 2 | 8, END_JSON);
}

int
cli_build(int argc, char **argv, struct diag *d)
{
	return pipeline(argc, argv, d, "build", 1 | 2 | 4 | 8 | 16, END_WRITE);
}

int
cli_send(int argc, char **argv, struct diag *d)
{
	struct build_opts o;
	struct arena a;
	struct project *p;
	int rc = parse_opts(argc, argv, 1, &o, d);
	if (rc < 0)
		return help_for("send");
	if (rc)
		return rc;
	arena_init(&a);
	p = project_load(&a, o.project, d);
	rc = p ? send_briefing(p, o.outdir ? o.outdir : p->output.dir, d) : (d->status ? d->status : BD_EINPUT);
	project_finish(p);
	arena_finish(&a);
	return rc;
}

int
cli_main(int argc, char **argv, struct diag *d)
{
	const struct command *c;
	if (argc < 2) {
		usage(stderr);
		return BD_EUSAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		puts(CLI_VERSION);
		return BD_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return BD_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		const char *names[NCOMMANDS];
		const char *s;
		for (size_t i = 0; i < NCOMMANDS; i++)
			names[i] = commands[i].name;
		s = suggest_closest(argv[1], names, NCOMMANDS);
		if (argv[1][0] == '-')
			diag_error(d, BD_EUSAGE, NULL, "unknown option '%s'%s%s%s", argv[1],
			           s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
		else
			diag_error(d, BD_EUSAGE, NULL, "unknown command '%s'%s%s%s (see 'bdreport --help')", argv[1],
			           s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
		return BD_EUSAGE;
	}
	return c->run(argc - 1, argv + 1, d);
}
