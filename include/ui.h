/*
 * ui: the interactive screen.
 *
 * struct ui is the state of the screen that is not the view: the mode
 * (tree, prompt, detail, help, signal menu, quit question), horizontal
 * scroll, the footer message, the layout, and the launched command's
 * terminal pane: where it is, whether keys go to it, how far its history
 * is scrolled back.  keys.c changes it, draw.c reads
 * it, and ui.c, the only file that calls curses, owns the terminal: it
 * starts curses, reads keys and mouse events from an ev_io on stdin, and
 * draws at most one frame per loop iteration.  Events only mark the screen
 * dirty; frames caused by events are capped at about 60 per second and
 * yield to a pending SIGCHLD, frames caused by keys are drawn at once.
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
#include "draw.h"
#include "pane.h"
#include "ptree.h"
#include "view.h"

enum ui_mode {
	UI_TREE,	/* keys act on the tree */
	UI_FILTER,	/* typing a filter in the footer */
	UI_SEARCH,	/* typing a search in the footer */
	UI_DETAIL,	/* everything about one process */
	UI_HELP,	/* every key */
	UI_SIGNAL,	/* choosing a signal to send */
	UI_CONFIRM,	/* "send SIGTERM to 1234?" */
	UI_QUIT,	/* the command still runs: kill, detach or cancel? */
	UI_LEAVING,	/* killed everything; waiting for it to go */
};

/* struct ui.flags */
#define UI_ASCII	0x1	/* ASCII tree glyphs */
#define UI_ESCAPE8	0x2	/* the terminal is not UTF-8: escape all non-ASCII */
#define UI_NOCOLOR	0x4	/* --no-color or NO_COLOR: styles only */

/* Where keys go while in UI_TREE mode. */
enum ui_focus {
	UI_FOCUS_TREE,		/* ptop's keys */
	UI_FOCUS_PANE,		/* every key but the reserved one goes to the command */
};

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
	struct rect pane;	/* the terminal pane with its title bar (w 0: none) */
	struct rect term;	/* ... its terminal cells, the pty's size */
	struct rect footer;	/* key bar or prompt */
	int cur_on, cur_x, cur_y; /* the last frame shows the pane's cursor there */
	unsigned cols;		/* DRAW_COL_* bits of the columns that fit */
	int cmd_x;		/* screen column where COMMAND starts */
	int cmd_more;		/* the last frame cut a command at the right edge */
	long cmd_maxw;		/* ... else the widest command it drew */
};

struct ui {
	struct ptree *pt;
	struct view *view;
	const char *replay;	/* trace file in replay mode, else NULL */
	int flags;		/* UI_* */
	enum ui_mode mode;
	int64_t now_us;		/* the frame's time, trace clock */
	long hscroll;		/* columns of COMMAND scrolled off to the left */

	struct buf prompt;	/* filter or search being typed */
	char *search;		/* last search, for n and N */
	uint32_t search_from;	/* cursor when the search prompt opened */
	int search_failed;	/* the text typed so far matches nothing */
	int search_hl;		/* its matches are highlighted (until Esc in the tree) */
	int search_reveal;	/* it moved the cursor: scroll sideways to its match */
	char *filter_before;	/* filter when the filter prompt opened */

	struct pager pager;	/* detail or help */
	uint32_t detail_id;
	uint64_t detail_gen;	/* tree data_gen the detail was built from */
	int64_t detail_t;	/* now_us it was built at */
	uint16_t detail_flags;	/* the process's flags and latest exec then */
	const struct exec_rec *detail_exec;

	int sig_sel;		/* signal menu: selected entry */
	int sig_typed;		/* signal menu: number typed so far */
	int sig;		/* signal being confirmed */
	uint32_t sig_id;	/* ... and its process */

	char msg[256];		/* footer message until the next key */
	struct ui_layout lay;

	/* The launched command's terminal (NULL: replay, attach, --no-pty). */
	struct pane *pane;
	enum ui_focus focus;
	enum ui_pane_show pane_show;
	int pane_side;		/* pane beside the tree instead of below it */
	unsigned pane_back;	/* lines of its history scrolled back; 0 = live */
	int64_t pane_mark;	/* pane_pushed() when pane_back was last anchored */
	struct ui_hooks hooks;
};

/* Set up the state (no terminal yet). */
void ui_init(struct ui *u, struct ptree *pt, struct view *view, int flags);
/*
 * Show p (not owned) in a pane: lays the screen out for the terminal's
 * current size, which sizes the pane.  Call before forking the command so
 * that its pty has the right size from the start.
 */
void ui_set_pane(struct ui *u, struct pane *p);
void ui_free(struct ui *u);
/* Footer message, shown until the next key. */
void ui_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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
