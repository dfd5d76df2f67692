/*
 * tracer.c: follow every task of the traced processes with ptrace.
 *
 * Tables:
 * - tasks: live tid -> struct task (which process it belongs to).  A task
 *   enters when its creator's fork/clone event (or its own first stop, see
 *   below) is seen, and leaves when its exit is reaped.
 * - procs: one per live process, holding its event id.  Threads point at
 *   their process; a process is freed when its last task leaves.
 * - unknown: tids that reported something before we knew who made them.
 *   A first stop that beats the parent's fork event is parked here (left
 *   stopped) and matched when the event arrives; what is still parked when
 *   a drain of waitpid ends is resolved from /proc/TID/status and resumed.
 *   An exit that beats the fork event waits here for it (or for the end).
 *   A task resolved from /proc that exits before its maker's event comes
 *   leaves an "owed" entry: the late event must not make it a second time
 *   (the tgkill probe of a reaped thread fails, and it would become a new
 *   process that never ends).  Owed entries go when their maker ends.
 *
 * The hot path (one fork + exec + exit per process) costs three stops, each
 * restarted before any formatting or I/O: only what must be read while the
 * tracee is stopped (argv, exe, cwd at exec) is read before the restart.
 */
#include "config.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "event.h"
#include "fmt.h"
#include "log.h"
#include "predict.h"
#include "procfs.h"
#include "spin.h"
#include "tracee.h"
#include "tracer.h"
#include "xmalloc.h"

#define TRACE_OPTIONS (PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
	PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD)

#define TASK_STARTING	0x1	/* created; its first stop has not come yet */
#define TASK_DETACHED	0x2	/* detach_all let go of it */
#define TASK_GSTOPPED	0x4	/* parked in a group stop (PTRACE_LISTEN) */
#define TASK_EARLY	0x8	/* resolved from /proc: its maker's event is due */
#define TASK_TRYING	0x10	/* in an exec attempt, restarted to its syscall-exit stop */
#define TASK_FAILED	0x20	/* an attempt failed since its exec: the next may be predicted */
#define TASK_PENDING	0x40	/* an attempt predicted to fail, until its next stop */
#define TASK_VIEWCALL	0x80	/* in a set*id, chroot... restarted to its exit stop */
#define TASK_NOPREDICT	0x100	/* it called set*id: RLIMIT_NPROC may fail its next exec */

/* What the launched child writes on its error pipe when the exec filter fails. */
#define LAUNCH_NO_TRAP	(-1)

/* An environment, shared by the processes that have it (refcounted). */
struct envblob {
	unsigned refs;
	size_t len;
	char data[];
};

struct proc {
	uint32_t id;
	pid_t pid;
	int root;		/* launched or attached by -p (not found as a child) */
	unsigned ntasks;	/* tasks in the table pointing here */
	unsigned nthreads;	/* threads ever, including the first */
	int ended;		/* exit or detach emitted */
	int execd;		/* it exec'd since ptop knows it */
	struct envblob *env;	/* its environment (its last exec's, or its parent's at the fork) */
};

struct task {
	pid_t tid;
	unsigned flags;
	struct proc *proc;
	uint32_t maker;		/* TASK_EARLY: id of the process that made it */
	struct tracee_try try;	/* TASK_TRYING, TASK_PENDING: the exec attempt under way */
	struct predict_task view;
	struct pending *pend;	/* TASK_PENDING: what it tried */
};

/* An attempt predicted to fail: kept until the task's next stop confirms it. */
struct pending {
	struct buf path, argv;
	int err, cut;
};

enum unknown_kind {
	UNKNOWN_STOP,		/* a parked first stop */
	UNKNOWN_EXIT,		/* an exit before its maker's event */
	UNKNOWN_OWED,		/* born early and gone; its maker's event is due */
};

struct unknown {
	pid_t tid;
	enum unknown_kind kind;
	uint32_t maker;		/* owed: id of the process whose event is due */
	int status;		/* wait status */
	struct rusage ru;
	int64_t t_us;
};

/* Open addressing, linear probing, backward-shift deletion. */
struct task_table {
	struct task **slots;
	size_t size;		/* power of two */
	size_t count;
};

static struct {
	const struct bus *bus;	/* where events go */
	struct timespec start_mono;
	double start_real;
	struct task_table tasks;
	struct unknown *unknown;
	size_t nunknown, allocunknown;
	uint32_t next_id;
	unsigned nprocs;
	pid_t root_pid;
	int root_status;	/* -1 while the root runs */
	unsigned nroots;	/* roots still alive */
	int64_t scan_us;	/* what a waitpid that finds nothing costs (smoothed) */
	unsigned warm_new;	/* new processes, decayed (see warm_proc) */
	unsigned warm_exec;	/* the share of them that exec'd, decayed */
	int done;
	int detaching;
	int record;		/* TRACER_* */
	int trapping;		/* the launched command has the exec attempt filter */
	struct buf argv, exe, cwd, scratch, env, path, fds[3];
} T = { .root_status = -1 };

void
tracer_init(const struct bus *bus, int what)
{
	struct timespec rt;

	T.bus = bus;
	T.record = what;
	clock_gettime(CLOCK_MONOTONIC, &T.start_mono);
	clock_gettime(CLOCK_REALTIME, &rt);
	T.start_real = (double)rt.tv_sec + rt.tv_nsec / 1e9;
	T.tasks.size = 1024;
	T.tasks.slots = xcalloc(T.tasks.size, sizeof *T.tasks.slots);
	procfs_init();
}

