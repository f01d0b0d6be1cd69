/* SPDX-License-Identifier: MIT
 * pgin: the rows of a query on a PostgreSQL server (or one that speaks its protocol:
 * Citus, Greenplum, Redshift) into a table. libpq streams the result as CSV through
 * COPY ... TO STDOUT, so the server's rows pass libpq one at a time; the existing CSV
 * reader parses them (ingest <- pgin <- csvin, libpq). */
#ifndef INGEST_PGIN_H
#define INGEST_PGIN_H

#include "ingest/ingest.h"

/* 1 if the libpq connection string (key=value pairs or a postgresql:// URI) holds a
 * password; 0 otherwise, also when it cannot be parsed (libpq reports that later). */
int pgin_has_password(const char *conninfo);

/* Connects with conninfo (passwords from ~/.pgpass, PGPASSWORD or a service file, as
 * libpq does), and in a read-only transaction runs
 *     COPY (query) TO STDOUT WITH (FORMAT csv, HEADER)
 * with DateStyle ISO and TimeZone UTC. Each column starts from the type the server
 * describes (integers, floats, numeric -> number; date, timestamp[tz] -> date; text,
 * varchar, char -> text; others inferred); numbers arrive with a decimal point, so
 * the dataset's decimal_comma and thousands do not apply. display names the server
 * in messages, qloc the query (NULL = display). Returns NULL after reporting:
 * BD_EIO when the connection fails, BD_EINPUT when the query does. */
struct table *pgin_read(struct arena *a, struct diag *d, const char *conninfo, const char *query,
                        const char *display, const struct diag_loc *qloc,
                        const struct ingest_opts *opts);

#endif
