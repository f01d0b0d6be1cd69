/* SPDX-License-Identifier: MIT
 * gen: seeded synthetic data generator (tools/, built as build/tools/gen). Writes the five
 * CSV files of bench/python/gen.py (same names, columns, formats and recipes) from
 * src/base/rng.h streams, so bdreport and the Python baseline run on the same input;
 * --schemes adds schemes.csv, --mess valid-but-messy input for the bundled example. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/diag.h"
#include "base/rng.h"

#define HIST_DAYS    (5 * 365 + 1)      /* customers sign up over ~5 years */
#define ORDER_WINDOW 1096               /* 3 years ending END: 2023-11-21..2026-11-20 */
#define NDATES       (HIST_DAYS + 2)
#define END_Y 2026
#define END_M 11
#define END_D 20                        /* last day with data; as-of is the 21st */
#define MKT_WEEKS    156
#define NPARTNERS    200

static struct diag dg;

/* ---------------------------------------------------------------- vocabularies */

static const char *const INDUSTRIES[] = { "Technology", "Manufacturing", "Retail", "Healthcare",
	"Financial Services", "Logistics", "Education", "Energy" };
static const double IND_P[] = { 0.22, 0.17, 0.15, 0.12, 0.11, 0.09, 0.07, 0.07 };
static const char *const REGIONS[] = { "North America", "Europe", "Asia Pacific", "Greater China",
	"Latin America", "Middle East & Africa" };
static const double REG_P[] = { 0.30, 0.25, 0.15, 0.14, 0.09, 0.07 };
static const char *const PRODUCTS[] = { "CRM Suite", "Analytics Pro", "Data Connector",
	"Cloud Storage 1TB", "Cloud Storage 10TB", "Security Add-on", "Support Basic",
	"Support Premium", "Onboarding Package", "API Access", "Mobile SDK", "BI Dashboard",
	"ML Toolkit", "Integration Hub", "Compliance Pack", "Training Seat", "Consulting Day",
	"Hardware Gateway", "IoT Sensor Kit", "Enterprise License" };
static const double PROD_PRICE[] = { 1.6, 1.2, 0.6, 0.4, 1.5, 0.7, 0.3, 0.9, 1.1, 0.8,
	0.9, 1.0, 1.8, 1.3, 0.9, 0.25, 1.4, 2.2, 1.7, 3.5 };
static const char *const SOURCES[] = { "Inbound Web", "Referral", "Outbound", "Trade Show",
	"Partner", "Paid Ads" };
static const double SRC_P[] = { 0.28, 0.14, 0.22, 0.10, 0.11, 0.15 };
static const double SRC_EFF[] = { 0.30, 0.85, -0.60, 0.05, 0.50, -0.30 };
static const double IND_EFF[] = { 0.25, 0.10, -0.20, 0.15, 0.30, -0.10, -0.35, 0.05 };
static const double REG_EFF[] = { 0.15, 0.05, -0.05, 0.10, -0.25, -0.15 };
static const char *const OWNERS[] = { "Alice Chen", "Bob Martin", "Carla Gómez", "David Okafor",
	"Emma Schulz", "Farid Haddad", "Grace Lee", "Hiroshi Tanaka", "Isabel Rossi",
	"Jack O'Neil", "Karin Nilsson", "Li Wei (李伟)", "Marta Kowalska", "Nikhil Rao",
	"Olivia Brown" };
static const char *const STAGES[] = { "Prospecting", "Qualification", "Proposal", "Negotiation",
	"Closed Won", "Closed Lost" };

static const char *const EN_A[] = { "Acme", "Blue", "Summit", "Northwind", "Apex", "Vertex",
	"Silver", "Granite", "Harbor", "Pioneer", "Quantum", "Redwood", "Sterling", "Atlas",
	"Beacon", "Cascade", "Evergreen", "Falcon", "Golden", "Horizon", "Ironclad", "Juniper",
	"Keystone", "Liberty", "Meridian", "Nova", "Orion", "Pinnacle", "Riverbend", "Sapphire",
	"Titan", "Unity", "Vanguard", "Westfield", "Zenith", "Bright", "Clearwater", "Delta",
	"Eagle", "Frontier" };
static const char *const EN_B[] = { "Widgets", "Logistics", "Systems", "Analytics", "Foods",
	"Health", "Energy", "Software", "Partners", "Manufacturing", "Labs", "Solutions",
	"Networks", "Dynamics", "Ventures", "Retail", "Capital", "Robotics", "Textiles", "Pharma",
	"Media", "Consulting", "Materials", "Motors", "Data" };
static const char *const EN_SUF[] = { "Inc.", "LLC", "Ltd", "Corp.", "Group", "Holdings", "Co.",
	"PLC", "GmbH", "S.A." };
