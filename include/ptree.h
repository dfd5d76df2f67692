/*
 * ptree: the process tree model.  It consumes events (see event.h) and
 * knows nothing of ptrace, files or curses.
 *
 * Nodes live in one array indexed by event id; node 0 is a virtual root
 * whose children are the processes with no parent (the launched command, or
 * each attached root).  Children are kept in creation order.  Text (argv,
 * exe, cwd) lives in arenas owned by the tree; exe and cwd are interned, so
 * a million processes in the same directory store its name once.  Pointers
 * returned by the ptree_* accessors stay valid until ptree_free(), except
 * struct node pointers, which a later spawn may move: keep ids, not nodes.
 */
#ifndef PTOP_PTREE_H
#define PTOP_PTREE_H

#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "event.h"

#define NODE_RUNNING	0x01	/* no exit or detach seen yet */
#define NODE_EXITED	0x02	/* exited; status is the exit code */
#define NODE_SIGNALED	0x04	/* killed; status is the signal number */
#define NODE_CORE	0x08	/* ... and dumped core */
#define NODE_ATTACHED	0x10	/* existed before ptop attached: start/CPU partial */
#define NODE_DETACHED	0x20	/* ptop let go while it was still alive */
#define NODE_LOST	0x40	/* trace ended with no exit or detach for it */
#define NODE_FORKED	0x80	/* no exec of its own: exec is its parent's at the fork */

/*
 * One successful exec (or, for an attached process, what /proc said).
 * Compact on purpose, a million of these must fit in memory: 24 bytes of
 * header before the argv.  A record that has an earlier exec before it (an
 * exec chain like env -> nice -> cc) carries a pointer to it just before
 * the header; exec_prev() finds it.  An exec in the same millisecond as
 * a fork of the same process (which came first, the times cannot say)
 * carries before that the highest id spawned before it (EXEC_HAS_SEQ).
 */
struct exec_rec {
	uint32_t t_ms;		/* when, ms since trace start */
	uint32_t exe;		/* interned string id (ptree_str), 0 = unknown */
	uint32_t cwd;		/* interned string id, 0 = unknown */
	uint32_t env;		/* environment block (ptree_env), 0 = not recorded */
	uint32_t stdio;		/* where fds 0-2 pointed (ptree_stdio), 0 = not recorded */
	uint32_t arglen;	/* bytes in args (the EXEC_* flags aside) */
	char args[];		/* every argument NUL-terminated */
};

/* A failed exec attempt; a process's attempts are kept newest first. */
struct try_rec {
	struct try_rec *next;	/* the attempt before it */
	uint32_t t_ms;
	uint32_t path;		/* interned string id, 0 = unknown */
	uint16_t err;		/* errno */
	uint8_t cut;		/* argv cut short */
	uint8_t then_exec;	/* an exec of the process succeeded after it */
	uint32_t arglen;
	char args[];		/* the argv it passed */
};
#define EXEC_HAS_PREV	0x80000000u	/* an earlier exec is linked before it */
#define EXEC_HAS_UPPER	0x40000000u	/* args hold a capital A-Z (for searches) */
#define EXEC_HAS_SEQ	0x20000000u	/* the highest id spawned before it is kept */
#define EXEC_FLAGS	(EXEC_HAS_PREV | EXEC_HAS_UPPER | EXEC_HAS_SEQ)
#define exec_arglen(x)	((x)->arglen & ~EXEC_FLAGS)

/* The exec before this one, or NULL. */
const struct exec_rec *exec_prev(const struct exec_rec *x);

/*
 * 72 bytes: with its exec record, under 100 bytes a process plus argv.
 * What few processes have (failed exec attempts) lives in side tables;
 * what only a folded process's summary reads (struct node_totals) in an
 * array beside the nodes, so that walks over nodes read no more.
 */
struct node {
	uint32_t parent;	/* id of the node that forked it; 0 = root */
	uint32_t last_child;	/* 0 = none; its next_sibling is the first child */
	uint32_t next_sibling;	/* circular among the children of parent */
	pid_t pid;
	uint8_t flags;		/* NODE_* */
	uint8_t status;		/* exit code or signal number */
	uint16_t nthreads;	/* live threads while running, all it had at exit (saturates) */
	uint32_t maxrss_kb;
	uint32_t utime_ms;
	uint32_t stime_ms;
	uint32_t ndesc;		/* descendants, all depths */
	uint32_t nbad;		/* descendants that failed (exit != 0) or were killed */
	uint32_t nrunning;	/* descendants still running */
	uint32_t span_end_ms;	/* latest end among the descendants, ms since start */
	int64_t start_us;	/* relative to trace start; < 0 for attached */
	int64_t end_us;		/* -1 while running */
	struct exec_rec *exec;	/* latest exec; with NODE_FORKED, the one it was forked with */
};

