/*
 * ui: the interactive view's state, its screens, and the terminal.
 *
 * struct ui is what every screen shares: the model and the view, the
 * layout, the footer message, the last search, the launched command's
 * terminal pane, the hooks to the tracer, and a stack of screens.  A
 * screen (struct screen) is a module with a table of operations and a
 * state of its own: the tree at the bottom, then whatever was opened on
 * top of it (detail, help, a prompt, the signal menu, the quit question,
 * the pane's focus).  Keys go to the top screen; frames draw the stack
 * from its topmost opaque screen up.  screen.c keeps the stack and
 * dispatches; frame.c lays a frame out and draws it; scr_*.c are the
 * screens; screens.c lists them all (the help reads that list).  How to
 * add a screen: doc/architecture.md.
 *
 * Nothing here calls curses but ui.c, which owns the terminal: it starts
 * curses, reads keys and mouse events from an ev_io on stdin, and draws at
 * most one frame per loop iteration.  Events only mark the screen dirty;
 * frames caused by events are capped at about 60 per second and yield to a
 * pending SIGCHLD, frames caused by keys are drawn at once.
 *
 * The tracer is reached only through hooks, so the same UI shows a replay
 * (no hooks for signals) and unit tests drive it without a tracer.
 */
#ifndef PTOP_UI_H
#define PTOP_UI_H

#include <ev.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "canvas.h"
#include "critpath.h"
#include "pane.h"
#include "profile.h"
#include "ptree.h"
#include "timeline.h"
#include "settings.h"
#include "view.h"

/* struct ui.flags */
#define UI_ASCII	0x1	/* ASCII tree glyphs */
#define UI_ESCAPE8	0x2	/* the terminal is not UTF-8: escape all non-ASCII */
#define UI_NOCOLOR	0x4	/* --no-color or NO_COLOR: styles only */
#define UI_KEEP_TRACING	0x8	/* quit's "leave it running" goes on tracing (run.c) */
#define UI_LIGHT	0x10	/* the colour scheme for light backgrounds */
#define UI_HIGHLIGHT	0x20	/* new and ended processes stand out a while (live) */
#define UI_NOHIGHLIGHT	0x40	/* --no-highlight: whatever the settings say */

/* How long a new or ended process stands out (trace clock). */
#define UI_HIGHLIGHT_US	2000000

/* The timeline beside the tree: the columns the tree keeps, the fewest it needs. */
#define UI_SIDE_TREE_MIN	30
#define UI_SIDE_MIN		20

/* Smallest usable screen; below it a notice replaces the UI. */
#define UI_MIN_W	40
#define UI_MIN_H	10

/* How the tree and the terminal pane share the screen. */
enum ui_pane_show {
	UI_PANE_SPLIT,		/* both: pane below (or beside) the tree */
	UI_PANE_MAX,		/* the pane takes the body; the tree is not shown */
	UI_PANE_HIDDEN,		/* the tree takes the body; the pty keeps its size */
};

enum ui_quit {
	UI_QUIT_NOW,		/* nothing runs (or replay) */
	UI_QUIT_KILL,		/* SIGKILL everything traced, then leave */
	UI_QUIT_DETACH,		/* let everything go, then leave */
};

struct ui_hooks {
	/* Trace clock now (microseconds since the trace started). */
	int64_t (*now)(void *ctx);
	/* Traced processes still alive; 0 in replay. */
	unsigned (*alive)(void *ctx);
	/* Send sig to traced process id; 0, or -1 with errno.  NULL in replay. */
	int (*signal)(void *ctx, uint32_t id, int sig);
	/* Leave the UI (after killing or detaching what runs). */
	void (*quit)(void *ctx, enum ui_quit how);
	/* The terminal hung up (its input reports EOF, EIO or POLLHUP). */
	void (*lost)(void *ctx);
	void *ctx;
};

