/*
 * pane.c: the command's pseudo-terminal and its libvterm screen.
 *
 * Invariants:
 * - The master fd is non-blocking and close-on-exec; the command gets only
 *   the slave (opened in the child after setsid, so it becomes the
 *   controlling terminal) on fds 0, 1 and 2.
 * - Everything read from the master is fed to libvterm before the reader
 *   returns; input for the command that the pty cannot take yet waits in
 *   `out` and is flushed by a write watcher, in order.
 * - The history ring holds lines in the order they scrolled off the top:
 *   hist[(hist_start + i) % hist_cap] is the i-th oldest of hist_len lines.
 *   A line keeps its cells only up to its last non-blank one (the rest
 *   reads back as blanks), so 10,000 lines of build output cost little.
 * - One wake-up of the reader feeds libvterm for at most PANE_READ_SLICE
 *   seconds: libvterm scrolls its whole screen for every new line, so a
 *   flood of output would otherwise keep the loop (and the tracer's
 *   stopped tracees) waiting.  The watcher stays readable and the rest is
 *   read on the next loop iteration; nothing is dropped, the command just
 *   waits on a full pty as it would on a slow terminal.
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

struct pane {
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;

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

static void
color_to_vterm(uint8_t type, uint32_t v, VTermColor *c, int fg)
{
	if (type == PANE_COLOR_INDEXED)
		vterm_color_indexed(c, (uint8_t)v);
	else
		vterm_color_rgb(c, (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v);
	if (type == PANE_COLOR_DEFAULT)
		c->type = fg ? VTERM_COLOR_DEFAULT_FG : VTERM_COLOR_DEFAULT_BG;
}

static void
cell_from_vterm(const VTermScreenCell *vc, struct pane_cell *c)
{
	c->ch = vc->chars[0] == (uint32_t)-1 ? 0 : vc->chars[0];
	c->width = (uint8_t)vc->width;
	c->attrs = (vc->attrs.bold ? PANE_BOLD : 0) | (vc->attrs.underline ? PANE_UNDERLINE : 0) |
	    (vc->attrs.italic ? PANE_ITALIC : 0) | (vc->attrs.reverse ? PANE_REVERSE : 0) |
	    (vc->attrs.blink ? PANE_BLINK : 0) | (vc->attrs.strike ? PANE_STRIKE : 0);
	color_from_vterm(&vc->fg, &c->fg_type, &c->fg, 1);
	color_from_vterm(&vc->bg, &c->bg_type, &c->bg, 0);
}

static void
cell_to_vterm(const struct pane_cell *c, VTermScreenCell *vc)
{
	memset(vc, 0, sizeof *vc);
	vc->chars[0] = c->ch;
	vc->width = c->width;
	vc->attrs.bold = !!(c->attrs & PANE_BOLD);
	vc->attrs.underline = !!(c->attrs & PANE_UNDERLINE);
	vc->attrs.italic = !!(c->attrs & PANE_ITALIC);
	vc->attrs.reverse = !!(c->attrs & PANE_REVERSE);
	vc->attrs.blink = !!(c->attrs & PANE_BLINK);
	vc->attrs.strike = !!(c->attrs & PANE_STRIKE);
	color_to_vterm(c->fg_type, c->fg, &vc->fg, 1);
	color_to_vterm(c->bg_type, c->bg, &vc->bg, 0);
}

static void
cell_blank(struct pane_cell *c)
{
	memset(c, 0, sizeof *c);
	c->width = 1;
}

/* ---- scrollback --------------------------------------------------------- */

/* A cell that reads back the same as a missing one. */
static int
cell_is_blank(const VTermScreenCell *vc)
{
	return (vc->chars[0] == 0 || vc->chars[0] == ' ') &&
	    !vc->attrs.reverse && !vc->attrs.underline && !vc->attrs.strike &&
	    VTERM_COLOR_IS_DEFAULT_BG(&vc->bg);
}

static int
pane_sb_push(int cols, const VTermScreenCell *cells, void *user)
{
	struct pane *p = user;
	struct pane_line_buf *l;
	int i, keep;

	if (p->hist_cap == 0)
		return 0;
	if (p->hist_len == p->hist_cap) {
		/* Full: the oldest line's slot becomes the newest. */
		l = &p->hist[p->hist_start];
		p->hist_start = (p->hist_start + 1) % p->hist_cap;
	} else
		l = &p->hist[(p->hist_start + p->hist_len++) % p->hist_cap];
	p->pushed++;
	for (keep = cols; keep > 0 && cell_is_blank(&cells[keep - 1]); keep--)
		;
	if (keep > l->alloc || keep < l->alloc / 4) {
		/* Grow, or give back most of a slot a wide line left behind. */
		free(l->cells);
		l->cells = keep > 0 ? xreallocarray(NULL, (size_t)keep, sizeof *l->cells) : NULL;
		l->alloc = keep;
	}
	l->cols = keep;
	for (i = 0; i < keep; i++)
		cell_from_vterm(&cells[i], &l->cells[i]);
	return 1;
}

static int
pane_sb_pop(int cols, VTermScreenCell *cells, void *user)
{
	struct pane *p = user;
	struct pane_line_buf *l;
	struct pane_cell blank;
	int i;

	if (p->hist_len == 0)
		return 0;
	l = &p->hist[(p->hist_start + --p->hist_len) % p->hist_cap];
	p->pushed--;
	cell_blank(&blank);
	for (i = 0; i < cols; i++)
		cell_to_vterm(i < l->cols ? &l->cells[i] : &blank, &cells[i]);
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
	default:
		break;
	}
	return 1;
}

static const VTermScreenCallbacks pane_callbacks = {
	.settermprop = pane_settermprop,
	.sb_pushline = pane_sb_push,
	.sb_popline = pane_sb_pop,
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
	p->vt = vterm_new(p->rows, p->cols);
	if (p->vt == NULL)
		fatalx("cannot create the terminal emulator (libvterm)");
	vterm_set_utf8(p->vt, 1);
	vterm_output_set_callback(p->vt, pane_vterm_output, p);
	p->screen = vterm_obtain_screen(p->vt);
	vterm_screen_set_callbacks(p->screen, &pane_callbacks, p);
	vterm_screen_enable_altscreen(p->screen, 1);
	vterm_screen_reset(p->screen, 1);
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
	p->rows = rows;
	p->cols = cols;
	vterm_set_size(p->vt, rows, cols);
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
	const struct pane_line_buf *l;
	VTermScreenCell vc;
	VTermPos pos;
	long g;
	int i;

	if (back > p->hist_len)
		back = p->hist_len;
	g = (long)p->hist_len - (long)back + row;
	if (g < (long)p->hist_len) {
		l = &p->hist[(p->hist_start + (unsigned long)g) % p->hist_cap];
		for (i = 0; i < p->cols; i++) {
			if (i < l->cols)
				out[i] = l->cells[i];
			else
				cell_blank(&out[i]);
		}
		return;
	}
	pos.row = (int)(g - (long)p->hist_len);
	for (i = 0; i < p->cols; i++) {
		pos.col = i;
		if (pos.row < p->rows && vterm_screen_get_cell(p->screen, pos, &vc))
			cell_from_vterm(&vc, &out[i]);
		else
			cell_blank(&out[i]);
	}
}

void
pane_cursor(const struct pane *p, int *row, int *col, int *visible)
{
	VTermPos pos;

	vterm_state_get_cursorpos(vterm_obtain_state(p->vt), &pos);
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