static const char *const EU[] = { "Müller & Söhne GmbH", "Société Générale d'Équipement",
	"Østergaard A/S", "Café Crème SARL", "Łódź Przemysł Sp. z o.o.",
	"Ångström Instruments AB", "Núñez y Hermanos S.L.", "Škoda Komponenty s.r.o.",
	"Zürcher Präzision AG", "Ferreira & Conceição Lda." };
static const char *const CN_CITY[] = { "上海", "北京", "深圳", "广州", "杭州", "成都", "南京",
	"武汉", "苏州", "西安" };
static const char *const CN_WORD[] = { "某某", "华信", "金源", "鼎盛", "恒通", "智联", "天成",
	"远航", "博远", "新锐", "瑞丰", "宏图" };
static const char *const CN_TYPE[] = { "科技", "贸易", "制造", "咨询", "物流", "软件", "医药",
	"电子" };

/* Cooperation proposals for schemes.csv: one with a comma, one with quotes, one Chinese. */
static const char *const SCHEMES[] = { "Reseller agreement, Europe",
	"Joint venture in Greater China", "OEM bundle with Atlas Robotics",
	"Co-marketing with \"Nova Media\"", "华东区域分销合作", "Cloud marketplace listing",
	"System integrator alliance", "University research program",
	"Referral program for consultants", "White-label analytics for banks",
	"Regional franchise, Latin America", "Equity stake in Zenith Data" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --------------------------------------------------------------- distributions */

static double
lognormal(struct rng *r, double mu, double sigma)
{
	return exp(mu + sigma * rng_normal(r));
}

/* (0, 1]: safe for log and pow with negative exponents. */
static double
uniform_pos(struct rng *r)
{
	return 1.0 - rng_uniform(r);
}

/* Gamma(shape, scale) by Marsaglia and Tsang's squeeze method; shape < 1 is boosted
 * to shape + 1 and scaled back by U^(1/shape). */
static double
gamma_draw(struct rng *r, double shape, double scale)
{
	if (shape < 1)
		return gamma_draw(r, shape + 1, scale) * pow(uniform_pos(r), 1 / shape);
	double d = shape - 1.0 / 3, c = 1 / sqrt(9 * d);
	for (;;) {
		double x, v;
		do {
			x = rng_normal(r);
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		double u = uniform_pos(r), x2 = x * x;
		if (u < 1 - 0.0331 * x2 * x2 || log(u) < 0.5 * x2 + d * (1 - v + log(v)))
			return d * v * scale;
	}
}

static double
beta_draw(struct rng *r, double a, double b)
{
	double x = gamma_draw(r, a, 1), y = gamma_draw(r, b, 1);
	return x / (x + y);
}

/* Poisson by inversion (sequential search); meant for small lam (here 0.25). */
static unsigned
poisson_small(struct rng *r, double lam)
{
	double u = rng_uniform(r), p = exp(-lam), cum = p;
	unsigned k = 0;
	while (u >= cum && k < 1000) {
		k++;
		p *= lam / k;
		cum += p;
	}
	return k;
}

/* Index drawn with probabilities p[0..n) (summing to about 1), by a linear scan. */
static unsigned
choice(struct rng *r, const double *p, unsigned n)
{
	double u = rng_uniform(r), cum = 0;
	for (unsigned i = 0; i + 1 < n; i++) {
		cum += p[i];
		if (u < cum)
			return i;
	}
	return n - 1;
}

/* Walker's alias table (Vose's construction) for O(1) draws from many weights. */
struct alias {
	size_t n;
	double *prob;
	uint32_t *other;
};

static int
alias_build(struct alias *t, const double *w, size_t n)
{
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	if (!(total > 0))
		return -1;
	t->n = n;
	t->prob = xmalloc(n * sizeof *t->prob);
	t->other = xmalloc(n * sizeof *t->other);
	uint32_t *small = xmalloc(n * sizeof *small), *large = xmalloc(n * sizeof *large);
	size_t ns = 0, nl = 0;
	for (size_t i = 0; i < n; i++) {
		t->prob[i] = w[i] * (double)n / total;
		t->other[i] = (uint32_t)i;
		if (t->prob[i] < 1)
			small[ns++] = (uint32_t)i;
		else
			large[nl++] = (uint32_t)i;
	}
	while (ns > 0 && nl > 0) {
		uint32_t s = small[--ns], l = large[nl - 1];
		t->other[s] = l;
		t->prob[l] -= 1 - t->prob[s];
		if (t->prob[l] < 1) {
			nl--;
			small[ns++] = l;
		}
	}
	while (nl > 0)
		t->prob[large[--nl]] = 1;
	while (ns > 0)          /* rounding leftovers */
		t->prob[small[--ns]] = 1;
	free(small);
	free(large);
	return 0;
}

static size_t
alias_draw(const struct alias *t, struct rng *r)
{
	size_t i = (size_t)rng_below(r, t->n);
	return rng_uniform(r) < t->prob[i] ? i : t->other[i];
}

/* numpy's round(x, d): scale, round half to even, as an integer count of 10^-d. */
static long long
round_scaled(double x, int decimals)
{
	static const double p10[] = { 1, 10, 100, 1000 };
	return (long long)nearbyint(x * p10[decimals]);
}

/* ---------------------------------------------------------------------- dates */

/* dates[i] = ISO date of day offset i from BASE = END - HIST_DAYS, i in [0, NDATES). */
static char dates[NDATES][11];

static void
date_table(void)
{
	long base = date_from_civil(END_Y, END_M, END_D) - HIST_DAYS;
	for (int i = 0; i < NDATES; i++)
		date_format_iso((double)(base + i), dates[i]);
}

/* --------------------------------------------------------------------- output */

#define OUT_CAP  (1u << 20)
#define OUT_SLACK 8192          /* a row never exceeds this */

struct out {
	FILE *f;
	char *path;
	char *buf;
	size_t len;
	int crlf;
};

static void
out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len) {
		diag_error(&dg, BD_EIO, NULL, "cannot write '%s': %s", o->path, strerror(errno));
		exit(BD_EIO);
	}
	o->len = 0;
}

