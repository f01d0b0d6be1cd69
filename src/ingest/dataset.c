/* SPDX-License-Identifier: MIT
 * dataset: from a raw table to a role table. Steps, in order: left join (hash of
 * the right table's keys), role-field mapping (move, copy or evaluate), type
 * conversion of role fields with bad-value records, dropping rows without a
 * required field, derived columns, the filter; then the data-quality counts. */
#include "ingest/dataset.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "ingest/expr.h"
#include "ingest/ingest.h"
#include "ingest/pgin.h"
#include "ingest/sqlin.h"
#include "ingest/xlsxbook.h"

/* The newest value of any date field of any dataset (a deal's close date counts as
 * well as its created date); NaN when there is none. */
static double
newest_date(struct dataset *const *ds)
{
	double best = NAN;
	for (int r = 0; r < PROJECT_NROLES; r++) {
		const struct table *t = ds[r] ? ds[r]->table : NULL;
		if (ds[r] && ds[r]->q.date_max == ds[r]->q.date_max && !(ds[r]->q.date_max <= best))
			best = ds[r]->q.date_max;
		for (size_t c = 0; t && c < t->ncols; c++) {
			const struct table_column *col = &t->cols[c];
			if (col->type != TABLE_DATE)
				continue;
			for (size_t i = 0; i < t->nrows; i++)
				if (col->num[i] == col->num[i] && !(col->num[i] <= best))
					best = col->num[i];
		}
	}
	return best;
}

int
dataset_as_of(enum project_asof kind, double date, struct dataset *const *ds, double *days)
{
	double best;
	switch (kind) {
	case PROJECT_ASOF_DATE:
		*days = date;
		return 0;
	case PROJECT_ASOF_TODAY:
		*days = (double)date_today();
		return 0;
	case PROJECT_ASOF_LATEST:
		break;
	}
	best = newest_date(ds);
	if (best != best)
		return -1;
	*days = floor(best);
	return 0;
}

int
dataset_parse_bool(const char *s, double *v)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "1.0" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "0.0" };
	char tmp[16];
	size_t n;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(tmp, yes[i]) == 0) {
			*v = 1;
			return 1;
		}
		if (strcasecmp(tmp, no[i]) == 0) {
			*v = 0;
			return 1;
		}
	}
	return 0;
}

long
dataset_stage_index(const char *const *list, size_t n, const char *stage)
{
	size_t len;
	while (isspace((unsigned char)*stage))
		stage++;
	len = strlen(stage);
	while (len > 0 && isspace((unsigned char)stage[len - 1]))
		len--;
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncasecmp(list[i], stage, len) == 0)
			return (long)i;
	return -1;
}

const struct project_map *
dataset_mapping(const struct project_dataset *spec, const char *field)
{
	if (!spec)
		return NULL;
	for (size_t i = 0; i < spec->ncolumns; i++)
		if (strcmp(spec->columns[i].field, field) == 0)
			return &spec->columns[i];
	return NULL;
}

const char *
dataset_column_source(const struct project_dataset *spec, const char *field)
{
	const struct project_map *m = dataset_mapping(spec, field);
	return m && !m->is_expr ? m->source : NULL;
}

void
dataset_request_for(struct arena *a, const struct project_dataset *spec, const char *path,
                    struct dataset_request *req)
{
	size_t nf;
	const struct project_field_spec *fs = project_role_fields(spec->role, &nf);
	req->path = path;
	req->spec = spec;
	req->names = arena_calloc(a, nf + 1, sizeof *req->names);
	req->types = arena_calloc(a, nf + 1, sizeof *req->types);
	req->n = 0;
	for (size_t i = 0; i < nf; i++) {
		const struct project_map *m = dataset_mapping(spec, fs[i].name);
		if (m && m->is_expr)
			continue;
		req->names[req->n] = m ? m->source : fs[i].name;
		req->types[req->n] = fs[i].boolean ? TABLE_TEXT : fs[i].type;
		req->n++;
	}
}

/* ---- messages ---- */

static struct diag_loc
offset_loc(const struct diag_loc *base, size_t pos)
{
	struct diag_loc l = *base;
	if (l.col)
		l.col += (long)pos;
	return l;
}

