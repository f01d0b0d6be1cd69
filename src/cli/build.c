/* SPDX-License-Identifier: MIT
 * build: runs the phases (project, datasets, analyses, outputs), timing each for
 * progress lines and --timings; the output folder transaction is cli/outdir.c. */
#include "cli/build.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "base/csvout.h"
#include "analysis/rfm.h"
#include "analysis/targets.h"
#include "model/i18n.h"
#include "model/results.h"
#include "render/briefing.h"
#include "render/html.h"
#include "render/theme.h"
#include "render/xlsxout.h"
#include "render/chart.h"
#include "cli/cli.h"
#include "cli/publish.h"

void
build_init(struct build *b)
{
	memset(b, 0, sizeof *b);
	b->out.lockfd = -1;
	arena_init(&b->a);
}

void
build_finish(struct build *b)
{
	outdir_close(&b->out);
	cJSON_Delete(b->results);
	theme_destroy(b->theme);
	project_finish(b->p);
	arena_finish(&b->a);
	memset(b, 0, sizeof *b);
}

static struct build_phase *
phase(struct build *b, const char *name, double t0)
{
	struct build_phase *ph = &b->phase[b->nphase < 47 ? b->nphase++ : 47];
	ph->name = name;
	ph->seconds = diag_now() - t0;
	ph->detail[0] = '\0';
	return ph;
}

/* Checks and locks the output folder before any work: it must not be, hold or lie inside
 * a project input, and must be a folder bdreport can prove it wrote (cli/outdir.h). */
static int
open_output(struct build *b, const struct build_opts *o, struct diag *d)
{
	struct outdir_input in[1 + 2 * PROJECT_NROLES + 4];  /* project, datasets and joins, folders */
	const struct project *p = b->p;
	const char *data = theme_data_dir();
	struct diag_loc loc, *at = NULL;
	size_t n = 0;
	in[n++] = (struct outdir_input){ "the project file", p->file };
	for (int r = 0; r < PROJECT_NROLES; r++) {
		if (!p->datasets[r])
			continue;
		in[n++] = (struct outdir_input){ "the dataset", p->datasets[r]->path };
		if (p->datasets[r]->join_path)
			in[n++] = (struct outdir_input){ "the join file", p->datasets[r]->join_path };
	}
	in[n++] = (struct outdir_input){ "the templates folder", arena_printf(&b->a, "%s/templates", p->dir) };
	if (p->theme && strchr(p->theme, '/'))
		in[n++] = (struct outdir_input){ "the theme folder", p->theme };
	if (data) {
		in[n++] = (struct outdir_input){ "the program's templates folder",
		                                 arena_printf(&b->a, "%s/templates", data) };
		in[n++] = (struct outdir_input){ "the program's themes folder", arena_printf(&b->a, "%s/themes", data) };
	}
	if (!o->outdir) {
		project_locate(p, "output.dir", &loc);
		at = loc.line > 0 ? &loc : NULL;
	}
	return outdir_open(&b->out, o->outdir ? o->outdir : p->output.dir, at, in, n, d);
}

int
build_load(struct build *b, const struct build_opts *o, struct diag *d)
{
	double t0 = diag_now();
	size_t rows = 0, nds = 0;
	struct build_phase *ph;
	b->p = project_load(&b->a, o->project ? o->project : "bdreport.json", d);
	if (!b->p)
		return d->status ? d->status : BD_EINPUT;
	if (analysis_validate(&b->a, b->p, d) != 0)
		return BD_EINPUT;
	ph = phase(b, "project", t0);
	if (o->write && open_output(b, o, d) != 0)
		return d->status ? d->status : BD_EIO;
	t0 = diag_now();
	if (dataset_load_all(&b->a, b->p, dataset_read, b->ds, d) != 0)
		return d->status ? d->status : BD_EINPUT;
	for (int r = 0; r < PROJECT_NROLES; r++)
		if (b->ds[r]) {
			rows += b->ds[r]->q.rows_read;
			nds++;
		}
	ph = phase(b, "datasets", t0);
	snprintf(ph->detail, sizeof ph->detail, "%zu datasets, %zu rows", nds, rows);
	return 0;
}