static void
out_open(struct out *o, const char *dir, const char *name, int crlf, int bom)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	o->path = xmalloc(n);
	snprintf(o->path, n, "%s/%s", dir, name);
	o->f = fopen(o->path, "wb");
	if (!o->f) {
		diag_error(&dg, BD_EIO, NULL, "cannot create '%s': %s", o->path, strerror(errno));
		exit(BD_EIO);
	}
	o->buf = xmalloc(OUT_CAP);
	o->len = 0;
	o->crlf = crlf;
	if (bom) {
		memcpy(o->buf, "\xEF\xBB\xBF", 3);
		o->len = 3;
	}
}

static void
out_close(struct out *o)
{
	out_flush(o);
	if (fclose(o->f) != 0) {
		diag_error(&dg, BD_EIO, NULL, "cannot write '%s': %s", o->path, strerror(errno));
		exit(BD_EIO);
	}
	free(o->buf);
	free(o->path);
}

static inline void
put_mem(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void
put_s(struct out *o, const char *s)
{
	put_mem(o, s, strlen(s));
}

static inline void
put_c(struct out *o, char c)
{
	o->buf[o->len++] = c;
}

static inline void
comma(struct out *o)
{
	o->buf[o->len++] = ',';
}

static inline void
put_eol(struct out *o)
{
	if (o->crlf)
		put_c(o, '\r');
	put_c(o, '\n');
}

/* After each row: flush when the buffer is nearly full. */
static inline void
row_done(struct out *o)
{
	if (o->len > OUT_CAP - OUT_SLACK)
		out_flush(o);
}

/* Unsigned decimal, zero-padded to at least width digits. */
static void
put_upad(struct out *o, unsigned long long v, int width)
{
	char tmp[24];
	int i = 24;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (24 - i < width)
		tmp[--i] = '0';
	put_mem(o, tmp + i, (size_t)(24 - i));
}

static void
put_i(struct out *o, long long v)
{
	if (v < 0) {
		put_c(o, '-');
		put_upad(o, 0ULL - (unsigned long long)v, 1);
	} else {
		put_upad(o, (unsigned long long)v, 1);
	}
}

/* x rounded to dec decimals and printed like Python's "%.{dec}f" (a negative value
 * that rounds to zero keeps its sign, "-0.00", as Python prints it). */
static void
put_fixed(struct out *o, double x, int dec)
{
	static const unsigned long long p10[] = { 1, 10, 100, 1000 };
	long long q = round_scaled(x, dec);
	if (x < 0) {
		put_c(o, '-');
		q = -q;
	}
	put_upad(o, (unsigned long long)q / p10[dec], 1);
	if (dec > 0) {
		put_c(o, '.');
		put_upad(o, (unsigned long long)q % p10[dec], dec);
	}
}

/* RFC 4180: quote a field containing a comma, a quote, CR or LF; double the quotes. */
static void
put_field(struct out *o, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		put_s(o, s);
		return;
	}
	put_c(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			put_c(o, '"');
		put_c(o, *s);
	}
	put_c(o, '"');
}

static inline void
put_date(struct out *o, int day)
{
	put_mem(o, dates[day], 10);
}

/* -------------------------------------------------------------- company names */

enum name_kind { NAME_EN, NAME_COMMA, NAME_QUOTES, NAME_CN, NAME_EU };

