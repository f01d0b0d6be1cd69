/* SPDX-License-Identifier: MIT
 * special: incomplete gamma (power series below a+1, Lentz continued fraction
 * above), incomplete beta (Lentz continued fraction with the symmetry swap), normal
 * quantile (Acklam's rational start polished by Halley steps on erfc) and the t, F,
 * chi-square tails built on them. Part of src/stats; libm only. */
#include "stats/special.h"

#include <float.h>
#include <math.h>

#define MAXIT 10000
#define TINY 1e-300

/* exp(a*log(x) - x - lgamma(a)): the common prefactor of P and Q */
static double
gamma_prefactor(double a, double x)
{
	return exp(a * log(x) - x - lgamma(a));
}

static double
gamma_series(double a, double x)
{
	/* P(a,x) = prefactor / a * sum_{n>=0} x^n / ((a+1)...(a+n)) */
	double term = 1 / a, sum = term, ap = a;
	for (int n = 0; n < MAXIT; n++) {
		ap += 1;
		term *= x / ap;
		sum += term;
		if (fabs(term) < fabs(sum) * DBL_EPSILON * 0.5)
			break;
	}
	return sum * gamma_prefactor(a, x);
}

static double
gamma_cfrac(double a, double x)
{
	/* Q(a,x) = prefactor * 1/(x+1-a- 1*(1-a)/(x+3-a- 2*(2-a)/(x+5-a- ...))) */
	double b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
	for (int i = 1; i < MAXIT; i++) {
		double an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < TINY)
			d = TINY;
		c = b + an / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < DBL_EPSILON * 0.5)
			break;
	}
	return h * gamma_prefactor(a, x);
}

double
special_gamma_p(double a, double x)
{
	if (!(a > 0) || !(x >= 0) || isnan(x))
		return NAN;
	if (x == 0)
		return 0;
	if (isinf(x))
		return 1;
	if (x < a + 1)
		return gamma_series(a, x);
	return 1 - gamma_cfrac(a, x);
}

double
special_gamma_q(double a, double x)
{
	if (!(a > 0) || !(x >= 0) || isnan(x))
		return NAN;
	if (x == 0)
		return 1;
	if (isinf(x))
		return 0;
	if (x < a + 1)
		return 1 - gamma_series(a, x);
	return gamma_cfrac(a, x);
}

/* Continued fraction for I_x(a,b) / prefactor, valid for x < (a+1)/(a+b+2). */
static double
beta_cfrac(double a, double b, double x)
{
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < TINY)
		d = TINY;
	d = 1 / d;
	double h = d;
	for (int m = 1; m < MAXIT; m++) {
		double m2 = 2.0 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < DBL_EPSILON * 0.5)
			break;
	}
	return h;
}

/* Stirling correction lgamma(x) - [(x-0.5) ln x - x + ln(2 pi)/2], x >= 10 */
static double
stirling_tail(double x)
{
	double r = 1 / x, r2 = r * r;
	return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
}

/* lgamma(a+b) - lgamma(a) - lgamma(b) without the cancellation of two huge lgammas
 * when one argument is large (t tails with df ~ 1e9) */
static double
lbeta_neg(double a, double b)
{
	if (a < b) {
		double t = a;
		a = b;
		b = t;
	}
	if (a < 20)
		return lgamma(a + b) - lgamma(a) - lgamma(b);
	/* (a+b-.5)ln(a+b) - (a-.5)ln a = b ln a + (a+b-.5) log1p(b/a) */
	return b * log(a) + (a + b - 0.5) * log1p(b / a) - b + stirling_tail(a + b) -
	       stirling_tail(a) - lgamma(b);
}

/* I_x(a,b) given both x and y = 1 - x (each exact to rounding), no cancellation. */
static double
ibeta(double a, double b, double x, double y)
{
	if (x <= 0)
		return 0;
	if (y <= 0)
		return 1;
	double lx = x > 0.5 ? log1p(-y) : log(x), ly = y > 0.5 ? log1p(-x) : log(y);
	double lpre = lbeta_neg(a, b) + a * lx + b * ly;
	if (x < (a + 1) / (a + b + 2))
		return exp(lpre) * beta_cfrac(a, b, x) / a;
	return 1 - exp(lpre) * beta_cfrac(b, a, y) / b;
}

/* 1 - I_x(a,b) = I_y(b,a) */
static double
ibeta_c(double a, double b, double x, double y)
{
	return ibeta(b, a, y, x);
}

double
special_beta_inc(double a, double b, double x)
{
	if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1))
		return NAN;
	return ibeta(a, b, x, 1 - x);
}

double
special_beta_inc_c(double a, double b, double x)
{
	if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1))
		return NAN;
	return ibeta_c(a, b, x, 1 - x);
}