struct ui_layout {
	int w, h;
	int too_small;
	struct rect header;	/* title and status lines */
	struct rect body;	/* between header and footer: tree and pane */
	struct rect tree;	/* the tree pane: column header, then rows (h 0: hidden) */
	struct rect side;	/* the timeline, right of the tree's rows (w 0: none) */
	struct rect pane;	/* the terminal pane with its title bar (w 0: none) */
	struct rect term;	/* ... its terminal cells, the pty's size */
	struct rect footer;	/* key bar or prompt */
	int cur_on, cur_x, cur_y; /* the frame shows the pane's cursor there */
};

/* ---- screens ---- */

struct ui;

/* Key codes: Unicode code points for characters, KEYC_* above for the rest. */
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

/* What a key handler asks for (htop's Htop_Reaction). */
#define UI_REDRAW	0x1	/* draw a frame */
#define UI_REPAINT	0x2	/* repaint the whole terminal (Ctrl-L) */

/*
 * One entry of a screen's key table.  An entry with a label starts a help
 * line; the entries after it without one are more keys for the same
 * action.  An entry with no key and no action is a section title.  bar is
 * the footer's word for the action (the footer shows it after the key's
 * name); shown, when set, says whether the footer offers it now.
 */
struct ui_key {
	int key;
	int (*fn)(struct ui *u, void *st, int key);
	const char *label;
	const char *help;
	const char *bar;
	int (*shown)(const struct ui *u);
};
#define UI_SECTION(title)	{ 0, NULL, NULL, title, NULL, NULL }
#define UI_KEYS_END		{ 0, NULL, NULL, NULL, NULL, NULL }

/* One key of the footer bar; name overrides the key's own ("Up/Dn"). */
struct ui_bar {
	int key;
	const char *name;
};

enum ui_mouse_kind {
	UI_CLICK,
	UI_WHEEL_UP,
	UI_WHEEL_DOWN,
};
/* Lines one step of the mouse wheel scrolls, wherever it is. */
#define UI_WHEEL_LINES	3

/* struct screen.flags */
#define SCREEN_OPAQUE	0x1	/* covers its region: nothing below is drawn */
#define SCREEN_WIDE	0x2	/* its region is the whole body, pane or not */
#define SCREEN_RAW	0x4	/* keys are passed as typed (the pane's focus) */
#define SCREEN_MESSAGE	0x8	/* the footer shows ui_message() text in place of the bar */
#define SCREEN_TICK	0x10	/* redrawn every tick: it shows times that move */
#define SCREEN_PAGER	0x20	/* its state begins with a struct pager (scr_pager.c) */

/*
 * A screen: everything optional but name.  st is the screen's own state,
 * state_size zeroed bytes from open to close.  Keys are looked up in the
 * tables keys() returns (NULL-terminated, first match wins), then go to
 * key().  layout() runs before every frame and may change state (scroll
 * positions that depend on what fits); draw() may not.
 */
struct screen {
	const char *name;
	unsigned flags;
	size_t state_size;
	void (*open)(struct ui *u, void *st, const void *arg);
	void (*close)(struct ui *u, void *st);
	const struct ui_key *const *(*keys)(const struct ui *u, const void *st);
	const struct ui_bar *bar;		/* footer keys in order, {0} ends */
	int (*key)(struct ui *u, void *st, int key);
	int (*mouse)(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y);
	void (*refresh)(struct ui *u, void *st);	/* the trace changed */
	void (*layout)(struct ui *u, void *st);
	void (*draw)(struct canvas *c, const struct ui *u, const void *st);
	void (*footer)(struct pen *p, const struct ui *u, const void *st);
	/*
	 * The help: the title of this screen's keys (NULL: not listed; "":
	 * no title), the tables in the help's order (NULL: those of keys()),
	 * and a paragraph after them.
	 */
	const char *help_title;
	const struct ui_key *const *(*help_keys)(const struct ui *u);
	void (*help_notes)(struct buf *b, const struct ui *u);
};

#define UI_MAX_SCREENS 8

struct ui_frame {
	const struct screen *s;
	void *st;
};