/* A name is packed into 32 bits: kind (3 bits) and three 8-bit indices. */
static uint32_t
name_draw(struct rng *r)
{
	double k = rng_uniform(r);
	uint32_t kind, x, y = 0, z = 0;
	if (k < 0.82) {                   /* English: plain 70%, comma 10%, quotes 2% */
		kind = k < 0.70 ? NAME_EN : k < 0.80 ? NAME_COMMA : NAME_QUOTES;
		x = (uint32_t)rng_below(r, COUNT(EN_A));
		y = (uint32_t)rng_below(r, COUNT(EN_B));
		z = (uint32_t)rng_below(r, COUNT(EN_SUF));
	} else if (k < 0.95) {            /* Chinese 13% */
		kind = NAME_CN;
		x = (uint32_t)rng_below(r, COUNT(CN_CITY));
		y = (uint32_t)rng_below(r, COUNT(CN_WORD));
		z = (uint32_t)rng_below(r, COUNT(CN_TYPE));
	} else {                          /* European, accents 5% */
		kind = NAME_EU;
		x = (uint32_t)rng_below(r, COUNT(EU));
	}
	return kind | x << 3 | y << 11 | z << 19;
}

static void
put_name(struct out *o, uint32_t code)
{
	unsigned x = (code >> 3) & 255, y = (code >> 11) & 255, z = (code >> 19) & 255;
	switch (code & 7) {
	case NAME_EN:
	case NAME_COMMA:
		if ((code & 7) == NAME_COMMA)
			put_c(o, '"');
		put_s(o, EN_A[x]);
		put_c(o, ' ');
		put_s(o, EN_B[y]);
		put_s(o, (code & 7) == NAME_COMMA ? ", " : " ");
		put_s(o, EN_SUF[z]);
		if ((code & 7) == NAME_COMMA)
			put_c(o, '"');
		break;
	case NAME_QUOTES:
		put_c(o, '"');
		put_s(o, EN_A[x]);
		put_s(o, " \"\"");
		put_s(o, EN_B[y]);
		put_s(o, "\"\" ");
		put_s(o, EN_SUF[z]);
		put_c(o, '"');
		break;
	case NAME_CN:
		put_s(o, CN_CITY[x]);
		put_s(o, CN_WORD[y]);
		put_s(o, CN_TYPE[z]);
		put_s(o, "有限公司");
		break;
	default:
		put_field(o, EU[x]);
		break;
	}
}

/* ------------------------------------------------------------------- datasets */

struct opts {
	size_t customers, orders;
	uint64_t seed;
	const char *out;
	int mess, schemes;
};

/* What later files need to know about each customer. */
struct custs {
	size_t n;
	int32_t *signup, *churn_day, *emp;
	uint8_t *churned;
	uint32_t *name;
};

static void
put_cid(struct out *o, size_t i)
{
	put_c(o, 'C');
	put_upad(o, i + 1, 7);
}