int64_t
tracer_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - T.start_mono.tv_sec) * 1000000 +
	    (now.tv_nsec - T.start_mono.tv_nsec) / 1000;
}

double
tracer_start_realtime(void)
{
	return T.start_real;
}

/* ---- environments ----------------------------------------------------------- */

static struct envblob *
env_ref(struct envblob *e)
{
	if (e != NULL)
		e->refs++;
	return e;
}

static void
env_unref(struct envblob *e)
{
	if (e != NULL && --e->refs == 0)
		free(e);
}

static struct envblob *
env_new(const char *data, size_t len)
{
	struct envblob *e = xmalloc(sizeof *e + len);

	e->refs = 1;
	e->len = len;
	memcpy(e->data, data, len);
	return e;
}

/*
 * p's new environment (in T.env, as read at its exec stop), into ev: the
 * environment, the one it had (its base), and whether they are the same.
 * The base stays valid until the next call: p keeps a reference to it.
 */
static void
env_update(struct proc *p, struct event *ev)
{
	static struct envblob *base;
	struct envblob *old = p->env;

	env_unref(base);
	base = NULL;
	if (!(T.record & TRACER_ENV))
		return;
	ev->env.data = T.env.p != NULL ? T.env.p : "";
	ev->env.len = T.env.len;
	if (old != NULL) {
		ev->env_base = (struct argv_buf){ old->data, old->len };
		ev->has_env_base = 1;
		ev->env_same = old->len == T.env.len && memcmp(old->data, T.env.p, T.env.len) == 0;
	}
	if (old != NULL && ev->env_same)
		return;
	p->env = env_new(ev->env.data, ev->env.len);
	base = old;	/* ev->env_base points into it until the next call */
}

/* ---- task table --------------------------------------------------------- */

static size_t
task_slot(pid_t tid, size_t size)
{
	return ((uint32_t)tid * 2654435761u) & (size - 1);
}

static struct task *
task_find(pid_t tid)
{
	size_t i, mask = T.tasks.size - 1;
	struct task *t;

	for (i = task_slot(tid, T.tasks.size); (t = T.tasks.slots[i]) != NULL; i = (i + 1) & mask)
		if (t->tid == tid)
			return t;
	return NULL;
}

static void
task_insert_slot(struct task_table *tt, struct task *t)
{
	size_t i, mask = tt->size - 1;

	for (i = task_slot(t->tid, tt->size); tt->slots[i] != NULL; i = (i + 1) & mask)
		;
	tt->slots[i] = t;
}

static struct task *
task_add(pid_t tid, struct proc *p, unsigned flags)
{
	struct task_table *tt = &T.tasks;
	struct task **old;
	struct task *t;
	size_t i, oldsize;

	if ((tt->count + 1) * 2 > tt->size) {
		old = tt->slots;
		oldsize = tt->size;
		tt->size *= 2;
		tt->slots = xcalloc(tt->size, sizeof *tt->slots);
		for (i = 0; i < oldsize; i++)
			if (old[i] != NULL)
				task_insert_slot(tt, old[i]);
		free(old);
	}
	t = xmalloc(sizeof *t);
	t->tid = tid;
	t->flags = flags;
	t->proc = p;
	t->maker = 0;
	t->view.gen = 0;
	t->pend = NULL;
	p->ntasks++;
	task_insert_slot(tt, t);
	tt->count++;
	return t;
}

static void
task_remove(struct task *t)
{
	struct task_table *tt = &T.tasks;
	size_t i, j, k, mask = tt->size - 1;

	for (i = task_slot(t->tid, tt->size); tt->slots[i] != t; i = (i + 1) & mask)
		;
	tt->slots[i] = NULL;
	/* Shift back the entries that probed past the hole. */
	for (j = (i + 1) & mask; tt->slots[j] != NULL; j = (j + 1) & mask) {
		k = task_slot(tt->slots[j]->tid, tt->size);
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			tt->slots[i] = tt->slots[j];
			tt->slots[j] = NULL;
			i = j;
		}
	}
	tt->count--;
	if (--t->proc->ntasks == 0) {
		if (!t->proc->ended)
			T.nprocs--;
		env_unref(t->proc->env);
		free(t->proc);
	}
	if (t->pend != NULL) {
		buf_free(&t->pend->path);
		buf_free(&t->pend->argv);
		free(t->pend);
	}
	free(t);
}

/* ---- events --------------------------------------------------------------- */

static void
emit_simple(enum event_kind kind, const struct proc *p, uint32_t parent, int64_t t_us)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.t_us = t_us;
	ev.id = p->id;
	ev.pid = p->pid;
	ev.parent = parent;
	ev.nthreads = (int)p->nthreads;
	bus_emit(T.bus, &ev);
}

static struct proc *
proc_alloc(pid_t pid)
{
	struct proc *p = xcalloc(1, sizeof *p);

	p->id = ++T.next_id;
	p->pid = pid;
	p->nthreads = 1;
	T.nprocs++;
	return p;
}

static struct proc *
proc_new(pid_t pid, uint32_t parent, int64_t t_us)
{
	struct proc *p = proc_alloc(pid);

	T.warm_new += 16 - T.warm_new / 16;
	T.warm_exec -= T.warm_exec / 16;
	emit_simple(EV_SPAWN, p, parent, t_us);
	return p;
}

