/* SPDX-License-Identifier: MIT
 * funnel: classifies every deal by its stage (open stage in order, won, lost), adds
 * counts, amounts and sales cycles per stage and per breakdown value, and writes the
 * "funnel" part of the report model with its two charts. */
#include "analysis/funnel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fmt.h"
#include "analysis/custagg.h"
#include "analysis/modelfmt.h"

/* The stage lists: which open stages to show and what each dictionary code of the
 * stage column is: open stage index (0..), or -1 won, -2 lost, -3 unknown. */
struct plan {
	size_t nopen;
	const char **open_name;         /* shown open stages */
	const char *won_name, *lost_name;
	int *cls;                       /* per dictionary code: shown stage index or -3 */
};

static const char *
first_seen(const char *const *list, size_t n, const unsigned char *seen)
{
	for (size_t i = 0; i < n; i++)
		if (seen[i])
			return list[i];
	return n ? list[0] : "";
}

static void
make_plan(struct arena *a, const struct table_column *st, const size_t *dict_count,
          const struct project_dataset *spec, int show_all, struct plan *pl)
{
	unsigned char *seen_open = arena_calloc(a, spec->nstages + 1, 1);
	unsigned char *seen_won = arena_calloc(a, spec->nwon + 1, 1);
	unsigned char *seen_lost = arena_calloc(a, spec->nlost + 1, 1);
	long *open_of = arena_calloc(a, st->ndict + 1, sizeof *open_of);
	size_t *slot = arena_calloc(a, spec->nstages + 1, sizeof *slot);
	pl->cls = arena_calloc(a, st->ndict + 1, sizeof *pl->cls);
	for (size_t k = 0; k < st->ndict; k++) {
		long i;
		open_of[k] = -1;
		pl->cls[k] = -3;
		if (!dict_count[k])
			continue;
		if ((i = dataset_stage_index(spec->won, spec->nwon, st->dict[k])) >= 0) {
			seen_won[i] = 1;
			pl->cls[k] = -1;
		} else if ((i = dataset_stage_index(spec->lost, spec->nlost, st->dict[k])) >= 0) {
			seen_lost[i] = 1;
			pl->cls[k] = -2;
		} else if ((i = dataset_stage_index(spec->stages, spec->nstages, st->dict[k])) >= 0) {
			seen_open[i] = 1;
			open_of[k] = i;
		}
	}
	pl->open_name = arena_calloc(a, spec->nstages + 1, sizeof *pl->open_name);
	pl->nopen = 0;
	for (size_t i = 0; i < spec->nstages; i++)
		if (show_all || seen_open[i]) {
			slot[i] = pl->nopen;
			pl->open_name[pl->nopen++] = spec->stages[i];
		}
	for (size_t k = 0; k < st->ndict; k++)
		if (open_of[k] >= 0)
			pl->cls[k] = (int)slot[open_of[k]];
	pl->won_name = first_seen(spec->won, spec->nwon, seen_won);
	pl->lost_name = first_seen(spec->lost, spec->nlost, seen_lost);
}

/* Stage index of a row in the result's stage array, or -1 (missing or unknown). */
static long
stage_of(const struct plan *pl, const struct table_column *st, size_t r)
{
	int32_t k = st->code[r];
	if (k < 0)
		return -1;
	switch (pl->cls[k]) {
	case -1: return (long)pl->nopen;
	case -2: return (long)pl->nopen + 1;
	case -3: return -1;
	default: return pl->cls[k];
	}
}

/* What a deal was on as_of (NaN: no point in time): its stage index as stage_of,
 * FUNNEL_LATER when created after as_of, FUNNEL_OPEN_THEN when it closed after
 * as_of (open that day, its open stage unknown), -1 when its stage is unknown. */
#define FUNNEL_LATER (-4)
#define FUNNEL_OPEN_THEN (-5)
static long
stage_at(const struct plan *pl, const struct table_column *st, const struct table_column *cr,
         const struct table_column *cl, double as_of, size_t r)
{
	long s = stage_of(pl, st, r);
	if (s < 0 || as_of != as_of)
		return s;
	if (cr && floor(cr->num[r]) > as_of)
		return FUNNEL_LATER;
	if ((size_t)s >= pl->nopen && cl && floor(cl->num[r]) > as_of)
		return FUNNEL_OPEN_THEN;
	return s;
}

