/*
 * pager.c: scrollable wrapped text.  See pager.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pager.h"
#include "xmalloc.h"

void
pager_clear(struct pager *p)
{
	buf_clear(&p->text);
	p->nlines = 0;
	p->nrows = 0;
	p->width = 0;
}

void
pager_free(struct pager *p)
{
	buf_free(&p->text);
	free(p->lines);
	free(p->rows);
	free(p->title);
	memset(p, 0, sizeof *p);
}

void
pager_set_title(struct pager *p, const char *title)
{
	free(p->title);
	p->title = xstrdup(title);
}

void
pager_add(struct pager *p, uint16_t attr, int hang, const char *s, size_t len)
{
	struct pager_line *l;

	if (p->nlines == p->alloclines) {
		p->alloclines = p->alloclines ? p->alloclines * 2 : 64;
		p->lines = xreallocarray(p->lines, p->alloclines, sizeof *p->lines);
	}
	l = &p->lines[p->nlines++];
	l->off = p->text.len;
	l->len = len;
	l->attr = attr;
	l->hang = (uint16_t)(hang < 0 ? 0 : hang);
	buf_add(&p->text, s, len);
	p->width = 0;
}

void
pager_addf(struct pager *p, uint16_t attr, int hang, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pager_add(p, attr, hang, b.p != NULL ? b.p : "", b.len);
	buf_free(&b);
}

static void
pager_push_row(struct pager *p, uint32_t line, size_t off, size_t len, int first)
{
	struct pager_row *r;

	if (p->nrows == p->allocrows) {
		p->allocrows = p->allocrows ? p->allocrows * 2 : 256;
		p->rows = xreallocarray(p->rows, p->allocrows, sizeof *p->rows);
	}
	r = &p->rows[p->nrows++];
	r->line = line;
	r->off = off;
	r->len = len;
	r->first = first;
}

void
pager_layout(struct pager *p, int width)
{
	const unsigned char *s;
	size_t i, start, n, line;
	uint32_t cp;
	int used, avail, w, first;

	if (width < 1)
		width = 1;
	if (p->width == width)
		return;
	p->nrows = 0;
	p->width = width;
	for (line = 0; line < p->nlines; line++) {
		const struct pager_line *l = &p->lines[line];

		s = (const unsigned char *)p->text.p + l->off;
		start = 0;
		used = 0;
		first = 1;
		avail = width;
		for (i = 0; i < l->len; i += n) {
			n = canvas_next_char(s + i, l->len - i, &cp, &w);
			if (used + w > avail && used > 0) {
				pager_push_row(p, (uint32_t)line, l->off + start, i - start, first);
				first = 0;
				start = i;
				used = 0;
				avail = width - l->hang > 8 ? width - l->hang : width;
			}
			used += w;
		}
		pager_push_row(p, (uint32_t)line, l->off + start, l->len - start, first);
	}
}

void
pager_scroll(struct pager *p, long delta, int height)
{
	long top = (long)p->top + delta, max;

	max = (long)p->nrows - (height > 0 ? height : 1);
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	p->top = (size_t)top;
}

void
pager_fit(struct pager *p, struct rect r)
{
	pager_layout(p, r.w);
	pager_scroll(p, 0, r.h - 1);
}

void
pager_draw(struct canvas *c, struct rect r, const struct pager *pg)
{
	struct rect body = r;
	const struct pager_row *row;
	const struct pager_line *l;
	struct pen p;
	size_t i;
	int y;

	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_TITLE;
	pen_puts(&p, pg->title != NULL ? pg->title : "");
	pen_fill(&p);
	body.y++;
	body.h--;
	canvas_fill(c, body, DRAW_DEFAULT);
	if (pg->width != body.w)
		return;		/* not fitted to r: nothing trustworthy to show */
	for (y = 0, i = pg->top; y < body.h && i < pg->nrows; y++, i++) {
		row = &pg->rows[i];
		l = &pg->lines[row->line];
		if (!row->first && body.w - l->hang > 8) {
			/* A continuation: indented under the line's text. */
			struct rect cont = { body.x + l->hang, body.y, body.w - l->hang, body.h };
			pen_start(&p, c, cont, y, 0);
		} else
			pen_start(&p, c, body, y, 0);
		p.attr = l->attr;
		pen_put(&p, pg->text.p + row->off, row->len);
	}
	if (pg->nrows > (size_t)body.h) {
		/* Where we are, on the title line's right. */
		char pos[48];
		int len = snprintf(pos, sizeof pos, " %zu-%zu/%zu ", pg->top + 1,
		    pg->top + (size_t)body.h < pg->nrows ? pg->top + body.h : pg->nrows, pg->nrows);
		struct rect t = { r.x + r.w - len, r.y, len, 1 };

		if (t.x > r.x) {
			pen_start(&p, c, t, 0, 0);
			p.attr = DRAW_TITLE;
			pen_puts(&p, pos);
		}
	}
}
