/* SPDX-License-Identifier: MIT
 * main: argv to a command and an exit status; everything else is in cli.c. */
#include "base/diag.h"
#include "cli/cli.h"

int
main(int argc, char **argv)
{
	struct diag d;
	int rc;
	diag_init(&d);
	rc = cli_main(argc, argv, &d);
	return rc ? rc : d.status;
}