static double
cycle_of(const struct table_column *cr, const struct table_column *cl, size_t r)
{
	if (!cr || !cl)
		return NAN;
	return floor(cl->num[r]) - floor(cr->num[r]);
}

struct named {
	const char *s;
	size_t k;
};

static int
cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->s, ((const struct named *)b)->s);
}

static void
breakdown(struct arena *a, const struct table *t, const struct table_column *bc,
          const struct plan *pl, const struct table_column *st, const struct table_column *am,
          const struct table_column *cr, const struct table_column *cl, size_t nstages,
          double as_of, struct funnel_breakdown *b)
{
	size_t nd = bc->ndict;
	size_t *order, ng = 0;
	long *gi = xmalloc((nd + 1) * sizeof *gi);
	size_t *nuse = xcalloc(nd + 1, sizeof *nuse);
	for (size_t r = 0; r < t->nrows; r++)
		if (bc->code[r] >= 0 && (stage_at(pl, st, cr, cl, as_of, r) >= 0 ||
		                         stage_at(pl, st, cr, cl, as_of, r) == FUNNEL_OPEN_THEN))
			nuse[bc->code[r]]++;
	order = xmalloc((nd + 1) * sizeof *order);
	for (size_t k = 0; k < nd; k++)
		if (nuse[k])
			order[ng++] = k;
	{
		/* by value, byte order (dictionary strings are distinct) */
		struct named *tmp = xmalloc((ng + 1) * sizeof *tmp);
		for (size_t i = 0; i < ng; i++) {
			tmp[i].s = bc->dict[order[i]];
			tmp[i].k = order[i];
		}
		qsort(tmp, ng, sizeof *tmp, cmp_named);
		for (size_t i = 0; i < ng; i++)
			order[i] = tmp[i].k;
		free(tmp);
	}
	for (size_t k = 0; k < nd; k++)
		gi[k] = -1;
	for (size_t i = 0; i < ng; i++)
		gi[order[i]] = (long)i;
	b->field = bc->name;
	b->ngroups = ng;
	b->groups = arena_calloc(a, ng ? ng : 1, sizeof *b->groups);
	b->missing = 0;
	double **cyc = xcalloc(ng + 1, sizeof *cyc);
	size_t *ncyc = xcalloc(ng + 1, sizeof *ncyc);
	for (size_t i = 0; i < ng; i++) {
		struct funnel_group *g = &b->groups[i];
		g->value = bc->dict[order[i]];
		g->stage_counts = arena_calloc(a, nstages, sizeof *g->stage_counts);
		cyc[i] = xmalloc((nuse[order[i]] + 1) * sizeof **cyc);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		long s = stage_at(pl, st, cr, cl, as_of, r);
		struct funnel_group *g;
		double amt;
		if (s < 0 && s != FUNNEL_OPEN_THEN)
			continue;
		if (bc->code[r] < 0) {
			b->missing++;
			continue;
		}
		size_t i = (size_t)gi[bc->code[r]];
		g = &b->groups[i];
		amt = am ? am->num[r] : NAN;
		g->deals++;
		if (s >= 0)
			g->stage_counts[s]++;
		if (s == FUNNEL_OPEN_THEN) {
			g->open++;
			if (amt == amt)
				g->open_amount += amt;
		} else if ((size_t)s == pl->nopen) {
			double c = cycle_of(cr, cl, r);
			g->won++;
			if (amt == amt)
				g->won_amount += amt;
			if (c == c)
				cyc[i][ncyc[i]++] = c;
		} else if ((size_t)s == pl->nopen + 1) {
			g->lost++;
		} else {
			g->open++;
			if (amt == amt)
				g->open_amount += amt;
		}
	}
	for (size_t i = 0; i < ng; i++) {
		struct funnel_group *g = &b->groups[i];
		g->win_rate = g->won + g->lost ? (double)g->won / (double)(g->won + g->lost) : NAN;
		g->avg_won = g->won ? g->won_amount / (double)g->won : NAN;
		g->median_cycle_days = custagg_median(cyc[i], ncyc[i]);
		free(cyc[i]);
	}
	free(cyc);
	free(ncyc);
	free(gi);
	free(nuse);
	free(order);
}