static const char *
column_list(struct arena *a, const struct table *t)
{
	struct buf b;
	const char *r;
	buf_init(&b);
	for (size_t i = 0; i < t->ncols && i < 30; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", t->cols[i].name);
	if (t->ncols > 30)
		buf_puts(&b, ", ...");
	r = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return r;
}

static void
missing_column(struct arena *a, struct diag *d, const struct diag_loc *loc, const struct table *t,
               const char *dsname, const char *field, const char *col)
{
	const char *sug = table_column_suggest(t, col);
	char hint[300] = "";
	if (sug)
		snprintf(hint, sizeof hint, "; did you mean '%s'?", sug);
	if (strcmp(field, col) == 0)
		diag_error(d, BD_EINPUT, loc, "dataset '%s': no column '%s' for the required field '%s' "
		           "(columns: %s)%s", dsname, col, field, column_list(a, t), hint);
	else
		diag_error(d, BD_EINPUT, loc, "dataset '%s': column '%s' (field '%s') not found "
		           "(columns: %s)%s", dsname, col, field, column_list(a, t), hint);
}

/* ---- join ---- */

struct keymap {
	size_t nslots;
	const char **key;
	size_t *row;
};

/* Key text of row r of c (numbers printed as %.15g), or NULL if missing. */
static const char *
key_text(const struct table_column *c, size_t r, char *tmp, size_t tmpsz)
{
	if (c->type == TABLE_TEXT)
		return table_text(c, r);
	if (c->num[r] != c->num[r])
		return NULL;
	if (c->type == TABLE_DATE)
		return date_format_iso(c->num[r], tmp);
	snprintf(tmp, tmpsz, "%.15g", c->num[r]);
	return tmp;
}

static long
keymap_find(const struct keymap *m, const char *k)
{
	size_t i = table_hash(k, strlen(k)) & (m->nslots - 1);
	while (m->key[i]) {
		if (strcmp(m->key[i], k) == 0)
			return (long)m->row[i];
		i = (i + 1) & (m->nslots - 1);
	}
	return -1;
}

static int
do_join(struct arena *a, const struct project_dataset *spec, struct table *left,
        const struct table *right, struct diag *d)
{
	const struct table_column *lk = table_column_find(left, spec->join_left);
	const struct table_column *rk = table_column_find(right, spec->join_right);
	struct keymap m;
	size_t dups = 0, unmatched = 0, lkidx;
	long *match;
	char tmp[48];
	if (!lk) {
		missing_column(a, d, &spec->join_loc, left, spec->name, "join key", spec->join_left);
		return -1;
	}
	if (!rk) {
		struct diag_loc loc = spec->join_loc;
		const char *sug = table_column_suggest(right, spec->join_right);
		diag_error(d, BD_EINPUT, &loc, "join of dataset '%s': no column '%s' in '%s' (columns: %s)%s%s%s",
		           spec->name, spec->join_right, spec->join_path, column_list(a, right),
		           sug ? "; did you mean '" : "", sug ? sug : "", sug ? "'?" : "");
		return -1;
	}
	lkidx = (size_t)(lk - left->cols);
	m.nslots = 16;
	while (m.nslots < right->nrows * 2 + 2)
		m.nslots <<= 1;
	m.key = xcalloc(m.nslots, sizeof *m.key);
	m.row = xcalloc(m.nslots, sizeof *m.row);
	for (size_t r = 0; r < right->nrows; r++) {
		const char *k = key_text(rk, r, tmp, sizeof tmp);
		size_t i;
		if (!k)
			continue;
		i = table_hash(k, strlen(k)) & (m.nslots - 1);
		while (m.key[i] && strcmp(m.key[i], k) != 0)
			i = (i + 1) & (m.nslots - 1);
		if (m.key[i]) {
			dups++;
			continue;
		}
		m.key[i] = rk->type == TABLE_TEXT ? k : arena_strdup(a, k);
		m.row[i] = r;
	}
	if (dups)
		diag_warn(d, NULL, "join of dataset '%s': %zu duplicate key%s in '%s'; the first row wins",
		          spec->name, dups, dups == 1 ? "" : "s", spec->join_path);
	match = xmalloc((left->nrows ? left->nrows : 1) * sizeof *match);
	for (size_t r = 0; r < left->nrows; r++) {
		const char *k = key_text(&left->cols[lkidx], r, tmp, sizeof tmp);
		match[r] = k ? keymap_find(&m, k) : -1;
		unmatched += match[r] < 0;
	}
	for (size_t j = 0; j < right->ncols; j++) {
		const struct table_column *rc = &right->cols[j];
		struct table_column *nc;
		if (rc == rk || table_column_find(left, rc->name))
			continue;
		nc = table_add_column(a, left, rc->name, rc->type);
		if (rc->type == TABLE_TEXT) {
			int32_t *remap = xmalloc((rc->ndict + 1) * sizeof *remap);
			for (size_t k = 0; k < rc->ndict; k++)
				remap[k] = table_intern(a, nc, rc->dict[k], strlen(rc->dict[k]));
			for (size_t r = 0; r < left->nrows; r++)
				nc->code[r] = match[r] < 0 || rc->code[match[r]] < 0 ? -1 : remap[rc->code[match[r]]];
			free(remap);
		} else {
			for (size_t r = 0; r < left->nrows; r++)
				nc->num[r] = match[r] < 0 ? NAN : rc->num[match[r]];
		}
		nc->nmissing = 0;
		for (size_t r = 0; r < left->nrows; r++)
			nc->nmissing += (size_t)table_missing(nc, r);
	}
	if (unmatched)
		diag_note(d, NULL, "join of dataset '%s': %zu of %zu rows have no match in '%s'",
		          spec->name, unmatched, left->nrows, spec->join_path);
	free(match);
	free(m.key);
	free(m.row);
	return 0;
}

/* ---- type conversion of role fields ---- */

static void
add_bad(struct arena *a, struct table_column *c, const struct table *t, size_t row, long srccol,
        const char *raw, size_t *cap)
{
	if (c->nbad == *cap) {
		size_t *old = c->badrow;
		*cap = *cap ? *cap * 2 : 64;
		c->badrow = arena_alloc(a, *cap * sizeof *c->badrow);
		if (c->nbad)
			memcpy(c->badrow, old, c->nbad * sizeof *old);
	}
	c->badrow[c->nbad++] = row;
	if (c->nexample < TABLE_BAD_EXAMPLES) {
		struct table_bad *e = &c->example[c->nexample++];
		e->row = row;
		e->line = t->srcline ? (long)t->srcline[row] : 0;
		e->col = srccol;
		e->raw = arena_strndup(a, raw, 64);
	}
}

/* Converts c (in t) to the field's type in place when the reader gave another type. */
static void
convert(struct arena *a, struct table *t, size_t idx, const struct project_field_spec *f,
        const struct project_dataset *spec)
{
	struct table_column *c = &t->cols[idx];
	size_t cap = c->nbad;
	if (f->type == TABLE_TEXT && c->type != TABLE_TEXT) {
		struct table_column nc = *c;
		char tmp[48];
		nc.type = TABLE_TEXT;
		nc.num = NULL;
		nc.dict = NULL;
		nc.ndict = 0;
		nc.index = NULL;
		nc.code = arena_alloc(a, (t->nrows ? t->nrows : 1) * sizeof *nc.code);
		for (size_t r = 0; r < t->nrows; r++) {
			const char *k = key_text(c, r, tmp, sizeof tmp);
			nc.code[r] = k ? table_intern(a, &nc, k, strlen(k)) : -1;
		}
		*c = nc;
		return;
	}
	if (f->type != TABLE_TEXT && c->type == TABLE_TEXT) {
		double *dv = xmalloc((c->ndict + 1) * sizeof *dv);
		unsigned char *ok = xmalloc(c->ndict + 1);
		double *num = arena_alloc(a, (t->nrows ? t->nrows : 1) * sizeof *num);
		for (size_t k = 0; k < c->ndict; k++) {
			const char *s = c->dict[k];
			if (f->boolean)
				ok[k] = (unsigned char)dataset_parse_bool(s, &dv[k]);
			else if (f->type == TABLE_DATE)
				ok[k] = (unsigned char)(date_parse(s, strlen(s), spec->date_format, &dv[k]) == 0);
			else    /* decimal, finite, as the dataset writes numbers */
				ok[k] = parse_number(s, strlen(s), &spec->num, &dv[k]) == 0;
		}
		for (size_t r = 0; r < t->nrows; r++) {
			int32_t k = c->code[r];
			if (k < 0)
				num[r] = NAN;
			else if (ok[k])
				num[r] = dv[k];
			else {
				num[r] = NAN;
				add_bad(a, c, t, r, c->srccol, c->dict[k], &cap);
			}
		}
		free(dv);
		free(ok);
		c->type = f->type;
		c->num = num;
		c->code = NULL;
		c->dict = NULL;
		c->ndict = 0;
		c->index = NULL;
	} else if (f->boolean) {
		char tmp[48];
		for (size_t r = 0; r < t->nrows; r++)
			if (c->num[r] == c->num[r] && c->num[r] != 0 && c->num[r] != 1) {
				snprintf(tmp, sizeof tmp, "%.15g", c->num[r]);
				add_bad(a, c, t, r, c->srccol, tmp, &cap);
				c->num[r] = NAN;
			}
	} else if (f->type == TABLE_DATE && c->type == TABLE_NUM) {
		char tmp[48];
		for (size_t r = 0; r < t->nrows; r++)
			if (c->num[r] == c->num[r]) {
				snprintf(tmp, sizeof tmp, "%.15g", c->num[r]);
				add_bad(a, c, t, r, c->srccol, tmp, &cap);
				c->num[r] = NAN;
			}
		c->type = TABLE_DATE;
	} else if (f->type == TABLE_NUM && c->type == TABLE_DATE) {
		c->type = TABLE_NUM;    /* days since 1970 */
	}
	c->nmissing = 0;
	for (size_t r = 0; r < t->nrows; r++)
		c->nmissing += (size_t)table_missing(c, r);
}

static const char *
type_word(enum table_type t)
{
	return t == TABLE_NUM ? "a number" : t == TABLE_DATE ? "a date" : "text";
}

static void
count_add(struct dataset_count *list, size_t *n, const char *name, size_t k)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(list[i].name, name) == 0) {
			list[i].n += k;
			return;
		}
	if (*n < DATASET_MAX_COUNTS) {
		list[*n].name = name;
		list[*n].n = k;
		(*n)++;
	}
}

