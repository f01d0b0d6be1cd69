/* SPDX-License-Identifier: MIT
 * help: `bdreport help COMMAND` prints the command's section of the manual page. The
 * texts are in help_text.c, generated from doc/bdreport.1 by tools/mkhelp.sh, so the
 * manual and the built-in help have one source. CLI layer. */
#ifndef CLI_HELP_H
#define CLI_HELP_H

#include <stddef.h>
#include <stdio.h>

struct help_text_page {
	const char *command;        /* "build", "check", ... */
	const char *text;           /* the section as plain text, lines ending in '\n' */
};

/* The generated table (help_text.c), in the manual's order. */
extern const struct help_text_page help_text_pages[];
extern const size_t help_text_count;

/* The manual text of command, or NULL when the manual has no such section. */
const char *help_lookup(const char *command);

/* Prints the manual text of command to out. Returns 0, or -1 when there is none (then
 * nothing is printed). */
int help_print(const char *command, FILE *out);

#endif
