/*
 * canvas.c: cells, and the pen that writes text into them.  See canvas.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "canvas.h"
#include "fmt.h"
#include "xmalloc.h"

/* ---- canvas ------------------------------------------------------------- */

void
canvas_resize(struct canvas *c, int w, int h)
{
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (c->w != w || c->h != h || c->cells == NULL) {
		free(c->cells);
		c->cells = xcalloc((size_t)w * h, sizeof *c->cells);	/* read by canvas_unsplit */
		c->w = w;
		c->h = h;
	}
	canvas_fill(c, (struct rect){ 0, 0, w, h }, DRAW_DEFAULT);
}

void
canvas_free(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = c->h = 0;
}

struct cell *
canvas_line(const struct canvas *c, int y)
{
	return &c->cells[(size_t)y * c->w];
}

/* Writing over half of a wide character blanks its other half. */
static void
canvas_unsplit(struct cell *line, int w, int x)
{
	if (x > 0 && x < w && line[x].ch == 0)
		line[x - 1].ch = ' ';
	if (x >= 0 && x + 1 < w && line[x + 1].ch == 0)
		line[x + 1].ch = ' ';
}

void
canvas_fill(struct canvas *c, struct rect r, uint16_t attr)
{
	struct cell *line;
	int x, y;

	if (r.x < 0) {
		r.w += r.x;
		r.x = 0;
	}
	if (r.x + r.w > c->w)
		r.w = c->w - r.x;
	for (y = r.y; y < r.y + r.h && y < c->h; y++) {
		if (y < 0 || r.w <= 0)
			continue;
		line = canvas_line(c, y);
		canvas_unsplit(line, c->w, r.x);
		canvas_unsplit(line, c->w, r.x + r.w - 1);
		for (x = r.x; x < r.x + r.w; x++) {
			line[x].ch = ' ';
			line[x].comb = 0;
			line[x].attr = attr;
		}
	}
}

void
canvas_text(const struct canvas *c, struct buf *out)
{
	const struct cell *line;
	char u8[8];
	mbstate_t st;
	size_t n;
	int x, y;

	for (y = 0; y < c->h; y++) {
		line = canvas_line(c, y);
		for (x = 0; x < c->w; x++) {
			if (line[x].ch == 0)
				continue;
			memset(&st, 0, sizeof st);
			if (line[x].ch < 0x80)
				buf_addc(out, (char)line[x].ch);
			else if ((n = wcrtomb(u8, (wchar_t)line[x].ch, &st)) != (size_t)-1)
				buf_add(out, u8, n);
			else
				buf_addc(out, '?');
			if (line[x].comb != 0) {
				memset(&st, 0, sizeof st);
				if ((n = wcrtomb(u8, (wchar_t)line[x].comb, &st)) != (size_t)-1)
					buf_add(out, u8, n);
			}
		}
		buf_addc(out, '\n');
	}
}

/* ---- pen ------------------------------------------------------------------ */

int
canvas_cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	return wcwidth((wchar_t)cp);
}

size_t
canvas_next_char(const unsigned char *s, size_t len, uint32_t *cp, int *width)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		n = 1;
	} else if ((n = utf8_decode(s, len, cp)) == 0) {
		*cp = '?';
		n = 1;
	}
	if ((*width = canvas_cp_width(*cp)) < 0) {
		*cp = '?';
		*width = 1;
	}
	return n;
}

long
canvas_width(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	long total = 0;
	int w;

	while (i < len) {
		i += canvas_next_char(u + i, len - i, &cp, &w);
		total += w;
	}
	return total;
}

void
pen_start(struct pen *p, struct canvas *c, struct rect r, int row, long skip)
{
	p->c = c;
	p->x = r.x;
	p->y = r.y + row;
	p->right = c != NULL && r.x + r.w > c->w ? c->w : r.x + r.w;
	p->col = 0;
	p->skip = skip;
	p->attr = DRAW_DEFAULT;
	p->prev = NULL;
}

int
pen_full(const struct pen *p)
{
	return p->col - p->skip >= p->right - p->x;
}

static void
pen_set(struct pen *p, struct cell *line, int x, uint32_t ch)
{
	canvas_unsplit(line, p->c->w, x);
	line[x].ch = ch;
	line[x].comb = 0;
	line[x].attr = p->attr;
}