/* Moves or copies source column src of raw into out under name. used[] counts uses.
 * A role field that reuses a source column gets its own copy (convert may change it
 * in place); a source column kept under its own name shares the storage (alias). */
static void
take_column(struct arena *a, struct table *out, struct table *raw, size_t src, const char *name,
            unsigned char *used, int alias)
{
	const struct table_column *s = &raw->cols[src];
	struct table_column *c;
	if (!used[src]++ || alias) {
		table_add_column_alias(a, out, name, s);
		return;
	}
	/* every branch below overwrites or replaces the storage: no fill */
	c = table_add_column_uninit(a, out, name, s->type);
	if (s->type == TABLE_TEXT) {
		/* the strings are distinct and immutable: share them; the copy builds its
		 * own hash index only if something interns into it later */
		c->dict = arena_alloc(a, (s->ndict ? s->ndict : 1) * sizeof *c->dict);
		memcpy(c->dict, s->dict, s->ndict * sizeof *c->dict);
		c->ndict = s->ndict;
		c->index = NULL;
		memcpy(c->code, s->code, raw->nrows * sizeof *c->code);
		c->nmissing = s->nmissing;
		c->srccol = s->srccol;
		c->nonnum = s->nonnum;
	} else {
		memcpy(c->num, s->num, raw->nrows * sizeof *c->num);
		c->nmissing = s->nmissing;
		c->srccol = s->srccol;
		c->nbad = s->nbad;
		c->badrow = s->badrow;
		c->nexample = s->nexample;
		memcpy(c->example, s->example, sizeof c->example);
	}
}

