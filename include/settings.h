/*
 * settings: the settings file, $XDG_CONFIG_HOME/ptop/ptoprc (by default
 * ~/.config/ptop/ptoprc), read at start and rewritten by the setup screen.
 * No curses, no UI: the caller decides what the values mean on screen.
 *
 * The file is plain "key = value" lines a person can edit (ptop(1), FILES).
 * A struct settings holds every line of the file as it was read, so that
 * comments, blank lines, unknown keys (from a newer ptop, or a typo) and
 * values this ptop cannot use all survive a rewrite; a setter replaces the
 * line of its key (the last one, which is the one in force) or appends one.
 *
 * Reading never fails: a missing file means the defaults, silently; an
 * unreadable or damaged one means the defaults for what could not be used,
 * and one line of warning, "FILE:LINE: what is wrong" (settings_warning()),
 * which the caller prints (log_warnx) before or after the screen is taken.
 * Text from the file is escaped in the warning.  Accessors never fail
 * either: a value they cannot use gives their default.
 *
 * Writing is atomic: a temporary file created mode 0600 with O_EXCL (so a
 * symlink planted in the directory is never followed) in the same directory,
 * written, synced and renamed over the file; missing directories are created
 * mode 0700.  If the file is a symlink (a dotfile manager's), its target is
 * replaced and the link kept.
 *
 * A struct settings belongs to its creator; settings_free() releases it and
 * every string the accessors returned.
 */
#ifndef PTOP_SETTINGS_H
#define PTOP_SETTINGS_H

#include <stddef.h>

struct settings;

/* The columns of the tree view, in their default order of the file's names. */
enum settings_col {
	SETTINGS_COL_PID,
	SETTINGS_COL_PPID,
	SETTINGS_COL_STATE,
	SETTINGS_COL_START,
	SETTINGS_COL_TIME,
	SETTINGS_COL_CPU,
	SETTINGS_COL_UTIME,	/* user CPU */
	SETTINGS_COL_STIME,	/* system CPU */
	SETTINGS_COL_MAXRSS,
	SETTINGS_COL_THREADS,
	SETTINGS_COL_EXE,
	SETTINGS_COL_CWD,
	SETTINGS_COL_COMMAND,
	SETTINGS_NCOLS
};

enum settings_scheme {
	SETTINGS_SCHEME_DEFAULT,	/* for dark backgrounds */
	SETTINGS_SCHEME_LIGHT,		/* for light backgrounds */
};

enum settings_glyphs {
	SETTINGS_GLYPHS_UNICODE,	/* box drawing (ASCII anyway in a non-UTF-8 locale) */
	SETTINGS_GLYPHS_ASCII,
};

enum settings_pane {
	SETTINGS_PANE_BELOW,
	SETTINGS_PANE_BESIDE,
	SETTINGS_PANE_HIDDEN,
};

/* The column's name in the file and the header ("MAXRSS"). */
const char *settings_col_name(enum settings_col col);
/* A column from its name, in any case; -1 if unknown. */
int settings_col_parse(const char *name);

/*
 * The default file: $XDG_CONFIG_HOME/ptop/ptoprc when XDG_CONFIG_HOME is an
 * absolute path, else $HOME/.config/ptop/ptoprc; NULL when neither is set.
 * The caller frees it.
 */
char *settings_default_path(void);

/* Every setting at its default, tied to no file (--no-config). */
struct settings *settings_new(void);
/*
 * Read path (NULL: settings_default_path()).  Never NULL: see the top of
 * this file for what happens to a missing, unreadable or damaged file.
 */
struct settings *settings_load(const char *path);
void settings_free(struct settings *s);

/* The one-line warning of settings_load() ("FILE:LINE: ..."), or NULL. */
const char *settings_warning(const struct settings *s);
/* The file it was read from and will be saved to; NULL for settings_new(). */
const char *settings_file(const struct settings *s);

/*
 * Write every line back to path (NULL: the file it was read from), with the
 * changes of the setters.  0, or -1 with errno set and the temporary file
 * removed; the old file is then untouched.
 */
int settings_save(struct settings *s, const char *path);

/* Raw access, for keys this module has no accessor for: the value in force, or NULL. */
const char *settings_get(const struct settings *s, const char *key);
/* Set key (a known or unknown one) to value, a single line. */
void settings_set(struct settings *s, const char *key, const char *value);

/*
 * The columns shown, in order, at most max of them; returns how many.
 * Unknown names and repeats are skipped; COMMAND (which holds the tree) is
 * added last if the file leaves it out.
 */
size_t settings_columns(const struct settings *s, enum settings_col *cols, size_t max);
void settings_set_columns(struct settings *s, const enum settings_col *cols, size_t n);

/* Colours on (1) or off (0); --no-color and NO_COLOR still win. */
int settings_color(const struct settings *s);
void settings_set_color(struct settings *s, int on);

enum settings_scheme settings_color_scheme(const struct settings *s);
void settings_set_color_scheme(struct settings *s, enum settings_scheme scheme);

enum settings_glyphs settings_tree_glyphs(const struct settings *s);
void settings_set_tree_glyphs(struct settings *s, enum settings_glyphs glyphs);

/* Where the terminal pane goes. */
enum settings_pane settings_pane(const struct settings *s);
void settings_set_pane(struct settings *s, enum settings_pane pane);

/* Follow the newest process from the start (the f key). */
int settings_follow(const struct settings *s);
void settings_set_follow(struct settings *s, int on);

/* New and ended processes stand out for a while, live (htop's -H). */
int settings_highlight(const struct settings *s);
void settings_set_highlight(struct settings *s, int on);

/* Sort siblings by this column (START: creation order), descending if set. */
enum settings_col settings_sort(const struct settings *s);
int settings_sort_descending(const struct settings *s);
void settings_set_sort(struct settings *s, enum settings_col col, int descending);

#endif
