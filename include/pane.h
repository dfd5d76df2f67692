/*
 * pane: the launched command's own terminal.  A pseudo-terminal whose
 * slave becomes the command's controlling terminal, and a libvterm screen
 * fed from the master, with a scrollback ring of lines that scrolled off.
 * No curses here: the UI asks for cells and draws them.
 *
 * Output is never lost: the master is read in its own ev_io until EAGAIN
 * on every wake-up, and fed to libvterm at once; only drawing is coalesced
 * (the changed callback just marks the screen dirty).
 */
#ifndef PTOP_PANE_H
#define PTOP_PANE_H

#include <ev.h>
#include <stddef.h>
#include <stdint.h>

/* Lines of history a launched command's pane keeps. */
#define PANE_HISTORY	10000

#define PANE_BOLD	0x01
#define PANE_UNDERLINE	0x02
#define PANE_ITALIC	0x04
#define PANE_REVERSE	0x08
#define PANE_BLINK	0x10
#define PANE_STRIKE	0x20

#define PANE_COLOR_DEFAULT	0	/* the terminal's own colour */
#define PANE_COLOR_INDEXED	1	/* 0..255 palette index */
#define PANE_COLOR_RGB		2	/* 0xRRGGBB */

/* One cell, compact (scrollback keeps 10,000+ lines of them). */
struct pane_cell {
	uint32_t ch;		/* code point, 0 = blank; combining marks are dropped */
	uint8_t width;		/* 1 or 2; 0 for the right half of a wide character */
	uint8_t attrs;		/* PANE_* */
	uint8_t fg_type, bg_type; /* PANE_COLOR_* */
	uint32_t fg, bg;
};

/* Keys that are not characters (the UI maps its key codes to these). */
enum pane_key {
	PANE_KEY_ENTER, PANE_KEY_TAB, PANE_KEY_BACKSPACE, PANE_KEY_ESCAPE,
	PANE_KEY_UP, PANE_KEY_DOWN, PANE_KEY_LEFT, PANE_KEY_RIGHT,
	PANE_KEY_INS, PANE_KEY_DEL, PANE_KEY_HOME, PANE_KEY_END,
	PANE_KEY_PAGEUP, PANE_KEY_PAGEDOWN, PANE_KEY_F1,	/* F1..F12 follow */
};
#define PANE_MOD_SHIFT	0x1
#define PANE_MOD_ALT	0x2
#define PANE_MOD_CTRL	0x4

struct pane;

/* A screen of rows x cols keeping up to scrollback lines of history. */
struct pane *pane_new(int rows, int cols, unsigned scrollback);
void pane_free(struct pane *p);
/* Open the pty (master non-blocking, close-on-exec); -1 with errno. */
int pane_open_pty(struct pane *p);
/*
 * Make the pty the controlling terminal of the caller's session: the caller
 * must lead a session that has none (ptop after its setsid, see main.c).
 * -1 with errno.
 */
int pane_take_ctty(struct pane *p);
/*
 * For launch_opts.child_setup, in the forked child: a process group of its
 * own, the pty slave on stdin/stdout/stderr, TERM for libvterm.
 */
void pane_child_setup(void *p);
/*
 * For launch_opts.parent_setup: make the child's group the pty's foreground
 * job (so what is typed in the pane, Ctrl-C included, is the command's) and
 * drop ptop's own hold on the slave.
 */
void pane_parent_setup(pid_t child, void *p);
/* Also write everything the command outputs to fd (owned; closed by pane_free). */
void pane_set_log(struct pane *p, int fd);
/* Read the master in loop; changed(arg) after new output or the end. */
void pane_start(struct pane *p, struct ev_loop *loop, void (*changed)(void *), void *arg);
void pane_stop(struct pane *p, struct ev_loop *loop);

/* Feed terminal output bytes (what the reader does; tests use it). */
void pane_feed(struct pane *p, const char *data, size_t len);
/* Send input to the command. */
void pane_send_char(struct pane *p, uint32_t ch, int mods);
void pane_send_key(struct pane *p, enum pane_key key, int mods);
void pane_send_bytes(struct pane *p, const char *data, size_t len);
/*
 * Hold input (on) and write what was held at once (off): the keys of one
 * read of ptop's terminal (Alt-x is Esc then x; a paste is many) reach the
 * command in one write, as a terminal would send them.
 */
void pane_cork(struct pane *p, int on);

/* New size: libvterm reflows nothing, the pty gets TIOCSWINSZ (SIGWINCH). */
void pane_resize(struct pane *p, int rows, int cols);
int pane_rows(const struct pane *p);
int pane_cols(const struct pane *p);
/* Lines of history kept above the screen. */
unsigned pane_history(const struct pane *p);
/*
 * Lines pushed into the history so far, minus those a resize pulled back:
 * a view scrolled back by `back` lines stays on the same text when back
 * grows by the change of this count.
 */
int64_t pane_pushed(const struct pane *p);
/*
 * Row `row` (0 = top) of the view scrolled back by `back` lines (0 = the
 * live screen; at most pane_history()).  Fills cols cells into out, which
 * must hold pane_cols() cells.
 */
void pane_line(struct pane *p, int row, unsigned back, struct pane_cell *out);
/* Cursor position on the live screen and whether it is shown. */
void pane_cursor(const struct pane *p, int *row, int *col, int *visible);
/* The command's side of the pty is closed (it and its children are gone). */
int pane_closed(const struct pane *p);
/* The window title the command set (OSC 0/2), or "". */
const char *pane_title(const struct pane *p);
/* Bytes read from the command so far. */
uint64_t pane_bytes_read(const struct pane *p);

#endif