/* 1 when raw looks like a number written with decorations the dataset did not
 * declare (1,234.5  (12.50)  $5.00  12,5): worth suggesting "number_format". */
static int
looks_decorated(const char *raw)
{
	int digits = 0, marks = 0;
	for (const char *p = raw; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (isdigit(ch))
			digits++;
		else if (strchr(",.()$%' ", ch) || ch >= 0x80)
			marks++;
		else if (!(ch == '-' || ch == '+' || (isupper(ch) && p[1] && isupper((unsigned char)p[1]))))
			return 0;
	}
	return digits > 0 && marks > 0;
}

static const char *
numfmt_hint(const char *raw)
{
	return raw && looks_decorated(raw) ?
	       "; if numbers are written this way, declare the dataset's \"number_format\"" : "";
}

/* One warning (or error under strict) for the bad values of column c: the first
 * with its position, then the count and what happens to those rows. */
static void
report_bad(struct diag *d, const struct project_dataset *spec, const char *sheet,
           const struct table_column *c, const char *what, const char *srcname, int strict,
           int required)
{
	if (c->nexample) {
		struct diag_loc loc = { spec->path, c->example[0].line, c->example[0].col };
		char q[80], where[512], ref[24];
		if (sheet) {        /* a workbook: FILE:SHEET!CELL */
			snprintf(where, sizeof where, "%s:%s!%s", spec->path, sheet,
			         xlsxbook_cell_name(loc.line, loc.col, ref));
			loc.file = where;
			loc.line = loc.col = 0;
		}
		diag_quote(q, sizeof q, c->example[0].raw, 40);
		if (strict)
			diag_error(d, BD_EINPUT, &loc, "column '%s': expected %s, got \"%s\"", srcname,
			           type_word(c->type), q);
		else
			diag_warn(d, &loc, "column '%s': expected %s, got \"%s\"", srcname, type_word(c->type), q);
	}
	const char *hint = c->type == TABLE_NUM && c->nexample ? numfmt_hint(c->example[0].raw) : "";
	if (strict)
		diag_error(d, BD_EINPUT, NULL, "dataset '%s': %zu value%s of %s could not be read "
		           "(\"strict\": true)%s", spec->name, c->nbad, c->nbad == 1 ? "" : "s", what, hint);
	else
		diag_warn(d, NULL, "dataset '%s': %zu value%s of %s could not be read%s%s",
		          spec->name, c->nbad, c->nbad == 1 ? "" : "s", what,
		          required ? "; those rows are dropped" : "; treated as missing", hint);
}

