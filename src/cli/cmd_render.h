/* SPDX-License-Identifier: MIT
 * cmd_render: `bdreport render TEMPLATE [DATA] [--partials DIR]...` renders a mustache
 * template against a JSON file (or standard input) to standard output; the CLI
 * dispatcher in main.c calls it. */
#ifndef CLI_CMD_RENDER_H
#define CLI_CMD_RENDER_H

#include "base/diag.h"

/* argv[0] is "render". DATA absent or "-" reads standard input. Partials are looked
 * up in each --partials DIR in order, then in the template's own folder. Prints
 * exactly the rendered text to stdout. Returns the exit status: 0 ok, 1 bad template
 * or data (reported as FILE:LINE:COL), 2 usage, 3 I/O. */
int cmd_render(int argc, char **argv, struct diag *d);

#endif
