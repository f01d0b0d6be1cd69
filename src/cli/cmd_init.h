/* SPDX-License-Identifier: MIT
 * cmd_init: `bdreport init DIR` writes a starter project (bdreport.json using every
 * dataset role, small sample CSV files, README.md) that `bdreport check` accepts. */
#ifndef CLI_CMD_INIT_H
#define CLI_CMD_INIT_H
#include "base/diag.h"

/* argv[0] is "init". Refuses an existing non-empty DIR (status 1). Returns the exit status. */
int cmd_init(int argc, char **argv, struct diag *d);
#endif
