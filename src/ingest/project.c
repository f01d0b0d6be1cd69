/* SPDX-License-Identifier: MIT
 * project: the project file. cJSON parses; this module walks the tree against a
 * schema written as tables (top level, dataset, output, pdf; the analyses' parameters
 * are the analysis layer's: analysis_validate checks them against its entries),
 * reports each problem at file:line:column (found by jsonpos on the error path) and
 * fills struct project with defaults applied. */
#include "ingest/project.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/suggest.h"
#include "ingest/jsoncheck.h"
#include "ingest/jsonpos.h"
#include "ingest/pgin.h"

const char *const project_role_names[PROJECT_NROLES] = {
	"orders", "customers", "opportunities", "partners", "schemes", "marketing",
};

static const struct project_field_spec orders_fields[] = {
	{ "customer", TABLE_TEXT, 1, 0 }, { "date", TABLE_DATE, 1, 0 }, { "amount", TABLE_NUM, 1, 0 },
	{ "order", TABLE_TEXT, 0, 0 }, { "product", TABLE_TEXT, 0, 0 }, { "quantity", TABLE_NUM, 0, 0 },
};
static const struct project_field_spec customers_fields[] = {
	{ "id", TABLE_TEXT, 1, 0 }, { "name", TABLE_TEXT, 0, 0 }, { "industry", TABLE_TEXT, 0, 0 },
	{ "region", TABLE_TEXT, 0, 0 }, { "employees", TABLE_NUM, 0, 0 },
	{ "annual_revenue", TABLE_NUM, 0, 0 }, { "signup_date", TABLE_DATE, 0, 0 },
	{ "churned", TABLE_NUM, 0, 1 }, { "churn_date", TABLE_DATE, 0, 0 },
	{ "tenure", TABLE_NUM, 0, 0 }, { "satisfaction", TABLE_NUM, 0, 0 },
};
static const struct project_field_spec opportunities_fields[] = {
	{ "id", TABLE_TEXT, 1, 0 }, { "stage", TABLE_TEXT, 1, 0 }, { "amount", TABLE_NUM, 0, 0 },
	{ "account", TABLE_TEXT, 0, 0 }, { "created_date", TABLE_DATE, 0, 0 },
	{ "close_date", TABLE_DATE, 0, 0 }, { "owner", TABLE_TEXT, 0, 0 },
	{ "source", TABLE_TEXT, 0, 0 }, { "industry", TABLE_TEXT, 0, 0 }, { "region", TABLE_TEXT, 0, 0 },
};
static const struct project_field_spec partners_fields[] = {
	{ "id", TABLE_TEXT, 1, 0 }, { "name", TABLE_TEXT, 0, 0 },
};
static const struct project_field_spec schemes_fields[] = {
	{ "id", TABLE_TEXT, 1, 0 }, { "name", TABLE_TEXT, 0, 0 },
};
static const struct project_field_spec marketing_fields[] = {
	{ "date", TABLE_DATE, 1, 0 }, { "target", TABLE_NUM, 1, 0 },
};

#define N(x) (sizeof(x) / sizeof((x)[0]))

const struct project_field_spec *
project_role_fields(enum project_role r, size_t *n)
{
	switch (r) {
	case PROJECT_ORDERS: *n = N(orders_fields); return orders_fields;
	case PROJECT_CUSTOMERS: *n = N(customers_fields); return customers_fields;
	case PROJECT_OPPORTUNITIES: *n = N(opportunities_fields); return opportunities_fields;
	case PROJECT_PARTNERS: *n = N(partners_fields); return partners_fields;
	case PROJECT_SCHEMES: *n = N(schemes_fields); return schemes_fields;
	default: *n = N(marketing_fields); return marketing_fields;
	}
}

static const char *const top_keys[] = {
	"title", "organization", "as_of", "currency", "locale", "theme", "datasets", "analyses",
	"output", "pdf", "strict",
};
static const char *const dataset_keys[] = {
	"path", "columns", "filter", "derive", "join", "date_format", "delimiter", "encoding",
	"decimal_comma", "thousands", "number_format", "strict", "tenure_unit", "stages", "won",
	"lost", "sheet", "sqlite", "postgres", "query",
};
static const char *const numfmt_keys[] = {
	"style", "decimal", "thousands", "currency", "negative_parentheses", "percent",
};
static const char *const output_keys[] = { "dir", "html", "pdf", "json", "csv", "archive", "email",
	"xlsx" };
static const char *const pdf_keys[] = { "paper", "sections" };
static const char *const join_keys[] = { "path", "on" };
static const char *const email_keys[] = { "to", "cc", "from", "subject", "smtp" };
static const char *const smtp_keys[] = { "url", "user", "password_env", "password_file", "ca_file",
	"starttls" };