double
special_normal_cdf(double x)
{
	return 0.5 * erfc(-x / M_SQRT2);
}

double
special_normal_sf(double x)
{
	return 0.5 * erfc(x / M_SQRT2);
}

double
special_normal_pdf(double x)
{
	return exp(-0.5 * x * x) / sqrt(2 * M_PI);
}

/* Acklam's rational approximation (relative error ~1e-9) for p <= 0.5 */
static double
acklam_lower(double p)
{
	static const double a[6] = { -3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
		2.506628277459239e+00 };
	static const double b[5] = { -5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[6] = { -7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
		2.938163982698783e+00 };
	static const double d[4] = { 7.784695709041462e-03, 3.224671290700398e-01,
		2.445134137142996e+00, 3.754408661907416e+00 };
	if (p < 0.02425) {
		double q = sqrt(-2 * log(p));
		return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		       ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	double q = p - 0.5, r = q * q;
	return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
	       (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double
special_normal_quantile(double p)
{
	if (isnan(p) || p < 0 || p > 1)
		return NAN;
	if (p == 0)
		return -INFINITY;
	if (p == 1)
		return INFINITY;
	if (p == 0.5)
		return 0;
	/* work in the lower half; 1 - p is exact for p >= 0.5 */
	int upper = p > 0.5;
	double pl = upper ? 1 - p : p;
	double x = acklam_lower(pl);
	/* Halley steps on Phi(x) - pl; the error is cubed each time */
	for (int it = 0; it < 3; it++) {
		double e = special_normal_cdf(x) - pl;
		double u = e / special_normal_pdf(x);
		double dx = u / (1 + 0.5 * x * u);
		x -= dx;
		if (fabs(dx) <= 1e-17 * fabs(x))
			break;
	}
	return upper ? -x : x;
}

double
special_t_sf(double t, double df)
{
	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return t > 0 ? 0 : 1;
	double t2 = t * t;
	/* P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2) */
	double x = df / (df + t2), y = t2 / (df + t2);
	double tail = 0.5 * ibeta(0.5 * df, 0.5, x, y);
	return t > 0 ? tail : 1 - tail;
}

double
special_t_cdf(double t, double df)
{
	return special_t_sf(-t, df);
}

double
special_t_p2(double t, double df)
{
	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return 0;
	double t2 = t * t;
	double x = df / (df + t2), y = t2 / (df + t2);
	return ibeta(0.5 * df, 0.5, x, y);
}

static double
t_pdf(double t, double df)
{
	return exp(lgamma(0.5 * (df + 1)) - lgamma(0.5 * df) - 0.5 * log(df * M_PI) -
	           0.5 * (df + 1) * log1p(t * t / df));
}

double
special_t_quantile(double p, double df)
{
	if (isnan(p) || p < 0 || p > 1 || !(df > 0))
		return NAN;
	if (p == 0)
		return -INFINITY;
	if (p == 1)
		return INFINITY;
	if (p == 0.5)
		return 0;
	int upper = p > 0.5;
	double pl = upper ? 1 - p : p;   /* solve cdf(x) = pl with x < 0 */
	/* bracket [lo, hi] with cdf(lo) < pl < cdf(hi) = 0.5 */
	double hi = 0, lo = special_normal_quantile(pl);
	if (!isfinite(lo))
		lo = -1e300;
	while (special_t_cdf(lo, df) > pl && lo > -1e300)
		lo *= 2;
	double x = lo;
	for (int it = 0; it < 200; it++) {
		double f = special_t_cdf(x, df) - pl;
		if (f == 0)
			break;
		if (f < 0)
			lo = x;
		else
			hi = x;
		double dens = t_pdf(x, df);
		double nx = x - f / dens;
		if (!(nx > lo && nx < hi) || !isfinite(nx))
			nx = 0.5 * (lo + hi);
		if (fabs(nx - x) <= 4 * DBL_EPSILON * fabs(nx))
		{
			x = nx;
			break;
		}
		x = nx;
	}
	return upper ? -x : x;
}

double
special_chi2_sf(double x, double k)
{
	if (isnan(x) || !(k > 0))
		return NAN;
	if (x <= 0)
		return 1;
	return special_gamma_q(0.5 * k, 0.5 * x);
}

double
special_f_sf(double f, double d1, double d2)
{
	if (isnan(f) || !(d1 > 0) || !(d2 > 0))
		return NAN;
	if (f <= 0)
		return 1;
	if (isinf(f))
		return 0;
	/* P(F > f) = I_{d2/(d2+d1 f)}(d2/2, d1/2) */
	double den = d2 + d1 * f;
	return ibeta(0.5 * d2, 0.5 * d1, d2 / den, d1 * f / den);
}
