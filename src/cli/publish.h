/* SPDX-License-Identifier: MIT
 * publish: the weekly-publishing steps of `bdreport build` that come after the
 * renderers: the email-ready briefing (briefing.eml), the archive of past weeks, and
 * the one summary line printed on success (silenced by --quiet). CLI layer. */
#ifndef CLI_PUBLISH_H
#define CLI_PUBLISH_H

#include "base/diag.h"
#include "cli/build.h"

#define PUBLISH_EMAIL_FILE "briefing.eml"

/* With the report complete in tmp (about to replace out): writes tmp/briefing.eml when
 * the project has "output": {"email": {...}} and PDF output is on (attaching the PDF
 * when it was written), then updates the archive when "output": {"archive": ...} is on
 * (and otherwise carries an existing archive over unchanged).
 * Returns an enum bd_status; errors were reported through d. */
int publish_outputs(struct build *b, const struct build_opts *o, const char *tmp,
                    const char *out, struct diag *d);

/* The summary line after a successful build, through diag_progress:
 *   bdreport: built report/ (8 pages, briefing.pdf 212 KB, archive 2026-W47) in 1.4 s
 * pages = the .html files at the top of out; seconds = the sum of b's phases. */
void publish_summary(const struct build *b, const char *out, struct diag *d);

#endif
