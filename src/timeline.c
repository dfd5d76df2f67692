/*
 * timeline.c: the time axis, bar geometry and the running-processes
 * histogram.  See timeline.h.
 *
 * Invariants of the histogram: area[k] is the integral of the number of
 * running processes over bin k's part of [0, last_t), in microseconds of
 * processes; bins past last_t's are zero; last_t < TL_HIST_BINS * bin_us.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"
#include "xmalloc.h"

/* ---- the window ---------------------------------------------------------- */

static int64_t
tl_min_span(int width)
{
	return TL_MIN_SPAN(width > 0 ? width : 1);
}

struct tl_window
tl_fit(int64_t end, int width)
{
	struct tl_window w;

	w.t0 = 0;
	w.span = end > tl_min_span(width) ? end : tl_min_span(width);
	return w;
}

void
tl_zoom(struct tl_window *w, int64_t anchor, int num, int den, int width)
{
	int64_t span = w->span / den * num + w->span % den * num / den;

	if (span < tl_min_span(width))
		span = tl_min_span(width);
	if (span == w->span)
		return;
	if (anchor < w->t0 || anchor > w->t0 + w->span)
		anchor = w->t0 + w->span / 2;
	/* The anchor keeps its fraction of the width: (anchor - t0) / span. */
	w->t0 = anchor - (int64_t)((double)(anchor - w->t0) * (double)span / (double)w->span);
	w->span = span;
}

void
tl_pan(struct tl_window *w, int num, int den, int64_t lo, int64_t hi)
{
	int64_t t0 = w->t0 + w->span / den * num;

	if (t0 > hi)
		t0 = hi;
	if (t0 < lo)
		t0 = lo;
	w->t0 = t0;
}

/* ---- bars --------------------------------------------------------------------- */

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Eighths of a cell from the window's left edge to t (rounded down, or up). */
static int64_t
tl_eighths(const struct tl_window *w, int width, int64_t t, int up)
{
	int64_t d = t - w->t0, e = (int64_t)width * 8;

	/* Far outside the window: only the side matters (and no overflow). */
	if (d < -w->span)
		d = -w->span;
	if (d > 2 * w->span)
		d = 2 * w->span;
	return up ? -floor_div(-d * e, w->span) : floor_div(d * e, w->span);
}

int
tl_bar(const struct tl_window *w, int width, int64_t start, int64_t end, struct tl_bar *b)
{
	int64_t ps, pe, e = (int64_t)width * 8;

	memset(b, 0, sizeof *b);
	if (width <= 0 || w->span <= 0)
		return 0;
	if (end < start)
		end = start;
	ps = tl_eighths(w, width, start, 0);
	pe = tl_eighths(w, width, end, 1);
	if (pe <= ps)
		pe = ps + 1;	/* too short to see: one eighth */
	if (pe <= 0 || ps >= e)
		return 0;
	if (ps < 0) {
		ps = 0;
		b->cut_left = 1;
	}
	if (pe > e) {
		pe = e;
		b->cut_right = 1;
	}
	b->x0 = (int)(ps / 8);
	b->lo = (int)(ps % 8);
	b->x1 = (int)((pe - 1) / 8);
	b->hi = (int)(pe - (int64_t)b->x1 * 8);
	return 1;
}

void
tl_bar_cell(const struct tl_bar *b, int x, int *from, int *to)
{
	*from = x == b->x0 ? b->lo : 0;
	*to = x == b->x1 ? b->hi : 8;
	if (x < b->x0 || x > b->x1)
		*from = *to = 0;
}

const char *
tl_glyph(int from, int to, int ascii, int *reverse)
{
	/* Left blocks by eighths filled: U+258F (1/8) .. U+2589 (7/8), U+2588 full. */
	static const char *const left[9] = {
		" ", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
		"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88",
	};

	*reverse = 0;
	if (from < 0)
		from = 0;
	if (to > 8)
		to = 8;
	if (to <= from)
		return " ";
	if (ascii)
		return to - from >= 4 ? "=" : "-";
	if (from == 0)
		return left[to];
	if (to == 8 || from > 8 - to) {
		/* Filled on the right: the gap on the left, in reverse video. */
		*reverse = 1;
		return left[from];
	}
	return left[to];	/* inside one cell: drawn from its left edge */
}