/*
 * A subtree's CPU and peak RSS, of the processes in it that ended.
 * cpu_ms counts each CPU millisecond once: wait4's figures for a process
 * include the children it waited for, so a process adds its own CPU less
 * that of its children that ended before it did (it reaped them: their
 * time is in its figure), never less than nothing; a child that outlived
 * it adds its own.  Exact when every process waits for its children, as
 * shells and make do.
 */
struct node_totals {
	uint32_t cpu_ms;	/* saturates */
	uint32_t maxrss_kb;
};

/* Its own latest exec: NULL if it never exec'd. */
static inline const struct exec_rec *
node_own_exec(const struct node *n)
{
	return (n->flags & NODE_FORKED) ? NULL : n->exec;
}

struct ptree;

struct ptree *ptree_new(void);
void ptree_free(struct ptree *pt);
/* A sink that applies events to the tree. */
struct sink ptree_sink(struct ptree *pt);
/* Apply one event directly (what the sink does). 0 or -1 if it makes no sense. */
int ptree_apply(struct ptree *pt, const struct event *ev);

/* Highest id; ids 1..ptree_size() are valid, 0 is the virtual root. */
uint32_t ptree_size(const struct ptree *pt);
struct node *ptree_node(const struct ptree *pt, uint32_t id);
uint32_t ptree_first_child(const struct ptree *pt, uint32_t id);
/* The sibling after id, or 0 after the last one. */
uint32_t ptree_next(const struct ptree *pt, uint32_t id);
/* The totals of id's subtree, id included (0: every process). */
const struct node_totals *ptree_totals(const struct ptree *pt, uint32_t id);
/* Depth below the virtual root (roots are depth 1). */
unsigned ptree_depth(const struct ptree *pt, uint32_t id);
/* Interned string for an id from struct exec_rec; "" for 0. */
const char *ptree_str(const struct ptree *pt, uint32_t sid);
/*
 * The argv to show: the node's latest exec or, if it never exec'd, the one
 * its parent was running when it forked (not a later exec of the parent's).
 */
const struct exec_rec *ptree_shown_exec(const struct ptree *pt, uint32_t id);
/*
 * The exec id's parent was running when id was forked (where its
 * environment came from): NULL for a root.
 */
const struct exec_rec *ptree_forked_with(const struct ptree *pt, uint32_t id);

/*
 * Its state in a word or two: "running", "ok", "exit 2", "SIGSEGV" (with
 * " (core)" if with_core and it dumped core), "detached", "lost" (the trace
 * ended before it did).
 */
const char *node_state(const struct node *n, char *out, size_t size, int with_core);
/* A node failed: exited non-zero or was killed by a signal. */
int node_is_bad(const struct node *n);
/*
 * Its CPU time, peak RSS and thread count are known: it ended, and the
 * trace has them (an strace log does not).
 */
int ptree_has_usage(const struct ptree *pt, const struct node *n);
/* Its failed exec attempts, newest first (NULL: none). */
const struct try_rec *ptree_tries(const struct ptree *pt, uint32_t id);
/*
 * The attempt that explains a process's failure to exec: it tried to
 * exec after its last successful exec (or never exec'd) and every such
 * attempt failed.  Of those, the most telling (a permission error beats a
 * PATH entry without the file), else the last.  NULL if none.
 */
const struct try_rec *ptree_exec_failure(const struct ptree *pt, uint32_t id);
/* Where fd (0-2) of an exec's stdio pointed: an interned string id, 0 = closed. */
uint32_t ptree_stdio(const struct ptree *pt, uint32_t stdio, int fd);
/* "not found", "permission denied"... for an exec attempt's errno. */
const char *try_err_words(int err);
/*
 * "✗ hostinfo: not found" (ascii: "x hostinfo: ..."), escaped with
 * fmt_flags, for a process whose exec attempts all failed (see
 * ptree_exec_failure), into b; returns 0 and adds nothing otherwise.
 */
int ptree_failure_note(const struct ptree *pt, uint32_t id, struct buf *b, int ascii,
    int fmt_flags);
/* The environments of the execs (see envtab.h). */
const struct envtab *ptree_env(const struct ptree *pt);

struct ptree_stats {
	uint32_t total, running, failed, signaled, attached;
};
const struct ptree_stats *ptree_stats(const struct ptree *pt);
/* The trace header given to begin(); argv/cwd copied. */
const struct trace_info *ptree_info(const struct ptree *pt);
/* Time of the newest event seen. */
int64_t ptree_last_t(const struct ptree *pt);
/* 1 once end() was seen. */
int ptree_finished(const struct ptree *pt);
/* Bumped whenever nodes are added (structure) or any node changes (data). */
uint64_t ptree_struct_gen(const struct ptree *pt);
uint64_t ptree_data_gen(const struct ptree *pt);
/*
 * Bumped by every exec and attach: the only events that change the argv a
 * process shows (a new process shows what its parent ran, fixed at spawn).
 */
uint64_t ptree_exec_gen(const struct ptree *pt);
/* Bytes of memory the tree holds (nodes, text, tables). */
size_t ptree_memory(const struct ptree *pt);

#endif
