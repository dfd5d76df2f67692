/*
 * column.c: the table columns of the tree.  See column.h.
 *
 * One table, in enum settings_col order; a column is its entry, a case in
 * column_text() and one in column_key().  Text from traced programs (exe,
 * cwd) is escaped here, as everywhere.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "column.h"
#include "fmt.h"

static const struct column column_table[SETTINGS_NCOLS] = {
	[SETTINGS_COL_PID] = { "PID", 7, 0, 0, 0, COLUMN_SORT_NUMBER, "process id" },
	[SETTINGS_COL_PPID] = { "PPID", 7, 0, 9, 0, COLUMN_SORT_NUMBER, "parent's process id" },
	[SETTINGS_COL_STATE] = { "STATE", 10, 1, 12, 1, COLUMN_SORT_NUMBER,
	    "running, ok, exit N, a signal, detached, lost" },
	[SETTINGS_COL_START] = { "START", 8, 0, 5, 0, COLUMN_SORT_NUMBER,
	    "when it started (sorts in creation order)" },
	[SETTINGS_COL_TIME] = { "TIME", 8, 0, 11, 1, COLUMN_SORT_NUMBER, "how long it ran" },
	[SETTINGS_COL_CPU] = { "CPU", 7, 0, 10, 1, COLUMN_SORT_NUMBER, "user plus system CPU" },
	[SETTINGS_COL_UTIME] = { "UTIME", 7, 0, 7, 1, COLUMN_SORT_NUMBER, "user CPU" },
	[SETTINGS_COL_STIME] = { "STIME", 7, 0, 6, 1, COLUMN_SORT_NUMBER, "system CPU" },
	[SETTINGS_COL_MAXRSS] = { "MAXRSS", 6, 0, 4, 1, COLUMN_SORT_NUMBER, "peak resident memory" },
	[SETTINGS_COL_THREADS] = { "THREADS", 7, 0, 3, 1, COLUMN_SORT_NUMBER, "threads" },
	[SETTINGS_COL_EXE] = { "EXE", 12, 1, 2, 0, COLUMN_SORT_EXE, "the program's file name" },
	[SETTINGS_COL_CWD] = { "CWD", 20, 1, 1, 0, COLUMN_SORT_CWD,
	    "working directory (its end, when long)" },
	[SETTINGS_COL_COMMAND] = { "COMMAND", 0, 1, 0, 0, COLUMN_SORT_ARGV,
	    "the tree and the argv" },
};

const struct column *
column_get(enum settings_col col)
{
	return (unsigned)col < SETTINGS_NCOLS ? &column_table[col] : NULL;
}

/* The process has exited or was killed, and the trace has wait4's figures. */
static int
column_known(const struct ptree *pt, const struct node *n)
{
	return ptree_has_usage(pt, n);
}

/* Batch's 0 for what is not known yet; never for what a trace cannot know. */
static int
column_zero(const struct ptree *pt, int flags)
{
	return (flags & COLUMN_ZERO) && !ptree_info(pt)->from_strace;
}

/* Wall time in microseconds: to its end, or to now while it runs. */
static int64_t
column_wall(const struct node *n, int64_t now_us)
{
	return ((n->flags & NODE_RUNNING) ? now_us : n->end_us) - n->start_us;
}