int
tl_col(const struct tl_window *w, int width, int64_t t)
{
	int64_t x;

	if (t < w->t0 || t >= w->t0 + w->span || width <= 0)
		return -1;
	x = tl_eighths(w, width, t, 0) / 8;
	return x < width ? (int)x : width - 1;
}

int64_t
tl_time(const struct tl_window *w, int width, int x)
{
	return w->t0 + (int64_t)((double)w->span * x / (width > 0 ? width : 1));
}

/* ---- the ruler ------------------------------------------------------------------ */

int64_t
tl_tick_step(const struct tl_window *w, int width, int min_cols)
{
	static const int64_t big[] = {
		15000000, 30000000, 60000000, 120000000, 300000000, 600000000, 900000000,
		1800000000, 3600000000, 7200000000, 18000000000, 36000000000, 86400000000,
	};
	int64_t step, mant[] = { 1, 2, 5 }, p;
	size_t i;

	if (width <= 0)
		return w->span;
	/* ticks min_cols apart: step * width / span >= min_cols */
	for (p = 1; p <= 1000000; p *= 10)
		for (i = 0; i < 3; i++)
			if ((step = mant[i] * p) * width >= (int64_t)min_cols * w->span)
				return step;
	for (i = 0; i < sizeof big / sizeof big[0]; i++)
		if (big[i] * width >= (int64_t)min_cols * w->span)
			return big[i];
	for (step = big[i - 1];; step *= 2)
		if (step * width >= (int64_t)min_cols * w->span || step > INT64_MAX / 4)
			return step;
}

/* Decimals that show a multiple of step in units of unit microseconds. */
static int
tl_decimals(int64_t step, int64_t unit)
{
	int d = 0;

	while (unit > 1 && step % unit != 0 && d < 6) {
		unit /= 10;
		d++;
	}
	return d;
}

char *
tl_label(char *out, size_t size, int64_t t, int64_t step)
{
	const char *sign = t < 0 ? "-" : "";
	int64_t a = t < 0 ? -t : t;

	if (a == 0)
		snprintf(out, size, "0");
	else if (a >= 3600000000 && step >= 60000000)
		snprintf(out, size, "%s%lldh%02lldm", sign, (long long)(a / 3600000000),
		    (long long)(a / 60000000 % 60));
	else if (a >= 60000000 && step >= 1000000)
		snprintf(out, size, step % 60000000 == 0 ? "%s%lldm" : "%s%lldm%02llds", sign,
		    (long long)(a / 60000000), (long long)(a / 1000000 % 60));
	else if (a >= 1000000 || step >= 1000000)
		snprintf(out, size, "%s%.*fs", sign, tl_decimals(step, 1000000), a / 1e6);
	else if (a >= 1000 || step >= 1000)
		snprintf(out, size, "%s%.*fms", sign, tl_decimals(step, 1000), a / 1e3);
	else
		snprintf(out, size, "%s%lldus", sign, (long long)a);
	return out;
}

/* ---- the histogram ------------------------------------------------------------------ */

struct tl_hist {
	const struct ptree *pt;
	int64_t bin_us;
	int64_t last_t;		/* integrated up to here */
	uint32_t running;	/* since last_t */
	uint32_t peak;
	double area[TL_HIST_BINS];
};

struct tl_hist *
tl_hist_new(const struct ptree *pt)
{
	struct tl_hist *h = xcalloc(1, sizeof *h);

	h->pt = pt;
	h->bin_us = 1000;
	return h;
}

void
tl_hist_free(struct tl_hist *h)
{
	free(h);
}