struct ui {
	struct ptree *pt;
	struct view *view;
	const char *replay;	/* trace file in replay mode, else NULL */
	int flags;		/* UI_* */
	int64_t now_us;		/* the frame's time, trace clock */
	char msg[256];		/* footer message until the next key */
	struct ui_layout lay;
	struct ui_hooks hooks;

	/* The last search: the tree, the search prompt and n/N share it. */
	char *search;
	int search_hl;		/* its matches are highlighted (until Esc in the tree) */
	int search_reveal;	/* it moved the cursor: show the match on the next frame */

	/* The launched command's terminal (NULL: replay, attach, --no-pty). */
	struct pane *pane;
	enum ui_pane_show pane_show;
	int pane_side;		/* pane beside the tree instead of below it */
	unsigned pane_back;	/* lines of its history scrolled back; 0 = live */
	int64_t pane_mark;	/* pane_pushed() when pane_back was last anchored */

	/*
	 * Where the time went (the timeline, the critical path, the profile):
	 * crit is made by ui_init and synced by every frame; hist and prof are
	 * sinks, fed only once ui_add_sinks() put them on the bus (NULL before).
	 */
	int timeline;		/* the timeline takes the right part of the tree's region */
	struct critpath *crit;
	struct tl_hist *hist;
	struct profile *prof;

	char *clipboard;	/* text for the terminal's clipboard, sent with the next frame */
	size_t clipboard_len;

	/* The tree's table columns, in order, COMMAND last (column.h). */
	enum settings_col cols[SETTINGS_NCOLS];
	int ncols;
	/* The settings: the defaults (owned) until ui_use_settings() gives the file's. */
	struct settings *settings;
	int settings_owned;
	int settings_dirty;	/* changed by a key (the sort): saved when the view ends */
	int applied_pane, applied_follow; /* what the settings last said (-1: not yet) */
	int forced;		/* UI_* flags from the command line: settings cannot clear them */
	int64_t key_us;		/* trace clock at the last key */
	int tick;		/* something is due by the clock: draw at the next tick */

	struct ui_frame stack[UI_MAX_SCREENS];
	int depth;
	const struct screen *const *screens;	/* all of them, NULL-terminated (the help) */
};

/* ---- state (screen.c) ---- */

/*
 * Set up the state with base (the tree) at the bottom of the stack; every
 * screen, for the help, is in screens (NULL-terminated, see screens.c).
 */
void ui_init(struct ui *u, struct ptree *pt, struct view *view, int flags,
    const struct screen *base, const struct screen *const *screens);
void ui_free(struct ui *u);
/* Add the running-processes histogram and the profile to b, after the tree's sink. */
void ui_add_sinks(struct ui *u, struct bus *b);
/* Footer message, shown until the next key. */
void ui_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Put text on the terminal's clipboard (OSC 52, with the next frame). */
void ui_copy(struct ui *u, const char *text, size_t len);
/* Open a screen on top (arg goes to its open()); close the top one. */
void ui_open(struct ui *u, const struct screen *s, const void *arg);
void ui_close(struct ui *u);
/* The top screen and its state. */
const struct screen *ui_top(const struct ui *u);
void *ui_top_state(const struct ui *u);
/* The state of the nearest screen s in the stack, or NULL. */
void *ui_state_of(const struct ui *u, const struct screen *s);
/* The screen whose state is st (the top one if none is). */
const struct screen *ui_screen_of(const struct ui *u, const void *st);
/* One key (a KEYC_* code or a code point); returns UI_* reactions. */
int ui_key(struct ui *u, int key);
/* A mouse event at screen cell (x, y). */
int ui_mouse(struct ui *u, enum ui_mouse_kind kind, int x, int y);
/* Keys go to the command's terminal: pass characters as typed. */
int ui_raw_keys(const struct ui *u);
/* The trace changed: screens that show it rebuild what they must. */
void ui_refresh(struct ui *u);
/* The binding of key in the top screen's tables now, or NULL. */
const struct ui_key *ui_binding(const struct ui *u, const struct screen *s, const void *st,
    int key);
