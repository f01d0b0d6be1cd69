/* SPDX-License-Identifier: MIT
 * cli: the command line (DESIGN.md §3): dispatches argv to build, check, analyze,
 * render, init, send and help; parses options; maps results to exit statuses. */
#ifndef CLI_CLI_H
#define CLI_CLI_H
#include "base/diag.h"

#define CLI_VERSION "bdreport 0.1.0"

/* Runs the command line; returns the exit status (0 ok, 1 bad input, 2 usage,
 * 3 I/O, 4 internal). Results go to standard output, diagnostics through d. */
int cli_main(int argc, char **argv, struct diag *d);

/* The commands (argv[0] is the command name). */
int cli_build(int argc, char **argv, struct diag *d);
int cli_check(int argc, char **argv, struct diag *d);
int cli_analyze(int argc, char **argv, struct diag *d);
int cli_send(int argc, char **argv, struct diag *d);
#endif