/*
 * A new process has just been restarted from its first stop.  The first
 * look at /proc/PID costs ~15 us (its dentries are made), and it used to
 * come at the exec stop, where the process waits for it: reading argv, exe
 * and cwd there took 30 us, 12 us once /proc/PID has been looked at.  So
 * look now, while it runs towards its exec.  Only while most new processes
 * go on to exec (shells, make): a fork that never execs (a fork tree, a
 * python pool) would pay for nothing.  And only while the machine has a
 * CPU to spare: when the work keeps every CPU busy (make -j, an xargs
 * storm) what counts is ptop's CPU time, and a process that does not exec
 * after all (half of a shell pipeline) would cost it for nothing.
 */
static void
warm_proc(const struct task *t)
{
	if (t->tid != t->proc->pid || T.warm_exec * 2 < T.warm_new || spin_machine_busy())
		return;
	(void)procfs_readlink(t->tid, "exe", &T.scratch);
	(void)procfs_readlink(t->tid, "cwd", &T.scratch);
}

static int64_t
tv_us(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000 + tv->tv_usec;
}

static void unknown_drop_owed(uint32_t maker);

/* The leader of p is gone: the process ended with this wait status. */
static void
proc_exit(struct proc *p, int status, const struct rusage *ru, int64_t t_us)
{
	struct event ev;

	if (p->ended)
		return;
	p->ended = 1;
	T.nprocs--;
	if (p->root)
		T.nroots--;
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT;
	ev.t_us = t_us;
	ev.id = p->id;
	ev.pid = p->pid;
	if (WIFSIGNALED(status)) {
		ev.signal = WTERMSIG(status);
		ev.core = WCOREDUMP(status) != 0;
	} else
		ev.code = WEXITSTATUS(status);
	ev.utime_us = tv_us(&ru->ru_utime);
	ev.stime_us = tv_us(&ru->ru_stime);
	ev.maxrss_kb = ru->ru_maxrss;
	ev.nthreads = (int)p->nthreads;
	if (p->id == 1)
		T.root_status = ev.signal != 0 ? 128 + ev.signal : ev.code;
	bus_emit(T.bus, &ev);
	unknown_drop_owed(p->id);
}

static void
emit_threads(const struct proc *p)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_THREADS;
	ev.t_us = tracer_now();
	ev.id = p->id;
	ev.pid = p->pid;
	ev.nthreads = (int)p->ntasks;
	bus_emit(T.bus, &ev);
}

/* ---- restarts --------------------------------------------------------------- */

/* ESRCH: the tracee died meanwhile (SIGKILL); its exit arrives by waitpid. */
static void
restart(int request, pid_t tid, int sig)
{
	if (ptrace(request, tid, 0, (void *)(long)sig) == -1 && errno != ESRCH)
		log_debug("ptrace(%d, %d, sig %d): %s", request, (int)tid, sig, strerror(errno));
}

static int
is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Restart a task from a PTRACE_EVENT_STOP: group stops stay stopped. */
static void
restart_event_stop(struct task *t, int sig)
{
	if (is_stop_signal(sig)) {
		t->flags |= TASK_GSTOPPED;
		restart(PTRACE_LISTEN, t->tid, 0);
	} else
		restart(PTRACE_CONT, t->tid, 0);
}

/* ---- unknown tids ------------------------------------------------------------ */

static struct unknown *
unknown_add(pid_t tid)
{
	struct unknown *u;

	if (T.nunknown == T.allocunknown) {
		T.allocunknown = T.allocunknown ? T.allocunknown * 2 : 16;
		T.unknown = xreallocarray(T.unknown, T.allocunknown, sizeof *T.unknown);
	}
	u = &T.unknown[T.nunknown++];
	memset(u, 0, sizeof *u);
	u->tid = tid;
	return u;
}

/* Index of tid's entry in the unknown table, or -1. */
static ssize_t
unknown_find(pid_t tid)
{
	size_t i;

	for (i = 0; i < T.nunknown; i++)
		if (T.unknown[i].tid == tid)
			return (ssize_t)i;
	return -1;
}

/* Take tid's entry out of the unknown table into *out; 0 if absent. */
static int
unknown_take(pid_t tid, struct unknown *out)
{
	ssize_t i;

	if ((i = unknown_find(tid)) == -1)
		return 0;
	*out = T.unknown[i];
	T.unknown[i] = T.unknown[--T.nunknown];
	return 1;
}

/* The process with this id ended: the events it owed will never come. */
static void
unknown_drop_owed(uint32_t maker)
{
	size_t i;

	for (i = 0; i < T.nunknown; ) {
		if (T.unknown[i].kind == UNKNOWN_OWED && T.unknown[i].maker == maker)
			T.unknown[i] = T.unknown[--T.nunknown];
		else
			i++;
	}
}

static void handle_exit(struct task *t, int status, const struct rusage *ru, int64_t t_us);
static void pending_emit(struct task *t);
static void detach_task(struct task *t, int sig);

/*
 * A new task we now know the maker of.  If it already stopped or exited
 * before we knew, finish that story now.  early: known from /proc before
 * the maker's fork/clone event, which is still to come.
 */
