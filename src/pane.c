/*
 * pane.c: the command's pseudo-terminal and its screen.
 *
 * libvterm parses the output and keeps the terminal's state (cursor, modes,
 * margins, pen); the cells are kept here, through its state callbacks.
 * libvterm 0.1.4's own screen moves every cell of the screen for each line
 * that scrolls (a flood of output ran up to 7 times slower than in a plain
 * terminal) and writes outside its buffer on some input; tests/unit/
 * test_pane.c checks this screen against it cell by cell on random input.
 *
 * Invariants:
 * - The master fd is non-blocking and close-on-exec; the command gets only
 *   the slave (opened in the child after setsid, so it becomes the
 *   controlling terminal) on fds 0, 1 and 2.
 * - Everything read from the master is fed to libvterm before the reader
 *   returns; input for the command that the pty cannot take yet waits in
 *   `out` and is flushed by a write watcher, in order.
 * - grid[alt].row[r] is screen row r: rows are pointers into the grid's
 *   cells, so scrolling whole-width rows moves pointers, never cells.
 *   Every rectangle from the parser is clipped to the screen first.
 * - A wide character is a cell of width 2 followed by one of width 0;
 *   whatever cuts a pair in two (overwriting, erasing, moving part of a
 *   row, a narrower window) blanks the half that is left, as xterm does.
 * - The history ring holds lines in the order they scrolled off the top:
 *   hist[(hist_start + i) % hist_cap] is the i-th oldest of hist_len lines.
 *   A line keeps its cells only up to its last non-blank one (the rest
 *   reads back as blanks), so 10,000 lines of build output cost little.
 * - One wake-up of the reader feeds libvterm for at most PANE_READ_SLICE
 *   seconds, so that a flood of output does not keep the loop (and the
 *   tracer's stopped tracees) waiting.  The watcher stays readable and the
 *   rest is read on the next loop iteration; nothing is dropped, the
 *   command just waits on a full pty as it would on a slow terminal.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <vterm.h>

#include "buf.h"
#include "log.h"
#include "pane.h"
#include "xmalloc.h"

#define PANE_TERM "xterm-256color"
#define PANE_READ_SLICE 0.008	/* seconds of reading per wake-up, at most */

struct pane_line_buf {
	int cols;		/* cells kept (trailing blanks dropped) */
	int alloc;
	struct pane_cell *cells;
};

/* A screen's cells; row[r] is the r-th row shown (scrolling permutes them). */
struct pane_grid {
	struct pane_cell *cells;
	struct pane_cell **row;
};

struct pane {
	VTerm *vt;
	VTermState *state;
	int rows, cols;
	struct pane_grid grid[2];	/* primary, alternate */
	struct pane_cell **rowtmp;	/* rows pointers, for scrolling */
	int alt;			/* the alternate screen is shown */
	int reverse;			/* DECSCNM: all of it in reverse video */
	struct pane_cell pen;		/* for new text and what erasing leaves */

	struct pane_line_buf *hist;
	unsigned hist_cap, hist_start, hist_len;
	int64_t pushed;		/* lines pushed into the history minus lines popped */

	int master;
	int slave_fd;		/* held from pane_take_ctty until the command has the tty */
	char slave[128];
	int closed;
	int log_fd;		/* a copy of the output goes here (--log), or -1 */
	uint64_t nread;
	struct buf out;		/* input for the command not yet written */
	int corked;		/* hold input until pane_cork(p, 0) */
	ev_io rio, wio;
	struct ev_loop *loop;
	void (*changed)(void *);
	void *arg;

	int cur_visible;
	char title[256];
};

/* ---- cells ------------------------------------------------------------ */

