/*
 * keys: what each key and mouse event does, mode by mode.  One table per
 * mode maps keys to actions on the view, the UI state or (through the UI
 * hooks) the tracer; the help screen is generated from the same tables, so
 * it lists every key.  Handlers return what must be redone (KEYS_* flags,
 * htop's Htop_Reaction) and never draw.
 *
 * Key codes are Unicode code points for characters and KEYC_* above the
 * Unicode range for the rest; ui.c translates curses keys to them, so this
 * file and its tests need no curses.  While the terminal pane has focus,
 * keys are translated back into what a terminal would send (pane.h) and
 * written to the command, all but KEYS_PANE_LEAVE.
 */
#ifndef PTOP_KEYS_H
#define PTOP_KEYS_H

#include "ui.h"

enum {
	KEYC_BASE = 0x110000,
	KEYC_UP,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_PPAGE,
	KEYC_NPAGE,
	KEYC_HOME,
	KEYC_END,
	KEYC_ENTER,
	KEYC_ESC,
	KEYC_BACKSPACE,
	KEYC_DELETE,
	KEYC_INSERT,
	KEYC_BTAB,			/* Shift-Tab */
	KEYC_F0 = KEYC_BASE + 0x100,	/* KEYC_F(n) = KEYC_F0 + n */
};
#define KEYC_F(n)	(KEYC_F0 + (n))
#define KEYC_CTRL(c)	((c) & 0x1f)
/* Modifiers held with a special key (KEYC_UP | KEYC_MOD_SHIFT...). */
#define KEYC_MOD_SHIFT	0x1000000
#define KEYC_MOD_ALT	0x2000000
#define KEYC_MOD_CTRL	0x4000000
#define KEYC_MODS	(KEYC_MOD_SHIFT | KEYC_MOD_ALT | KEYC_MOD_CTRL)

/*
 * The reserved key: while the pane has focus every other key goes to the
 * command; this one gives the focus back to the tree.  Ctrl-] is telnet's
 * and virsh console's escape character: programs almost never need it.
 */
#define KEYS_PANE_LEAVE	KEYC_CTRL(']')

/* Reactions. */
#define KEYS_REDRAW	0x1	/* draw a frame */
#define KEYS_REPAINT	0x2	/* repaint the whole terminal (Ctrl-L) */

enum keys_mouse_kind {
	KEYS_CLICK,
	KEYS_WHEEL_UP,
	KEYS_WHEEL_DOWN,
};

/* One key; returns KEYS_* flags. */
int keys_handle(struct ui *u, int key);
/*
 * Keys go to the command's terminal now: ui.c then passes characters as
 * typed (Enter as \r, Esc, Backspace and control characters as bytes).
 */
int keys_pane_focus(const struct ui *u);
/* A mouse event at screen cell (x, y). */
int keys_mouse(struct ui *u, enum keys_mouse_kind kind, int x, int y);
/* Fill a pager with the help screen; pane: list the terminal pane's keys. */
void keys_help(struct pager *p, int pane);
/* Called when a trace-side change may affect the open mode (detail refresh). */
void keys_refresh(struct ui *u);

/* The signal menu's entries, in order. */
extern const int keys_signals[];
extern const int keys_nsignals;

#endif