static void
gen_customers(const struct opts *op, struct rng *r, struct rng *mess, struct custs *cs)
{
	size_t n = op->customers;
	struct out o;
	cs->n = n;
	cs->signup = xmalloc(n * sizeof *cs->signup);
	cs->churn_day = xmalloc(n * sizeof *cs->churn_day);
	cs->emp = xmalloc(n * sizeof *cs->emp);
	cs->churned = xmalloc(n);
	cs->name = xmalloc(n * sizeof *cs->name);
	out_open(&o, op->out, "customers.csv", op->mess, op->mess);
	put_s(&o, "customer_id,name,industry,region,employees,annual_revenue,signup_date,"
	      "satisfaction,competitor_activity,churned,churn_date");
	put_eol(&o);
	for (size_t i = 0; i < n; i++) {
		uint32_t name = name_draw(r);
		unsigned ind = choice(r, IND_P, COUNT(IND_P));
		unsigned reg = choice(r, REG_P, COUNT(REG_P));
		double emp = fmin(fmax(nearbyint(lognormal(r, log(80), 1.4)), 1), 250000);
		long long rev = round_scaled(emp * lognormal(r, log(150000), 0.5) / 100, 0) * 100;
		/* signups skew recent (business growth): day offset ~ HIST_DAYS * sqrt(u) */
		int signup = (int)(HIST_DAYS * sqrt(rng_uniform(r)));
		if (signup > HIST_DAYS)
			signup = HIST_DAYS;
		int sat = (int)fmin(fmax(nearbyint(7.0 + 2.0 * rng_normal(r)), 1), 10);
		int sat_blank = rng_uniform(r) < 0.03;
		int comp = rng_uniform(r) < 0.30;
		int tenure = HIST_DAYS - signup;
		double satf = sat_blank ? 7 : sat;
		double logit = -1.3 - 0.45 * (satf - 7) + 1.1 * comp + 0.35 * (tenure / 365.0)
		               - 0.12 * log(emp) + IND_EFF[ind] * -0.5;
		double p = 1 / (1 + exp(-logit));
		int churned = rng_uniform(r) < p && tenure >= 30;
		/* churn some time after signup: at least 14 days, at most END */
		double frac = beta_draw(r, 1.3, 1.8);
		int churn_day = signup + 14 + (int)(frac * (tenure - 14 > 0 ? tenure - 14 : 0));
		if (churn_day > HIST_DAYS)
			churn_day = HIST_DAYS;
		cs->signup[i] = signup;
		cs->churn_day[i] = churn_day;
		cs->churned[i] = (uint8_t)churned;
		cs->emp[i] = (int32_t)emp;
		cs->name[i] = name;

		/* mess: blank optional fields, a few rows repeated exactly */
		int blank_ind = 0, blank_reg = 0, blank_rev = 0, dup = 0;
		if (op->mess) {
			blank_ind = rng_uniform(mess) < 0.02;
			blank_reg = rng_uniform(mess) < 0.01;
			blank_rev = rng_uniform(mess) < 0.02;
			dup = rng_uniform(mess) < 0.003;
		}
		size_t start = o.len;
		put_cid(&o, i);
		comma(&o);
		put_name(&o, name);
		comma(&o);
		if (!blank_ind)
			put_s(&o, INDUSTRIES[ind]);
		comma(&o);
		if (!blank_reg)
			put_field(&o, REGIONS[reg]);
		comma(&o);
		put_i(&o, (long long)emp);
		comma(&o);
		if (!blank_rev)
			put_i(&o, rev);
		comma(&o);
		put_date(&o, signup);
		comma(&o);
		if (!sat_blank)
			put_i(&o, sat);
		comma(&o);
		put_c(&o, comp ? '1' : '0');
		comma(&o);
		put_c(&o, churned ? '1' : '0');
		comma(&o);
		if (churned)
			put_date(&o, churn_day);
		put_eol(&o);
		if (dup)
			put_mem(&o, o.buf + start, o.len - start);
		row_done(&o);
	}
	out_close(&o);
}