static void
task_born(pid_t tid, struct proc *maker, int is_thread, int early, int64_t t_us)
{
	struct unknown u;
	struct task *t;
	struct proc *p;
	ssize_t i;

	if ((t = task_find(tid)) != NULL) {
		/* Already known when /proc resolved it before its fork event came. */
		t->flags &= ~TASK_EARLY;
	} else if (!early && (i = unknown_find(tid)) != -1 && T.unknown[i].kind == UNKNOWN_OWED) {
		/* Resolved from /proc and already gone: the event is all that was due. */
		T.unknown[i] = T.unknown[--T.nunknown];
		log_debug("tracer: %d: late event for a task already gone", (int)tid);
		return;
	} else {
		if (is_thread) {
			p = maker;
			p->nthreads++;
		} else {
			p = proc_new(tid, maker != NULL ? maker->id : 0, t_us);
			p->env = env_ref(maker != NULL ? maker->env : NULL);	/* inherited */
		}
		t = task_add(tid, p, TASK_STARTING);
		if (early) {
			t->flags |= TASK_EARLY;
			t->maker = maker != NULL ? maker->id : 0;
		}
		if (is_thread)
			emit_threads(p);
	}
	if (!unknown_take(tid, &u))
		return;
	if (u.kind == UNKNOWN_EXIT) {
		handle_exit(t, u.status, &u.ru, u.t_us);
	} else if (T.detaching) {
		detach_task(t, 0);
	} else {
		t->flags &= ~TASK_STARTING;
		restart_event_stop(t, WSTOPSIG(u.status));
		warm_proc(t);
	}
}

/*
 * First stops still parked after a drain: their maker's fork event has not
 * come yet.  /proc knows: Tgid says whether it is a thread, PPid who forked
 * it.  Resolve them now rather than leave them stopped.
 */
static void
unknown_resolve_stops(void)
{
	struct unknown u;
	struct task *maker;
	long tgid, ppid;
	size_t i;

	for (i = 0; i < T.nunknown; ) {
		if (T.unknown[i].kind != UNKNOWN_STOP) {
			i++;
			continue;
		}
		u = T.unknown[i];
		tgid = procfs_status_long(u.tid, "Tgid", &T.scratch);
		ppid = procfs_status_long(u.tid, "PPid", &T.scratch);
		if (tgid == -1) {
			/* It died; its exit report will arrive and wait here instead. */
			T.unknown[i] = T.unknown[--T.nunknown];
			continue;
		}
		if (tgid != u.tid)
			maker = task_find((pid_t)tgid);
		else
			maker = task_find((pid_t)ppid);
		log_debug("tracer: %d resolved from /proc: tgid %ld ppid %ld", (int)u.tid, tgid, ppid);
		/* task_born takes the entry out and resumes it. */
		task_born(u.tid, maker != NULL ? maker->proc : NULL,
		    tgid != u.tid && maker != NULL, 1, tracer_now());
		i = 0;
	}
}

/* Tracing is over: exits whose maker never said so become roots. */
static void
unknown_finish(void)
{
	struct unknown u;

	while (T.nunknown > 0) {
		u = T.unknown[0];
		if (u.kind != UNKNOWN_EXIT) {
			T.unknown[0] = T.unknown[--T.nunknown];
			continue;
		}
		log_debug("tracer: %d exited with no known parent", (int)u.tid);
		task_born(u.tid, NULL, 0, 0, u.t_us);
	}
}

/* ---- wait status handling --------------------------------------------------- */

static void
handle_exit(struct task *t, int status, const struct rusage *ru, int64_t t_us)
{
	struct proc *p = t->proc;
	int last = p->ntasks == 1;	/* task_remove then frees p */
	struct unknown *u;

	if (t->flags & TASK_PENDING)
		pending_emit(t);
	if (t->flags & TASK_EARLY) {
		u = unknown_add(t->tid);
		u->kind = UNKNOWN_OWED;
		u->maker = t->maker;
	}
	if (t->tid == p->pid)
		proc_exit(p, status, ru, t_us);
	task_remove(t);
	if (!last && !p->ended)
		emit_threads(p);
}

static void
handle_fork(struct task *t, int event)
{
	unsigned long msg = 0;
	pid_t newtid;
	int is_thread = 0;

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == -1) {
		restart(PTRACE_CONT, t->tid, 0);
		return;
	}
	newtid = (pid_t)msg;
	/*
	 * Only a CLONE event can be a thread.  tgkill with signal 0 succeeds
	 * exactly when newtid is in our thread group: one syscall, no /proc.
	 */
	if (event == PTRACE_EVENT_CLONE)
		is_thread = syscall(SYS_tgkill, t->proc->pid, newtid, 0) == 0;
	restart(PTRACE_CONT, t->tid, 0);
	task_born(newtid, t->proc, is_thread, 0, tracer_now());
}

/* exe and cwd of pid into T.exe and T.cwd; empty when it is gone. */
static void
read_exe_cwd(pid_t pid)
{
	if (procfs_readlink(pid, "exe", &T.exe) == -1)
		buf_clear(&T.exe);
	if (procfs_readlink(pid, "cwd", &T.cwd) == -1)
		buf_clear(&T.cwd);
}