/* The "by" fields: params.by (string or array) or owner and source. */
static size_t
by_fields(const cJSON *params, const char **out, size_t max)
{
	const cJSON *by = params ? cJSON_GetObjectItemCaseSensitive(params, "by") : NULL;
	size_t n = 0;
	if (cJSON_IsString(by)) {
		out[n++] = by->valuestring;
	} else if (cJSON_IsArray(by)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, by)
			if (cJSON_IsString(e) && n < max)
				out[n++] = e->valuestring;
	} else {
		out[n++] = "owner";
		out[n++] = "source";
	}
	return n;
}

struct funnel_result *
funnel_compute(struct arena *a, const struct table *t, const struct project_dataset *spec,
               const cJSON *params, struct analysis_ctx *ctx)
{
	struct funnel_result *res = arena_calloc(a, 1, sizeof *res);
	const struct table_column *st = table_column_find(t, "stage");
	const struct table_column *am = table_column_find(t, "amount");
	const struct table_column *cr = table_column_find(t, "created_date");
	const struct table_column *cl = table_column_find(t, "close_date");
	const cJSON *probs = params ? cJSON_GetObjectItemCaseSensitive(params, "stage_probabilities") : NULL;
	struct plan pl;
	size_t *dict_count, ns;
	double *cyc;
	int show_all = 0;
	double as_of = ctx ? floor(ctx->as_of) : NAN;
	if (am && am->type != TABLE_NUM)
		am = NULL;
	if (cr && cr->type != TABLE_DATE && cr->type != TABLE_NUM)
		cr = NULL;
	if (cl && cl->type != TABLE_DATE && cl->type != TABLE_NUM)
		cl = NULL;
	if (!st || st->type != TABLE_TEXT)
		return NULL;
	if (ctx && ctx->project) {
		/* an explicit "stages" list is shown whole, zero counts included */
		const cJSON *ds = cJSON_GetObjectItemCaseSensitive(ctx->project->root, "datasets");
		ds = cJSON_GetObjectItemCaseSensitive(ds, "opportunities");
		show_all = cJSON_GetObjectItemCaseSensitive(ds, "stages") != NULL;
	}
	dict_count = xcalloc(st->ndict + 1, sizeof *dict_count);
	for (size_t r = 0; r < t->nrows; r++)
		if (st->code[r] >= 0)
			dict_count[st->code[r]]++;
	make_plan(a, st, dict_count, spec, show_all, &pl);
	ns = pl.nopen + 2;
	res->nstages = ns;
	res->stages = arena_calloc(a, ns, sizeof *res->stages);
	for (size_t i = 0; i < pl.nopen; i++) {
		res->stages[i].name = pl.open_name[i];
		res->stages[i].kind = FUNNEL_OPEN;
	}
	res->stages[pl.nopen].name = pl.won_name;
	res->stages[pl.nopen].kind = FUNNEL_WON;
	res->stages[pl.nopen + 1].name = pl.lost_name;
	res->stages[pl.nopen + 1].kind = FUNNEL_LOST;
	cyc = xmalloc((t->nrows + 1) * sizeof *cyc);
	for (size_t r = 0; r < t->nrows; r++) {
		long s = stage_at(&pl, st, cr, cl, as_of, r);
		double amt = am ? am->num[r] : NAN;
		if (s == FUNNEL_LATER) {
			res->later++;
			continue;
		}
		if (s == FUNNEL_OPEN_THEN) {
			res->deals++;
			res->open_then++;
			if (amt == amt)
				res->open_then_amount += amt;
			else
				res->open_no_amount++;
			continue;
		}
		if (s < 0) {
			res->unknown++;
			continue;
		}
		if ((size_t)s < pl.nopen && amt != amt)
			res->open_no_amount++;
		res->deals++;
		res->stages[s].count++;
		if (amt == amt)
			res->stages[s].amount += amt;
		if ((size_t)s == pl.nopen) {
			double c = cycle_of(cr, cl, r);
			if (c == c)
				cyc[res->ncycle++] = c;
		}
	}
	free(dict_count);
	res->won = res->stages[pl.nopen].count;
	res->lost = res->stages[pl.nopen + 1].count;
	res->open = res->deals - res->won - res->lost;
	res->won_amount = res->stages[pl.nopen].amount;
	res->win_rate = res->won + res->lost ? (double)res->won / (double)(res->won + res->lost) : NAN;
	res->avg_won_amount = res->won ? res->won_amount / (double)res->won : NAN;
	{
		double s = 0;
		for (size_t i = 0; i < res->ncycle; i++)
			s += cyc[i];
		res->mean_cycle_days = res->ncycle ? s / (double)res->ncycle : NAN;
	}
	res->median_cycle_days = custagg_median(cyc, res->ncycle);
	free(cyc);
	/* reached and conversion */
	{
		size_t closed = res->won + res->lost, below = closed;
		for (size_t i = pl.nopen; i-- > 0;) {
			below += res->stages[i].count;
			res->stages[i].reached = below;
		}
		if (pl.nopen)                   /* open on as_of at a stage not recorded */
			res->stages[0].reached += res->open_then;
		res->stages[pl.nopen].reached = res->won;
		res->stages[pl.nopen + 1].reached = res->lost;
		for (size_t i = 0; i < pl.nopen; i++) {
			size_t prev = i ? res->stages[i - 1].reached : res->stages[i].reached;
			res->stages[i].conversion = prev ? (double)res->stages[i].reached / (double)prev : NAN;
		}
		below = pl.nopen ? res->stages[pl.nopen - 1].reached : closed;
		for (size_t i = pl.nopen; i < ns; i++)
			res->stages[i].conversion = below ? (double)res->stages[i].reached / (double)below : NAN;
	}
	/* probabilities and pipeline */
	res->probabilities_given = cJSON_IsObject(probs);
	for (size_t i = 0; i < ns; i++) {
		struct funnel_stage *s = &res->stages[i];
		if (s->kind == FUNNEL_WON)
			s->probability = 1;
		else if (s->kind == FUNNEL_LOST)
			s->probability = 0;
		else {
			s->probability = s->reached ? (double)res->won / (double)s->reached : NAN;
			if (res->probabilities_given) {
				const cJSON *e;
				s->probability = 0;
				cJSON_ArrayForEach(e, probs)
					if (cJSON_IsNumber(e) && dataset_stage_index((const char *const *)&s->name, 1,
					                                              e->string) == 0)
						s->probability = e->valuedouble;
			}
			res->open_pipeline += s->amount;
			if (s->probability == s->probability)
				res->weighted_pipeline += s->probability * s->amount;
		}
	}
	/* deals open on as_of that closed later: their final amount, at the historical rate */
	res->open_pipeline += res->open_then_amount;
	if (res->win_rate == res->win_rate)
		res->weighted_pipeline += res->win_rate * res->open_then_amount;
	res->velocity = res->median_cycle_days > 0
		? (double)res->open * res->win_rate * res->avg_won_amount / res->median_cycle_days : NAN;
	/* breakdowns */
	{
		const char *names[32];
		size_t nb = by_fields(params, names, 32);
		res->by = arena_calloc(a, nb ? nb : 1, sizeof *res->by);
		for (size_t i = 0; i < nb; i++) {
			const struct table_column *bc = table_column_find(t, names[i]);
			if (!bc) {
				if (ctx)
					analysis_note(ctx, "funnel: breakdown by '%s' skipped: opportunities has no '%s' field",
					              names[i], names[i]);
				continue;
			}
			if (bc->type != TABLE_TEXT) {
				if (ctx)
					analysis_note(ctx, "funnel: breakdown by '%s' skipped: it is not a text field", names[i]);
				continue;
			}
			breakdown(a, t, bc, &pl, st, am, cr, cl, ns, as_of, &res->by[res->nby++]);
		}
	}
	if (ctx && res->later)
		analysis_note(ctx, "funnel: %zu deals created after as_of left out", res->later);
	if (ctx && res->open_then)
		analysis_note(ctx, "funnel: %zu deals closed after as_of counted open, at no recorded stage, "
		              "with their final amount (the amount on as_of is not in the data)", res->open_then);
	if (ctx && res->unknown)
		analysis_note(ctx, "funnel: %zu deals left out: stage missing or in none of the stage lists",
		              res->unknown);
	if (ctx && !cr)
		analysis_note(ctx, "funnel: sales cycle skipped: opportunities has no 'created_date' field");
	else if (ctx && !cl)
		analysis_note(ctx, "funnel: sales cycle skipped: opportunities has no 'close_date' field");
	return res;
}

