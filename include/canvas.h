/*
 * canvas: the screen as cells, without curses.
 *
 * A canvas is a grid of cells (one code point, an optional combining mark
 * and an attribute each; the right half of a wide character is a cell with
 * ch 0).  Each part of the screen draws into a rectangle of it; ui.c copies
 * the canvas to curses, and tests read it back as text.
 *
 * Text reaching a canvas is already made safe by fmt (escaped control
 * characters and invalid UTF-8); the pen still replaces anything unprintable
 * with '?' and measures characters with wcwidth(), so columns stay aligned
 * with CJK text, and wide characters cut by an edge become spaces.
 */
#ifndef PTOP_CANVAS_H
#define PTOP_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Attributes: a colour in the low bits, then styles. */
enum draw_color {
	DRAW_DEFAULT,
	DRAW_RED,
	DRAW_GREEN,
	DRAW_YELLOW,
	DRAW_BLUE,
	DRAW_MAGENTA,
	DRAW_CYAN,
	DRAW_BAR,	/* black on cyan: footer labels, menu titles */
	DRAW_TITLE,	/* black on green: column header */
	DRAW_NEW,	/* black on green: a process just started */
	DRAW_GONE,	/* black on red: a process just ended */
	DRAW_NCOLORS
};
#define DRAW_COLOR_MASK	0x0f
#define DRAW_BOLD	0x10
#define DRAW_DIM	0x20
#define DRAW_REVERSE	0x40
#define DRAW_UNDERLINE	0x80
#define DRAW_ITALIC	0x100
#define DRAW_BLINK	0x200
/*
 * The terminal pane's colours: an xterm 256-colour palette index for the
 * foreground and the background, stored plus one (0 = the terminal's
 * default).  Only pane cells use them; ui.c reduces them to what the
 * terminal has.  RGB colours are mapped to the nearest palette entry.
 */
#define DRAW_FG_SHIFT	12
#define DRAW_BG_SHIFT	21
#define DRAW_PAL_MASK	0x1ffu
#define DRAW_FG(i)	((uint32_t)((i) + 1) << DRAW_FG_SHIFT)
#define DRAW_BG(i)	((uint32_t)((i) + 1) << DRAW_BG_SHIFT)
/* Palette index of a cell's pane colour, or -1 for the default. */
#define DRAW_FG_OF(a)	((int)(((a) >> DRAW_FG_SHIFT) & DRAW_PAL_MASK) - 1)
#define DRAW_BG_OF(a)	((int)(((a) >> DRAW_BG_SHIFT) & DRAW_PAL_MASK) - 1)

struct rect {
	int x, y, w, h;
};

struct cell {
	uint32_t ch;		/* code point; 0 = right half of a wide character */
	uint32_t comb;		/* a combining mark drawn over ch, or 0 */
	uint32_t attr;		/* DRAW_* */
};

struct canvas {
	int w, h;
	struct cell *cells;
};

void canvas_resize(struct canvas *c, int w, int h);
void canvas_free(struct canvas *c);
struct cell *canvas_line(const struct canvas *c, int y);
/* Blank a rectangle with attr. */
void canvas_fill(struct canvas *c, struct rect r, uint16_t attr);
/* The canvas as text, one line per row, trailing blanks kept (tests). */
void canvas_text(const struct canvas *c, struct buf *out);

/*
 * A pen writes one line of a rectangle, left to right.  col counts the
 * columns of text given so far; the first skip columns are not shown
 * (horizontal scrolling).  Writing stops at the rectangle's edge.  A pen
 * on no canvas (NULL) only measures: what would fit, and how wide it is.
 */
struct pen {
	struct canvas *c;
	int x, y, right;	/* canvas column of col == skip, row, first column past the edge */
	long col, skip;
	uint16_t attr;
	struct cell *prev;	/* last cell written, for combining marks */
};

void pen_start(struct pen *p, struct canvas *c, struct rect r, int row, long skip);
/* Write safe UTF-8 text; returns 1 once the line is full. */
int pen_put(struct pen *p, const char *s, size_t len);
int pen_puts(struct pen *p, const char *s);
int pen_printf(struct pen *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pen_full(const struct pen *p);
/* Blank the rest of the line. */
void pen_fill(struct pen *p);
/* Columns s takes on the screen ('?' for what must not reach a terminal). */
long canvas_width(const char *s, size_t len);
/* Columns of a code point; -1 for what must not reach a terminal. */
int canvas_cp_width(uint32_t cp);
/*
 * The next character of s: its code point, its byte length (returned) and
 * its columns; '?' of width 1 for invalid UTF-8 and unprintable characters.
 */
size_t canvas_next_char(const unsigned char *s, size_t len, uint32_t *cp, int *width);

/* Nearest xterm 256-colour palette entry of 0xRRGGBB (16-255). */
int canvas_rgb256(uint32_t rgb);
/* A palette index reduced to a terminal of ncolors colours (-1: none). */
int canvas_reduce_color(int idx, int ncolors);

#endif
