/* SPDX-License-Identifier: MIT
 * reasons: turns a scored row's model contributions coef x (x - mean) into short
 * sentences for the target lists, in en and zh-CN ("engagement score 82, well above
 * the average of 51"; "no order for 140 days, usually orders every 20"). Deterministic
 * templates per feature kind. Analysis layer; used by targets. */
#ifndef ANALYSIS_REASONS_H
#define ANALYSIS_REASONS_H
#include <stddef.h>
#include "base/buf.h"
#include "base/locale.h"

enum reasons_kind {
	REASONS_NUMBER,         /* "engagement score 82, well above the average of 51" */
	REASONS_MONEY,          /* "deal size $18.8k, above the average of $9.1k" */
	REASONS_FREQUENCY,      /* "3 orders, well below the average of 12" */
	REASONS_RECENCY,        /* "no order for 140 days, usually orders every 20" */
	REASONS_LEVEL,          /* "industry is Energy" (a one-hot level the row has) */
	REASONS_FLAG,           /* "competitor activity: yes" (a 0/1 feature) */
};

/* One reason: a feature of the row against the model's average. */
struct reasons_term {
	const char *feature;    /* feature name as configured ("engagement_score", "industry") */
	const char *level;      /* REASONS_LEVEL: the level; NULL otherwise */
	enum reasons_kind kind;
	double value;           /* the row's value (days for recency) */
	double mean;            /* the average over the model's rows */
	double usual;           /* REASONS_RECENCY: the row's usual days between orders;
	                           NaN when unknown (the average is quoted instead) */
	const char *group;      /* NULL: mean is the model's average; else mean is the median
	                           of this group ("well below the Champions median of 8") */
};

/* The kind a feature name suggests: recency -> RECENCY; frequency, orders -> FREQUENCY;
 * monetary, amount, revenue, annual_revenue, clv, value -> MONEY; anything else NUMBER.
 * is_level != 0 gives LEVEL. Callers turn NUMBER into FLAG for 0/1 columns. */
enum reasons_kind reasons_kind_of(const char *feature, int is_level);

/* Appends the feature's display label: en "engagement score" (underscores as blanks,
 * a few renamed: monetary -> "total spend", amount -> "deal size"); zh-CN from a small
 * dictionary of the role fields (the name itself when unknown). */
void reasons_label(struct buf *b, const char *feature, enum locale locale);

/* Appends the sentence for t in locale (LOCALE_EN or LOCALE_ZH_CN); money in currency (an ISO
 * code). "well above/below" when the value differs from the average by at least half
 * the average's size, "close to" within 5%. */
void reasons_text(struct buf *b, const struct reasons_term *t, enum locale locale,
                  const char *currency);

/* Picks up to k columns with the largest contributions toward the outcome (sign > 0:
 * the largest positive contrib[j], sign < 0: the most negative), leaving out columns
 * with skip[j] != 0 (skip may be NULL) and contributions of the wrong sign or zero.
 * Ties go to the lower column index. Writes the column indices to out in order of
 * strength and returns how many. */
size_t reasons_pick(const double *contrib, const unsigned char *skip, size_t p, int sign,
                    size_t *out, size_t k);
#endif