static const char *
main_date_field(enum project_role r)
{
	switch (r) {
	case PROJECT_ORDERS: case PROJECT_MARKETING: return "date";
	case PROJECT_OPPORTUNITIES: return "created_date";
	case PROJECT_CUSTOMERS: return "signup_date";
	default: return NULL;
	}
}

static const char *const why_reason[EXPR_NWHY] = {
	"", "unreadable number", "division by zero", "out of range",
};

/* Warns (or, under strict, errors) once per reason and column about the values an
 * expression made missing: what names the result ("field 'amount'"), fate says what
 * that means for the rows (NULL: they are dropped for the required field `field`,
 * under the reason "<field>: <why>" of data_quality.dropped). Counts unreadable values per source column. Returns the
 * number of errors. */
static int
report_expr(struct arena *a, struct diag *d, const struct project_dataset *spec,
            const struct table *t, const char *what, const char *src, const char *fate,
            const char *field, const struct expr_report *rep, struct dataset_quality *q,
            int source_rows)
{
	int errors = 0;
	const char *field_fate = fate;
	for (size_t i = 0; i < rep->nissue; i++) {
		const struct expr_issue *is = &rep->issue[i];
		/* the row's line; for a text column, where its numbers stopped when that is
		 * this row (source_rows: t's rows are the file's, none dropped yet) */
		struct diag_loc loc = { spec->path, t->srcline ? (long)t->srcline[is->first_row] : 0, 0 };
		const struct table_column *c = is->why == EXPR_UNREADABLE ? table_column_find(t, is->column) : NULL;
		if (source_rows && c && c->nonnum.raw && c->nonnum.row == is->first_row && c->nonnum.line) {
			loc.line = c->nonnum.line;
			loc.col = c->nonnum.col;
		}
		const char *all = is->n == t->nrows ? "every row" :
		                  arena_printf(a, "%zu row%s", is->n, is->n == 1 ? "" : "s");
		const char *msg;
		if (!fate)
			fate = arena_printf(a, "those rows are dropped as '%s: %s'", field, why_reason[is->why]);
		if (is->why == EXPR_UNREADABLE) {
			char qv[80];
			diag_quote(qv, sizeof qv, is->first_raw ? is->first_raw : "", 40);
			count_add(q->unreadable, &q->nunreadable, is->column, is->n);
			msg = arena_printf(a, "column '%s': %zu value%s could not be read as a number "
			                   "(first \"%s\"), used by %s", is->column, is->n,
			                   is->n == 1 ? "" : "s", qv, what);
			if (spec->strict)
				msg = arena_printf(a, "%s%s (\"strict\": true)", msg, numfmt_hint(is->first_raw));
			else
				msg = arena_printf(a, "%s; %s%s", msg, fate, numfmt_hint(is->first_raw));
		} else {
			msg = arena_printf(a, "%s (=%s): %s in %s", what, src, why_reason[is->why], all);
			if (is->column)
				msg = arena_printf(a, "%s ('%s' is 0)", msg, is->column);
			msg = spec->strict ? arena_printf(a, "%s (\"strict\": true)", msg)
			                   : arena_printf(a, "%s; %s", msg, fate);
		}
		if (!field_fate)
			fate = NULL;
		if (is->n == t->nrows && t->nrows && q->nnotes < DATASET_MAX_COUNTS)
			q->notes[q->nnotes++] = arena_printf(a, "%s: %s (=%s) is missing in every row (%s)",
			                                     spec->name, what, src, why_reason[is->why]);
		if (spec->strict) {
			diag_error(d, BD_EINPUT, &loc, "%s", msg);
			errors++;
		} else {
			diag_warn(d, &loc, "%s", msg);
		}
	}
	return errors;
}

static int
compile_error(struct diag *d, const struct diag_loc *loc, const char *what, const struct expr_error *e)
{
	struct diag_loc l = offset_loc(loc, e->pos);
	diag_error(d, BD_EINPUT, &l, "%s: %s", what, e->msg);
	return -1;
}

