/* SPDX-License-Identifier: MIT
 * cmd_render: `bdreport render TEMPLATE [DATA] [--partials DIR]...` (DESIGN.md §3):
 * renders a mustache template against JSON to standard output. CLI layer. */
#ifndef CLI_CMD_RENDER_H
#define CLI_CMD_RENDER_H
#include "base/diag.h"

/* argv[0] is "render". Returns the exit status. */
int cmd_render(int argc, char **argv, struct diag *d);
#endif