static void
color_from_vterm(const VTermColor *c, uint8_t *type, uint32_t *v, int fg)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c)) {
		*type = PANE_COLOR_DEFAULT;
		*v = 0;
	} else if (VTERM_COLOR_IS_INDEXED(c)) {
		*type = PANE_COLOR_INDEXED;
		*v = c->indexed.idx;
	} else {
		*type = PANE_COLOR_RGB;
		*v = (uint32_t)c->rgb.red << 16 | (uint32_t)c->rgb.green << 8 | c->rgb.blue;
	}
}

/* A blank in the pen's colours and attributes (what erasing leaves). */
static void
cell_erased(const struct pane *p, struct pane_cell *c)
{
	*c = p->pen;
	c->ch = 0;
	c->width = 1;
}

static void
cell_blank(struct pane_cell *c)
{
	memset(c, 0, sizeof *c);
	c->width = 1;
}

/* What is left of a wide character cut in two: a blank, its looks kept. */
static void
cell_unpair(struct pane_cell *c)
{
	c->ch = 0;
	c->width = 1;
}

/*
 * Between columns col - 1 and col of a row cols wide: a wide character cut
 * in two (by writing, erasing or moving part of a row, or a narrower
 * window) leaves a blank, not half a glyph.
 */
static void
pane_fix_wide(struct pane_cell *row, int cols, int col)
{
	if (col > 0 && col <= cols && row[col - 1].width == 2 &&
	    (col == cols || row[col].width != 0))
		cell_unpair(&row[col - 1]);
	if (col >= 0 && col < cols && row[col].width == 0 &&
	    (col == 0 || row[col - 1].width != 2))
		cell_unpair(&row[col]);
}

/* A cell that reads back the same as a missing one (attrs flipped by flip). */
static int
cell_is_blank(const struct pane_cell *c, uint8_t flip)
{
	return (c->ch == 0 || c->ch == ' ') && !((c->attrs ^ flip) & (PANE_REVERSE |
	    PANE_UNDERLINE | PANE_STRIKE)) && c->bg_type == PANE_COLOR_DEFAULT;
}

/* ---- the screen -------------------------------------------------------- */

/* Row r of the screen shown (primary or alternate). */
static struct pane_cell *
pane_row(const struct pane *p, int r)
{
	return p->grid[p->alt].row[r];
}

static void
pane_grid_alloc(struct pane *p, struct pane_grid *g, int rows, int cols)
{
	int r, c;

	g->cells = xreallocarray(NULL, (size_t)rows * (size_t)cols, sizeof *g->cells);
	g->row = xreallocarray(NULL, (size_t)rows, sizeof *g->row);
	for (r = 0; r < rows; r++) {
		g->row[r] = g->cells + (size_t)r * (size_t)cols;
		for (c = 0; c < cols; c++)
			cell_erased(p, &g->row[r][c]);
	}
}

static void
pane_grid_free(struct pane_grid *g)
{
	free(g->cells);
	free(g->row);
	g->cells = NULL;
	g->row = NULL;
}

/* A new size for g: what fits is kept, top left; the rest is blank. */
static void
pane_grid_resize(struct pane *p, struct pane_grid *g, int rows, int cols)
{
	struct pane_grid old = *g;
	int r, keep_rows = rows < p->rows ? rows : p->rows;
	size_t keep_cols = (size_t)(cols < p->cols ? cols : p->cols);

	pane_grid_alloc(p, g, rows, cols);
	for (r = 0; r < keep_rows; r++) {
		memcpy(g->row[r], old.row[r], keep_cols * sizeof *g->row[r]);
		pane_fix_wide(g->row[r], cols, (int)keep_cols);	/* the new right edge */
	}
	pane_grid_free(&old);
}

/* The i-th oldest line of the history. */
static struct pane_line_buf *
pane_hist_line(const struct pane *p, unsigned i)
{
	return &p->hist[(p->hist_start + i) % p->hist_cap];
}

/* A history line as cols cells: past what it kept, blanks. */
static void
pane_hist_copy(const struct pane_line_buf *l, struct pane_cell *out, int cols)
{
	int i;

	for (i = 0; i < cols; i++) {
		if (i < l->cols)
			out[i] = l->cells[i];
		else
			cell_blank(&out[i]);
	}
}

