/* SPDX-License-Identifier: MIT
 * help: looks commands up in the table generated from the manual page. */
#include "cli/help.h"

#include <string.h>

const char *
help_lookup(const char *command)
{
	for (size_t i = 0; i < help_text_count; i++)
		if (strcmp(help_text_pages[i].command, command) == 0)
			return help_text_pages[i].text;
	return NULL;
}

int
help_print(const char *command, FILE *out)
{
	const char *t = help_lookup(command);
	if (!t)
		return -1;
	fputs(t, out);
	return 0;
}
