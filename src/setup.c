/*
 * setup.c: the setup screen's list and changes.  See setup.h.
 *
 * The settings are the only state: the list is made from them every time,
 * and a change is a setter's call.
 */
#include "config.h"

#include "column.h"
#include "setup.h"

static const char *const setup_names[SETUP_NCHOICES] = {
	[SETUP_COLOR] = "Colours",
	[SETUP_SCHEME] = "Colour scheme",
	[SETUP_GLYPHS] = "Tree glyphs",
	[SETUP_PANE] = "Terminal pane",
	[SETUP_FOLLOW] = "Follow at start",
	[SETUP_HIGHLIGHT] = "Highlight new/ended",
	[SETUP_SORT] = "Sort by",
	[SETUP_ORDER] = "Sort order",
};

/* How many values each choice has (SETUP_SORT: the columns). */
static const int setup_nvalues[SETUP_NCHOICES] = {
	[SETUP_COLOR] = 2, [SETUP_SCHEME] = 2, [SETUP_GLYPHS] = 2, [SETUP_PANE] = 3,
	[SETUP_FOLLOW] = 2, [SETUP_HIGHLIGHT] = 2, [SETUP_SORT] = SETTINGS_NCOLS,
	[SETUP_ORDER] = 2,
};

const char *
setup_choice_name(enum setup_choice c)
{
	return (unsigned)c < SETUP_NCHOICES ? setup_names[c] : "?";
}

static int
setup_get(const struct settings *s, enum setup_choice c)
{
	switch (c) {
	case SETUP_COLOR: return settings_color(s);
	case SETUP_SCHEME: return (int)settings_color_scheme(s);
	case SETUP_GLYPHS: return (int)settings_tree_glyphs(s);
	case SETUP_PANE: return (int)settings_pane(s);
	case SETUP_FOLLOW: return settings_follow(s);
	case SETUP_HIGHLIGHT: return settings_highlight(s);
	case SETUP_SORT: return (int)settings_sort(s);
	case SETUP_ORDER: return settings_sort_descending(s);
	default: return 0;
	}
}

static void
setup_put(struct settings *s, enum setup_choice c, int v)
{
	switch (c) {
	case SETUP_COLOR: settings_set_color(s, v); break;
	case SETUP_SCHEME: settings_set_color_scheme(s, (enum settings_scheme)v); break;
	case SETUP_GLYPHS: settings_set_tree_glyphs(s, (enum settings_glyphs)v); break;
	case SETUP_PANE: settings_set_pane(s, (enum settings_pane)v); break;
	case SETUP_FOLLOW: settings_set_follow(s, v); break;
	case SETUP_HIGHLIGHT: settings_set_highlight(s, v); break;
	case SETUP_SORT:
		/* A new sort column starts in its natural direction (biggest first for sizes). */
		settings_set_sort(s, (enum settings_col)v,
		    column_get((enum settings_col)v)->desc);
		break;
	case SETUP_ORDER: settings_set_sort(s, settings_sort(s), v); break;
	default: break;
	}
}

const char *
setup_choice_value(const struct settings *s, enum setup_choice c)
{
	static const char *const onoff[] = { "off", "on" };
	static const char *const scheme[] = { "default (dark background)",
	    "light (light background)" };
	static const char *const glyphs[] = { "unicode", "ascii" };
	static const char *const pane[] = { "below", "beside", "hidden" };
	static const char *const order[] = { "ascending", "descending" };
	int v = setup_get(s, c);

	switch (c) {
	case SETUP_COLOR:
	case SETUP_FOLLOW:
	case SETUP_HIGHLIGHT: return onoff[v != 0];
	case SETUP_SCHEME: return scheme[v != 0];
	case SETUP_GLYPHS: return glyphs[v != 0];
	case SETUP_PANE: return pane[v >= 0 && v < 3 ? v : 0];
	case SETUP_SORT: return settings_col_name((enum settings_col)v);
	case SETUP_ORDER: return order[v != 0];
	default: return "?";
	}
}

size_t
setup_items(const struct settings *s, struct setup_item *items, size_t max)
{
	enum settings_col cols[SETTINGS_NCOLS];
	unsigned shown = 0;
	size_t n = 0, ncols, i;
	int c;

	ncols = settings_columns(s, cols, SETTINGS_NCOLS);
	for (i = 0; i < ncols && n < max; i++, n++) {
		items[n].is_column = 1;
		items[n].col = cols[i];
		items[n].shown = 1;
		items[n].choice = SETUP_NCHOICES;
		shown |= 1u << cols[i];
	}
	for (c = 0; c < SETTINGS_NCOLS && n < max; c++) {
		if (shown & (1u << c))
			continue;
		items[n].is_column = 1;
		items[n].col = (enum settings_col)c;
		items[n].shown = 0;
		items[n].choice = SETUP_NCHOICES;
		n++;
	}
	for (c = 0; c < SETUP_NCHOICES && n < max; c++, n++) {
		items[n].is_column = 0;
		items[n].col = SETTINGS_COL_COMMAND;
		items[n].shown = 0;
		items[n].choice = (enum setup_choice)c;
	}
	return n;
}

/* The shown columns without COMMAND; returns how many. */
static size_t
setup_shown(const struct settings *s, enum settings_col *cols)
{
	enum settings_col all[SETTINGS_NCOLS];
	size_t n = settings_columns(s, all, SETTINGS_NCOLS), i, k = 0;

	for (i = 0; i < n; i++)
		if (all[i] != SETTINGS_COL_COMMAND)
			cols[k++] = all[i];
	return k;
}

/* Write the shown columns back, COMMAND last. */
static void
setup_put_columns(struct settings *s, enum settings_col *cols, size_t n)
{
	cols[n++] = SETTINGS_COL_COMMAND;
	settings_set_columns(s, cols, n);
}

int
setup_change(struct settings *s, const struct setup_item *it, int dir)
{
	enum settings_col cols[SETTINGS_NCOLS];
	size_t n, i;
	int v, nv;

	if (it->is_column) {
		if (it->col == SETTINGS_COL_COMMAND)
			return 0;	/* it holds the tree */
		n = setup_shown(s, cols);
		for (i = 0; i < n && cols[i] != it->col; i++)
			;
		if (i < n) {
			for (; i + 1 < n; i++)
				cols[i] = cols[i + 1];
			n--;
		} else
			cols[n++] = it->col;	/* shown again: before COMMAND */
		setup_put_columns(s, cols, n);
		return 1;
	}
	if ((unsigned)it->choice >= SETUP_NCHOICES)
		return 0;
	nv = setup_nvalues[it->choice];
	v = setup_get(s, it->choice);
	v = ((v + (dir < 0 ? -1 : 1)) % nv + nv) % nv;
	setup_put(s, it->choice, v);
	return 1;
}

int
setup_move(struct settings *s, enum settings_col col, int dir)
{
	enum settings_col cols[SETTINGS_NCOLS], tmp;
	size_t n = setup_shown(s, cols), i;

	for (i = 0; i < n && cols[i] != col; i++)
		;
	if (i == n || (dir < 0 && i == 0) || (dir > 0 && i + 1 == n))
		return 0;
	tmp = cols[i];
	cols[i] = cols[dir < 0 ? i - 1 : i + 1];
	cols[dir < 0 ? i - 1 : i + 1] = tmp;
	setup_put_columns(s, cols, n);
	return 1;
}