/* One character of width w at the pen. */
static void
pen_cell(struct pen *p, uint32_t cp, int w)
{
	struct cell *line;
	long start = p->col, end = p->col + w;
	int x, i;

	p->col = end;
	p->prev = NULL;
	if (end <= p->skip || p->c == NULL)
		return;
	line = canvas_line(p->c, p->y);
	x = p->x + (int)(start - p->skip);
	if (start < p->skip || x + w > p->right) {
		/* Cut by the left or right edge: blank what shows of it. */
		for (i = start < p->skip ? p->x : x; i < p->x + (int)(end - p->skip) && i < p->right; i++)
			pen_set(p, line, i, ' ');
		return;
	}
	pen_set(p, line, x, cp);
	if (w == 2)
		pen_set(p, line, x + 1, 0);
	p->prev = &line[x];
}

int
pen_put(struct pen *p, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	int w;

	if (p->c != NULL && (p->y < 0 || p->y >= p->c->h))
		return 1;
	while (i < len) {
		if (pen_full(p))
			return 1;
		i += canvas_next_char(u + i, len - i, &cp, &w);
		if (w == 0) {
			if (p->prev != NULL && p->prev->comb == 0)
				p->prev->comb = cp;
			continue;
		}
		pen_cell(p, cp, w);
	}
	return pen_full(p);
}

int
pen_puts(struct pen *p, const char *s)
{
	return pen_put(p, s, strlen(s));
}

int
pen_printf(struct pen *p, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return pen_full(p);
	return pen_put(p, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void
pen_fill(struct pen *p)
{
	while (!pen_full(p) && (p->c == NULL || (p->y >= 0 && p->y < p->c->h)))
		pen_cell(p, ' ', 1);
}


/* ---- the xterm 256-colour palette ------------------------------------------ */

/* xterm's 6x6x6 colour cube levels and the first 16 colours as xterm draws them. */
static const uint8_t canvas_cube[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };
static const uint32_t canvas_ansi16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static uint32_t
canvas_palette_rgb(int idx)
{
	if (idx < 16)
		return canvas_ansi16[idx];
	if (idx < 232) {
		idx -= 16;
		return (uint32_t)canvas_cube[idx / 36] << 16 | (uint32_t)canvas_cube[idx / 6 % 6] << 8 |
		    canvas_cube[idx % 6];
	}
	idx = 8 + (idx - 232) * 10;
	return (uint32_t)idx << 16 | (uint32_t)idx << 8 | (uint32_t)idx;
}

static long
canvas_rgb_dist(uint32_t a, uint32_t b)
{
	long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long db = (long)(a & 0xff) - (long)(b & 0xff);

	return dr * dr + dg * dg + db * db;
}

static int
canvas_cube_level(int v)
{
	int i, best = 0;

	for (i = 1; i < 6; i++)
		if (abs(canvas_cube[i] - v) < abs(canvas_cube[best] - v))
			best = i;
	return best;
}

/* The 16 first colours are left out: terminals theme them as they like. */
int
canvas_rgb256(uint32_t rgb)
{
	int r = (int)(rgb >> 16 & 0xff), g = (int)(rgb >> 8 & 0xff), b = (int)(rgb & 0xff);
	int cube, grey, avg = (r + g + b) / 3;

	cube = 16 + canvas_cube_level(r) * 36 + canvas_cube_level(g) * 6 + canvas_cube_level(b);
	grey = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 8 + 5) / 10;
	if (grey > 23)
		grey = 23;
	grey += 232;
	return canvas_rgb_dist(canvas_palette_rgb(grey), rgb) < canvas_rgb_dist(canvas_palette_rgb(cube), rgb) ?
	    grey : cube;
}

int
canvas_reduce_color(int idx, int ncolors)
{
	int i, best, n;
	uint32_t rgb;

	if (idx < 0 || ncolors < 8)
		return -1;
	if (ncolors >= 256 || idx < (ncolors >= 16 ? 16 : 8))
		return idx;
	if (idx < 16)
		return idx - 8;	/* bright to normal */
	n = ncolors >= 16 ? 16 : 8;
	rgb = canvas_palette_rgb(idx);
	for (best = 0, i = 1; i < n; i++)
		if (canvas_rgb_dist(canvas_ansi16[i], rgb) < canvas_rgb_dist(canvas_ansi16[best], rgb))
			best = i;
	return best;
}