static const char *const pdf_sections[] = {
	"cover", "headlines", "kpis", "customers", "segments", "pipeline", "retention", "partners",
	"forecast", "targets", "data", "rfm", "clv", "lifecycle", "health", "segmentation", "market",
	"lead_scoring", "churn", "drivers", "schemes", "funnel", "data_quality",
};

static const char *const default_stages[] = { "Prospecting", "Qualification", "Needs Analysis",
	"Proposal", "Negotiation", "Engaging", "Lead", "Open", "Discovery", "Demo", NULL };
static const char *const default_won[] = { "Closed Won", "Won", "Closed-Won", "Win", NULL };
static const char *const default_lost[] = { "Closed Lost", "Lost", "Closed-Lost", "Loss", NULL };

/* ---- validation context ---- */

struct pv {
	struct arena *a;
	struct project *p;
	struct jsoncheck c;             /* the path to the current value, positions, messages */
};

static void
push(struct pv *v, const char *key)
{
	jsoncheck_push(&v->c, key);
}

static void
push_index(struct pv *v, size_t i)
{
	jsoncheck_push_index(&v->c, i);
}

static void
pop(struct pv *v)
{
	jsoncheck_pop(&v->c);
}

static struct diag_loc
here(const struct pv *v, int want_key)
{
	return jsoncheck_here(&v->c, want_key);
}

static void
err_at(struct pv *v, int want_key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
err_at(struct pv *v, int want_key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jsoncheck_verror(&v->c, want_key, fmt, ap);
	va_end(ap);
}

#define type_name jsoncheck_type_name
#define cur_key(v) jsoncheck_key(&(v)->c)

static int
expect(struct pv *v, const cJSON *j, int ok, const char *what)
{
	return jsoncheck_expect(&v->c, j, ok, what);
}

/* Reports keys of obj not in keys[]; "in project", "in dataset 'orders'"... */
static void
check_keys(struct pv *v, const cJSON *obj, const char *const *keys, size_t n, const char *where)
{
	jsoncheck_keys(&v->c, obj, keys, n, where);
}

static const char *
get_string(struct pv *v, const cJSON *obj, const char *key, const char *def)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *r = def;
	if (!j)
		return def;
	push(v, key);
	if (expect(v, j, cJSON_IsString(j), "a string")) {
		if (j->valuestring[0] == '\0')
			err_at(v, 0, "'%s': expected a non-empty string", key);
		else
			r = arena_strdup(v->a, j->valuestring);
	}
	pop(v);
	return r;
}

static int
get_bool(struct pv *v, const cJSON *obj, const char *key, int def)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
	int r = def;
	if (!j)
		return def;
	push(v, key);
	if (expect(v, j, cJSON_IsBool(j), "true or false"))
		r = cJSON_IsTrue(j);
	pop(v);
	return r;
}

static int
one_of(const char *s, const char *allowed)
{
	size_t n = strlen(s);
	for (const char *p = allowed; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, s, n) == 0)
			return 1;
		if (!bar)
			break;
		p = bar + 1;
	}
	return 0;
}

static const char *
get_enum(struct pv *v, const cJSON *obj, const char *key, const char *allowed, const char *def)
{
	const char *s = get_string(v, obj, key, NULL);
	if (!s)
		return def;
	if (!one_of(s, allowed)) {
		push(v, key);
		err_at(v, 0, "'%s': expected one of %s, got '%s'", key, allowed, s);
		pop(v);
		return def;
	}
	return s;
}

/* "number_format": a style name or an object (parse.h); starts from decimal_comma
 * and thousands, which it replaces (giving both is an error). */
static void
parse_number_format(struct pv *v, const cJSON *obj, struct project_dataset *ds)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, "number_format");
	struct parse_numfmt *f = &ds->num;
	memset(f, 0, sizeof *f);
	f->decimal = ds->decimal_comma ? ',' : '.';
	f->thousands = ds->thousands ? ds->thousands[0] : 0;
	if (!j)
		return;
	push(v, "number_format");
	if (cJSON_GetObjectItemCaseSensitive(obj, "decimal_comma") ||
	    cJSON_GetObjectItemCaseSensitive(obj, "thousands")) {
		err_at(v, 1, "'number_format' replaces 'decimal_comma' and 'thousands': give only one");
	} else if (cJSON_IsString(j)) {
		if (parse_numfmt_named(j->valuestring, f) != 0)
			err_at(v, 0, "'number_format': expected one of plain, en, de, fr, ch, accounting "
			       "or an object, got '%s'", j->valuestring);
	} else if (expect(v, j, cJSON_IsObject(j), "a style name or an object")) {
		const char *s;
		const cJSON *t;
		check_keys(v, j, numfmt_keys, N(numfmt_keys), "'number_format'");
		s = get_string(v, j, "style", NULL);
		if (s && parse_numfmt_named(s, f) != 0) {
			push(v, "style");
			err_at(v, 0, "'style': expected one of plain, en, de, fr, ch, accounting, got '%s'", s);
			pop(v);
		}
		s = get_enum(v, j, "decimal", ".|,", NULL);
		if (s)
			f->decimal = s[0];
		if ((t = cJSON_GetObjectItemCaseSensitive(j, "thousands")) != NULL) {
			push(v, "thousands");
			if (expect(v, t, cJSON_IsString(t), "a string")) {
				if (!one_of(t->valuestring, ",|.|'| |_") && t->valuestring[0])
					err_at(v, 0, "'thousands': expected one of ',', '.', ''', ' ', '_' or '', got '%s'",
					       t->valuestring);
				else
					f->thousands = t->valuestring[0];
			}
			pop(v);
		}
		f->currency = get_bool(v, j, "currency", f->currency);
		f->parens = get_bool(v, j, "negative_parentheses", f->parens);
		f->percent = get_bool(v, j, "percent", f->percent);
		if (f->thousands == f->decimal)
			err_at(v, 0, "'number_format': the thousands separator and the decimal mark are both '%c'",
			       f->decimal);
	}
	pop(v);
}