static uint32_t
column_u32(int64_t v)
{
	return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* A known value + 1, so that unknown (0) sorts lowest; saturates. */
static uint32_t
column_known_key(const struct ptree *pt, const struct node *n, uint64_t v)
{
	if (!column_known(pt, n))
		return 0;
	return v >= UINT32_MAX ? UINT32_MAX : (uint32_t)v + 1;
}

static void
column_ms(struct buf *out, const struct ptree *pt, const struct node *n, uint64_t ms, int flags)
{
	char s[32];

	if (column_known(pt, n) || column_zero(pt, flags))
		buf_adds(out, fmt_duration(s, sizeof s, column_known(pt, n) ? (int64_t)ms * 1000 : 0));
	else
		buf_adds(out, "-");
}

void
column_text(enum settings_col col, const struct ptree *pt, uint32_t id, int64_t now_us,
    int flags, struct buf *out)
{
	const struct node *n = ptree_node(pt, id);
	const struct exec_rec *x = ptree_shown_exec(pt, id);
	int fl = (flags & COLUMN_ASCII) ? FMT_ASCII : 0;
	const char *s, *slash;
	char t[64];

	switch (col) {
	case SETTINGS_COL_PID:
		buf_printf(out, "%d", (int)n->pid);
		break;
	case SETTINGS_COL_PPID:
		if (n->parent != 0)
			buf_printf(out, "%d", (int)ptree_node(pt, n->parent)->pid);
		else
			buf_adds(out, "-");
		break;
	case SETTINGS_COL_STATE:
		buf_adds(out, node_state(n, t, sizeof t, (flags & COLUMN_CORE) != 0));
		break;
	case SETTINGS_COL_START:
		buf_adds(out, fmt_duration(t, sizeof t, n->start_us));
		break;
	case SETTINGS_COL_TIME:
		buf_adds(out, fmt_duration(t, sizeof t, column_wall(n, now_us)));
		if (n->flags & NODE_ATTACHED)
			buf_addc(out, '+');	/* it ran before we came: at least this long */
		break;
	case SETTINGS_COL_CPU:
		column_ms(out, pt, n, (uint64_t)n->utime_ms + n->stime_ms, flags);
		break;
	case SETTINGS_COL_UTIME:
		column_ms(out, pt, n, n->utime_ms, flags);
		break;
	case SETTINGS_COL_STIME:
		column_ms(out, pt, n, n->stime_ms, flags);
		break;
	case SETTINGS_COL_MAXRSS:
		if (column_known(pt, n))
			buf_adds(out, fmt_kib(t, sizeof t, n->maxrss_kb));
		else
			buf_adds(out, column_zero(pt, flags) ? "0K" : "-");
		break;
	case SETTINGS_COL_THREADS:
		buf_printf(out, "%u", (unsigned)n->nthreads);
		break;
	case SETTINGS_COL_EXE:
		s = x != NULL ? ptree_str(pt, x->exe) : "";
		if ((slash = strrchr(s, '/')) != NULL && slash[1] != '\0')
			s = slash + 1;
		if (*s == '\0')
			buf_adds(out, "?");
		else
			fmt_escape(out, s, strlen(s), fl);
		break;
	case SETTINGS_COL_CWD:
		s = x != NULL ? ptree_str(pt, x->cwd) : "";
		if (*s == '\0')
			buf_adds(out, "?");
		else
			fmt_escape(out, s, strlen(s), fl);
		break;
	case SETTINGS_COL_COMMAND:
	case SETTINGS_NCOLS:
		break;
	}
}

/*
 * STATE, ascending: running, ok, detached, lost, then exit codes, then
 * signals; so that descending puts what was killed and what failed first.
 */
static uint32_t
column_state_key(const struct node *n)
{
	if (n->flags & NODE_RUNNING)
		return 0;
	if (n->flags & NODE_SIGNALED)
		return 300 + n->status;
	if (n->flags & NODE_EXITED)
		return n->status == 0 ? 1 : 4 + (uint32_t)n->status;
	return (n->flags & NODE_DETACHED) ? 2 : 3;
}

uint32_t
column_key(enum settings_col col, const struct ptree *pt, uint32_t id, int64_t now_us)
{
	const struct node *n = ptree_node(pt, id);

	switch (col) {
	case SETTINGS_COL_PID:
		return (uint32_t)n->pid;
	case SETTINGS_COL_PPID:
		return n->parent != 0 ? (uint32_t)ptree_node(pt, n->parent)->pid : 0;
	case SETTINGS_COL_STATE:
		return column_state_key(n);
	case SETTINGS_COL_START:
		return id;
	case SETTINGS_COL_TIME:
		return column_u32(column_wall(n, now_us) / 1000);
	case SETTINGS_COL_CPU:
		return column_known_key(pt, n, (uint64_t)n->utime_ms + n->stime_ms);
	case SETTINGS_COL_UTIME:
		return column_known_key(pt, n, n->utime_ms);
	case SETTINGS_COL_STIME:
		return column_known_key(pt, n, n->stime_ms);
	case SETTINGS_COL_MAXRSS:
		return column_known_key(pt, n, n->maxrss_kb);
	case SETTINGS_COL_THREADS:
		return n->nthreads;
	default:
		return 0;
	}
}

int
column_key_ticks(enum settings_col col)
{
	return col == SETTINGS_COL_TIME;
}
