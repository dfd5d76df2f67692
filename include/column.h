/*
 * column: the table columns of the tree (PID, STATE, TIME...), one entry
 * each: the name the header and the settings file use, the width, how a
 * process's cell reads, and what the sort orders siblings by.  The tree
 * screen draws the columns the settings choose, the sort (order.h) asks
 * for keys, batch output formats its fields with the same functions.  No
 * curses.
 *
 * Columns are named by enum settings_col (settings.h), the file's names.
 * COMMAND, which holds the tree, is drawn by the tree screen itself: it has
 * a name and a sort key here but no cell text.
 */
#ifndef PTOP_COLUMN_H
#define PTOP_COLUMN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ptree.h"
#include "settings.h"

/* How a column sorts: a number from column_key(), or text. */
enum column_sort {
	COLUMN_SORT_NUMBER,
	COLUMN_SORT_EXE,	/* the basename of the exe, then the whole path */
	COLUMN_SORT_CWD,	/* the working directory */
	COLUMN_SORT_ARGV,	/* the argv as shown, byte by byte */
};

struct column {
	const char *name;	/* header and settings file ("MAXRSS") */
	int width;		/* screen columns, the space after it aside */
	int left;		/* text: left-aligned */
	int drop;		/* narrow screens drop the lowest first; 0: never */
	int desc;		/* picked for sorting: biggest first */
	enum column_sort sort;
	const char *help;	/* what it shows, a few words */
};

/* column_text() flags */
#define COLUMN_CORE	0x1	/* STATE: " (core)" after a signal that dumped one */
#define COLUMN_ASCII	0x2	/* escape every non-ASCII byte (fmt's FMT_ASCII) */
#define COLUMN_ZERO	0x4	/* CPU and memory not known yet: 0, not "-" (batch) */

/* The column's entry; NULL for a value out of range. */
const struct column *column_get(enum settings_col col);
/*
 * The cell of process id (its text, escaped; no padding) at trace time
 * now_us, which running times count up to.  Appends to out.
 */
void column_text(enum settings_col col, const struct ptree *pt, uint32_t id, int64_t now_us,
    int flags, struct buf *out);
/*
 * The number a COLUMN_SORT_NUMBER column sorts by (ascending; unknown
 * values, such as the CPU of a running process, lowest).  START's is the
 * creation order.  now_us as for column_text().
 */
uint32_t column_key(enum settings_col col, const struct ptree *pt, uint32_t id, int64_t now_us);
/* The key changes while the process runs, without an event (TIME). */
int column_key_ticks(enum settings_col col);

#endif
