/*
 * pager: scrollable text (the detail and help views).  Lines of safe text,
 * each with one attribute; long lines wrap at the pane width, their
 * continuations indented by hang columns.  top is the first wrapped row
 * shown.  No curses: it draws into a canvas.
 */
#ifndef PTOP_PAGER_H
#define PTOP_PAGER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "canvas.h"

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
/*
 * Before drawing into r: wrap for its width and keep top in range (the
 * first row of r is the title bar).
 */
void pager_fit(struct pager *p, struct rect r);
/* Draw a pager that pager_fit() laid out for r: title bar, then rows. */
void pager_draw(struct canvas *c, struct rect r, const struct pager *p);

#endif