int
project_parse_as_of(const char *s, enum project_asof *kind, double *days)
{
	long d;
	if (strcmp(s, "today") == 0) {
		*kind = PROJECT_ASOF_TODAY;
	} else if (strcmp(s, "latest") == 0) {
		*kind = PROJECT_ASOF_LATEST;
	} else if (date_parse_day(s, &d) == 0) {
		*kind = PROJECT_ASOF_DATE;
		*days = (double)d;
	} else {
		return -1;
	}
	return 0;
}

static const char *
resolve(struct pv *v, const char *path)
{
	if (path[0] == '/' || strcmp(v->p->dir, ".") == 0)
		return path;
	return arena_printf(v->a, "%s/%s", v->p->dir, path);
}

/* Position of an expression's text: the value's opening quote + 1, + 1 more for '='. */
static struct diag_loc
expr_loc(struct pv *v, const char *value)
{
	struct diag_loc loc = here(v, 0);
	if (loc.col)
		loc.col += 1 + (value[0] == '=');
	return loc;
}

static const char **
string_list(struct pv *v, const cJSON *obj, const char *key, const char *const *def, size_t *n)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char **out;
	size_t k = 0;
	if (!j) {
		for (*n = 0; def[*n]; (*n)++)
			;
		return (const char **)def;
	}
	push(v, key);
	if (!expect(v, j, cJSON_IsArray(j), "an array of strings")) {
		pop(v);
		*n = 0;
		return (const char **)def;
	}
	out = arena_calloc(v->a, (size_t)cJSON_GetArraySize(j) + 1, sizeof *out);
	for (const cJSON *c = j->child; c; c = c->next, k++) {
		push_index(v, k);
		if (expect(v, c, cJSON_IsString(c), "a string"))
			out[k] = arena_strdup(v->a, c->valuestring);
		else
			out[k] = "";
		pop(v);
	}
	pop(v);
	*n = k;
	return out;
}

static void
parse_map(struct pv *v, const cJSON *obj, const char *key, struct project_dataset *ds,
          int is_columns)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
	struct project_map *m;
	size_t k = 0, nf;
	const struct project_field_spec *fs = project_role_fields(ds->role, &nf);
	const char *names[16];
	if (!j)
		return;
	push(v, key);
	if (!expect(v, j, cJSON_IsObject(j), "an object")) {
		pop(v);
		return;
	}
	for (size_t i = 0; i < nf; i++)
		names[i] = fs[i].name;
	m = arena_calloc(v->a, (size_t)cJSON_GetArraySize(j) + 1, sizeof *m);
	for (const cJSON *c = j->child; c; c = c->next) {
		push(v, c->string);
		if (is_columns) {
			size_t i;
			for (i = 0; i < nf; i++)
				if (strcmp(fs[i].name, c->string) == 0)
					break;
			if (i == nf) {
				const char *s = suggest_closest(c->string, names, nf);
				if (s)
					err_at(v, 1, "unknown field '%s' for role '%s'; did you mean '%s'?",
					       c->string, ds->name, s);
				else
					err_at(v, 1, "unknown field '%s' for role '%s' (fields: %s%s%s%s%s)",
					       c->string, ds->name, names[0], nf > 1 ? ", " : "",
					       nf > 1 ? names[1] : "", nf > 2 ? ", " : "", nf > 2 ? "..." : "");
				pop(v);
				continue;
			}
		}
		if (c->string[0] == '\0')
			err_at(v, 1, "empty name in '%s'", key);
		if (expect(v, c, cJSON_IsString(c), "a string (a column name or =expression)")) {
			const char *s = c->valuestring;
			if (s[0] == '\0' || (s[0] == '=' && s[1] == '\0')) {
				err_at(v, 0, "'%s': expected a column name or =expression, got an empty string",
				       c->string);
			} else if (!is_columns && s[0] != '=') {
				err_at(v, 0, "'%s': a derived column must be an =expression", c->string);
			} else {
				m[k].field = arena_strdup(v->a, c->string);
				m[k].is_expr = s[0] == '=';
				m[k].source = arena_strdup(v->a, s + m[k].is_expr);
				m[k].loc = expr_loc(v, s);
				if (!m[k].is_expr)
					m[k].loc.col = m[k].loc.col ? m[k].loc.col - 1 : 0;
				k++;
			}
		}
		pop(v);
	}
	pop(v);
	if (is_columns) {
		ds->columns = m;
		ds->ncolumns = k;
	} else {
		ds->derive = m;
		ds->nderive = k;
	}
}

