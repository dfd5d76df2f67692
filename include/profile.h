/*
 * profile: processes grouped by program, without curses.  For each
 * program: how many processes ran it, how many failed, their total wall
 * time, the wall time they covered (the union of their lifetimes: 600
 * shells one after another cover their sum, 8 compilers at once cover
 * the longest), their CPU and their peak memory.
 *
 * A process's program is the basename of the executable (the exe) of the
 * command it shows: its own last exec, or for a fork that never exec'd,
 * what it was forked from (a subshell counts as the shell it is); the
 * basename of argv[0] when the exe is unknown.
 *
 * CPU and peak RSS come from wait4(2), which counts the children a
 * process waited for: a shell's CPU holds its compilers'.  The profile
 * counts each process's own share: its CPU less that of its children
 * that ended before it, and its peak only where it is higher than theirs
 * (else the peak was a child's, and is counted there).
 *
 * It is a sink on the bus, after the tree's: a process is added to its
 * program's totals when it ends (what it ran is final then), in O(1)
 * besides a walk of its children for the CPU; processes still running
 * are counted when rows are asked for.  The union of lifetimes keeps, per
 * program, the disjoint intervals covered so far, merged as processes end.
 * So rows cost the programs and the running processes, not the tree.
 */
#ifndef PTOP_PROFILE_H
#define PTOP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "ptree.h"

/* Columns, in the screen's and the summary's order; also sort keys. */
enum profile_col {
	PROF_NAME,
	PROF_COUNT,
	PROF_FAILED,
	PROF_WALL,
	PROF_COVERED,
	PROF_CPU,
	PROF_RSS,
	PROF_NCOLS
};

struct profile_row {
	const char *name;	/* namelen bytes, not NUL-terminated (the tree's memory) */
	size_t namelen;
	uint32_t count;		/* processes, running ones included */
	uint32_t failed;	/* exited non-zero or killed */
	uint32_t running;
	int64_t wall_us;	/* sum of lifetimes (running: until now) */
	int64_t covered_us;	/* union of lifetimes */
	int64_t cpu_us;		/* own CPU of those that ended */
	uint32_t maxrss_kb;	/* highest own peak of those that ended; 0 unknown */
};

struct profile;

/* The profile of pt, which must outlive it; add its sink after the tree's. */
struct profile *profile_new(const struct ptree *pt);
void profile_free(struct profile *p);
struct sink profile_sink(struct profile *p);
/*
 * The whole trace comes before anything asks for rows (a replay): keep no
 * union of lifetimes while it loads (one interval a process at worst) and
 * make it once, exactly, when the trace ends.  Before any event.
 */
void profile_defer(struct profile *p);
/*
 * One row per program for time now, sorted by col (descending if desc;
 * ties by name).  Valid until the next call or the next event.
 */
const struct profile_row *profile_rows(struct profile *p, int64_t now, enum profile_col col,
    int desc, size_t *n);
/* Bytes it holds. */
size_t profile_memory(const struct profile *p);

/* The program of process id (see above): *len bytes, not NUL-terminated. */
const char *profile_program(const struct ptree *pt, uint32_t id, size_t *len);
/* A process's own CPU in us: its own less its ended children's (see above). */
int64_t profile_own_cpu(const struct ptree *pt, uint32_t id);
/* Its own peak RSS in KiB, or 0 if a child it waited for had as much. */
uint32_t profile_own_rss(const struct ptree *pt, uint32_t id);
/* A column's title ("PROGRAM", "COUNT"...). */
const char *profile_col_name(enum profile_col col);

#endif