/* "F1", "Enter", "Ctrl-]", "x". */
const char *ui_key_name(int key, char *out, size_t size);
/* One item of the footer bar: the key plain, its word on a bar. */
void ui_bar_item(struct pen *p, const char *key, const char *word);
/*
 * The footer bar of s: bar's keys (NULL: s->bar), each with its binding's
 * word, if shown now.
 */
void ui_bar_keys(struct pen *p, const struct ui *u, const struct screen *s, const void *st,
    const struct ui_bar *bar);
/* Columns ui_bar_keys() would take (the last item's padding aside). */
long ui_bar_width(const struct ui *u, const struct screen *s, const void *st,
    const struct ui_bar *bar);
/* fmt_* flags for the UI's locale. */
int ui_fmt_flags(const struct ui *u);
/* A process's colour and style by its state (tree rows, timeline bars, details). */
uint16_t ui_node_attr(const struct node *n);

/* The tree's columns, in order; COMMAND is put last (added if missing). */
void ui_set_columns(struct ui *u, const enum settings_col *cols, size_t n);
/*
 * Take everything from s (the caller's, kept in u->settings; NULL: those
 * in u->settings again): columns, colours and scheme, glyphs, the pane's
 * place, follow, sort, highlights.  What the command line forced
 * (u->forced) stays whatever s says.
 */
void ui_use_settings(struct ui *u, struct settings *s);
/*
 * Write u->settings to its file now; 0, or -1 with a footer message
 * saying why not (no file: --no-config).
 */
int ui_save_settings(struct ui *u);
/*
 * Sort by col (desc: descending), say so in the footer, and remember it
 * in the settings (saved when the view ends: run.c).
 */
void ui_sort(struct ui *u, enum settings_col col, int desc);

/*
 * Show p (not owned) in a pane: lays the screen out for the terminal's
 * current size, which sizes the pane.  Call before forking the command so
 * that its pty has the right size from the start.
 */
void ui_set_pane(struct ui *u, struct pane *p);
/*
 * Where things go for a w x h screen; also tells the view its height and
 * the terminal pane (if any, and shown) its size.
 */
void ui_layout(struct ui *u, int w, int h);
/* The region of a screen: the tree's, or the whole body (SCREEN_WIDE, pane maximised). */
struct rect ui_region(const struct ui *u, const struct screen *s);

/* ---- frames (frame.c) ---- */

/* Everything a frame needs that may move state, for a w x h screen. */
void ui_prepare(struct ui *u, int w, int h);
/* Draw the whole screen into c (sized w x h by the caller); reads u only. */
void ui_draw(struct canvas *c, const struct ui *u);

/* ---- the terminal (ui.c, curses) ---- */

/*
 * Can curses draw a full screen on this terminal (TERM known, with cursor
 * addressing)?  Checked before forking the command; *why says why not.
 */
int ui_term_ok(const char **why);
/*
 * The bytes that give the terminal back as the view found it (main screen,
 * no mouse reports, cursor shown, plain attributes), for the process that
 * outlives a killed view (keeper.h).  Copied into out if they fit; returns
 * their length, or 0.
 */
size_t ui_term_reset_bytes(char *out, size_t size);
/*
 * Take the terminal (curses on stdin/stdout) and start the watchers on
 * loop.  Warnings are held until ui_stop(); a fatal error restores the
 * terminal first.
 */
void ui_start(struct ui *u, struct ev_loop *loop);
/* Give the terminal back (idempotent) and print held warnings. */
void ui_stop(void);
/* Something changed: draw a frame soon (capped, yields to the tracer). */
void ui_dirty(void);
/* SIGWINCH: read the new size and redraw everything. */
void ui_resize(void);
/* Give the terminal back while ptop is stopped (SIGTSTP); take it again. */
void ui_suspend(void);
void ui_resume(void);

#endif
