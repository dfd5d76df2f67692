/*
 * frame_helpers.h: draw the interactive view into a canvas as a frame
 * would, and read its text back line by line, for unit tests that check
 * what a screen shows.  Include after tree_helpers.h (th_clock).
 */
#ifndef PTOP_TEST_FRAME_HELPERS_H
#define PTOP_TEST_FRAME_HELPERS_H

#include <string.h>

#include "buf.h"
#include "canvas.h"
#include "ui.h"

/* Lay out and draw a w x h frame at th_clock (as after a change); its text. */
static inline const char *
th_frame(struct ui *u, struct canvas *c, struct buf *text, int w, int h)
{
	ui_layout(u, w, h);
	u->now_us = th_clock;
	ui_prepare(u, w, h);
	canvas_resize(c, w, h);
	ui_draw(c, u);
	buf_clear(text);
	canvas_text(c, text);
	return text->p;
}

/* Line y of a frame's text, without trailing blanks. */
static inline const char *
th_line(const struct buf *text, int y)
{
	static char out[4096];
	const char *p = text->p, *e;
	size_t n;

	while (y-- > 0 && (p = strchr(p, '\n')) != NULL)
		p++;
	if (p == NULL)
		return "";
	e = strchr(p, '\n');
	n = e != NULL ? (size_t)(e - p) : strlen(p);
	if (n > sizeof out - 1)
		n = sizeof out - 1;
	memcpy(out, p, n);
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

#endif