struct dataset *
dataset_prepare(struct arena *a, const struct project *p, const struct project_dataset *spec,
                struct table *raw, struct table *right, struct diag *d)
{
	struct dataset *ds = arena_calloc(a, 1, sizeof *ds);
	struct dataset_quality *q = &ds->q;
	size_t nf, nraw;
	const struct project_field_spec *fs = project_role_fields(spec->role, &nf);
	struct table *out;
	unsigned char *used, *keep;
	int errors = d->nerrors;
	unsigned char **fieldwhy = arena_calloc(a, nf + 1, sizeof *fieldwhy);
	(void)p;
	ds->name = spec->name;
	ds->role = spec->role;
	ds->spec = spec;
	q->rows_read = raw->nrows;
	q->duplicates = -1;
	q->date_min = q->date_max = NAN;
	if (right && do_join(a, spec, raw, right, d) != 0)
		return NULL;
	/* mapping: expressions are evaluated into raw first, then every field is taken */
	nraw = raw->ncols;
	{
		size_t *fieldcol = xmalloc(nf * sizeof *fieldcol);
		for (size_t i = 0; i < nf; i++) {
			const struct project_map *m = dataset_mapping(spec, fs[i].name);
			fieldcol[i] = (size_t)-1;
			if (m && m->is_expr) {
				struct expr_error e;
				struct expr_report rep;
				struct expr *x = expr_compile(a, m->source, raw, &e);
				if (!x) {
					compile_error(d, &m->loc, arena_printf(a, "field '%s' of dataset '%s'",
					              fs[i].name, spec->name), &e);
					continue;
				}
				expr_set_number_format(x, &spec->num);
				expr_eval_column_report(a, x, raw, fs[i].name, &rep);
				expr_release(x);
				fieldcol[i] = raw->ncols - 1;
				fieldwhy[i] = rep.why;
				report_expr(a, d, spec, raw, arena_printf(a, "field '%s'", fs[i].name), m->source,
				            fs[i].required ? NULL
				                           : arena_printf(a, "field '%s' is missing there", fs[i].name),
				            fs[i].name, &rep, q, 1);
			} else {
				const char *src = m ? m->source : fs[i].name;
				const struct table_column *c = table_column_find(raw, src);
				if (c && (size_t)(c - raw->cols) < nraw)
					fieldcol[i] = (size_t)(c - raw->cols);
				else if (m || fs[i].required) {
					struct diag_loc loc = m ? m->loc : spec->loc;
					missing_column(a, d, &loc, raw, spec->name, fs[i].name, src);
				}
			}
		}
		if (d->nerrors > errors) {
			free(fieldcol);
			return NULL;
		}
		out = table_new(a, spec->name, raw->nrows);
		out->path = spec->path;
		out->srcline = raw->srcline;
		used = arena_calloc(a, raw->ncols + 1, 1);
		for (size_t i = 0; i < nf; i++) {
			if (fieldcol[i] == (size_t)-1)
				continue;
			take_column(a, out, raw, fieldcol[i], fs[i].name, used, 0);
			convert(a, out, out->ncols - 1, &fs[i], spec);
		}
		/* source columns stay under their own names too (filters, features), copied
		 * when a role field already took the storage; a role name wins a clash */
		for (size_t j = 0; j < nraw; j++) {
			if (table_column_find(out, raw->cols[j].name))
				continue;
			take_column(a, out, raw, j, raw->cols[j].name, used, 1);
		}
		/* bad values in role fields: warn (or fail under strict) */
		for (size_t i = 0; i < nf; i++) {
			struct table_column *c = table_column_find(out, fs[i].name);
			const struct project_map *m = dataset_mapping(spec, fs[i].name);
			if (!c || !c->nbad)
				continue;
			const char *src = m && !m->is_expr ? m->source : fs[i].name;
			report_bad(d, spec, raw->sheet, c, arena_printf(a, "field '%s'", fs[i].name), src,
			           spec->strict, fs[i].required);
			count_add(q->unreadable, &q->nunreadable, src, c->nbad);
		}
		/* bad values in other columns (a JSON string among numbers): the same */
		for (size_t j = 0; j < nraw; j++) {
			const struct table_column *c = &raw->cols[j];
			size_t i;
			for (i = 0; i < nf; i++)
				if (fieldcol[i] == j)
					break;
			if (i < nf || !c->nbad)
				continue;
			report_bad(d, spec, raw->sheet, c, arena_printf(a, "column '%s'", c->name), c->name, spec->strict, 0);
			count_add(q->unreadable, &q->nunreadable, c->name, c->nbad);
		}
		free(fieldcol);
	}
	if (d->nerrors > errors)
		return NULL;
	/* required fields: drop rows where one is missing, counted under the first */
	keep = xmalloc(out->nrows + 1);
	memset(keep, 1, out->nrows + 1);
	for (size_t i = 0; i < nf; i++) {
		struct table_column *c;
		const char *rmiss, *rbad;
		size_t nmiss = 0, nbad = 0, b = 0;
		if (!fs[i].required || !(c = table_column_find(out, fs[i].name)))
			continue;
		size_t nwhy[EXPR_NWHY] = { 0 };
		rmiss = arena_printf(a, "missing %s", fs[i].name);
		rbad = arena_printf(a, "bad %s", fs[i].name);
		for (size_t r = 0; r < out->nrows; r++) {
			int isbad;
			while (b < c->nbad && c->badrow[b] < r)
				b++;
			isbad = b < c->nbad && c->badrow[b] == r;
			if (!keep[r] || !table_missing(c, r))
				continue;
			keep[r] = 0;
			if (isbad)
				nbad++;
			else if (fieldwhy[i] && fieldwhy[i][r])
				nwhy[fieldwhy[i][r]]++;
			else
				nmiss++;
		}
		if (nbad)
			count_add(q->dropped, &q->ndropped, rbad, nbad);
		for (int w = 1; w < EXPR_NWHY; w++)
			if (nwhy[w])
				count_add(q->dropped, &q->ndropped, arena_printf(a, "%s: %s", fs[i].name,
				          why_reason[w]), nwhy[w]);
		if (nmiss)
			count_add(q->dropped, &q->ndropped, rmiss, nmiss);
	}
	if (q->ndropped)
		table_filter_rows(out, keep);
	free(keep);
	/* derived columns and the filter see role fields and source columns */
	for (size_t i = 0; i < spec->nderive; i++) {
		struct expr_error e;
		struct expr_report rep;
		struct expr *x = expr_compile(a, spec->derive[i].source, out, &e);
		if (!x) {
			compile_error(d, &spec->derive[i].loc, arena_printf(a, "derived column '%s' of dataset '%s'",
			              spec->derive[i].field, spec->name), &e);
			continue;
		}
		expr_set_number_format(x, &spec->num);
		expr_eval_column_report(a, x, out, spec->derive[i].field, &rep);
		expr_release(x);
		report_expr(a, d, spec, out, arena_printf(a, "derived column '%s'", spec->derive[i].field),
		            spec->derive[i].source, "treated as missing", NULL, &rep, q,
		            out->nrows == q->rows_read);
	}
	if (d->nerrors > errors)
		return NULL;
	if (spec->role == PROJECT_OPPORTUNITIES && !table_column_find(out, "won")) {
		struct table_column *st = table_column_find(out, "stage");
		struct table_column *w = table_add_column(a, out, "won", TABLE_NUM);
		double *cls;
		st = table_column_find(out, "stage");
		cls = xmalloc((st->ndict + 1) * sizeof *cls);
		for (size_t k = 0; k < st->ndict; k++)
			cls[k] = dataset_stage_index(spec->won, spec->nwon, st->dict[k]) >= 0 ? 1.0 :
			         dataset_stage_index(spec->lost, spec->nlost, st->dict[k]) >= 0 ? 0.0 : NAN;
		for (size_t r = 0; r < out->nrows; r++)
			w->num[r] = st->code[r] < 0 ? NAN : cls[st->code[r]];
		free(cls);
	}
	if (spec->filter) {
		struct expr_error e;
		struct expr *x = expr_compile(a, spec->filter, out, &e);
		size_t dropped = 0;
		if (!x) {
			compile_error(d, &spec->filter_loc, arena_printf(a, "filter of dataset '%s'", spec->name), &e);
			return NULL;
		}
		struct expr_report rep;
		keep = xmalloc(out->nrows + 1);
		expr_set_number_format(x, &spec->num);
		expr_eval_mask_report(a, x, out, keep, &rep);
		expr_release(x);
		if (report_expr(a, d, spec, out, "the filter", spec->filter,
		                "the condition is false there (those rows are dropped)", NULL, &rep, q,
		                out->nrows == q->rows_read)) {
			free(keep);
			return NULL;
		}
		for (size_t r = 0; r < out->nrows; r++)
			dropped += !keep[r];
		count_add(q->dropped, &q->ndropped, "filter", dropped);
		if (dropped)
			table_filter_rows(out, keep);
		free(keep);
	}
	/* data quality */
	q->rows_kept = out->nrows;
	for (size_t i = 0; i < nf; i++) {
		struct table_column *c = table_column_find(out, fs[i].name);
		size_t miss = 0;
		if (!c)
			continue;
		for (size_t r = 0; r < out->nrows; r++)
			miss += (size_t)table_missing(c, r);
		count_add(q->missing, &q->nmissing, fs[i].name, miss);
	}
	if (spec->role != PROJECT_ORDERS && spec->role != PROJECT_MARKETING) {
		struct table_column *id = table_column_find(out, "id");
		if (id && id->type == TABLE_TEXT) {
			unsigned char *seen = xcalloc(id->ndict + 1, 1);
			q->duplicates = 0;
			for (size_t r = 0; r < out->nrows; r++) {
				int32_t k = id->code[r];
				if (k < 0)
					continue;
				if (seen[k])
					q->duplicates++;
				seen[k] = 1;
			}
			free(seen);
		}
	}
	q->date_field = main_date_field(spec->role);
	if (q->date_field) {
		struct table_column *dc = table_column_find(out, q->date_field);
		if (dc && dc->type == TABLE_DATE)
			for (size_t r = 0; r < out->nrows; r++) {
				double v = dc->num[r];
				if (v != v)
					continue;
				if (!(v >= q->date_min))
					q->date_min = v;
				if (!(v <= q->date_max))
					q->date_max = v;
			}
		else
			q->date_field = NULL;
	}
	ds->table = out;
	return ds;
}