/* A line that scrolled off the top goes to the history ring. */
static void
pane_hist_push(struct pane *p, const struct pane_cell *cells, int cols)
{
	struct pane_line_buf *l;
	uint8_t flip;
	int keep, i;

	if (p->hist_cap == 0)
		return;
	if (p->hist_len == p->hist_cap) {
		/* Full: the oldest line's slot becomes the newest. */
		l = &p->hist[p->hist_start];
		p->hist_start = (p->hist_start + 1) % p->hist_cap;
	} else
		l = pane_hist_line(p, p->hist_len++);
	p->pushed++;
	/* As it looked: under DECSCNM the line leaves reversed (as in libvterm). */
	flip = p->reverse ? PANE_REVERSE : 0;
	for (keep = cols; keep > 0 && cell_is_blank(&cells[keep - 1], flip); keep--)
		;
	if (keep > l->alloc || keep < l->alloc / 4) {
		/* Grow, or give back most of a slot a wide line left behind. */
		free(l->cells);
		l->cells = keep > 0 ? xreallocarray(NULL, (size_t)keep, sizeof *l->cells) : NULL;
		l->alloc = keep;
	}
	l->cols = keep;
	if (keep > 0)
		memcpy(l->cells, cells, (size_t)keep * sizeof *cells);
	for (i = 0; flip && i < keep; i++)
		l->cells[i].attrs ^= flip;
}

/* The newest history line back onto the screen (a taller window); 0 if none. */
static int
pane_hist_pop(struct pane *p, struct pane_cell *cells, int cols)
{
	int i;

	if (p->hist_len == 0)
		return 0;
	p->pushed--;
	pane_hist_copy(pane_hist_line(p, --p->hist_len), cells, cols);
	for (i = 0; p->reverse && i < cols; i++)
		cells[i].attrs ^= PANE_REVERSE;	/* shown reversed again */
	return 1;
}

static void
pane_erase_rows(struct pane *p, int from, int to, int c0, int c1)
{
	int r, c;

	for (r = from; r < to; r++) {
		for (c = c0; c < c1; c++)
			cell_erased(p, &pane_row(p, r)[c]);
		pane_fix_wide(pane_row(p, r), p->cols, c0);
		pane_fix_wide(pane_row(p, r), p->cols, c1);
	}
}

/*
 * Whole-width rows [top, bottom) scroll n lines up (n > 0) or down.  Rows
 * are pointers, so a line costs a pointer move and the blanking of the new
 * row, not a copy of the screen: a flood of output scrolls as fast as it
 * is parsed.  As with libvterm's own screen, lines leaving the top of the
 * primary screen go to the history, unless the scroll empties the region.
 */
static void
pane_scroll_rows(struct pane *p, int top, int bottom, int n)
{
	struct pane_cell **row = p->grid[p->alt].row;
	int h = bottom - top, k = n > 0 ? n : -n, i;

	if (k >= h) {
		pane_erase_rows(p, top, bottom, 0, p->cols);
		return;
	}
	if (n > 0) {
		if (top == 0 && !p->alt)
			for (i = 0; i < k; i++)
				pane_hist_push(p, row[i], p->cols);
		memcpy(p->rowtmp, &row[top], (size_t)k * sizeof *row);
		memmove(&row[top], &row[top + k], (size_t)(h - k) * sizeof *row);
		memcpy(&row[bottom - k], p->rowtmp, (size_t)k * sizeof *row);
		pane_erase_rows(p, bottom - k, bottom, 0, p->cols);
	} else {
		memcpy(p->rowtmp, &row[bottom - k], (size_t)k * sizeof *row);
		memmove(&row[top + k], &row[top], (size_t)(h - k) * sizeof *row);
		memcpy(&row[top], p->rowtmp, (size_t)k * sizeof *row);
		pane_erase_rows(p, top, top + k, 0, p->cols);
	}
}

