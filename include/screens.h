/*
 * screens: every screen of the interactive view (struct screen, ui.h),
 * each in a file of its own, and the few things screens ask of each other.
 * screens.c lists them all for the help (screens_all).
 *
 *   scr_tree.c    the tree: rows, folds, finding; the base of the stack
 *   scr_pane.c    the command's terminal pane: its region, its keys, focus
 *   scr_detail.c  everything about one process (Enter)
 *   scr_help.c    every key of every screen (F1)
 *   scr_pager.c   what detail and help share: a pager, its keys
 *   scr_prompt.c  the filter and search prompts in the footer
 *   scr_signal.c  the signal menu and its confirmation
 *   scr_quit.c    the quit question, and waiting while killed processes go
 *   scr_timeline.c  the timeline over the tree's right part (t); the critical path's keys
 *   scr_profile.c   processes grouped by program (u)
 *   scr_diff.c    ptop --diff: two runs as one tree; the base in place of the tree
 *   scr_sort.c    the sort column menu (F6)
 *   scr_setup.c   the setup screen (F2): columns, colours, layout, saved
 */
#ifndef PTOP_SCREENS_H
#define PTOP_SCREENS_H

#include "pager.h"
#include "ui.h"

extern const struct screen screen_tree;
extern const struct screen screen_pane_focus;
extern const struct screen screen_detail;
extern const struct screen screen_help;
extern const struct screen screen_filter;
extern const struct screen screen_search;
extern const struct screen screen_signal;
extern const struct screen screen_confirm;
extern const struct screen screen_quit;
extern const struct screen screen_leaving;
extern const struct screen screen_timeline;
extern const struct screen screen_profile;
extern const struct screen screen_diff;
extern const struct screen screen_sort;
extern const struct screen screen_setup;

/* Every screen, NULL-terminated, in the order the help lists their keys. */
extern const struct screen *const screens_all[];
/* The same for ptop --diff, whose base is the diff screen, not the tree. */
extern const struct screen *const screens_diff[];

/* ---- the tree ---- */

/* The tree screen's state. */
struct scr_tree {
	long hscroll;		/* columns of COMMAND scrolled off to the left */
	unsigned cols;		/* bits (1 << settings_col) of the shown columns that fit */
	int cmd_x;		/* screen column where COMMAND starts */
};

/* The tree screen's state in u's stack. */
struct scr_tree *scr_tree_state(const struct ui *u);
/* Screen column of a process's fold marker, or -1 when off screen. */
int scr_tree_marker_x(const struct ui *u, uint32_t id);
/* A process's colour and style by its state (rows and details agree). */
uint16_t scr_tree_state_attr(const struct node *n);

/* Keys the tree and the diff screens bind the same way. */
/* F1 ?: the help. */
int scr_tree_help(struct ui *u, void *st, int key);
/* q F10 Ctrl-C: quit, asking first while traced processes live. */
int scr_tree_quit(struct ui *u, void *st, int key);
/* Ctrl-L: repaint the whole screen. */
int scr_tree_repaint(struct ui *u, void *st, int key);

/* The process the detail screen shows, or 0 when it is not open. */
uint32_t scr_detail_id(const struct ui *u);
/* Fill p with the help of u's screens. */
void scr_help_build(struct pager *p, const struct ui *u);

/* ---- where the time went (the tree's keys for them) ---- */

/* t: open or close the timeline. */
int scr_timeline_toggle(struct ui *u, void *st, int key);
/* c, C: the next, the previous step of the critical path. */
int scr_timeline_walk(struct ui *u, void *st, int key);
/* u: the profile by program. */
int scr_profile_open(struct ui *u, void *st, int key);

/* ---- the pane ---- */

/*
 * The reserved key: while the pane has focus every other key goes to the
 * command; this one gives the focus back to the tree.  Ctrl-] is telnet's
 * and virsh console's escape character: programs almost never need it.
 */
#define SCR_PANE_LEAVE	KEYC_CTRL(']')

/* The tree's keys for the pane, and those of the maximised pane. */
extern const struct ui_key scr_pane_tree_keys[];
extern const struct ui_key scr_pane_max_keys[];
/* Before a frame: keep a scrolled-back pane on its lines, place the cursor. */
void scr_pane_layout(struct ui *u);
/* The pane's region: title bar and cells. */
void scr_pane_draw(struct canvas *c, const struct ui *u);
/* A mouse event over the pane. */
int scr_pane_mouse(struct ui *u, enum ui_mouse_kind kind);
/* The help's paragraph about the pane. */
void scr_pane_help_notes(struct buf *b, const struct ui *u);

/* ---- pagers (detail, help): their state begins with a struct pager ---- */

extern const struct ui_key scr_pager_keys[];
extern const struct ui_bar scr_pager_bar[];
const struct ui_key *const *scr_pager_tables(const struct ui *u, const void *st);
int scr_pager_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y);
void scr_pager_layout(struct ui *u, void *st);
void scr_pager_draw(struct canvas *c, const struct ui *u, const void *st);
/* The pager of the top screen, if it is a pager (detail, help); else NULL. */
const struct pager *scr_pager_of(const struct ui *u);

/* ---- prompts ---- */

/* The text typed in the open prompt, or NULL. */
const char *scr_prompt_text(const struct ui *u);
/* The search prompt is open and what it holds matches nothing. */
int scr_prompt_failed(const struct ui *u);

/* ---- the signal menu ---- */

/* The menu's entries, in order. */
extern const int scr_signal_list[];
extern const int scr_signal_count;
/* The signal selected in the open menu, or 0. */
int scr_signal_selected(const struct ui *u);

/* ---- the diff (ptop --diff) ---- */

struct diff;
struct diff_row;
/*
 * Before the diff screen opens: trace A (B is the ui's tree), and the
 * names to show for A and B (NULL: their commands).  a must outlive it.
 */
void scr_diff_use(const struct ptree *a, const char *label_a, const char *label_b);
/* The diff the open diff screen shows, and the row under its cursor (NULL if none). */
const struct diff *scr_diff_model(const struct ui *u);
const struct diff_row *scr_diff_cursor(const struct ui *u);

#endif