/* Point ev's argv, exe, cwd (and fds) at what was read into T. */
static void
event_image(struct event *ev, int fds)
{
	int i;

	ev->argv.data = T.argv.p;
	ev->argv.len = T.argv.len;
	ev->exe = T.exe.len != 0 ? T.exe.p : NULL;
	ev->cwd = T.cwd.len != 0 ? T.cwd.p : NULL;
	for (i = 0; i < 3 && fds; i++)
		ev->fd[i] = T.fds[i].len != 0 ? T.fds[i].p : NULL;
	ev->has_fds = fds;
}

static void
handle_exec(struct task *t)
{
	unsigned long former = 0;
	struct task *old;
	struct event ev;
	pid_t pid = t->tid;
	int64_t now = tracer_now();
	int first;

	/*
	 * A non-leader thread that execs takes over the leader's pid and its
	 * old tid vanishes silently.  Only possible with more than one task.
	 */
	if (t->proc->ntasks > 1 && ptrace(PTRACE_GETEVENTMSG, pid, 0, &former) == 0 &&
	    (pid_t)former != pid && (old = task_find((pid_t)former)) != NULL && old != t)
		task_remove(old);

	/*
	 * Race-free while it is stopped: the new image, before it can chdir
	 * or close its stdout.  The restart clears the syscall-exit stop an
	 * exec attempt asked for (PTRACE_CONT, not PTRACE_SYSCALL).
	 */
	t->flags &= ~(TASK_TRYING | TASK_FAILED | TASK_PENDING | TASK_NOPREDICT);
	t->view.gen = 0;	/* an exec can change its credentials */
	first = !t->proc->execd;
	t->proc->execd = 1;
	tracee_exec_image(pid, &T.argv, (T.record & TRACER_ENV) ? &T.env : NULL);
	read_exe_cwd(pid);
	tracee_stdio(pid, T.fds);
	restart(PTRACE_CONT, pid, 0);

	if (first)
		T.warm_exec += 16;	/* see warm_proc */

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC;
	ev.t_us = now;
	ev.id = t->proc->id;
	ev.pid = t->proc->pid;
	event_image(&ev, 1);
	env_update(t->proc, &ev);
	bus_emit(T.bus, &ev);
}

/* A failed attempt of t, begun at t_us, to the bus. */
static void
try_emit(struct task *t, int64_t t_us, const struct buf *path, const struct buf *argv, int err,
    int cut)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXECFAIL;
	ev.t_us = t_us;
	ev.id = t->proc->id;
	ev.pid = t->proc->pid;
	ev.path = path->len != 0 ? path->p : NULL;
	ev.argv.data = argv->p != NULL ? argv->p : "";
	ev.argv.len = argv->len;
	ev.err = err;
	ev.cut = cut;
	bus_emit(T.bus, &ev);
}

/*
 * t stopped again without an exec event since its predicted attempt: that
 * attempt failed (a success stops at the exec event first).
 */
static void
pending_emit(struct task *t)
{
	struct pending *pe = t->pend;

	t->flags &= ~TASK_PENDING;
	try_emit(t, t->try.t_us, &pe->path, &pe->argv, pe->err, pe->cut);
}

/*
 * Predict t's attempt (predict.h): only after one of its attempts failed
 * at an exit stop since its exec (a PATH search: the first directory is
 * read at the exit stop, the others are predicted), so that an exec that
 * succeeds at once costs nothing more.  1 if predicted: the path and argv
 * are kept, read now (the next attempt may write over them).
 */
static int
try_predict(struct task *t)
{
	struct pending *pe;

	if ((t->flags & (TASK_FAILED | TASK_NOPREDICT)) != TASK_FAILED || !t->try.native ||
	    t->try.dirfd != AT_FDCWD)
		return 0;
	if ((pe = t->pend) == NULL) {
		pe = t->pend = xcalloc(1, sizeof *pe);
		pe->path = (struct buf)BUF_INIT;
		pe->argv = (struct buf)BUF_INIT;
	}
	tracee_try_path(t->tid, &t->try, &pe->path);
	if ((pe->err = predict_execve(t->tid, &t->view, pe->path.p, pe->path.len)) == 0)
		return 0;	/* the exit stop reads the rest, if it fails */
	tracee_try_argv(t->tid, &t->try, &pe->argv, &pe->cut);
	log_debug("tracer: %d: attempt predicted to fail (%s), no exit stop", (int)t->tid,
	    errno_name(pe->err));
	t->flags |= TASK_PENDING;
	return 1;
}

/*
 * A seccomp stop (the filter traps only those): an exec attempt, or a call
 * that changes how the process sees the files.  An attempt's arguments are
 * kept and it runs to its syscall-exit stop, where a failure is read, or
 * to its exec event if it succeeds; unless its failure is predicted.
 */
static void
handle_try(struct task *t)
{
	int r = tracee_try_start(t->tid, &t->try);

	if (r == 1) {
		t->try.t_us = tracer_now();
		if (try_predict(t)) {
			restart(PTRACE_CONT, t->tid, 0);
			return;
		}
		t->flags |= TASK_TRYING;
		restart(PTRACE_SYSCALL, t->tid, 0);
	} else if (r == 2) {
		/* Before and after it: a check made meanwhile may be stale. */
		predict_forget();
		t->flags |= TASK_VIEWCALL | TASK_NOPREDICT;
		restart(PTRACE_SYSCALL, t->tid, 0);
	} else
		restart(PTRACE_CONT, t->tid, 0);
}