/* ---- report model ---- */

static const char *
kind_name(enum funnel_kind k)
{
	return k == FUNNEL_WON ? "won" : k == FUNNEL_LOST ? "lost" : "open";
}

static void
add_charts(const struct funnel_result *r, enum locale locale, cJSON *charts)
{
	cJSON *c = cJSON_AddObjectToObject(charts, "funnel_stages");
	cJSON *cats, *ser, *s, *vals;
	int z = (locale == LOCALE_ZH_CN);
	/* the funnel shows how many deals reached each open stage, then won */
	cJSON_AddStringToObject(c, "type", "funnel");
	cJSON_AddStringToObject(c, "title", z ? "销售漏斗" : "Sales funnel");
	cJSON_AddStringToObject(c, "value_format", "integer");
	cats = cJSON_AddArrayToObject(cJSON_AddObjectToObject(c, "x"), "categories");
	ser = cJSON_AddArrayToObject(c, "series");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", z ? "到达阶段的商机" : "Deals reaching the stage");
	vals = cJSON_AddArrayToObject(s, "values");
	for (size_t i = 0; i < r->nstages; i++) {
		const struct funnel_stage *st = &r->stages[i];
		if (st->kind == FUNNEL_LOST)
			continue;
		/* the chart draws the step-to-step conversion itself */
		cJSON_AddItemToArray(cats, cJSON_CreateString(st->name));
		cJSON_AddItemToArray(vals, cJSON_CreateNumber((double)st->reached));
	}
	cJSON_AddItemToArray(ser, s);
	for (size_t k = 0; k < r->nby; k++) {
		const struct funnel_breakdown *bd = &r->by[k];
		char id[96];
		cJSON *x, *y;
		snprintf(id, sizeof id, "funnel_win_rate_%s", bd->field);
		c = cJSON_AddObjectToObject(charts, id);
		cJSON_AddStringToObject(c, "type", "hbar");
		{
			struct buf b;
			buf_init(&b);
			buf_printf(&b, z ? "按 %s 的赢单率" : "Win rate by %s", bd->field);
			cJSON_AddStringToObject(c, "title", buf_str(&b));
			buf_release(&b);
		}
		x = cJSON_AddObjectToObject(c, "x");
		cats = cJSON_AddArrayToObject(x, "categories");
		y = cJSON_AddObjectToObject(c, "y");
		cJSON_AddStringToObject(y, "format", "percent");
		cJSON_AddNumberToObject(y, "min", 0);
		cJSON_AddNumberToObject(y, "max", 1);
		ser = cJSON_AddArrayToObject(c, "series");
		s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "name", z ? "赢单率" : "Win rate");
		vals = cJSON_AddArrayToObject(s, "values");
		for (size_t i = 0; i < bd->ngroups; i++) {
			cJSON_AddItemToArray(cats, cJSON_CreateString(bd->groups[i].value));
			cJSON_AddItemToArray(vals, bd->groups[i].win_rate == bd->groups[i].win_rate
			                     ? cJSON_CreateNumber(bd->groups[i].win_rate) : cJSON_CreateNull());
		}
		cJSON_AddItemToArray(ser, s);
	}
}

