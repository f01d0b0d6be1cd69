/* SPDX-License-Identifier: MIT
 * cmd_render: temporary stub so the command line links before the template engine
 * lands; the real implementation replaces this file at merge. */
#include "cli/cmd_render.h"

int
cmd_render(int argc, char **argv, struct diag *d)
{
	(void)argc;
	(void)argv;
	diag_error(d, BD_EUSAGE, NULL, "render is not available in this build");
	return BD_EUSAGE;
}