int
dataset_load_all(struct arena *a, const struct project *p, dataset_reader_fn reader,
                 struct dataset *out[PROJECT_NROLES], struct diag *d)
{
	int errors = d->nerrors;
	for (int r = 0; r < PROJECT_NROLES; r++) {
		const struct project_dataset *spec = p->datasets[r];
		struct dataset_request req;
		struct table *raw, *right = NULL;
		double t0 = diag_now();
		out[r] = NULL;
		if (!spec)
			continue;
		dataset_request_for(a, spec, spec->path, &req);
		raw = reader(a, &req, d);
		if (!raw)
			continue;
		if (raw->nrows == 0) {
			/* an export that lost its rows is broken input, not an empty week */
			diag_error(d, BD_EINPUT, &spec->loc, "dataset '%s': '%s' has a header but no rows",
			           spec->name, spec->path);
			continue;
		}
		if (spec->join_path) {
			struct dataset_request jr = { spec->join_path, spec, NULL, NULL, 0 };
			right = reader(a, &jr, d);
			if (!right)
				continue;
		}
		out[r] = dataset_prepare(a, p, spec, raw, right, d);
		if (out[r])
			diag_progress(d, "loaded %s: %zu rows read, %zu kept in %.2f s", spec->name,
			              out[r]->q.rows_read, out[r]->q.rows_kept, diag_now() - t0);
	}
	return d->nerrors > errors ? (d->status ? d->status : BD_EINPUT) : 0;
}