/* The attempt's syscall-exit stop: it failed if no exec event came between. */
static void
handle_try_end(struct task *t)
{
	int err = 0, cut = 0;

	t->flags &= ~TASK_TRYING;
	if (tracee_try_failed(t->tid, &err) != 1) {
		restart(PTRACE_CONT, t->tid, 0);
		return;
	}
	/* Its memory holds the attempt as it was until the restart. */
	tracee_try_path(t->tid, &t->try, &T.path);
	tracee_try_argv(t->tid, &t->try, &T.argv, &cut);
	restart(PTRACE_CONT, t->tid, 0);
	t->flags |= TASK_FAILED;
	try_emit(t, t->try.t_us, &T.path, &T.argv, err, cut);
}

static void
handle_stop(struct task *t, pid_t tid, int status)
{
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;
	struct unknown *u;
	struct unknown stale;

	if (t == NULL) {
		if (event == PTRACE_EVENT_STOP) {
			/* A stale entry for this tid belongs to a task now gone. */
			unknown_take(tid, &stale);
			u = unknown_add(tid);
			u->status = status;
			u->t_us = tracer_now();
		} else
			restart(PTRACE_CONT, tid, event == 0 ? sig : 0);
		return;
	}
	t->flags &= ~TASK_GSTOPPED;
	if ((t->flags & TASK_PENDING) && event != PTRACE_EVENT_EXEC)
		pending_emit(t);
	switch (event) {
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		handle_fork(t, event);
		break;
	case PTRACE_EVENT_EXEC:
		handle_exec(t);
		break;
	case PTRACE_EVENT_SECCOMP:
		handle_try(t);
		break;
	case PTRACE_EVENT_STOP:
		restart_event_stop(t, sig);
		if (t->flags & TASK_STARTING)
			warm_proc(t);
		t->flags &= ~TASK_STARTING;
		break;
	case 0:
		if (sig == (SIGTRAP | 0x80) && (t->flags & TASK_TRYING)) {
			handle_try_end(t);
			break;
		}
		if (sig == (SIGTRAP | 0x80) && (t->flags & TASK_VIEWCALL)) {
			t->flags &= ~TASK_VIEWCALL;
			predict_forget();
			restart(PTRACE_CONT, tid, 0);
			break;
		}
		/* Signal-delivery stop: deliver it.  Swallowing it hangs shells. */
		restart(PTRACE_CONT, tid, sig == (SIGTRAP | 0x80) ? 0 : sig);
		break;
	default:
		restart(PTRACE_CONT, tid, 0);
		break;
	}
}

static void
handle_status(pid_t tid, int status, const struct rusage *ru)
{
	struct task *t = task_find(tid);
	struct unknown *u;
	struct unknown parked;

	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		if (t != NULL) {
			handle_exit(t, status, ru, tracer_now());
			return;
		}
		/* Died before its maker's fork event: wait for that event. */
		unknown_take(tid, &parked);
		u = unknown_add(tid);
		u->kind = UNKNOWN_EXIT;
		u->status = status;
		u->ru = *ru;
		u->t_us = tracer_now();
	} else if (WIFSTOPPED(status)) {
		handle_stop(t, tid, status);
	}
}

int
tracer_reap(void)
{
	struct rusage ru;
	int status, n = 0;
	int64_t before;
	pid_t tid;

	for (;;) {
		before = tracer_now();
		tid = wait4(-1, &status, __WALL | WNOHANG, &ru);
		if (tid == 0) {
			/* The kernel looked at every tracee to find none: keep the cost. */
			T.scan_us = (3 * T.scan_us + (tracer_now() - before)) / 4;
			break;
		}
		if (tid == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				T.done = 1;
			else
				log_warn("waitpid");
			break;
		}
		handle_status(tid, status, &ru);
		n++;
	}
	if (T.nunknown > 0)
		unknown_resolve_stops();
	if (T.done)
		unknown_finish();
	return n;
}

int64_t
tracer_scan_us(void)
{
	return T.scan_us;
}

int
tracer_done(void)
{
	return T.done;
}

unsigned
tracer_nroots(void)
{
	return T.nroots;
}

unsigned
tracer_nprocs(void)
{
	return T.nprocs;
}

int
tracer_root_status(void)
{
	return T.root_status;
}

void
tracer_signal_root(int sig)
{
	if (T.root_pid > 0 && T.root_status == -1)
		kill(T.root_pid, sig);
}

unsigned
tracer_nrunning_in_pgrp(pid_t pgrp)
{
	struct task *t;
	unsigned n = 0;
	size_t i;

	for (i = 0; i < T.tasks.size; i++)
		if ((t = T.tasks.slots[i]) != NULL && !(t->flags & TASK_GSTOPPED) &&
		    getpgid(t->tid) == pgrp)
			n++;
	return n;
}

int
tracer_signal(pid_t pid, int sig)
{
	struct task *t = pid > 0 ? task_find(pid) : NULL;

	/* A traced zombie is not reaped until we wait for it: the pid is still its. */
	if (t == NULL || t->proc->pid != pid || t->proc->ended) {
		errno = ESRCH;
		return -1;
	}
	return kill(pid, sig);
}

void
tracer_kill_all(void)
{
	size_t i;

	for (i = 0; i < T.tasks.size; i++)
		if (T.tasks.slots[i] != NULL)
			kill(T.tasks.slots[i]->tid, SIGKILL);
	for (i = 0; i < T.nunknown; i++)
		if (T.unknown[i].kind == UNKNOWN_STOP)
			kill(T.unknown[i].tid, SIGKILL);
}

