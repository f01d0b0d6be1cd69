/* SPDX-License-Identifier: MIT
 * pgin: PostgreSQL datasets (see pgin.h). The query is described first (column
 * types, and syntax errors before any row moves), then copied out as CSV into one
 * buffer that becomes the CSV reader's source without another copy. */
#include "ingest/pgin.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ingest/csvin.h"
#include "ingest/source.h"
#include "ingest/sqlin.h"

int
pgin_has_password(const char *conninfo)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
	int found = 0;
	PQfreemem(err);
	if (!opts)
		return 0;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, "password") && o->val && o->val[0])
			found = 1;
	PQconninfoFree(opts);
	return found;
}

/* The first line of libpq's message (they end with a newline, some have hints). */
static const char *
first_line(char *msg)
{
	char *nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	return msg;
}

static int
query_error(struct diag *d, const struct diag_loc *qloc, PGconn *c, PGresult *r, const char *what)
{
	char *m = xstrdup(r ? PQresultErrorMessage(r) : PQerrorMessage(c));
	diag_error(d, BD_EINPUT, qloc, "%s: %s", what, first_line(m));
	free(m);
	PQclear(r);
	return -1;
}

/* Runs a statement that returns no rows; -1 after reporting. */
static int
run(struct diag *d, const struct diag_loc *loc, PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return query_error(d, loc, c, r, sql);
	PQclear(r);
	return 0;
}

static enum ingest_type
oid_type(Oid oid)
{
	switch (oid) {
	case 20: case 21: case 23: case 700: case 701: case 1700:  /* int8 int2 int4 float4 float8 numeric */
		return INGEST_NUM;
	case 1082: case 1114: case 1184:                            /* date timestamp timestamptz */
		return INGEST_DATE;
	case 25: case 1042: case 1043: case 19:                     /* text bpchar varchar name */
		return INGEST_TEXT;
	default:
		return INGEST_AUTO;
	}
}

struct table *
pgin_read(struct arena *a, struct diag *d, const char *conninfo, const char *query,
          const char *display, const struct diag_loc *qloc, const struct ingest_opts *opts)
{
	static const struct ingest_opts defaults;
	struct diag_loc loc = { display ? display : conninfo, 0, 0 };
	struct ingest_opts o = opts ? *opts : defaults;
	struct ingest_typed typed;
	enum ingest_type *types = NULL;
	struct source src;
	struct buf copy, q;
	PGconn *c;
	PGresult *r;
	size_t n, len;
	struct table *t = NULL;
	char *row;
	int got;
	if (!qloc)
		qloc = &loc;
	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		char *m = xstrdup(PQerrorMessage(c));
		diag_error(d, BD_EIO, &loc, "cannot connect to PostgreSQL: %s", first_line(m));
		free(m);
		PQfinish(c);
		return NULL;
	}
	buf_init(&q);
	buf_init(&copy);
	if (PQsetClientEncoding(c, "UTF8") != 0 ||
	    run(d, &loc, c, "SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; "
	                    "SET extra_float_digits = 1; BEGIN TRANSACTION READ ONLY") < 0)
		goto out;
	/* a trailing ';' would end the COPY's parenthesis */
	len = strlen(query);
	while (len > 0 && strchr(" \t\r\n;", query[len - 1]))
		len--;
	buf_add(&q, query, len);
	r = PQprepare(c, "", buf_str(&q), 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		query_error(d, qloc, c, r, "query");
		goto out;
	}
	PQclear(r);
	r = PQdescribePrepared(c, "");
	if (PQresultStatus(r) != PGRES_COMMAND_OK || PQnfields(r) == 0) {
		if (PQresultStatus(r) == PGRES_COMMAND_OK)
			diag_error(d, BD_EINPUT, qloc, "query: expected a SELECT that returns rows");
		else
			query_error(d, qloc, c, r, "query");
		PQclear(r);
		goto out;
	}
	n = (size_t)PQnfields(r);
	types = xcalloc(n, sizeof *types);
	for (size_t j = 0; j < n; j++)
		types[j] = oid_type(PQftype(r, (int)j));
	PQclear(r);
	buf_reset(&q);
	buf_puts(&q, "COPY (");
	buf_add(&q, query, len);
	buf_puts(&q, ") TO STDOUT WITH (FORMAT csv, HEADER true)");
	r = PQexec(c, buf_str(&q));
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		query_error(d, qloc, c, r, "query");
		goto out;
	}
	PQclear(r);
	while ((got = PQgetCopyData(c, &row, 0)) > 0) {
		buf_add(&copy, row, (size_t)got);
		PQfreemem(row);
	}
	r = PQgetResult(c);
	if (got == -2 || PQresultStatus(r) != PGRES_COMMAND_OK) {
		query_error(d, qloc, c, r, "query");
		goto out;
	}
	PQclear(r);
	while ((r = PQgetResult(c)) != NULL)
		PQclear(r);
	run(d, &loc, c, "COMMIT");
	PQfinish(c);
	c = NULL;
	/* the copied text is the CSV reader's source as it is */
	memset(&src, 0, sizeof src);
	src.len = copy.len;
	src.base = buf_detach(&copy, &len);
	src.data = src.base ? src.base : "";
	src.path = loc.file;
	src.raw_len = src.len;
	o.format = INGEST_CSV;
	o.delimiter = ",";
	o.encoding = NULL;
	o.num.decimal = '.';
	o.num.thousands = 0;
	ingest_typed_opts(&typed, &o, types, n);
	t = csvin_parse(a, d, &src, &typed.opts);
	source_release(&src);
out:
	if (c)
		PQfinish(c);
	free(types);
	buf_release(&q);
	buf_release(&copy);
	return t;
}
