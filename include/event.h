/*
 * event: the one thing every producer emits and every consumer reads.
 *
 * Producers: the tracer (live, launch or attach) and the trace reader
 * (replay).  Consumers ("sinks"): the tree model, the trace writer, the batch
 * printer.  Nothing downstream knows where an event came from.
 *
 * Producers emit into a bus (below), whose sinks are called in order.  An
 * event and everything it points to belong to the producer and are only
 * valid during the sink call; a sink copies what it keeps.
 *
 * Process ids (struct event.id) are unique for the whole trace and start at
 * 1; 0 means "none".  Pids are reused by the kernel, ids never are.
 */
#ifndef PTOP_EVENT_H
#define PTOP_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum event_kind {
	EV_SPAWN,	/* new process: id, pid, parent */
	EV_EXEC,	/* successful exec: id, pid, argv, exe, cwd */
	EV_EXIT,	/* process ended: id, pid, code or signal, rusage */
	EV_ATTACH,	/* pre-existing process found by -p: id, pid, parent, argv.. */
	EV_DETACH,	/* ptop let go of a live process: id, pid */
	EV_THREADS,	/* live thread count changed: id, nthreads (not in traces) */
	EV_EXECFAIL,	/* failed exec attempt: id, pid, path, argv, err */
};

enum trace_mode {
	TRACE_LAUNCH,
	TRACE_ATTACH,
};

/* argv as the kernel keeps it: each argument NUL-terminated, back to back. */
struct argv_buf {
	const char *data;
	size_t len;	/* bytes, including every terminating NUL */
};

struct event {
	enum event_kind kind;
	int64_t t_us;		/* microseconds since the trace started */
	uint32_t id;
	uint32_t parent;	/* spawn/attach: the id that forked it, or 0 */
	pid_t pid;

	/* exec, attach */
	struct argv_buf argv;
	const char *exe;	/* NULL when unknown */
	const char *cwd;	/* NULL when unknown */
	double started;		/* attach: unix time the process started, or 0 */
	/*
	 * The environment, entries NUL-terminated like argv (len 0 and
	 * env.data NULL: not recorded).  exec: the one it had before (its
	 * own previous exec's, or its parent's when it forked), when known,
	 * and whether the two are the same bytes (a cheap case for sinks).
	 */
	struct argv_buf env;
	struct argv_buf env_base;
	int has_env_base;
	int env_same;
	/*
	 * exec: where fds 0, 1, 2 pointed ("/dev/null", "pipe:[123]"), NULL
	 * for a closed one, when has_fds (else not recorded: all three
	 * closed is something to say, not nothing).
	 */
	const char *fd[3];
	int has_fds;

	/* exit */
	int code;		/* exit code, when signal == 0 */
	int signal;		/* terminating signal, or 0 */
	int core;		/* dumped core */
	int64_t utime_us;	/* user CPU (wait4: includes reaped children) */
	int64_t stime_us;	/* system CPU, same */
	long maxrss_kb;		/* peak RSS (wait4: max with reaped children) */

	/* exit, threads */
	int nthreads;		/* exit: threads it ever had; threads: live now */

	/* execfail (argv above: the arguments passed) */
	const char *path;	/* the file the exec tried */
	int err;		/* why it failed: an errno value */
	/*
	 * execfail, exec: argv is cut short (too long to keep, or unreadable).
	 * From an strace log also exe or path: strings strace cut at its -s
	 * limit, each ending in TRUNC_MARK.
	 */
	int cut;
};

/* What ends a string an strace log cut short: U+2026, the ellipsis. */
#define TRUNC_MARK	"\xe2\x80\xa6"

/* What the trace is about, known before the first event. */
struct trace_info {
	enum trace_mode mode;
	struct argv_buf argv;	/* launch: the command; attach: the pids */
	const char *cwd;
	double start;		/* unix time of t_us == 0; 0 = unknown */
	int no_env;		/* environments are not recorded (--no-env) */
	int no_execfail;	/* failed exec attempts cannot be recorded here */
	/*
	 * Read from an strace log (doc/strace-logs.md): no cwd, CPU, RSS or
	 * environment, exe is the path given to execve, strings may be cut.
	 */
	int from_strace;
};

struct sink {
	void (*begin)(void *ctx, const struct trace_info *info);
	void (*event)(void *ctx, const struct event *ev);
	void (*end)(void *ctx);
	void *ctx;
};

/*
 * A bus: the sinks one producer feeds, called in the order they were
 * added.  Each producer (the tracer, a trace reader) is given the bus it
 * emits into, so two traces can be read into two trees in one process.
 */
#define BUS_MAX_SINKS 8

struct bus {
	struct sink sinks[BUS_MAX_SINKS];
	int nsinks;
};

/* An empty bus. */
void bus_init(struct bus *b);
/* Add a sink after those already there. */
void bus_add(struct bus *b, const struct sink *sink);
void bus_begin(const struct bus *b, const struct trace_info *info);
void bus_emit(const struct bus *b, const struct event *ev);
void bus_end(const struct bus *b);

/* Count the arguments in an argv buffer. */
size_t argv_count(const struct argv_buf *argv);
/* Step through arguments: *pos starts at 0; returns NULL at the end. */
const char *argv_next(const struct argv_buf *argv, size_t *pos, size_t *len);

#endif