size_t
tl_hist_memory(const struct tl_hist *h)
{
	return sizeof *h;
}

int64_t
tl_hist_bin_us(const struct tl_hist *h)
{
	return h->bin_us;
}

uint32_t
tl_hist_peak(const struct tl_hist *h)
{
	return h->peak;
}

/* Twice as wide bins, half as many in use. */
static void
tl_hist_coarsen(struct tl_hist *h)
{
	size_t i;

	for (i = 0; i < TL_HIST_BINS / 2; i++)
		h->area[i] = h->area[2 * i] + h->area[2 * i + 1];
	memset(h->area + TL_HIST_BINS / 2, 0, TL_HIST_BINS / 2 * sizeof h->area[0]);
	h->bin_us *= 2;
}

/* Integrate the running count from last_t to t. */
static void
tl_hist_advance(struct tl_hist *h, int64_t t)
{
	int64_t k, from, to;

	if (t <= h->last_t)
		return;
	while (t >= TL_HIST_BINS * h->bin_us && h->bin_us < INT64_MAX / (4 * TL_HIST_BINS))
		tl_hist_coarsen(h);
	if (t >= TL_HIST_BINS * h->bin_us)
		t = TL_HIST_BINS * h->bin_us - 1;
	if (h->running > 0) {
		for (k = h->last_t / h->bin_us; k * h->bin_us < t; k++) {
			from = k * h->bin_us > h->last_t ? k * h->bin_us : h->last_t;
			to = (k + 1) * h->bin_us < t ? (k + 1) * h->bin_us : t;
			h->area[k] += (double)h->running * (double)(to - from);
		}
	}
	h->last_t = t;
}

static void
tl_hist_event(void *ctx, const struct event *ev)
{
	struct tl_hist *h = ctx;

	tl_hist_advance(h, ev->t_us);
	/* The tree's count: events it ignored change nothing here either. */
	h->running = ptree_stats(h->pt)->running;
	if (h->running > h->peak)
		h->peak = h->running;
}

/* The tree has marked whatever still ran as lost, at the last event. */
static void
tl_hist_end(void *ctx)
{
	struct tl_hist *h = ctx;

	h->running = 0;
}

struct sink
tl_hist_sink(struct tl_hist *h)
{
	struct sink s = {
		.begin = NULL,
		.event = tl_hist_event,
		.end = tl_hist_end,
		.ctx = h,
	};
	return s;
}

double
tl_hist_mean(const struct tl_hist *h, int64_t a, int64_t b, int64_t now)
{
	double sum = 0;
	int64_t k, from, to, bin_end, known;

	if (b <= a)
		return 0;
	/* What the bins hold: [0, last_t). The last bin holds only up to last_t. */
	if (a < 0)
		a = 0;
	for (k = a / h->bin_us; k < TL_HIST_BINS && k * h->bin_us < b &&
	    k * h->bin_us < h->last_t; k++) {
		bin_end = (k + 1) * h->bin_us;
		known = bin_end < h->last_t ? bin_end : h->last_t;	/* the bin's part known */
		from = a > k * h->bin_us ? a : k * h->bin_us;
		to = b < known ? b : known;
		if (to > from)
			sum += h->area[k] * (double)(to - from) / (double)(known - k * h->bin_us);
	}
	/* Since the last event, the count has not changed. */
	from = a > h->last_t ? a : h->last_t;
	to = b < now ? b : now;
	if (to > from)
		sum += (double)h->running * (double)(to - from);
	return sum / (double)(b - a);
}

const char *
tl_spark(double v, double top, int ascii)
{
	static const char *const bars[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	static const char *const chars[8] = { ".", ":", "-", "=", "+", "*", "#", "@" };
	int level;

	if (v <= 0 || top <= 0)
		return " ";
	level = (int)(v / top * 8 + 0.999);
	if (level < 1)
		level = 1;
	if (level > 8)
		level = 8;
	return ascii ? chars[level - 1] : bars[level - 1];
}