static void
parse_join(struct pv *v, const cJSON *obj, struct project_dataset *ds)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, "join"), *on;
	if (!j)
		return;
	push(v, "join");
	if (!expect(v, j, cJSON_IsObject(j), "an object {\"path\": ..., \"on\": ...}")) {
		pop(v);
		return;
	}
	check_keys(v, j, join_keys, N(join_keys), arena_printf(v->a, "'%s' join", ds->name));
	{
		const char *path = get_string(v, j, "path", NULL);
		if (!path && !cJSON_GetObjectItemCaseSensitive(j, "path"))
			err_at(v, 0, "join of dataset '%s': missing key 'path'", ds->name);
		if (path)
			ds->join_path = resolve(v, path);
	}
	on = cJSON_GetObjectItemCaseSensitive(j, "on");
	if (!on) {
		err_at(v, 0, "join of dataset '%s': missing key 'on'", ds->name);
	} else {
		push(v, "on");
		ds->join_loc = here(v, 0);
		if (cJSON_IsString(on) && on->valuestring[0]) {
			ds->join_left = ds->join_right = arena_strdup(v->a, on->valuestring);
		} else if (cJSON_IsObject(on) && cJSON_GetArraySize(on) == 1 &&
		           cJSON_IsString(on->child) && on->child->valuestring[0]) {
			ds->join_left = arena_strdup(v->a, on->child->string);
			ds->join_right = arena_strdup(v->a, on->child->valuestring);
		} else {
			err_at(v, 0, "'on': expected a column name or {\"left\": \"right\"}, got %s",
			       type_name(on));
		}
		pop(v);
	}
	pop(v);
	if (!ds->join_path || !ds->join_left)
		ds->join_path = NULL;
}

/* "path", or "sqlite" / "postgres" with "query"; "sheet" for workbooks. */
static void
parse_source(struct pv *v, const cJSON *obj, struct project_dataset *ds)
{
	static const char *const keys[] = { "path", "sqlite", "postgres" };
	const char *given = NULL, *s;
	const cJSON *j;
	for (int k = 0; k < 3; k++) {
		if (!cJSON_GetObjectItemCaseSensitive(obj, keys[k]))
			continue;
		if (given) {
			push(v, keys[k]);
			err_at(v, 1, "dataset '%s': '%s' and '%s' both name the source; keep one",
			       ds->name, given, keys[k]);
			pop(v);
			continue;
		}
		given = keys[k];
		ds->source = (enum project_source)k;
		s = get_string(v, obj, keys[k], NULL);
		if (!s)
			continue;
		push(v, keys[k]);
		ds->loc = here(v, 0);
		pop(v);
		ds->path = k == PROJECT_SRC_POSTGRES ? s : resolve(v, s);
		if (k == PROJECT_SRC_POSTGRES && pgin_has_password(s)) {
			push(v, keys[k]);
			err_at(v, 0, "'postgres': the connection string holds a password; keep it out of "
			       "the project file (use ~/.pgpass, PGPASSWORD or a service file)");
			pop(v);
		}
	}
	if (!given)
		err_at(v, 0, "dataset '%s': missing key 'path' (or 'sqlite' or 'postgres' with a 'query')",
		       ds->name);
	ds->query = get_string(v, obj, "query", NULL);
	if (ds->query) {
		push(v, "query");
		ds->query_loc = here(v, 0);
		if (ds->source == PROJECT_SRC_FILE && given)
			err_at(v, 1, "'query' applies only to 'sqlite' and 'postgres' datasets");
		pop(v);
	} else if (ds->source != PROJECT_SRC_FILE && !cJSON_GetObjectItemCaseSensitive(obj, "query")) {
		err_at(v, 0, "dataset '%s': missing key 'query' (the SELECT that returns its rows)", ds->name);
	}
	j = cJSON_GetObjectItemCaseSensitive(obj, "sheet");
	if (j) {
		push(v, "sheet");
		if (ds->source != PROJECT_SRC_FILE)
			err_at(v, 1, "'sheet' applies only to workbook files given by 'path'");
		else if (cJSON_IsString(j) && j->valuestring[0])
			ds->sheet = arena_strdup(v->a, j->valuestring);
		else if (cJSON_IsNumber(j) && j->valuedouble >= 1 && j->valuedouble <= 65535 &&
		         j->valuedouble == floor(j->valuedouble))
			ds->sheet_index = (int)j->valuedouble;
		else
			err_at(v, 0, "'sheet': expected a sheet name or a position from 1, got %s",
			       cJSON_IsNumber(j) ? "a number out of range" : type_name(j));
		pop(v);
	}
}

