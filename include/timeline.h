/*
 * timeline: the time axis of the timeline view, without curses: the
 * window of time shown (zoom, pan, fit), where a process's bar falls in
 * cells and eighths of a cell, the glyphs that draw it, the ruler's ticks,
 * and a histogram of how many processes ran over time (the header's
 * sparkline).
 *
 * Times are microseconds since the trace started, as in the tree.  A
 * window is [t0, t0 + span) laid over width cells; each cell is split in
 * eighths (the block elements U+258F..U+2588), so a bar's ends fall to
 * an eighth of a cell.
 *
 * The histogram is a sink on the bus, after the tree's: it reads the
 * tree's count of running processes after each event and integrates it
 * over time into a fixed number of bins, whose width doubles (merging
 * pairs) as the run grows.  An event costs the bins it moves past; a
 * sample costs the bins and columns it covers, never the processes.
 */
#ifndef PTOP_TIMELINE_H
#define PTOP_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "ptree.h"

/* ---- the window ---------------------------------------------------------- */

struct tl_window {
	int64_t t0;		/* first microsecond shown */
	int64_t span;		/* microseconds across the width (> 0) */
};

/* Narrowest window: an eighth of a cell is one microsecond. */
#define TL_MIN_SPAN(width)	((int64_t)(width) * 8)

/* The whole run [0, end] (end: the last event, or now while tracing). */
struct tl_window tl_fit(int64_t end, int width);
/*
 * Zoom by num/den (1/2: twice the detail) keeping time anchor at the same
 * column; clamped to the narrowest window.
 */
void tl_zoom(struct tl_window *w, int64_t anchor, int num, int den, int width);
/* Move by fraction num/den of the span (negative: earlier), within [lo, hi]. */
void tl_pan(struct tl_window *w, int num, int den, int64_t lo, int64_t hi);

/* ---- bars ------------------------------------------------------------------ */

/*
 * A bar laid over cells: x0..x1 (inclusive); the first cell is empty for
 * its lo left eighths, the last one filled for its hi left eighths (so a
 * full cell is lo 0, hi 8; a bar inside one cell has x0 == x1).  A bar
 * always covers at least one eighth, however short.
 */
struct tl_bar {
	int x0, x1;
	int lo, hi;
	int cut_left, cut_right;	/* it goes on past the window's edge */
};

/* Lay [start, end] over width cells; 0 if none of it shows. */
int tl_bar(const struct tl_window *w, int width, int64_t start, int64_t end, struct tl_bar *b);
/* The eighths [from, to) that bar b fills in cell x (0..8). */
void tl_bar_cell(const struct tl_bar *b, int x, int *from, int *to);
/*
 * The glyph for a cell filled over eighths [from, to) (0 <= from < to <= 8):
 * a full block, a left block, or (*reverse set: draw it in reverse video)
 * a left block whose gap is the bar.  ASCII: '=' for at least half a
 * cell, '-' for less.
 */
const char *tl_glyph(int from, int to, int ascii, int *reverse);
/* The cell time t falls in, or -1 if it is outside the window. */
int tl_col(const struct tl_window *w, int width, int64_t t);
/* The first microsecond of cell x. */
int64_t tl_time(const struct tl_window *w, int width, int x);

/* ---- the ruler --------------------------------------------------------------- */

/* A round step (1, 2 or 5 times a power of ten, in us) giving ticks at least min_cols apart. */
int64_t tl_tick_step(const struct tl_window *w, int width, int min_cols);
/* A tick's label: "0", "250ms", "1.5s", "2m30s", "1h05m". */
char *tl_label(char *out, size_t size, int64_t t, int64_t step);

/* ---- how many processes ran, over time ---------------------------------------- */

#define TL_HIST_BINS 2048

struct tl_hist;

/* A histogram of pt's running processes; add its sink after the tree's. */
struct tl_hist *tl_hist_new(const struct ptree *pt);
void tl_hist_free(struct tl_hist *h);
struct sink tl_hist_sink(struct tl_hist *h);
/* Mean number of processes running over [a, b), counting on to now. */
double tl_hist_mean(const struct tl_hist *h, int64_t a, int64_t b, int64_t now);
/* Most processes running at once so far. */
uint32_t tl_hist_peak(const struct tl_hist *h);
/* Width of a bin now, in microseconds (tests). */
int64_t tl_hist_bin_us(const struct tl_hist *h);
/* Bytes it holds. */
size_t tl_hist_memory(const struct tl_hist *h);
/*
 * One sparkline glyph for value v of top (8 levels, U+2581..U+2588; a
 * space for 0; ASCII: " _.-=+*#").
 */
const char *tl_spark(double v, double top, int ascii);

#endif