/* LSD radix sort of 64-bit keys, 16 bits a pass, only as many passes as maxkey needs. */
static void
radix_sort(uint64_t *a, size_t n, uint64_t maxkey)
{
	uint64_t *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
	size_t *cnt = xmalloc(65536 * sizeof *cnt);
	for (int shift = 0; shift < 64 && (maxkey >> shift) != 0; shift += 16) {
		memset(cnt, 0, 65536 * sizeof *cnt);
		for (size_t i = 0; i < n; i++)
			cnt[(a[i] >> shift) & 0xFFFF]++;
		size_t sum = 0;
		for (size_t b = 0; b < 65536; b++) {
			size_t c = cnt[b];
			cnt[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[cnt[(a[i] >> shift) & 0xFFFF]++] = a[i];
		memcpy(a, tmp, n * sizeof *a);
	}
	free(cnt);
	free(tmp);
}

static void
gen_orders(const struct opts *op, struct rng *r, struct rng *mess, const struct custs *cs)
{
	size_t n = cs->n, m = op->orders;
	const int w0 = HIST_DAYS - ORDER_WINDOW + 1;       /* first day of the window */
	int32_t *lo = xmalloc(n * sizeof *lo), *span = xmalloc(n * sizeof *span);
	double *w = xmalloc(n * sizeof *w);
	float *factor = xmalloc(n * sizeof *factor);
	for (size_t i = 0; i < n; i++) {
		int hi = cs->churned[i] ? cs->churn_day[i] : HIST_DAYS;
		lo[i] = cs->signup[i] > w0 ? cs->signup[i] : w0;
		span[i] = hi - lo[i] + 1;
		w[i] = lognormal(r, 0, 1) * pow(cs->emp[i], 0.25) * (span[i] > 0 ? span[i] : 0);
		factor[i] = (float)pow(cs->emp[i], 0.15);
	}
	struct alias al = { 0, NULL, NULL };
	if (m > 0 && alias_build(&al, w, n) != 0) {
		diag_error(&dg, BD_EINPUT, NULL, "no customer is active in the order window; "
		           "use more customers");
		exit(BD_EINPUT);
	}
	free(w);

	/* Orders of 1 + Poisson(0.25) lines until m lines; key = day | customer | lines,
	 * so sorting the keys sorts by date, then customer (as gen.py's lexsort). */
	int cbits = 1;
	while (cbits < 40 && ((size_t)1 << cbits) < n)
		cbits++;
	size_t cap = (size_t)((double)m / 1.25 * 1.02) + 16, k = 0;
	uint64_t *key = xmalloc(cap * sizeof *key), maxkey = 0;
	for (size_t left = m; left > 0;) {
		size_t lines = 1 + poisson_small(r, 0.25);
		if (lines > left)
			lines = left;
		if (lines > 255)
			lines = 255;
		size_t c;
		do
			c = alias_draw(&al, r);
		while (span[c] <= 0);
		uint64_t day = (uint64_t)(lo[c] + (int)(rng_uniform(r) * span[c]));
		if (k == cap) {
			cap *= 2;
			key = xreallocarray(key, cap, sizeof *key);
		}
		key[k] = day << (cbits + 8) | (uint64_t)c << 8 | lines;
		if (key[k] > maxkey)
			maxkey = key[k];
		k++;
		left -= lines;
	}
	radix_sort(key, k, maxkey);

	struct out o;
	out_open(&o, op->out, "orders.csv", 0, 0);
	put_s(&o, "order_id,customer_id,order_date,amount,product");
	put_eol(&o);
	const double mu = log(120.0);
	const uint64_t cmask = ((uint64_t)1 << cbits) - 1;
	for (size_t i = 0; i < k; i++) {
		size_t c = (size_t)((key[i] >> 8) & cmask);
		int day = (int)(key[i] >> (cbits + 8));
		unsigned lines = (unsigned)(key[i] & 255);
		for (unsigned j = 0; j < lines; j++) {
			unsigned prod = (unsigned)rng_below(r, COUNT(PRODUCTS));
			double amt = lognormal(r, mu, 0.9) * PROD_PRICE[prod] * factor[c];
			if (rng_uniform(r) < 0.01)      /* refunds */
				amt = -amt;
			put_upad(&o, 10000001 + i, 1);
			comma(&o);
			put_cid(&o, c);
			comma(&o);
			put_date(&o, day);
			comma(&o);
			put_fixed(&o, amt, 2);
			comma(&o);
			if (!(op->mess && rng_uniform(mess) < 0.005))   /* mess: blank product */
				put_s(&o, PRODUCTS[prod]);
			put_eol(&o);
			row_done(&o);
		}
	}
	out_close(&o);
	free(al.prob);
	free(al.other);
	free(key);
	free(lo);
	free(span);
	free(factor);
}

static void
gen_opportunities(const struct opts *op, struct rng *r, struct rng *mess, const struct custs *cs)
{
	size_t n = op->customers / 2 > 0 ? op->customers / 2 : 1;
	const int w0 = HIST_DAYS - ORDER_WINDOW + 1;
	double skill[COUNT(OWNERS)];
	struct rng fixed;                 /* owner skill does not depend on the seed */
	rng_seed(&fixed, 12345);
	for (size_t i = 0; i < COUNT(OWNERS); i++)
		skill[i] = 0.35 * rng_normal(&fixed);

	struct out o;
	out_open(&o, op->out, "opportunities.csv", op->mess, 0);
	put_s(&o, "opp_id,account,industry,region,employees,source,owner,stage,amount,"
	      "created_date,close_date,engagement_score");
	put_eol(&o);
	for (size_t i = 0; i < n; i++) {
		int reuse = rng_uniform(r) < 0.4;
		size_t pick = (size_t)rng_below(r, cs->n);
		uint32_t acct = reuse ? cs->name[pick] : name_draw(r);
		unsigned ind = choice(r, IND_P, COUNT(IND_P));
		unsigned reg = choice(r, REG_P, COUNT(REG_P));
		double emp = fmin(fmax(nearbyint(lognormal(r, log(120), 1.5)), 1), 250000);
		unsigned src = choice(r, SRC_P, COUNT(SRC_P));
		unsigned own = (unsigned)rng_below(r, COUNT(OWNERS));
		double amount = (double)round_scaled(lognormal(r, log(18000), 0.8)
		                                     * pow(emp, 0.18), 2) / 100;
		double eng = (double)round_scaled(100 * beta_draw(r, 2.2, 2.8), 1) / 10;
		int created = w0 + (int)(rng_uniform(r) * ORDER_WINDOW);
		double cyc = nearbyint(gamma_draw(r, 1.6, 55.0));
		int cycle = cyc > 3 ? (int)cyc : 3;
		int close = created + cycle, closed = close <= HIST_DAYS;
		double logit = -0.55 + 0.045 * (eng - 45) + 0.18 * log10(emp) + SRC_EFF[src]
		               + IND_EFF[ind] + REG_EFF[reg] + skill[own]
		               - 0.45 * log(amount / 25000.0);
		int won = rng_uniform(r) < 1 / (1 + exp(-logit));
		double progress = fmin(fmax((double)(HIST_DAYS - created) / cycle, 0), 0.999);
		double os = trunc(progress * 4 + 0.4 * rng_normal(r));
		int stage = closed ? (won ? 4 : 5) : (int)fmax(fmin(os, 3), 0);
		int blank_ind = op->mess && rng_uniform(mess) < 0.02;

		put_s(&o, "OPP");
		put_upad(&o, i + 1, 7);
		comma(&o);
		put_name(&o, acct);
		comma(&o);
		if (!blank_ind)
			put_s(&o, INDUSTRIES[ind]);
		comma(&o);
		put_field(&o, REGIONS[reg]);
		comma(&o);
		put_i(&o, (long long)emp);
		comma(&o);
		put_s(&o, SOURCES[src]);
		comma(&o);
		put_field(&o, OWNERS[own]);
		comma(&o);
		put_s(&o, STAGES[stage]);
		comma(&o);
		put_fixed(&o, amount, 2);
		comma(&o);
		put_date(&o, created);
		comma(&o);
		if (closed)
			put_date(&o, close);
		comma(&o);
		put_fixed(&o, eng, 1);
		put_eol(&o);
		row_done(&o);
	}
	out_close(&o);
}

static double
clip(double x, double lo, double hi)
{
	return fmin(fmax(x, lo), hi);
}

static void
gen_partners(const struct opts *op, struct rng *r)
{
	struct out o;
	out_open(&o, op->out, "partners.csv", 0, 0);
	put_s(&o, "partner_id,name,financial_health,capability,reputation,market_position,cost,risk");
	put_eol(&o);
	for (int i = 0; i < NPARTNERS; i++) {
		uint32_t name = name_draw(r);
		double fin = clip(nearbyint(65 + 15 * rng_normal(r)), 5, 100);       /* 0-100 */
		double cap = clip(3.4 + 0.8 * rng_normal(r), 1, 5);                  /* 1-5 */
		double rep = clip(7 + 1.5 * rng_normal(r), 1, 10);                   /* 1-10 */
		double mkt = lognormal(r, log(2.0), 1.0);                            /* share % */
		long long cost = round_scaled(lognormal(r, log(120000), 0.6) / 1000, 0) * 1000;
		double risk = beta_draw(r, 2, 5);                                    /* 0-1 */
		put_c(&o, 'P');
		put_upad(&o, (unsigned long long)i + 1, 3);
		comma(&o);
		put_name(&o, name);
		comma(&o);
		put_i(&o, (long long)fin);
		comma(&o);
		put_fixed(&o, cap, 1);
		comma(&o);
		put_fixed(&o, rep, 1);
		comma(&o);
		put_fixed(&o, mkt, 2);
		comma(&o);
		put_i(&o, cost);
		comma(&o);
		put_fixed(&o, risk, 3);
		put_eol(&o);
	}
	out_close(&o);
}

static void
gen_marketing(const struct opts *op, struct rng *r)
{
	/* Mondays; the last week starts on the Monday on or before END (2026-11-16) */
	long end = date_from_civil(END_Y, END_M, END_D);
	long day = end - (date_weekday(end) - 1) - 7L * (MKT_WEEKS - 1);
	struct out o;
	out_open(&o, op->out, "marketing.csv", 0, 0);
	put_s(&o, "week,ad_spend,promotion_spend,sales");
	put_eol(&o);
	for (int t = 0; t < MKT_WEEKS; t++) {
		char wk[11];
		date_format_iso((double)day, wk);
		day += 7;
		double season = 1 + 0.25 * sin(2 * 3.14159265358979323846 * t / 52.0);
		double ad = (double)round_scaled((20000 + 60000 * rng_uniform(r)) * season, 2) / 100;
		double promo = 5000 + 35000 * rng_uniform(r);
		promo = (double)round_scaled(promo * (1 + 0.3 * (rng_uniform(r) < 0.15)), 2) / 100;
		double sales = 60000 + 2.8 * ad + 1.6 * promo + 400 * t + 18000 * rng_normal(r);
		put_mem(&o, wk, 10);
		comma(&o);
		put_fixed(&o, ad, 2);
		comma(&o);
		put_fixed(&o, promo, 2);
		comma(&o);
		put_fixed(&o, sales, 2);
		put_eol(&o);
	}
	out_close(&o);
}

static void
gen_schemes(const struct opts *op, struct rng *r)
{
	struct out o;
	out_open(&o, op->out, "schemes.csv", op->mess, 0);
	put_s(&o, "id,name,cost,time_weeks,quality,risk,strategic_fit");
	put_eol(&o);
	for (size_t i = 0; i < COUNT(SCHEMES); i++) {
		long long cost = round_scaled(lognormal(r, log(250000), 0.7) / 1000, 0) * 1000;
		double weeks = nearbyint(gamma_draw(r, 3, 6));
		double quality = clip(6.5 + 1.5 * rng_normal(r), 1, 10);
		double risk = beta_draw(r, 2, 4);
		double fit = clip(3.2 + 0.9 * rng_normal(r), 1, 5);
		put_c(&o, 'S');
		put_upad(&o, i + 1, 2);
		comma(&o);
		put_field(&o, SCHEMES[i]);
		comma(&o);
		put_i(&o, cost);
		comma(&o);
		put_i(&o, weeks > 2 ? (long long)weeks : 2);
		comma(&o);
		put_fixed(&o, quality, 1);
		comma(&o);
		put_fixed(&o, risk, 3);
		comma(&o);
		put_fixed(&o, fit, 1);
		put_eol(&o);
	}
	out_close(&o);
}

/* ------------------------------------------------------------------------ main */

static void
usage(const char *why)
{
	diag_error(&dg, BD_EUSAGE, NULL, "%s; usage: gen --customers N --orders M [--seed S] "
	           "--out DIR [--mess] [--schemes] [--quiet]", why);
	exit(BD_EUSAGE);
}

static unsigned long long
parse_count(const char *opt, const char *s, unsigned long long min, unsigned long long max)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || *s == '-' || v < min || v > max) {
		char msg[160];
		snprintf(msg, sizeof msg, "option '%s': expected a whole number in [%llu, %llu], "
		         "got \"%.40s\"", opt, min, max, s);
		usage(msg);
	}
	return v;
}