static void
parse_dataset(struct pv *v, const cJSON *obj, enum project_role role)
{
	struct project_dataset *ds = arena_calloc(v->a, 1, sizeof *ds);
	const char *where = arena_printf(v->a, "dataset '%s'", project_role_names[role]);
	const char *s;
	ds->name = project_role_names[role];
	ds->role = role;
	if (!expect(v, obj, cJSON_IsObject(obj), "an object")) 
		return;
	check_keys(v, obj, dataset_keys, N(dataset_keys), where);
	parse_source(v, obj, ds);
	parse_map(v, obj, "columns", ds, 1);
	parse_map(v, obj, "derive", ds, 0);
	s = get_string(v, obj, "filter", NULL);
	if (s) {
		push(v, "filter");
		ds->filter_loc = expr_loc(v, s);
		pop(v);
		ds->filter = s[0] == '=' ? s + 1 : s;
		if (ds->filter[0] == '\0')
			ds->filter = NULL;
	}
	parse_join(v, obj, ds);
	ds->date_format = get_string(v, obj, "date_format", NULL);
	if (ds->date_format && !strchr(ds->date_format, '%')) {
		push(v, "date_format");
		err_at(v, 0, "'date_format': expected a strptime format like '%%Y-%%m-%%d', got '%s'",
		       ds->date_format);
		pop(v);
	}
	ds->delimiter = get_string(v, obj, "delimiter", NULL);
	if (ds->delimiter && !one_of(ds->delimiter, ",|;|\t|whitespace|tab") &&
	    strcmp(ds->delimiter, "|") != 0) {
		push(v, "delimiter");
		err_at(v, 0, "'delimiter': expected one of ',', ';', '\\t', '|' or 'whitespace', got '%s'",
		       ds->delimiter);
		pop(v);
	}
	if (ds->delimiter && strcmp(ds->delimiter, "tab") == 0)
		ds->delimiter = "\t";
	ds->encoding = get_enum(v, obj, "encoding", "utf-8|latin-1", "utf-8");
	ds->decimal_comma = get_bool(v, obj, "decimal_comma", 0);
	{
		const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, "thousands");
		if (j) {
			push(v, "thousands");
			if (expect(v, j, cJSON_IsString(j), "a string")) {
				if (!one_of(j->valuestring, ",|.|'| |_") && strcmp(j->valuestring, "") != 0)
					err_at(v, 0, "'thousands': expected one of ',', '.', ''', ' ' or '_', got '%s'",
					       j->valuestring);
				else if (j->valuestring[0])
					ds->thousands = arena_strdup(v->a, j->valuestring);
			}
			pop(v);
		}
	}
	parse_number_format(v, obj, ds);
	ds->strict = get_bool(v, obj, "strict", v->p->strict);
	ds->tenure_unit = get_enum(v, obj, "tenure_unit", "days|weeks|months|years", "days");
	ds->stages = string_list(v, obj, "stages", default_stages, &ds->nstages);
	ds->won = string_list(v, obj, "won", default_won, &ds->nwon);
	ds->lost = string_list(v, obj, "lost", default_lost, &ds->nlost);
	if (role != PROJECT_OPPORTUNITIES)
		for (size_t i = 0; i < 3; i++) {
			static const char *const k[] = { "stages", "won", "lost" };
			if (cJSON_GetObjectItemCaseSensitive(obj, k[i])) {
				push(v, k[i]);
				err_at(v, 1, "'%s' applies only to the 'opportunities' dataset", k[i]);
				pop(v);
			}
		}
	v->p->datasets[role] = ds;
}

/* A string or an array of strings (email "to" and "cc"). */
static void
check_strings(struct pv *v, const cJSON *j)
{
	size_t i = 0;
	if (cJSON_IsString(j) || !expect(v, j, cJSON_IsArray(j), "an array of strings"))
		return;
	for (const cJSON *c = j->child; c; c = c->next, i++) {
		push_index(v, i);
		expect(v, c, cJSON_IsString(c), "a string");
		pop(v);
	}
}

/* "pdf": true | false | "name.pdf"; same for json. */
static const char *
file_or_bool(struct pv *v, const cJSON *obj, const char *key, const char *def)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *r = def;
	if (!j)
		return def;
	push(v, key);
	if (cJSON_IsFalse(j))
		r = NULL;
	else if (cJSON_IsTrue(j))
		r = def;
	else if (expect(v, j, cJSON_IsString(j), "true, false or a file name")) {
		if (!j->valuestring[0] || strchr(j->valuestring, '/') || strcmp(j->valuestring, "..") == 0)
			err_at(v, 0, "'%s': expected a plain file name, got '%s'", key, j->valuestring);
		else
			r = arena_strdup(v->a, j->valuestring);
	}
	pop(v);
	return r;
}

