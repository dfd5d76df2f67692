/*
 * draw: everything the UI shows, as cells in a canvas, without curses.
 *
 * A canvas is a grid of cells (one code point, an optional combining mark
 * and an attribute each; the right half of a wide character is a cell with
 * ch 0).  Each part of the screen draws into a rectangle of it: the header,
 * the tree pane, the footer, and the launched command's terminal pane below
 * or beside the tree.  ui.c copies the canvas to curses; nothing here knows
 * the terminal.
 *
 * Text reaching a canvas is already made safe by fmt (escaped control
 * characters and invalid UTF-8); the pen still replaces anything unprintable
 * with '?' and measures characters with wcwidth(), so columns stay aligned
 * with CJK text, and wide characters cut by an edge become spaces.
 *
 * A frame costs work proportional to the rows on the screen: the tree rows
 * come from the view, tree glyphs from a path of ancestors built once for
 * the top row and kept while walking down.
 */
#ifndef PTOP_DRAW_H
#define PTOP_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ptree.h"

struct ui;

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

/* Smallest usable screen; below it a notice replaces the UI. */
#define DRAW_MIN_W	40
#define DRAW_MIN_H	10

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
 * (horizontal scrolling).  Writing stops at the rectangle's edge.
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
/* Columns s takes on the screen. */
long draw_width(const char *s, size_t len);

/*
 * pager: the detail and help views.  Lines of safe text, each with one
 * attribute; long lines wrap at the pane width, their continuations
 * indented by hang columns.  top is the first wrapped row shown.
 */
struct pager_line {
	size_t off, len;
	uint16_t attr;
	uint16_t hang;
};

struct pager_row {
	uint32_t line;
	size_t off, len;
	int first;		/* the line's first row (no hang) */
};

struct pager {
	char *title;
	struct buf text;
	struct pager_line *lines;
	size_t nlines, alloclines;
	struct pager_row *rows;
	size_t nrows, allocrows;
	int width;		/* rows are wrapped for this width; 0 = stale */
	size_t top;
};

void pager_clear(struct pager *p);
void pager_free(struct pager *p);
void pager_set_title(struct pager *p, const char *title);
void pager_add(struct pager *p, uint16_t attr, int hang, const char *s, size_t len);
void pager_addf(struct pager *p, uint16_t attr, int hang, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Wrap for a width (cheap when unchanged). */
void pager_layout(struct pager *p, int width);
/* Scroll by delta rows for a pane of height rows, clamped. */
void pager_scroll(struct pager *p, long delta, int height);

/* ---- the screen ---- */

/*
 * Where things go for a w x h screen; also tells the view its height and
 * the terminal pane (if any, and shown) its size.
 */
void draw_layout(struct ui *u, int w, int h);
/*
 * Where the tree side draws (tree, detail, help, menus): the tree, or the
 * whole body when the pane is maximised, and for the help.
 */
struct rect draw_side_rect(const struct ui *u);
/* Columns of a code point; -1 for what must not reach a terminal. */
int draw_cp_width(uint32_t cp);
/* fmt_* flags for the UI's locale. */
int draw_fmt_flags(const struct ui *u);

/* ---- the terminal pane (draw_pane.c) ---- */

/* Draw the pane (title bar, cells, cursor position) into its rectangle. */
void draw_pane(struct canvas *c, struct ui *u);
/* Keep a pane scrolled back on the same lines while new output arrives. */
void draw_pane_anchor(struct ui *u);
/* Nearest xterm 256-colour palette entry of 0xRRGGBB (16-255). */
int draw_pane_rgb256(uint32_t rgb);
/* A palette index reduced to a terminal of ncolors colours (-1: none). */
int draw_pane_reduce(int idx, int ncolors);
/* Draw the whole screen into c (sized by the caller to the layout). */
void draw_frame(struct canvas *c, struct ui *u);
/* Screen column of a process's fold marker, or -1 when off screen. */
int draw_marker_x(const struct ui *u, uint32_t id);

#endif