/* ---- libvterm's state callbacks ------------------------------------------ */

static int
pane_putglyph(VTermGlyphInfo *info, VTermPos pos, void *user)
{
	struct pane *p = user;
	struct pane_cell *row, *c;
	int i;

	if (pos.row < 0 || pos.row >= p->rows || pos.col < 0 || pos.col >= p->cols)
		return 1;
	row = pane_row(p, pos.row);
	c = &row[pos.col];
	*c = p->pen;
	c->ch = info->chars[0];		/* combining marks are dropped */
	c->width = (uint8_t)info->width;
	for (i = 1; i < info->width && pos.col + i < p->cols; i++) {
		c[i] = p->pen;
		c[i].ch = 0;
		c[i].width = 0;		/* the right half */
	}
	/* Written over half of a wide character: its other half goes. */
	pane_fix_wide(row, p->cols, pos.col);
	pane_fix_wide(row, p->cols, pos.col + info->width);
	return 1;
}

static int
pane_moverect(VTermRect dest, VTermRect src, void *user)
{
	struct pane *p = user;
	int down = src.start_row - dest.start_row, r, from, to, step;
	size_t n = (size_t)(src.end_col - src.start_col) * sizeof(struct pane_cell);

	/* From pane_scrollrect's clipped rectangle: both inside the screen. */
	if (dest.start_row < 0 || src.start_row < 0 || dest.end_row > p->rows ||
	    src.end_row > p->rows || dest.start_col < 0 || src.start_col < 0 ||
	    dest.end_col > p->cols || src.end_col > p->cols)
		return 1;

	/* Rows in an order that reads each before it is overwritten. */
	if (down > 0) {
		from = dest.start_row;
		to = dest.end_row;
		step = 1;
	} else {
		from = dest.end_row - 1;
		to = dest.start_row - 1;
		step = -1;
	}
	for (r = from; r != to; r += step) {
		memmove(&pane_row(p, r)[dest.start_col], &pane_row(p, r + down)[src.start_col], n);
		pane_fix_wide(pane_row(p, r), p->cols, dest.start_col);
		pane_fix_wide(pane_row(p, r), p->cols, dest.end_col);
	}
	return 1;
}

/*
 * Trust no rectangle from the parser: after a resize its scroll region can
 * lie partly outside the screen.  0 when nothing of it is left.
 */
static int
pane_clip(const struct pane *p, VTermRect *r)
{
	if (r->start_row < 0)
		r->start_row = 0;
	if (r->start_col < 0)
		r->start_col = 0;
	if (r->end_row > p->rows)
		r->end_row = p->rows;
	if (r->end_col > p->cols)
		r->end_col = p->cols;
	return r->start_row < r->end_row && r->start_col < r->end_col;
}

static int
pane_erase(VTermRect rect, int selective, void *user)
{
	struct pane *p = user;

	if (pane_clip(p, &rect))
		pane_erase_rows(p, rect.start_row, rect.end_row, rect.start_col, rect.end_col);
	return 1;
}

static int
pane_scrollrect(VTermRect rect, int downward, int rightward, void *user)
{
	struct pane *p = user;

	if (!pane_clip(p, &rect))
		return 1;
	if (rightward == 0 && rect.start_col == 0 && rect.end_col == p->cols)
		pane_scroll_rows(p, rect.start_row, rect.end_row, downward);
	else
		vterm_scroll_rect(rect, downward, rightward, pane_moverect, pane_erase, p);
	return 1;
}

static int
pane_initpen(void *user)
{
	struct pane *p = user;

	cell_blank(&p->pen);
	return 1;
}