/* "smtp": {"url", "user", "password_env" | "password_file", "ca_file", "starttls"};
 * a password itself never goes into the project file. */
static void
parse_smtp(struct pv *v, const cJSON *email)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(email, "smtp");
	struct project_smtp *s;
	const char *url;
	if (!j)
		return;
	push(v, "smtp");
	if (!expect(v, j, cJSON_IsObject(j), "an object {url, user, password_env or password_file}")) {
		pop(v);
		return;
	}
	s = arena_calloc(v->a, 1, sizeof *s);
	if (cJSON_GetObjectItemCaseSensitive(j, "password")) {
		push(v, "password");
		err_at(v, 1, "'password': a password does not belong in the project file; name an "
		       "environment variable with 'password_env' or a file with 'password_file'");
		pop(v);
	} else {
		check_keys(v, j, smtp_keys, N(smtp_keys), "'smtp'");
	}
	url = get_string(v, j, "url", NULL);
	if (!url && !cJSON_GetObjectItemCaseSensitive(j, "url"))
		err_at(v, 0, "'smtp': missing key 'url' (like \"smtp://mail.example.com:587\")");
	if (url && strncmp(url, "smtp://", 7) && strncmp(url, "smtps://", 8)) {
		push(v, "url");
		err_at(v, 0, "'url': expected smtp://HOST[:PORT] or smtps://HOST[:PORT], got '%s'", url);
		pop(v);
	}
	s->url = url;
	s->user = get_string(v, j, "user", NULL);
	s->password_env = get_string(v, j, "password_env", NULL);
	s->password_file = get_string(v, j, "password_file", NULL);
	if (s->password_file)
		s->password_file = resolve(v, s->password_file);
	if (s->password_env && s->password_file) {
		push(v, "password_file");
		err_at(v, 1, "'smtp': give 'password_env' or 'password_file', not both");
		pop(v);
	}
	s->ca_file = get_string(v, j, "ca_file", NULL);
	if (s->ca_file)
		s->ca_file = resolve(v, s->ca_file);
	s->starttls = get_bool(v, j, "starttls", 1);
	v->p->output.smtp = s;
	pop(v);
}

static void
parse_output(struct pv *v, const cJSON *obj)
{
	struct project_output *o = &v->p->output;
	const cJSON *j;
	const char *dir = "report";
	o->html = 1;
	o->csv = 1;
	o->pdf = "briefing.pdf";
	o->json = "results.json";
	if (obj) {
		push(v, "output");
		if (expect(v, obj, cJSON_IsObject(obj), "an object")) {
			check_keys(v, obj, output_keys, N(output_keys), "'output'");
			dir = get_string(v, obj, "dir", dir);
			o->html = get_bool(v, obj, "html", 1);
			o->csv = get_bool(v, obj, "csv", 1);
			o->xlsx = get_bool(v, obj, "xlsx", 0);
			o->pdf = file_or_bool(v, obj, "pdf", "briefing.pdf");
			o->json = file_or_bool(v, obj, "json", "results.json");
			j = cJSON_GetObjectItemCaseSensitive(obj, "archive");
			if (j) {
				push(v, "archive");
				if (cJSON_IsBool(j))
					o->archive = cJSON_IsTrue(j) ? 52 : 0;
				else if (expect(v, j, cJSON_IsNumber(j), "true, false or a number of weeks")) {
					if (j->valuedouble < 0 || j->valuedouble > 10000 ||
					    j->valuedouble != floor(j->valuedouble))
						err_at(v, 0, "'archive': expected a whole number of weeks in [0, 10000], got %g",
						       j->valuedouble);
					else
						o->archive = (int)j->valuedouble;
				}
				pop(v);
			}
			j = cJSON_GetObjectItemCaseSensitive(obj, "email");
			if (j) {
				push(v, "email");
				if (cJSON_IsObject(j)) {
					check_keys(v, j, email_keys, N(email_keys), "'email'");
					get_string(v, j, "from", NULL);
					get_string(v, j, "subject", NULL);
					for (int k = 0; k < 2; k++) if (cJSON_GetObjectItemCaseSensitive(j, k ? "cc" : "to")) {
						const cJSON *to = cJSON_GetObjectItemCaseSensitive(j, k ? "cc" : "to");
						push(v, k ? "cc" : "to");
						check_strings(v, to);
						pop(v);
					}
					o->email = j;
					parse_smtp(v, j);
				} else {
					expect(v, j, cJSON_IsFalse(j), "false or an object {to, from, subject}");
				}
				pop(v);
			}
		}
		pop(v);
	}
	o->dir = resolve(v, dir);
}

