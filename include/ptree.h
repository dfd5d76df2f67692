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

#include "event.h"

#define NODE_RUNNING	0x0001	/* no exit or detach seen yet */
#define NODE_EXITED	0x0002	/* exited; status is the exit code */
#define NODE_SIGNALED	0x0004	/* killed; status is the signal number */
#define NODE_CORE	0x0008	/* ... and dumped core */
#define NODE_ATTACHED	0x0010	/* existed before ptop attached: start/CPU partial */
#define NODE_DETACHED	0x0020	/* ptop let go while it was still alive */
#define NODE_LOST	0x0040	/* trace ended with no exit or detach for it */

/* One successful exec (or, for an attached process, what /proc said). */
struct exec_rec {
	struct exec_rec *prev;	/* the exec before this one, or NULL */
	int64_t t_us;
	uint32_t exe;		/* interned string id (ptree_str), 0 = unknown */
	uint32_t cwd;		/* interned string id, 0 = unknown */
	uint32_t arglen;	/* bytes in args, every argument NUL-terminated */
	char args[];
};

/* The exec before this one, or NULL.  (Readers use these, not the fields.) */
const struct exec_rec *exec_prev(const struct exec_rec *x);
/* Bytes of argv in args. */
#define exec_arglen(x)	((x)->arglen)

struct node {
	uint32_t parent;	/* id of the node that forked it; 0 = root */
	uint32_t last_child;	/* 0 = none; its next_sibling is the first child */
	uint32_t next_sibling;	/* circular among the children of parent */
	pid_t pid;
	uint16_t flags;		/* NODE_* */
	int16_t status;		/* exit code or signal number */
	uint32_t nthreads;	/* threads: live count while running, total at exit */
	uint32_t maxrss_kb;
	uint32_t utime_ms;
	uint32_t stime_ms;
	uint32_t nrunning;	/* descendants still running */
	int64_t start_us;	/* relative to trace start; < 0 for attached */
	int64_t end_us;		/* -1 while running */
	struct exec_rec *exec;	/* latest exec, NULL if it never exec'd */
	uint32_t ndesc;		/* descendants, all depths */
	uint32_t nbad;		/* descendants that failed (exit != 0) or were killed */
	int64_t span_end_us;	/* latest end among the descendants, 0 if none */
};

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
/* Depth below the virtual root (roots are depth 1). */
unsigned ptree_depth(const struct ptree *pt, uint32_t id);
/* Interned string for an id from struct exec_rec; "" for 0. */
const char *ptree_str(const struct ptree *pt, uint32_t sid);
/* The argv to show: the node's latest exec, else its nearest ancestor's. */
const struct exec_rec *ptree_shown_exec(const struct ptree *pt, uint32_t id);

/* A node failed: exited non-zero or was killed by a signal. */
int node_is_bad(const struct node *n);

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
/* Bytes of memory the tree holds (nodes, text, tables). */
size_t ptree_memory(const struct ptree *pt);

#endif