static int
pane_setpenattr(VTermAttr attr, VTermValue *val, void *user)
{
	struct pane *p = user;
	uint8_t bit = 0;

	switch (attr) {
	case VTERM_ATTR_BOLD:
		bit = PANE_BOLD;
		break;
	case VTERM_ATTR_UNDERLINE:
		bit = PANE_UNDERLINE;
		break;
	case VTERM_ATTR_ITALIC:
		bit = PANE_ITALIC;
		break;
	case VTERM_ATTR_BLINK:
		bit = PANE_BLINK;
		break;
	case VTERM_ATTR_REVERSE:
		bit = PANE_REVERSE;
		break;
	case VTERM_ATTR_STRIKE:
		bit = PANE_STRIKE;
		break;
	case VTERM_ATTR_FOREGROUND:
		color_from_vterm(&val->color, &p->pen.fg_type, &p->pen.fg, 1);
		return 1;
	case VTERM_ATTR_BACKGROUND:
		color_from_vterm(&val->color, &p->pen.bg_type, &p->pen.bg, 0);
		return 1;
	default:
		return 1;	/* fonts, conceal: not shown */
	}
	/* Underline is a number (single, double, curly), the others booleans. */
	if (attr == VTERM_ATTR_UNDERLINE ? val->number != 0 : val->boolean)
		p->pen.attrs |= bit;
	else
		p->pen.attrs &= (uint8_t)~bit;
	return 1;
}

static int
pane_settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct pane *p = user;

	switch (prop) {
	case VTERM_PROP_CURSORVISIBLE:
		p->cur_visible = val->boolean;
		break;
	case VTERM_PROP_TITLE:
		snprintf(p->title, sizeof p->title, "%s", val->string != NULL ? val->string : "");
		break;
	case VTERM_PROP_ALTSCREEN:
		/* Full-screen programs draw on a blank screen of their own. */
		if (val->boolean && !p->alt) {
			p->alt = 1;
			pane_erase_rows(p, 0, p->rows, 0, p->cols);
		} else if (!val->boolean)
			p->alt = 0;
		break;
	case VTERM_PROP_REVERSE:
		p->reverse = val->boolean;
		break;
	default:
		break;
	}
	return 1;
}

/* Is row r blank from column 0 on? */
static int
pane_row_empty(const struct pane *p, int r)
{
	int c;

	for (c = 0; c < p->cols; c++)
		if (pane_row(p, r)[c].ch != 0)
			return 0;
	return 1;
}

/*
 * The window changed size.  As libvterm's screen does: a shorter primary
 * screen pushes lines into the history rather than lose the cursor's, a
 * taller one takes them back; the cursor moves with the text (delta).
 */
static int
pane_state_resize(int rows, int cols, VTermPos *delta, void *user)
{
	struct pane *p = user;
	VTermPos cur;
	int r, first_blank, old_rows = p->rows;

	if (!p->alt && rows < p->rows) {
		vterm_state_get_cursorpos(p->state, &cur);
		for (r = p->rows - 1; r >= rows; r--)
			if (!pane_row_empty(p, r) || cur.row == r)
				break;
		first_blank = r + 1;
		if (first_blank > rows) {
			pane_scroll_rows(p, 0, p->rows, first_blank - rows);
			delta->row -= first_blank - rows;
		}
	}
	pane_grid_resize(p, &p->grid[0], rows, cols);
	pane_grid_resize(p, &p->grid[1], rows, cols);
	p->rowtmp = xreallocarray(p->rowtmp, (size_t)rows, sizeof *p->rowtmp);
	p->rows = rows;
	p->cols = cols;
	for (r = old_rows; !p->alt && r < rows && p->hist_len > 0; r++) {
		pane_scroll_rows(p, 0, rows, -1);
		pane_hist_pop(p, pane_row(p, 0), cols);
		delta->row++;
	}
	return 1;
}

static int
pane_setlineinfo(int row, const VTermLineInfo *newinfo, const VTermLineInfo *oldinfo, void *user)
{
	return 1;
}

