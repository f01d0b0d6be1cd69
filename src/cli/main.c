/* SPDX-License-Identifier: MIT
 * main: argv to a command and an exit status; nothing else (placeholder until
 * the command-line module lands). */
#include <stdio.h>
#include <string.h>

#include "base/diag.h"

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts("bdreport 0.1.0");
		return BD_OK;
	}
	fprintf(stderr, "usage: bdreport COMMAND [ARGS]\n");
	return BD_EUSAGE;
}