int
build_analyze(struct build *b, const struct build_opts *o, struct diag *d)
{
	struct analysis_ctx ctx;
	double t0 = diag_now();
	size_t n;
	struct build_phase *ph;
	enum project_asof kind = o->as_of_given ? o->as_of_kind : b->p->as_of_kind;
	if (dataset_as_of(kind, o->as_of_given ? o->as_of : b->p->as_of, b->ds, &b->as_of) != 0) {
		struct diag_loc loc;
		project_locate(b->p, "as_of", &loc);
		diag_error(d, BD_EINPUT, o->as_of_given ? NULL : &loc,
		           "as_of \"latest\": no dataset has a date; give the report date (YYYY-MM-DD) or \"today\"");
		return BD_EINPUT;
	}
	b->results = results_new(b->p, b->as_of, kind);
	memset(&ctx, 0, sizeof ctx);
	ctx.a = &b->a;
	ctx.project = b->p;
	ctx.datasets = b->ds;
	ctx.as_of = b->as_of;
	ctx.week_end = b->as_of;
	ctx.week_start = b->as_of - 6;
	ctx.results = b->results;
	n = analysis_run_all(&ctx);
	b->targets = ctx.targets;
	b->rfm = ctx.rfm;
	if (ctx.error) {
		struct diag_loc loc;
		project_locate(b->p, ctx.error_path ? ctx.error_path : "analyses", &loc);
		diag_error(d, BD_EINPUT, &loc, "%s", ctx.error);
		return BD_EINPUT;
	}
	for (size_t i = 0; i < ctx.nlost; i++) {
		const struct project_dataset *spec = b->p->datasets[ctx.lost_role[i]];
		struct diag_loc loc = { spec ? spec->path : NULL, ctx.lost_line[i], ctx.lost_col[i] };
		const struct diag_loc *at = spec && loc.line ? &loc : NULL;
		if (spec && spec->strict)
			diag_error(d, BD_EINPUT, at, "%s (\"strict\": true)", ctx.lost[i]);
		else
			diag_warn(d, at, "%s", ctx.lost[i]);
	}
	if (d->status == BD_EINPUT)
		return BD_EINPUT;
	i18n_add_labels(b->results, b->p->locale);
	ph = phase(b, "analyses", t0);
	snprintf(ph->detail, sizeof ph->detail, "%zu analyses", n);
	for (size_t i = 0; i < analysis_count && i < ANALYSIS_MAX; i++) {
		if (ctx.seconds[i] > 0) {
			/* one indented row per analysis; not counted in the total */
			struct build_phase *sub = phase(b, analysis_registry[i]->key, 0);
			sub->seconds = ctx.seconds[i];
			sub->sub = 1;
		}
	}
	diag_progress(d, "ran %zu analyses in %.2f s", n, ph->seconds);
	return 0;
}

/* targets/NAME.csv for every target list the analysis made. */
static int
write_targets(const struct targets_result *t, const char *dir, struct diag *d, int *files)
{
	char *sub;
	int rc = 0;
	if (!t)
		return 0;
	sub = xmalloc(strlen(dir) + sizeof "/targets");
	sprintf(sub, "%s/targets", dir);
	for (int k = 0; k < TARGETS_NLISTS && rc == 0; k++) {
		struct buf csv;
		char name[32];
		if (!t->list[k].present)
			continue;
		buf_init(&csv);
		targets_csv(&t->list[k], &csv);
		snprintf(name, sizeof name, "%s.csv", targets_key((enum targets_kind)k));
		rc = csvout_write_file(sub, name, buf_str(&csv), csv.len, d);
		if (rc == 0)
			(*files)++;
		buf_release(&csv);
	}
	free(sub);
	return rc;
}