/* ---- launch ------------------------------------------------------------------ */

static void __attribute__((noreturn))
launch_child(char *const argv[], const struct launch_opts *opts, int go, int err, int trap)
{
	char c = 0;
	int e;

	sigprocmask(SIG_SETMASK, opts->mask, NULL);
	if (opts->child_setup != NULL)
		opts->child_setup(opts->child_setup_arg);
	/* Wait until the parent has seized us (or gave up: EOF). */
	while (read(go, &c, 1) == -1 && errno == EINTR)
		;
	if (c != 'g')
		_exit(127);
	/* Traced from now on: exec attempts may stop.  Say so if they cannot. */
	if (trap && tracee_trap_execs() == -1) {
		e = LAUNCH_NO_TRAP;
		while (write(err, &e, sizeof e) == -1 && errno == EINTR)
			;
	}
	execvp(argv[0], argv);
	e = errno;
	while (write(err, &e, sizeof e) == -1 && errno == EINTR)
		;
	_exit(e == ENOENT ? 127 : 126);
}

static void
launch_reap_failed(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, __WALL) == -1 && errno == EINTR)
		;
}

static int
launch_seize_error(int e, const char *cmd)
{
	long tracer;

	if (e == EPERM) {
		tracer = procfs_status_long(getpid(), "TracerPid", &T.scratch);
		if (tracer > 0)
			log_warnx("cannot trace '%s': ptop itself runs under a tracer (pid %ld); "
			    "tracers cannot be nested: run ptop outside it", cmd, tracer);
		else
			log_warnx("cannot trace '%s': ptrace is not permitted here (a seccomp "
			    "policy or container forbids it; allow ptrace, e.g. docker run "
			    "--cap-add=SYS_PTRACE)", cmd);
	} else
		log_warnx("cannot trace '%s': ptrace: %s", cmd, strerror(e));
	return 1;
}

/*
 * Until the launched command has exec'd (or failed to), its stops are
 * handled here: the loop does not run yet, and with the exec attempt
 * filter its first execvp already stops.  Returns once it exec'd or ended.
 */
static void
launch_wait_exec(pid_t pid)
{
	struct rusage ru;
	struct task *t;
	int status;
	pid_t r;

	/* Its proc is freed with its last task: look it up each time. */
	while ((t = task_find(pid)) != NULL && !t->proc->execd && !t->proc->ended) {
		r = wait4(pid, &status, __WALL, &ru);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			break;
		handle_status(r, status, &ru);
	}
}

int
tracer_launch(char *const argv[], const struct launch_opts *opts)
{
	int go[2], err[2], e, status, failed = 0;
	int trap = (T.record & TRACER_EXECFAIL) && tracee_can_trap_execs();
	long options = TRACE_OPTIONS | PTRACE_O_EXITKILL;
	ssize_t n;
	pid_t pid;
	int64_t t_us;
	struct proc *p;

	if (pipe2(go, O_CLOEXEC) == -1 || pipe2(err, O_CLOEXEC) == -1)
		fatal("pipe");
	t_us = tracer_now();
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid == 0) {
		close(go[1]);
		close(err[0]);
		launch_child(argv, opts, go[0], err[1], trap);
	}
	close(go[0]);
	close(err[1]);
	if (opts->parent_setup != NULL)
		opts->parent_setup(pid, opts->child_setup_arg);
	if (trap)
		options |= PTRACE_O_TRACESECCOMP;
	if (ptrace(PTRACE_SEIZE, pid, 0, (void *)options) == -1) {
		e = errno;
		close(go[1]);	/* EOF: the child exits without exec */
		close(err[0]);
		kill(pid, SIGKILL);
		launch_reap_failed(pid);
		return launch_seize_error(e, argv[0]);
	}
	/* Known before it may exec: its attempts, its exec are its own. */
	T.root_pid = pid;
	p = proc_new(pid, 0, t_us);
	p->root = 1;
	T.nroots++;
	task_add(pid, p, 0);
	T.trapping = trap;
	if (T.trapping)
		predict_init();
	if (write(go[1], "g", 1) != 1)
		fatal("pipe write");
	close(go[1]);
	launch_wait_exec(pid);
	/* The child wrote LAUNCH_NO_TRAP if the filter failed, then errno if the exec did. */
	for (;;) {
		n = read(err[0], &e, sizeof e);
		if (n == -1 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof e)
			break;
		if (e == LAUNCH_NO_TRAP) {
			log_debug("tracer: no seccomp filter: failed exec attempts are not recorded");
			T.trapping = 0;
		} else
			failed = e;
	}
	close(err[0]);
	if (failed != 0) {
		/* Its _exit was reaped above (its task is gone), or is about to be. */
		if (task_find(pid) != NULL)
			while (waitpid(pid, &status, __WALL) == -1 && errno == EINTR)
				;
		log_warnx("cannot run '%s': %s", argv[0], strerror(failed));
		return failed == ENOENT ? 127 : 126;
	}
	return 0;
}

int
tracer_traps_execs(void)
{
	return T.trapping;
}

/* ---- attach ------------------------------------------------------------------ */