static const VTermStateCallbacks pane_state_callbacks = {
	.putglyph = pane_putglyph,
	.scrollrect = pane_scrollrect,
	.moverect = pane_moverect,
	.erase = pane_erase,
	.initpen = pane_initpen,
	.setpenattr = pane_setpenattr,
	.settermprop = pane_settermprop,
	.resize = pane_state_resize,
	.setlineinfo = pane_setlineinfo,
};

/* ---- input for the command ---------------------------------------------- */

static void
pane_flush_out(struct pane *p)
{
	ssize_t n;

	while (p->out.len > 0 && p->master != -1) {
		n = write(p->master, p->out.p, p->out.len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		memmove(p->out.p, p->out.p + n, p->out.len - (size_t)n);
		p->out.len -= (size_t)n;
	}
	if (p->loop == NULL)
		return;
	if (p->out.len > 0 && !ev_is_active(&p->wio))
		ev_io_start(p->loop, &p->wio);
	else if (p->out.len == 0 && ev_is_active(&p->wio))
		ev_io_stop(p->loop, &p->wio);
}

void
pane_send_bytes(struct pane *p, const char *data, size_t len)
{
	if (p->closed)
		return;
	buf_add(&p->out, data, len);
	if (!p->corked)
		pane_flush_out(p);
}

void
pane_cork(struct pane *p, int on)
{
	p->corked = on;
	if (!on)
		pane_flush_out(p);
}

/* libvterm's answers (keys, device reports) go to the command. */
static void
pane_vterm_output(const char *s, size_t len, void *user)
{
	pane_send_bytes(user, s, len);
}

static VTermModifier
pane_mods(int mods)
{
	return (VTermModifier)(((mods & PANE_MOD_SHIFT) ? VTERM_MOD_SHIFT : 0) |
	    ((mods & PANE_MOD_ALT) ? VTERM_MOD_ALT : 0) |
	    ((mods & PANE_MOD_CTRL) ? VTERM_MOD_CTRL : 0));
}

void
pane_send_char(struct pane *p, uint32_t ch, int mods)
{
	vterm_keyboard_unichar(p->vt, ch, pane_mods(mods));
}

void
pane_send_key(struct pane *p, enum pane_key key, int mods)
{
	static const VTermKey map[] = {
		[PANE_KEY_ENTER] = VTERM_KEY_ENTER, [PANE_KEY_TAB] = VTERM_KEY_TAB,
		[PANE_KEY_BACKSPACE] = VTERM_KEY_BACKSPACE, [PANE_KEY_ESCAPE] = VTERM_KEY_ESCAPE,
		[PANE_KEY_UP] = VTERM_KEY_UP, [PANE_KEY_DOWN] = VTERM_KEY_DOWN,
		[PANE_KEY_LEFT] = VTERM_KEY_LEFT, [PANE_KEY_RIGHT] = VTERM_KEY_RIGHT,
		[PANE_KEY_INS] = VTERM_KEY_INS, [PANE_KEY_DEL] = VTERM_KEY_DEL,
		[PANE_KEY_HOME] = VTERM_KEY_HOME, [PANE_KEY_END] = VTERM_KEY_END,
		[PANE_KEY_PAGEUP] = VTERM_KEY_PAGEUP, [PANE_KEY_PAGEDOWN] = VTERM_KEY_PAGEDOWN,
	};

	if ((int)key >= PANE_KEY_F1)
		vterm_keyboard_key(p->vt, VTERM_KEY_FUNCTION(key - PANE_KEY_F1 + 1), pane_mods(mods));
	else
		vterm_keyboard_key(p->vt, map[key], pane_mods(mods));
}

/* ---- life cycle ----------------------------------------------------------- */

struct pane *
pane_new(int rows, int cols, unsigned scrollback)
{
	struct pane *p = xcalloc(1, sizeof *p);

	p->rows = rows > 0 ? rows : 1;
	p->cols = cols > 0 ? cols : 1;
	p->master = -1;
	p->slave_fd = -1;
	p->log_fd = -1;
	p->cur_visible = 1;
	p->hist_cap = scrollback;
	p->hist = xcalloc(scrollback ? scrollback : 1, sizeof *p->hist);
	cell_blank(&p->pen);
	pane_grid_alloc(p, &p->grid[0], p->rows, p->cols);
	pane_grid_alloc(p, &p->grid[1], p->rows, p->cols);
	p->rowtmp = xreallocarray(NULL, (size_t)p->rows, sizeof *p->rowtmp);
	p->vt = vterm_new(p->rows, p->cols);
	if (p->vt == NULL)
		fatalx("cannot create the terminal emulator (libvterm)");
	vterm_set_utf8(p->vt, 1);
	vterm_output_set_callback(p->vt, pane_vterm_output, p);
	/* libvterm parses; the screen is ours (see pane_scroll_rows). */
	p->state = vterm_obtain_state(p->vt);
	vterm_state_set_callbacks(p->state, &pane_state_callbacks, p);
	vterm_state_reset(p->state, 1);
	return p;
}

void
pane_free(struct pane *p)
{
	unsigned i;

	if (p == NULL)
		return;
	if (p->loop != NULL)
		pane_stop(p, p->loop);
	if (p->master != -1)
		close(p->master);
	if (p->log_fd != -1)
		close(p->log_fd);
	if (p->slave_fd != -1)
		close(p->slave_fd);
	for (i = 0; i < p->hist_cap; i++)
		free(p->hist[i].cells);
	free(p->hist);
	buf_free(&p->out);
	vterm_free(p->vt);
	pane_grid_free(&p->grid[0]);
	pane_grid_free(&p->grid[1]);
	free(p->rowtmp);
	free(p);
}

static void
pane_set_winsize(struct pane *p)
{
	struct winsize ws;

	if (p->master == -1)
		return;
	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)p->rows;
	ws.ws_col = (unsigned short)p->cols;
	ioctl(p->master, TIOCSWINSZ, &ws);
}

