/*
 * screens.c: every screen of the view, for the help (which lists their
 * keys in this order) and whatever else must see them all.  A new screen
 * is one file and one line here; see doc/architecture.md.
 */
#include "config.h"

#include "screens.h"

const struct screen *const screens_all[] = {
	&screen_tree,
	&screen_timeline,
	&screen_profile,
	&screen_filter,
	&screen_search,
	&screen_detail,
	&screen_help,
	&screen_signal,
	&screen_confirm,
	&screen_quit,
	&screen_leaving,
	&screen_pane_focus,
	&screen_sort,
	&screen_setup,
	NULL,
};

const struct screen *const screens_diff[] = {
	&screen_diff,
	&screen_detail,
	&screen_help,
	&screen_quit,
	&screen_leaving,
	&screen_pane_focus,
	NULL,
};