cJSON *
funnel_to_model(const struct funnel_result *r, enum locale locale, const char *currency,
                cJSON *charts)
{
	cJSON *o = cJSON_CreateObject(), *arr, *by;
	arr = cJSON_AddArrayToObject(o, "stages");
	for (size_t i = 0; i < r->nstages; i++) {
		const struct funnel_stage *s = &r->stages[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", s->name);
		cJSON_AddStringToObject(e, "kind", kind_name(s->kind));
		modelfmt_add(e, "count", (double)s->count, "integer", 0, locale, currency);
		modelfmt_add(e, "amount", s->amount, "currency", -1, locale, currency);
		modelfmt_add(e, "reached", (double)s->reached, "integer", 0, locale, currency);
		modelfmt_add(e, "conversion", s->conversion, "percent", 1, locale, currency);
		modelfmt_add(e, "probability", s->probability, "percent", 1, locale, currency);
		cJSON_AddItemToArray(arr, e);
	}
	modelfmt_add(o, "deals", (double)r->deals, "integer", 0, locale, currency);
	modelfmt_add(o, "open", (double)r->open, "integer", 0, locale, currency);
	modelfmt_add(o, "won", (double)r->won, "integer", 0, locale, currency);
	modelfmt_add(o, "lost", (double)r->lost, "integer", 0, locale, currency);
	modelfmt_add(o, "win_rate", r->win_rate, "percent", 1, locale, currency);
	modelfmt_add(o, "won_amount", r->won_amount, "currency", -1, locale, currency);
	modelfmt_add(o, "avg_won_amount", r->avg_won_amount, "currency", -1, locale, currency);
	modelfmt_add(o, "median_cycle_days", r->median_cycle_days, "number",
	        r->median_cycle_days == floor(r->median_cycle_days) ? 0 : 1, locale, currency);
	modelfmt_add(o, "mean_cycle_days", r->mean_cycle_days, "number", 1, locale, currency);
	modelfmt_add(o, "open_pipeline", r->open_pipeline, "currency", -1, locale, currency);
	modelfmt_add(o, "open_no_amount", (double)r->open_no_amount, "integer", 0, locale, currency);
	modelfmt_add(o, "open_final_amount", (double)r->open_then, "integer", 0, locale, currency);
	modelfmt_add(o, "created_after_as_of", (double)r->later, "integer", 0, locale, currency);
	modelfmt_add(o, "weighted_pipeline", r->weighted_pipeline, "currency", -1, locale, currency);
	modelfmt_add(o, "velocity", r->velocity, "currency", -1, locale, currency);
	cJSON_AddStringToObject(o, "probabilities", r->probabilities_given ? "given" : "historical");
	cJSON_AddStringToObject(o, "cycle_definition", "close_date - created_date, won deals, days");
	by = cJSON_AddObjectToObject(o, "by");
	for (size_t k = 0; k < r->nby; k++) {
		const struct funnel_breakdown *bd = &r->by[k];
		arr = cJSON_AddArrayToObject(by, bd->field);
		for (size_t i = 0; i < bd->ngroups; i++) {
			const struct funnel_group *g = &bd->groups[i];
			cJSON *e = cJSON_CreateObject(), *sc;
			cJSON_AddStringToObject(e, "value", g->value);
			modelfmt_add(e, "deals", (double)g->deals, "integer", 0, locale, currency);
			modelfmt_add(e, "open", (double)g->open, "integer", 0, locale, currency);
			modelfmt_add(e, "won", (double)g->won, "integer", 0, locale, currency);
			modelfmt_add(e, "lost", (double)g->lost, "integer", 0, locale, currency);
			modelfmt_add(e, "win_rate", g->win_rate, "percent", 1, locale, currency);
			modelfmt_add(e, "won_amount", g->won_amount, "currency", -1, locale, currency);
			modelfmt_add(e, "avg_won", g->avg_won, "currency", -1, locale, currency);
			modelfmt_add(e, "open_amount", g->open_amount, "currency", -1, locale, currency);
			modelfmt_add(e, "median_cycle_days", g->median_cycle_days, "number",
			        g->median_cycle_days == floor(g->median_cycle_days) ? 0 : 1, locale, currency);
			sc = cJSON_AddArrayToObject(e, "stage_counts");
			for (size_t s = 0; s < r->nstages; s++)
				cJSON_AddItemToArray(sc, cJSON_CreateNumber((double)g->stage_counts[s]));
			cJSON_AddItemToArray(arr, e);
		}
	}
	if (charts)
		add_charts(r, locale, charts);
	return o;
}

cJSON *
funnel_run(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct dataset *ds = ctx->datasets[PROJECT_OPPORTUNITIES];
	struct funnel_result *r;
	if (!ds)
		return NULL;
	r = funnel_compute(ctx->a, ds->table, ds->spec, params, ctx);
	if (!r) {
		analysis_note(ctx, "funnel skipped: opportunities has no text 'stage' field");
		return NULL;
	}
	ctx->funnel = r;
	return funnel_to_model(r, ctx->project->locale, ctx->project->currency, modelfmt_charts(ctx->results));
}

static const struct jsoncheck_param params[] = {
	{ "by", JSONCHECK_STR_OR_STRS, NULL, 0, 0, "[\"owner\", \"source\"]",
	  "breakdowns" },
	{ "stage_probabilities", JSONCHECK_OBJ, NULL, 0, 0, "historical",
	  "win probability per open stage" },
};

const struct analysis funnel_analysis = {
	.key = "funnel",
	.doc = "pipeline funnel: conversion per stage, win rate, deal size, sales cycle, weighted pipeline and velocity, by owner and source",
	.needs = ANALYSIS_ROLE(PROJECT_OPPORTUNITIES),
	.data = "opportunities: id, stage, amount, created_date, close_date and the by fields",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.run = funnel_run,
};