int
build_write(struct build *b, const struct build_opts *o, struct diag *d)
{
	unsigned only = o->only ? o->only : BUILD_ALL;
	const char *tmp;
	double t0 = diag_now();
	int rc, files = 0;
	struct build_phase *ph;
	/* one theme for every renderer that runs: pages, PDF, e-mail and archive */
	if (!b->theme && (((only & BUILD_HTML) && b->p->output.html) || ((only & BUILD_PDF) && b->p->output.pdf) ||
	                  b->p->output.email || b->p->output.archive > 0) &&
	    !(b->theme = theme_load(b->p->theme ? b->p->theme : "default", d)))
		return d->status ? d->status : BD_EINPUT;
	if ((rc = outdir_begin(&b->out, d)) != 0)
		return rc;
	tmp = b->out.tmp;
	if ((only & BUILD_JSON) && b->p->output.json) {
		char *json = results_print(b->results);
		rc = csvout_write_file(tmp, b->p->output.json, json, strlen(json), d);
		free(json);
		files++;
	}
	if (rc == 0 && (only & BUILD_HTML) && b->p->output.html) {
		struct html_opts ho = { b->theme, NULL, NULL, b->p->output.csv };
		if ((rc = html_write(b->results, b->p, &ho, tmp, d)) == 0)
			files += (int)html_npages;
	}
	if (rc == 0 && (only & BUILD_CSV) && b->p->output.csv && b->rfm) {
		struct buf csv;
		buf_init(&csv);
		rfm_csv(b->rfm, &csv);
		rc = csvout_write_file(arena_printf(&b->a, "%s/data", tmp), "rfm.csv", buf_str(&csv),
		                       csv.len, d);
		buf_release(&csv);
		files++;
	}
	/* HTML pages, the PDF briefing and the target CSV files are added here by the renderers */
	if (rc == 0 && (only & BUILD_CSV) && b->p->output.csv)
		rc = write_targets(b->targets, tmp, d, &files);
	if (rc == 0 && (only & BUILD_CSV) && b->p->output.xlsx && b->targets && ++files)
		rc = xlsxout_targets(b->targets, arena_printf(&b->a, "%s/targets", tmp), "targets.xlsx",
		                     (time_t)(b->as_of * 86400), d);
	if (rc == 0 && (only & BUILD_PDF) && b->p->output.pdf && ++files) {
		rc = briefing_write_in(b->results, b->p->paper, b->p->pdf_sections, b->theme, tmp,
		                       b->p->output.pdf, d);
	}
	if (rc == 0)
		rc = publish_outputs(b, o, tmp, b->out.path, d);    /* briefing.eml, archive/ */
	if (rc == 0 && (rc = outdir_commit(&b->out, CLI_VERSION, d)) == 0)
		files++;                                /* the manifest */
	if (rc != 0)
		return rc;      /* build_finish removes the temporary folder */
	ph = phase(b, "outputs", t0);
	snprintf(ph->detail, sizeof ph->detail, "%d files", files);
	diag_progress(d, "wrote %d file%s to %s in %.2f s", files, files == 1 ? "" : "s", b->out.name, ph->seconds);
	publish_summary(b, b->out.name, d);
	return 0;
}

void
build_print_timings(const struct build *b, FILE *out)
{
	double total = 0;
	fprintf(out, "%-12s %10s  %s\n", "phase", "seconds", "detail");
	for (size_t i = 0; i < b->nphase; i++) {
		if (b->phase[i].sub) {
			fprintf(out, "  %-14s %8.3f\n", b->phase[i].name, b->phase[i].seconds);
			continue;
		}
		fprintf(out, "%-12s %10.3f  %s\n", b->phase[i].name, b->phase[i].seconds, b->phase[i].detail);
		total += b->phase[i].seconds;
	}
	fprintf(out, "%-12s %10.3f  %zu KB arena\n", "total", total, b->a.total / 1024);
}