/* ---- the reader: ingest_read with the requested column types ---- */

static void
want_column(void *ctx, const char *name, size_t index, struct ingest_colspec *spec)
{
	const struct dataset_request *req = ctx;
	(void)index;
	for (size_t i = 0; i < req->n; i++)
		if (strcmp(req->names[i], name) == 0) {
			spec->type = req->types[i] == TABLE_NUM ? INGEST_NUM :
			             req->types[i] == TABLE_DATE ? INGEST_DATE : INGEST_TEXT;
			return;
		}
}

struct table *
dataset_read(struct arena *a, const struct dataset_request *req, struct diag *d)
{
	struct ingest_opts o;
	const struct project_dataset *spec = req->spec;
	memset(&o, 0, sizeof o);
	o.name = spec->name;
	o.delimiter = spec->delimiter;
	o.encoding = spec->encoding;
	o.date_format = spec->date_format;
	o.num = spec->num;
	o.column = want_column;
	o.ctx = (void *)req;
	if (req->path == spec->path && spec->source == PROJECT_SRC_SQLITE)
		return sqlin_read(a, d, spec->path, spec->query, spec->path, &spec->query_loc, &o);
	if (req->path == spec->path && spec->source == PROJECT_SRC_POSTGRES)
		return pgin_read(a, d, spec->path, spec->query, spec->path, &spec->query_loc, &o);
	if (req->path == spec->path) {     /* a workbook's sheet (not the join's) */
		o.sheet = spec->sheet;
		o.sheet_index = spec->sheet_index;
	}
	return ingest_read(a, d, req->path, req->path, &o);
}
