/* SPDX-License-Identifier: MIT
 * send: delivers the built briefing.eml over SMTP (libcurl: STARTTLS or implicit TLS,
 * AUTH) to the project's recipients, once per briefing: a marker in the report
 * folder (briefing.sent) remembers what was delivered. CLI layer. */
#ifndef CLI_SEND_H
#define CLI_SEND_H

#include "base/diag.h"
#include "ingest/project.h"

#define SEND_MARKER "briefing.sent"

/* Submits dir/briefing.eml through p's "output.email.smtp" to every "to" and "cc"
 * address, from "from". The password comes from the environment variable named by
 * password_env or the first line of password_file. When dir/briefing.sent already
 * names this exact briefing (a hash of its bytes), nothing is sent (a note says so);
 * after a delivery the marker is written. Returns an enum bd_status: BD_EINPUT for a
 * project without email.smtp or a password that cannot be found, BD_EIO when
 * briefing.eml is missing or the delivery fails (the server's last reply is in the
 * message; the report stays in place). */
int send_briefing(const struct project *p, const char *dir, struct diag *d);

/* A rebuild replaces the report folder: carries out/briefing.sent over into the new
 * folder tmp (an empty one when there is none, so that the report's manifest lists it),
 * so an unchanged briefing is not sent again. Returns an enum bd_status. */
int send_keep_marker(const char *tmp, const char *out, struct diag *d);

#endif