static void
parse_top(struct pv *v, const cJSON *root)
{
	struct project *p = v->p;
	const cJSON *j;
	check_keys(v, root, top_keys, N(top_keys), "project");
	p->title = get_string(v, root, "title", "Business development weekly");
	p->organization = get_string(v, root, "organization", "");
	locale_parse(get_enum(v, root, "locale", locale_names, "en"), &p->locale);
	p->theme = get_string(v, root, "theme", "default");
	if (strchr(p->theme, '/'))      /* a theme folder, relative to the project file */
		p->theme = resolve(v, p->theme);
	p->currency = get_string(v, root, "currency", "USD");
	if (cJSON_GetObjectItemCaseSensitive(root, "currency")) {
		const char *c = p->currency;
		if (strlen(c) != 3 || !isupper((unsigned char)c[0]) || !isupper((unsigned char)c[1]) ||
		    !isupper((unsigned char)c[2])) {
			push(v, "currency");
			err_at(v, 0, "'currency': expected a 3-letter ISO 4217 code like 'USD', got '%s'", c);
			pop(v);
		}
	}
	p->as_of_kind = PROJECT_ASOF_LATEST;
	j = cJSON_GetObjectItemCaseSensitive(root, "as_of");
	if (j) {
		push(v, "as_of");
		if (expect(v, j, cJSON_IsString(j), PROJECT_AS_OF_WANT) &&
		    project_parse_as_of(j->valuestring, &p->as_of_kind, &p->as_of) != 0)
			err_at(v, 0, "'as_of': expected " PROJECT_AS_OF_WANT ", got '%s'", j->valuestring);
		pop(v);
	}
	p->strict = get_bool(v, root, "strict", 0);    /* before the datasets: their default */
	j = cJSON_GetObjectItemCaseSensitive(root, "datasets");
	if (!j) {
		err_at(v, 0, "missing key 'datasets' in project (roles: orders, customers, opportunities, partners, schemes, marketing)");
	} else {
		push(v, "datasets");
		if (expect(v, j, cJSON_IsObject(j), "an object")) {
			if (!j->child)
				err_at(v, 0, "'datasets': expected at least one dataset");
			for (const cJSON *c = j->child; c; c = c->next) {
				size_t r;
				for (r = 0; r < PROJECT_NROLES; r++)
					if (strcmp(c->string, project_role_names[r]) == 0)
						break;
				push(v, c->string);
				if (r == PROJECT_NROLES) {
					const char *s = suggest_closest(c->string, project_role_names, PROJECT_NROLES);
					if (s)
						err_at(v, 1, "unknown dataset role '%s'; did you mean '%s'?", c->string, s);
					else
						err_at(v, 1, "unknown dataset role '%s' (roles: orders, customers, opportunities, partners, schemes, marketing)",
						       c->string);
				} else {
					parse_dataset(v, c, (enum project_role)r);
				}
				pop(v);
			}
		}
		pop(v);
	}
	j = cJSON_GetObjectItemCaseSensitive(root, "analyses");
	if (j) {
		push(v, "analyses");
		if (expect(v, j, cJSON_IsObject(j), "an object"))
			p->analyses = j; /* its members are checked by the analysis layer */
		pop(v);
	}
	parse_output(v, cJSON_GetObjectItemCaseSensitive(root, "output"));
	p->paper = "A4";
	j = cJSON_GetObjectItemCaseSensitive(root, "pdf");
	if (j) {
		push(v, "pdf");
		if (expect(v, j, cJSON_IsObject(j), "an object")) {
			const cJSON *sec = cJSON_GetObjectItemCaseSensitive(j, "sections");
			check_keys(v, j, pdf_keys, N(pdf_keys), "'pdf'");
			p->paper = get_enum(v, j, "paper", "A4|Letter", "A4");
			if (sec) {
				size_t i = 0;
				push(v, "sections");
				if (expect(v, sec, cJSON_IsArray(sec), "an array of section names")) {
					p->pdf_sections = sec;
					for (const cJSON *c = sec->child; c; c = c->next, i++) {
						push_index(v, i);
						if (expect(v, c, cJSON_IsString(c), "a section name")) {
							size_t k;
							for (k = 0; k < N(pdf_sections); k++)
								if (!strcmp(c->valuestring, pdf_sections[k]))
									break;
							if (k == N(pdf_sections)) {
								const char *s = suggest_closest(c->valuestring, pdf_sections, N(pdf_sections));
								err_at(v, 0, "unknown pdf section '%s'%s%s%s", c->valuestring,
								       s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
							}
						}
						pop(v);
					}
				}
				pop(v);
			}
		}
		pop(v);
	}
}

struct project *
project_parse(struct arena *a, const char *file, const char *text, size_t len, struct diag *d)
{
	struct project *p = arena_calloc(a, 1, sizeof *p);
	struct pv v = { a, p, { 0 } };
	const char *slash;
	int errors_before = d->nerrors;
	p->file = arena_strdup(a, file);
	slash = strrchr(file, '/');
	p->dir = slash ? arena_strndup(a, file, slash == file ? 1 : (size_t)(slash - file)) : ".";
	p->text = text;
	p->len = len;
	jsoncheck_init(&v.c, p->file, text, len, d);
	if (memchr(text, '\0', len)) {
		struct diag_loc loc = { p->file, 0, 0 };
		jsonpos_linecol(text, strlen(text), &loc.line, &loc.col);
		diag_error(d, BD_EINPUT, &loc, "malformed JSON: NUL byte in the project file");
		return NULL;
	}
	p->root = cJSON_ParseWithLength(text, len);
	if (!p->root) {
		const char *ep = cJSON_GetErrorPtr();
		struct diag_loc loc = { p->file, 0, 0 };
		size_t off = ep && ep >= text && ep <= text + len ? (size_t)(ep - text) : len;
		char near[40];
		size_t rest = off;
		while (rest < len && strchr(" \t\r\n", text[rest]))
			rest++;
		if (rest >= len)
			off = len;
		/* cJSON stops after the blank following the offending character */
		while (off < len && off > 0 && strchr(" \t\r\n", text[off]))
			off--;
		jsonpos_linecol(text, off, &loc.line, &loc.col);
		if (off >= len)
			diag_error(d, BD_EINPUT, &loc, "malformed JSON: unexpected end of file");
		else
			diag_error(d, BD_EINPUT, &loc, "malformed JSON near \"%s\"",
			           diag_quote(near, sizeof near, text + off, 16));
		return NULL;
	}
	if (!cJSON_IsObject(p->root)) {
		struct diag_loc loc = { p->file, 1, 1 };
		jsonpos_linecol(text, (size_t)(jsonpos_find(text, len, NULL, 0, 0) < 0 ? 0 : jsonpos_find(text, len, NULL, 0, 0)), &loc.line, &loc.col);
		diag_error(d, BD_EINPUT, &loc, "expected the project to be a JSON object, got %s",
		           type_name(p->root));
		project_finish(p);
		return NULL;
	}
	parse_top(&v, p->root);
	if (d->nerrors > errors_before) {
		project_finish(p);
		return NULL;
	}
	return p;
}

struct project *
project_load(struct arena *a, const char *path, struct diag *d)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char tmp[65536];
	size_t n;
	struct project *p;
	if (!f) {
		struct diag_loc loc = { path, 0, 0 };
		diag_error(d, errno == ENOENT ? BD_EINPUT : BD_EIO, &loc, "cannot open project file: %s",
		           strerror(errno));
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		buf_add(&b, tmp, n);
		if (b.len > 16u << 20) {
			struct diag_loc loc = { path, 0, 0 };
			fclose(f);
			buf_release(&b);
			diag_error(d, BD_EINPUT, &loc, "project file is larger than 16 MB");
			return NULL;
		}
	}
	if (ferror(f)) {
		struct diag_loc loc = { path, 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot read project file: %s", strerror(errno));
		fclose(f);
		buf_release(&b);
		return NULL;
	}
	fclose(f);
	{
		char *text = arena_alloc(a, b.len + 1);
		memcpy(text, buf_str(&b), b.len);
		text[b.len] = '\0';
		n = b.len;
		buf_release(&b);
		p = project_parse(a, path, text, n, d);
	}
	return p;
}

void
project_finish(struct project *p)
{
	if (!p)
		return;
	cJSON_Delete(p->root);
	p->root = NULL;
	p->analyses = NULL;
}

int
project_enabled(const struct project *p, const char *analysis)
{
	const cJSON *j = p->analyses ? cJSON_GetObjectItemCaseSensitive(p->analyses, analysis) : NULL;
	return !cJSON_IsFalse(j);
}

const cJSON *
project_params(const struct project *p, const char *analysis)
{
	const cJSON *j = p->analyses ? cJSON_GetObjectItemCaseSensitive(p->analyses, analysis) : NULL;
	return cJSON_IsObject(j) ? j : NULL;
}

void
project_locate(const struct project *p, const char *dotted, struct diag_loc *loc)
{
	struct jsonpos_step steps[16];
	char tmp[512];
	size_t n = 0;
	long off;
	loc->file = p->file;
	loc->line = loc->col = 0;
	if (strlen(dotted) >= sizeof tmp)
		return;
	strcpy(tmp, dotted);
	for (char *s = strtok(tmp, "."); s && n < 16; s = strtok(NULL, "."))
		steps[n++] = (struct jsonpos_step){ s, 0 };
	off = jsonpos_find(p->text, p->len, steps, n, 0);
	if (off >= 0)
		jsonpos_linecol(p->text, (size_t)off, &loc->line, &loc->col);
}

enum locale
project_locale(const struct project *p)
{
	return p ? p->locale : LOCALE_EN;
}
