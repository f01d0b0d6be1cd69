/* SPDX-License-Identifier: MIT
 * xlsxout: targets.xlsx (see xlsxout.h). libxlsxwriter assembles the workbook in
 * memory and zips it on close with fixed entry dates; only the creation time in
 * docProps varies, and the caller fixes it. */
#include "render/xlsxout.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

#include "base/buf.h"

static double
width_of(enum targets_col_kind kind, size_t j)
{
	if (j == 1)
		return 14;                  /* id */
	if (j == 2)
		return 28;                  /* name */
	switch (kind) {
	case TARGETS_COL_RANK: return 7;
	case TARGETS_COL_MONEY: return 15;
	case TARGETS_COL_PROB: return 10;
	case TARGETS_COL_NUMBER: return 10;
	default: return 16;
	}
}

static int
reason_col(enum targets_kind k, size_t j)
{
	return j + 2 >= targets_ncols(k);
}

int
xlsxout_targets(const struct targets_result *t, const char *dir, const char *name,
                time_t created, struct diag *d)
{
	struct buf path;
	lxw_workbook *wb;
	lxw_format *head, *money, *prob, *wrap;
	lxw_doc_properties props;
	lxw_error err;
	int any = 0;
	for (int k = 0; t && k < TARGETS_NLISTS; k++)
		any |= t->list[k].present;
	if (!any)
		return BD_OK;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		struct diag_loc loc = { dir, 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot create folder: %s", strerror(errno));
		return BD_EIO;
	}
	buf_init(&path);
	buf_printf(&path, "%s/%s", dir, name);
	wb = workbook_new(buf_str(&path));
	if (!wb) {
		struct diag_loc loc = { buf_str(&path), 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot create the workbook");
		buf_release(&path);
		return BD_EIO;
	}
	memset(&props, 0, sizeof props);
	props.created = created;
	workbook_set_properties(wb, &props);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bottom(head, LXW_BORDER_THIN);
	money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	prob = workbook_add_format(wb);
	format_set_num_format(prob, "0.00%");
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	for (int k = 0; k < TARGETS_NLISTS; k++) {
		const struct targets_list *l = &t->list[k];
		size_t n = targets_ncols((enum targets_kind)k);
		lxw_worksheet *ws;
		if (!l->present)
			continue;
		ws = workbook_add_worksheet(wb, targets_key((enum targets_kind)k));
		for (size_t j = 0; j < n; j++) {
			enum targets_col_kind kind;
			const char *col = targets_col(l->kind, j, &kind);
			lxw_format *f = kind == TARGETS_COL_MONEY ? money : kind == TARGETS_COL_PROB ? prob :
			                reason_col(l->kind, j) ? wrap : NULL;
			worksheet_write_string(ws, 0, (lxw_col_t)j, col, head);
			worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
			                     reason_col(l->kind, j) ? 60 : width_of(kind, j), f);
		}
		for (size_t r = 0; r < l->n; r++) {
			for (size_t j = 0; j < n; j++) {
				enum targets_col_kind kind;
				double v;
				const char *s = targets_cell(l, r, j, &v);
				lxw_format *f;
				targets_col(l->kind, j, &kind);
				f = kind == TARGETS_COL_MONEY ? money : kind == TARGETS_COL_PROB ? prob :
				    reason_col(l->kind, j) ? wrap : NULL;
				if (kind == TARGETS_COL_TEXT && s && *s)
					worksheet_write_string(ws, (lxw_row_t)r + 1, (lxw_col_t)j, s, f);
				else if (kind != TARGETS_COL_TEXT && isfinite(v))
					worksheet_write_number(ws, (lxw_row_t)r + 1, (lxw_col_t)j, v, f);
			}
		}
		worksheet_freeze_panes(ws, 1, 0);
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)l->n, (lxw_col_t)(n - 1));
	}
	err = workbook_close(wb);
	if (err != LXW_NO_ERROR) {
		struct diag_loc loc = { buf_str(&path), 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot write the workbook: %s", lxw_strerror(err));
		buf_release(&path);
		return BD_EIO;
	}
	buf_release(&path);
	return BD_OK;
}