int
pane_open_pty(struct pane *p)
{
	int fd;

	fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (grantpt(fd) == -1 || unlockpt(fd) == -1 ||
	    ptsname_r(fd, p->slave, sizeof p->slave) != 0 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	p->master = fd;
	pane_set_winsize(p);
	return 0;
}

int
pane_take_ctty(struct pane *p)
{
	int fd;

	if ((fd = open(p->slave, O_RDWR | O_CLOEXEC)) == -1)
		return -1;
	if (ioctl(fd, TIOCSCTTY, 0) == -1) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	p->slave_fd = fd;
	return 0;
}

void
pane_child_setup(void *arg)
{
	struct pane *p = arg;
	int fd;

	/* Its own job on the tty (the parent makes it the foreground one). */
	setpgid(0, 0);
	if ((fd = open(p->slave, O_RDWR | O_NOCTTY)) == -1)
		_exit(126);
	if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1 || dup2(fd, 2) == -1)
		_exit(126);
	if (fd > 2)
		close(fd);
	setenv("TERM", PANE_TERM, 1);
}

void
pane_parent_setup(pid_t child, void *arg)
{
	struct pane *p = arg;

	/* Whichever of the two setpgid calls comes first makes the group. */
	setpgid(child, child);
	if (p->slave_fd != -1) {
		if (tcsetpgrp(p->slave_fd, child) == -1)
			log_debug("pane: tcsetpgrp: %s", strerror(errno));
		/* Only the command's side may hold the slave: its end is the pane's EOF. */
		close(p->slave_fd);
		p->slave_fd = -1;
	}
}

void
pane_feed(struct pane *p, const char *data, size_t len)
{
	vterm_input_write(p->vt, data, len);
}

void
pane_set_log(struct pane *p, int fd)
{
	if (p->log_fd != -1)
		close(p->log_fd);
	p->log_fd = fd;
}

