/* SPDX-License-Identifier: MIT
 * The fixture shared by the tests of the renderers that take their colours and font
 * from the theme (test_email, test_archive): the built-in dark theme, loaded from the
 * source tree's themes/ (the tests run there) as a group setup. */
#ifndef TESTS_THEMEFX_H
#define TESTS_THEMEFX_H

#include "testutil.h"

#include "render/theme.h"

static struct theme *theme;

static int
load_theme(void **s)
{
	struct diag d;
	(void)s;
	if (!getenv("BDREPORT_DATA_DIR"))
		setenv("BDREPORT_DATA_DIR", ".", 1);
	diag_init(&d);
	theme = theme_load("dark", &d);
	return theme ? 0 : -1;
}

static int
free_theme(void **s)
{
	(void)s;
	theme_destroy(theme);
	return 0;
}

#endif