/* mkdir -p */
static void
make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1;; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			diag_error(&dg, BD_EIO, NULL, "cannot create directory '%s': %s", p,
			           strerror(errno));
			exit(BD_EIO);
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
}

static double
step(const char *what, double t)
{
	double now = diag_now();
	diag_progress(&dg, "%-18s %6.2fs", what, now - t);
	return now;
}

int
main(int argc, char **argv)
{
	struct opts op = { 0, 0, 42, NULL, 0, 0 };
	int have_c = 0, have_o = 0;
	diag_init(&dg);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc;
		if (strcmp(a, "--mess") == 0) {
			op.mess = 1;
		} else if (strcmp(a, "--schemes") == 0) {
			op.schemes = 1;
		} else if (strcmp(a, "--quiet") == 0) {
			dg.quiet = 1;
		} else if (strcmp(a, "--customers") == 0 && more) {
			op.customers = (size_t)parse_count(a, argv[++i], 1, 100000000);
			have_c = 1;
		} else if (strcmp(a, "--orders") == 0 && more) {
			op.orders = (size_t)parse_count(a, argv[++i], 0, 2000000000);
			have_o = 1;
		} else if (strcmp(a, "--seed") == 0 && more) {
			op.seed = parse_count(a, argv[++i], 0, UINT64_MAX);
		} else if (strcmp(a, "--out") == 0 && more) {
			op.out = argv[++i];
		} else {
			char msg[120];
			snprintf(msg, sizeof msg, "unknown or incomplete option '%.60s'", a);
			usage(msg);
		}
	}
	if (!have_c || !have_o || !op.out || !*op.out)
		usage("--customers, --orders and --out are required");
	make_dirs(op.out);
	date_table();

	/* one independent stream per file, so each file depends only on the seed and sizes */
	struct rng root, r_cust, r_ord, r_opp, r_par, r_mkt, r_sch, m_cust, m_ord, m_opp;
	rng_seed(&root, op.seed);
	rng_split(&root, 0, &r_cust);
	rng_split(&root, 1, &r_ord);
	rng_split(&root, 2, &r_opp);
	rng_split(&root, 3, &r_par);
	rng_split(&root, 4, &r_mkt);
	rng_split(&root, 5, &r_sch);
	rng_split(&root, 6, &m_cust);
	rng_split(&root, 7, &m_ord);
	rng_split(&root, 8, &m_opp);

	struct custs cs;
	double t0 = diag_now(), t = t0;
	gen_customers(&op, &r_cust, &m_cust, &cs);
	t = step("customers.csv", t);
	gen_orders(&op, &r_ord, &m_ord, &cs);
	t = step("orders.csv", t);
	gen_opportunities(&op, &r_opp, &m_opp, &cs);
	t = step("opportunities.csv", t);
	gen_partners(&op, &r_par);
	gen_marketing(&op, &r_mkt);
	if (op.schemes)
		gen_schemes(&op, &r_sch);
	step(op.schemes ? "partners+marketing+schemes" : "partners+marketing", t);
	step("total", t0);
	free(cs.signup);
	free(cs.churn_day);
	free(cs.emp);
	free(cs.churned);
	free(cs.name);
	return BD_OK;
}