/* The --log copy: a failing log is closed, not retried on every read. */
static void
pane_log(struct pane *p, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0 && p->log_fd != -1) {
		n = write(p->log_fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("writing the command's output to the log");
			close(p->log_fd);
			p->log_fd = -1;
			return;
		}
		data += n;
		len -= (size_t)n;
	}
}

static void
pane_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct pane *p = w->data;
	char chunk[65536];
	double start = ev_time();
	ssize_t n;
	int got = 0;

	for (;;) {
		n = read(p->master, chunk, sizeof chunk);
		if (n > 0) {
			p->nread += (uint64_t)n;
			pane_log(p, chunk, (size_t)n);
			vterm_input_write(p->vt, chunk, (size_t)n);
			got = 1;
			if (ev_time() - start >= PANE_READ_SLICE)
				break;	/* the rest on the next loop iteration */
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		/* EOF or EIO: every holder of the slave has closed it. */
		p->closed = 1;
		ev_io_stop(loop, &p->rio);
		if (ev_is_active(&p->wio))
			ev_io_stop(loop, &p->wio);
		got = 1;
		break;
	}
	if (got && p->changed != NULL)
		p->changed(p->arg);
}

static void
pane_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	pane_flush_out(w->data);
}

void
pane_start(struct pane *p, struct ev_loop *loop, void (*changed)(void *), void *arg)
{
	p->loop = loop;
	p->changed = changed;
	p->arg = arg;
	ev_io_init(&p->rio, pane_read_cb, p->master, EV_READ);
	p->rio.data = p;
	ev_io_init(&p->wio, pane_write_cb, p->master, EV_WRITE);
	p->wio.data = p;
	if (p->master != -1 && !p->closed)
		ev_io_start(loop, &p->rio);
	pane_flush_out(p);
}

void
pane_stop(struct pane *p, struct ev_loop *loop)
{
	if (ev_is_active(&p->rio))
		ev_io_stop(loop, &p->rio);
	if (ev_is_active(&p->wio))
		ev_io_stop(loop, &p->wio);
	p->loop = NULL;
}

/* ---- what the UI reads ---------------------------------------------------- */

void
pane_resize(struct pane *p, int rows, int cols)
{
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	if (rows == p->rows && cols == p->cols)
		return;
	vterm_set_size(p->vt, rows, cols);	/* p->rows and p->cols follow */
	pane_set_winsize(p);
}

int
pane_rows(const struct pane *p)
{
	return p->rows;
}

int
pane_cols(const struct pane *p)
{
	return p->cols;
}

unsigned
pane_history(const struct pane *p)
{
	return p->hist_len;
}

int64_t
pane_pushed(const struct pane *p)
{
	return p->pushed;
}

void
pane_line(struct pane *p, int row, unsigned back, struct pane_cell *out)
{
	long g;
	int i;

	if (back > p->hist_len)
		back = p->hist_len;
	g = (long)p->hist_len - (long)back + row;
	if (g < (long)p->hist_len) {
		pane_hist_copy(pane_hist_line(p, (unsigned)g), out, p->cols);
		return;
	}
	g -= (long)p->hist_len;
	for (i = 0; i < p->cols; i++) {
		if (g < p->rows) {
			out[i] = pane_row(p, (int)g)[i];
			if (p->reverse)
				out[i].attrs ^= PANE_REVERSE;
		} else
			cell_blank(&out[i]);
	}
}

void
pane_cursor(const struct pane *p, int *row, int *col, int *visible)
{
	VTermPos pos;

	vterm_state_get_cursorpos(p->state, &pos);
	*row = pos.row;
	*col = pos.col;
	*visible = p->cur_visible;
}

int
pane_closed(const struct pane *p)
{
	return p->closed;
}

const char *
pane_title(const struct pane *p)
{
	return p->title;
}

uint64_t
pane_bytes_read(const struct pane *p)
{
	return p->nread;
}
