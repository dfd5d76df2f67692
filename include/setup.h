/*
 * setup: what the setup screen (F2, scr_setup.c) lists and what its keys
 * do to the settings, without curses.  The list: every column (those shown
 * first, in their order, COMMAND last and always there; then the hidden
 * ones), then the choices (colours, scheme, glyphs, the pane's place,
 * follow, highlights, sort column and order).  Every change is made to a
 * struct settings (settings.h): the caller applies it (ui_use_settings)
 * and saves it.
 */
#ifndef PTOP_SETUP_H
#define PTOP_SETUP_H

#include <stddef.h>

#include "settings.h"

enum setup_choice {
	SETUP_COLOR,
	SETUP_SCHEME,
	SETUP_GLYPHS,
	SETUP_PANE,
	SETUP_FOLLOW,
	SETUP_HIGHLIGHT,
	SETUP_SORT,
	SETUP_ORDER,
	SETUP_NCHOICES
};

struct setup_item {
	int is_column;		/* else a choice */
	enum settings_col col;	/* a column: which */
	int shown;		/* a column: shown now */
	enum setup_choice choice;
};

/* At most this many items. */
#define SETUP_MAX_ITEMS (SETTINGS_NCOLS + SETUP_NCHOICES)

/* The items as the screen lists them; returns how many. */
size_t setup_items(const struct settings *s, struct setup_item *items, size_t max);
/* A choice's name ("Colour scheme"). */
const char *setup_choice_name(enum setup_choice c);
/* A choice's value now ("light", "on", "MAXRSS"). */
const char *setup_choice_value(const struct settings *s, enum setup_choice c);
/*
 * Space, Enter, Right (dir 1) or Left (dir -1) on an item: a column is
 * shown or hidden (COMMAND stays), a choice takes its next or previous
 * value.  Returns 1 if something changed.
 */
int setup_change(struct settings *s, const struct setup_item *it, int dir);
/*
 * Move a shown column one place earlier (dir -1) or later (dir 1) among
 * the shown ones (COMMAND stays last).  Returns 1 if it moved.
 */
int setup_move(struct settings *s, enum settings_col col, int dir);

#endif