int
tracer_is_traced(pid_t tid)
{
	return task_find(tid) != NULL;
}

uint32_t
tracer_proc_id(pid_t pid)
{
	struct task *t = task_find(pid);

	return t != NULL ? t->proc->id : 0;
}

/* Seize the threads of pid not seized yet; returns how many were new. */
static int
seize_threads(pid_t pid, struct proc **pp, int *err)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	pid_t tid;
	int n = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((dir = opendir(path)) == NULL) {
		*err = errno == ENOENT ? ESRCH : errno;
		return 0;
	}
	while ((d = readdir(dir)) != NULL) {
		if ((tid = (pid_t)atoi(d->d_name)) <= 0 || task_find(tid) != NULL)
			continue;
		/* No EXITKILL: if ptop dies, what it attached to must live on. */
		if (ptrace(PTRACE_SEIZE, tid, 0, (void *)(long)TRACE_OPTIONS) == -1) {
			if (errno != ESRCH && *pp == NULL)
				*err = errno;
			continue;
		}
		if (*pp == NULL)
			*pp = proc_alloc(pid);
		else
			(*pp)->nthreads++;
		task_add(tid, *pp, 0);
		n++;
	}
	closedir(dir);
	return n;
}

uint32_t
tracer_seize(pid_t pid, uint32_t parent, int root, int *err)
{
	struct proc *p = NULL;
	struct event ev;

	*err = 0;
	/* Threads started by threads not seized yet: list again until none is new. */
	while (seize_threads(pid, &p, err) > 0)
		;
	if (p == NULL) {
		if (*err == 0)
			*err = ESRCH;
		return 0;
	}
	p->root = root;
	T.nroots += root != 0;
	if (procfs_read(pid, "cmdline", &T.argv) == -1)
		buf_clear(&T.argv);
	read_exe_cwd(pid);
	if ((T.record & TRACER_ENV) && procfs_read(pid, "environ", &T.env) == -1)
		buf_clear(&T.env);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_ATTACH;
	ev.t_us = tracer_now();
	ev.id = p->id;
	ev.pid = pid;
	ev.parent = parent;
	event_image(&ev, 0);
	/* What /proc says now: the process may have changed it since its exec. */
	env_update(p, &ev);
	ev.started = procfs_start_time(pid, &T.scratch);
	bus_emit(T.bus, &ev);
	if (p->ntasks > 1)
		emit_threads(p);
	return p->id;
}

/* ---- detach ------------------------------------------------------------------ */

static void
detach_task(struct task *t, int sig)
{
	struct proc *p = t->proc;

	if (ptrace(PTRACE_DETACH, t->tid, 0, (void *)(long)sig) == -1 && errno != ESRCH)
		log_debug("detach %d: %s", (int)t->tid, strerror(errno));
	t->flags |= TASK_DETACHED;
	if (t->tid == p->pid && !p->ended) {
		p->ended = 1;
		T.nprocs--;
		if (p->root)
			T.nroots--;
		emit_simple(EV_DETACH, p, 0, tracer_now());
	}
	task_remove(t);
}

/* One wait status while detaching: every stop ends in a detach. */
static void
detach_status(pid_t tid, int status, const struct rusage *ru)
{
	struct task *t = task_find(tid);
	int event = (unsigned)status >> 16;
	int sig = WSTOPSIG(status);
	unsigned long msg;

	if (!WIFSTOPPED(status) || t == NULL) {
		handle_status(tid, status, ru);
		return;
	}
	switch (event) {
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		/* A child born now is traced too; it will stop and be let go. */
		if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg) == 0)
			task_born((pid_t)msg, t->proc, event == PTRACE_EVENT_CLONE &&
			    syscall(SYS_tgkill, t->proc->pid, (pid_t)msg, 0) == 0, 0, tracer_now());
		detach_task(t, 0);
		break;
	case PTRACE_EVENT_EXEC:
		detach_task(t, 0);
		break;
	case PTRACE_EVENT_STOP:
		detach_task(t, 0);	/* a group stop is kept by the kernel */
		break;
	case 0:
		detach_task(t, sig == (SIGTRAP | 0x80) ? 0 : sig);
		break;
	default:
		detach_task(t, 0);
		break;
	}
}

void
tracer_detach_all(void)
{
	struct timespec deadline, now, left;
	struct rusage ru;
	sigset_t chld;
	size_t i;
	int status;
	pid_t tid;

	T.detaching = 1;
	tracer_reap();
	for (i = 0; i < T.tasks.size; i++)
		if (T.tasks.slots[i] != NULL)
			restart(PTRACE_INTERRUPT, T.tasks.slots[i]->tid, 0);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += 5;
	while (T.tasks.count > 0) {
		tid = wait4(-1, &status, __WALL | WNOHANG, &ru);
		if (tid > 0) {
			detach_status(tid, status, &ru);
			continue;
		}
		if (tid == -1 && errno == ECHILD)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = deadline.tv_sec - now.tv_sec;
		left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_nsec += 1000000000;
			left.tv_sec--;
		}
		if (left.tv_sec < 0) {
			log_warnx("%zu task(s) did not stop to be detached (a vfork parent "
			    "waiting on its child?); they are released when ptop exits",
			    T.tasks.count);
			break;
		}
		/* SIGCHLD is blocked (read through signalfd): wait for it here. */
		sigtimedwait(&chld, NULL, &left);
	}
}
