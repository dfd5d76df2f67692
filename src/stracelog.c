/*
 * stracelog.c: turn the lines of an strace log into the events of event.h.
 *
 * Each line is lexed (stracelog_lex.c) into a pid, a time and one of: a
 * call "name(args) = result", a call cut by "<unfinished ...>", the
 * "<... name resumed>) = result" that ends it, "+++ exited with N +++",
 * "+++ killed by SIG +++", "+++ superseded by execve in pid N +++", or
 * something that changes nothing (signals, other calls).  It is applied to:
 * - tasks: live tid -> struct task: its process and the call it has in
 *   progress (an unfinished execve keeps its decoded arguments);
 * - procs: one per live process: its event id (0 while not announced yet),
 *   thread counts, the code of an exit_group seen before its "+++" line;
 * - held: lines of pids that no one has made yet while some clone is in
 *   progress.  strace often prints a child's first lines before its
 *   parent's "<... clone resumed>) = PID"; they are applied, in their
 *   order, once a clone returns that pid.  When no clone is in progress an
 *   unknown pid is a root: its parent is not in the log.
 * Everything is freed when its process ends, so memory follows the number
 * of processes alive at once, not the size of the log.
 *
 * A root whose first line is a successful execve is a spawn (the command
 * strace launched); any other root existed before the log began and is an
 * attach with an unknown argv.  The header (begin) goes out with the first
 * process: launch and its argv, or attach and its pid.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fmt.h"
#include "log.h"
#include "stracelog.h"
#include "stracelog_lex.h"
#include "xmalloc.h"

#define DAY_US		(86400LL * 1000000)
#define T_MAX_US	(1000000000LL * 1000000)	/* the trace format's limit */
#define HOLD_MAX	(64u << 20)	/* bytes of held lines before giving up on them */

/* ---- a map from pid to pointer ------------------------------------------------------- */

/* Open addressing, linear probing, deletion by backward shift; keys > 0. */
struct pmap {
	pid_t *keys;
	void **vals;
	size_t cap;	/* a power of two, or 0 */
	size_t n;
};

static size_t
pmap_slot(const struct pmap *m, pid_t key)
{
	uint32_t h = (uint32_t)key * 2654435761u;

	return (h ^ (h >> 15)) & (m->cap - 1);
}

static void *
pmap_get(const struct pmap *m, pid_t key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = pmap_slot(m, key); m->keys[i] != 0; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->vals[i];
	return NULL;
}

static void pmap_put(struct pmap *m, pid_t key, void *val);

static void
pmap_grow(struct pmap *m)
{
	struct pmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.keys[i] != 0)
			pmap_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

/* Insert, or replace the value of key. */
static void
pmap_put(struct pmap *m, pid_t key, void *val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		pmap_grow(m);
	for (i = pmap_slot(m, key); m->keys[i] != 0; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return;
		}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

static void
pmap_del(struct pmap *m, pid_t key)
{
	size_t mask = m->cap - 1, i, j, k;

	if (m->cap == 0)
		return;
	for (i = pmap_slot(m, key); m->keys[i] != key; i = (i + 1) & mask)
		if (m->keys[i] == 0)
			return;
	/* Pull back each later entry of the run that may sit in the hole. */
	for (j = i;;) {
		j = (j + 1) & mask;
		if (m->keys[j] == 0)
			break;
		k = pmap_slot(m, m->keys[j]);
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;	/* its home is between the hole and it */
		m->keys[i] = m->keys[j];
		m->vals[i] = m->vals[j];
		i = j;
	}
	m->keys[i] = 0;
	m->n--;
}

static void
pmap_free(struct pmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- state ----------------------------------------------------------------------------- */

struct proc {
	uint32_t id;		/* 0 until announced (spawn or attach) */
	pid_t pid;		/* the thread-group leader's */
	int nthreads;		/* threads it ever had */
	int64_t first_t;	/* its first line */
	int exiting;		/* called exit_group (or exit, alone) */
	int exit_code;
	int64_t exit_t;
	struct task *tasks;	/* its live tasks */
	struct proc *prev, *next;	/* live processes, oldest first */
};

enum call { CALL_NONE, CALL_EXEC, CALL_CLONE };

struct task {
	pid_t tid;
	struct proc *proc;
	struct task *next;	/* in proc->tasks */
	enum call call;		/* in progress, cut by <unfinished ...> */
	int64_t call_t;
	int clone_thread;	/* CALL_CLONE: with CLONE_THREAD */
	struct stracelog_exec *exec;	/* CALL_EXEC: its arguments */
};

/* A line waiting for its pid to be made. */
struct held {
	pid_t pid;
	int64_t t;
	const char *name;
	unsigned long lineno;
	size_t len;
	char line[];
};

struct stracelog {
	const struct bus *bus;
	double clock_hint;
	const char *name;	/* of the line being applied, for messages */
	unsigned long lineno;
	int failed, over, began;

	int ts_kind;		/* SL_TTT or SL_TT, from the first line */
	int pid_column;		/* -f log: lines start with a pid */
	int64_t t0;		/* first line's time, as written */
	int64_t prev_ts;	/* -tt: the last line's, days added */
	int64_t day;		/* -tt: days since the first line */
	int64_t last_t;		/* the latest line's */

	struct pmap tasks;
	struct proc *live, *live_tail;
	uint32_t next_id;
	int nclones;		/* clones in progress */
	int detached;		/* strace let go (a <detached ...> line) */

	struct held **held;
	size_t nheld, allocheld, held_bytes;
	struct pmap held_pids;	/* pid -> lines held, as a number */
	struct pmap skip;	/* pid -> pass that must keep its lines held */
	uintptr_t pass;
	int changed;		/* a pid was made or the last clone returned */
	int flushing;
};

static int
sl_error(struct stracelog *sl, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_warnx("%s:%lu: %s", sl->name, sl->lineno, msg);
	sl->failed = 1;
	return -1;
}

struct stracelog *
stracelog_new(const struct bus *bus, double clock_hint)
{
	struct stracelog *sl = xcalloc(1, sizeof *sl);

	sl->bus = bus;
	sl->clock_hint = clock_hint;
	sl->name = "";
	return sl;
}

static void
task_free(struct task *t)
{
	if (t->exec != NULL)
		stracelog_lex_exec_free(t->exec);
	free(t);
}

void
stracelog_free(struct stracelog *sl)
{
	struct proc *p, *pnext;
	struct task *t, *tnext;
	size_t i;

	if (sl == NULL)
		return;
	for (p = sl->live; p != NULL; p = pnext) {
		pnext = p->next;
		for (t = p->tasks; t != NULL; t = tnext) {
			tnext = t->next;
			task_free(t);
		}
		free(p);
	}
	for (i = 0; i < sl->nheld; i++)
		free(sl->held[i]);
	free(sl->held);
	pmap_free(&sl->tasks);
	pmap_free(&sl->held_pids);
	pmap_free(&sl->skip);
	free(sl);
}

/* ---- events ---------------------------------------------------------------------------- */

/* The Unix time of the first line: -tt gives only its time of day. */
static double
sl_start_time(const struct stracelog *sl)
{
	struct tm tm;
	time_t hint, midnight;
	double start;

	if (sl->ts_kind == SL_TTT)
		return (double)sl->t0 / 1e6;
	if (sl->clock_hint <= 0)
		return 0;
	/* The latest moment at that time of day not after the hint. */
	hint = (time_t)sl->clock_hint;
	if (localtime_r(&hint, &tm) == NULL)
		return 0;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if ((midnight = mktime(&tm)) == (time_t)-1)
		return 0;
	start = (double)midnight + (double)sl->t0 / 1e6;
	if (start > sl->clock_hint)
		start -= 86400;
	return start > 0 ? start : 0;
}

static void
sl_begin(struct stracelog *sl, enum trace_mode mode, const struct argv_buf *argv)
{
	struct trace_info info;

	memset(&info, 0, sizeof info);
	info.mode = mode;
	info.argv = *argv;
	info.start = sl_start_time(sl);
	info.no_env = 1;
	info.from_strace = 1;
	bus_begin(sl->bus, &info);
	sl->began = 1;
}

static void
sl_emit(struct stracelog *sl, struct event *ev)
{
	bus_emit(sl->bus, ev);
}

static void
sl_event_init(struct event *ev, enum event_kind kind, const struct proc *p, int64_t t)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	ev->t_us = t;
	ev->id = p->id;
	ev->pid = p->pid;
}

/* Give an unannounced root its id: an attach, its argv unknown. */
static void
proc_announce(struct stracelog *sl, struct proc *p)
{
	struct argv_buf argv = { "", 0 };
	struct event ev;
	char pidstr[16];
	int n;

	if (p->id != 0)
		return;
	p->id = ++sl->next_id;
	if (!sl->began) {
		n = snprintf(pidstr, sizeof pidstr, "%d", (int)p->pid);
		argv.data = pidstr;
		argv.len = (size_t)n + 1;
		sl_begin(sl, TRACE_ATTACH, &argv);
	}
	sl_event_init(&ev, EV_ATTACH, p, p->first_t);
	ev.argv.data = "";
	sl_emit(sl, &ev);
}

/* A root announced by its first exec: a spawn with no parent. */
static void
proc_announce_spawn(struct stracelog *sl, struct proc *p, int64_t t,
    const struct stracelog_exec *x)
{
	struct argv_buf argv = { x->argv.p != NULL ? x->argv.p : "", x->argv.len };
	struct event ev;

	p->id = ++sl->next_id;
	if (!sl->began)
		sl_begin(sl, TRACE_LAUNCH, &argv);
	sl_event_init(&ev, EV_SPAWN, p, t);
	sl_emit(sl, &ev);
}

static void
sl_emit_exec(struct stracelog *sl, struct proc *p, enum event_kind kind, int64_t t,
    const struct stracelog_exec *x, int err)
{
	struct event ev;

	sl_event_init(&ev, kind, p, t);
	ev.argv.data = x->argv.p != NULL ? x->argv.p : "";
	ev.argv.len = x->argv.len;
	if (kind == EV_EXEC)
		ev.exe = x->exe;
	else {
		ev.path = x->exe;
		ev.err = err;
	}
	ev.cut = x->truncated;
	sl_emit(sl, &ev);
}

/* ---- tasks and processes --------------------------------------------------------------- */

static struct proc *
proc_new(struct stracelog *sl, pid_t pid, int64_t t)
{
	struct proc *p = xcalloc(1, sizeof *p);

	p->pid = pid;
	p->first_t = t;
	p->nthreads = 1;
	p->prev = sl->live_tail;
	if (sl->live_tail != NULL)
		sl->live_tail->next = p;
	else
		sl->live = p;
	sl->live_tail = p;
	return p;
}

static struct task *
task_new(struct stracelog *sl, struct proc *p, pid_t tid)
{
	struct task *t = xcalloc(1, sizeof *t);

	t->tid = tid;
	t->proc = p;
	t->next = p->tasks;
	p->tasks = t;
	pmap_put(&sl->tasks, tid, t);
	sl->changed = 1;
	return t;
}

static void
task_end_call(struct stracelog *sl, struct task *t)
{
	if (t->call == CALL_CLONE && --sl->nclones == 0)
		sl->changed = 1;	/* unknown pids held for it are roots now */
	t->call = CALL_NONE;
	if (t->exec != NULL) {
		stracelog_lex_exec_free(t->exec);
		t->exec = NULL;
	}
}

/* A task leaves the tables (its process stays). */
static void
task_remove(struct stracelog *sl, struct task *t)
{
	struct task **pp;

	for (pp = &t->proc->tasks; *pp != NULL; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	task_end_call(sl, t);
	pmap_del(&sl->tasks, t->tid);
	task_free(t);
}

/* A process leaves the tables with every task it still has. */
static void
proc_remove(struct stracelog *sl, struct proc *p)
{
	while (p->tasks != NULL)
		task_remove(sl, p->tasks);
	if (p->prev != NULL)
		p->prev->next = p->next;
	else
		sl->live = p->next;
	if (p->next != NULL)
		p->next->prev = p->prev;
	else
		sl->live_tail = p->prev;
	free(p);
}

static void
proc_exit(struct stracelog *sl, struct proc *p, int64_t t, int code, int sig, int core)
{
	struct event ev;

	proc_announce(sl, p);
	sl_event_init(&ev, EV_EXIT, p, t);
	ev.code = code;
	ev.signal = sig;
	ev.core = core;
	ev.nthreads = p->nthreads;
	sl_emit(sl, &ev);
	proc_remove(sl, p);
}

/*
 * A process ends without a "+++" line (the pid is made again, or the log
 * ended): it exited as its exit_group said, or it is left unended (the
 * tree calls it lost when the trace ends).
 */
static void
proc_vanish(struct stracelog *sl, struct proc *p)
{
	if (p->exiting)
		proc_exit(sl, p, p->exit_t, p->exit_code, 0, 0);
	else
		proc_remove(sl, p);
}

/* ---- applying lines -------------------------------------------------------------------- */

/* An exec finished: event, or a failure, or nothing (a "= ?"). */
static void
exec_done(struct stracelog *sl, struct task *t, struct stracelog_exec *x, int64_t entry_t,
    int64_t t_us, const struct stracelog_line *l)
{
	struct proc *p = t->proc;
	int err;

	if (l->ret_known && l->ret == 0 && l->err == NULL) {
		if (p->id == 0)
			proc_announce_spawn(sl, p, entry_t, x);
		sl_emit_exec(sl, p, EV_EXEC, t_us, x, 0);
		return;
	}
	proc_announce(sl, p);
	if (l->ret_known && l->ret < 0 && l->err != NULL &&
	    (err = stracelog_lex_errno(l->err, l->errlen)) > 0)
		sl_emit_exec(sl, p, EV_EXECFAIL, t_us, x, err);
}

/* A clone returned: a new thread or a new process. */
static void
clone_done(struct stracelog *sl, struct task *t, int thread, int64_t entry_t,
    const struct stracelog_line *l)
{
	struct proc *p = t->proc, *child;
	struct task *old;
	struct event ev;
	pid_t tid;

	if (!l->ret_known || l->ret <= 0 || l->ret > SL_PID_MAX)
		return;		/* failed, or will be restarted */
	tid = (pid_t)l->ret;
	if ((old = pmap_get(&sl->tasks, tid)) == t)
		return;		/* its own pid: a damaged line */
	if (old != NULL) {
		/* The pid is in use again: the old one ended unseen. */
		if (old->tid == old->proc->pid && old->proc != p)
			proc_vanish(sl, old->proc);
		else
			task_remove(sl, old);
	}
	if (thread) {
		task_new(sl, p, tid);
		p->nthreads++;
		return;
	}
	child = proc_new(sl, tid, entry_t);
	child->id = ++sl->next_id;
	task_new(sl, child, tid);
	sl_event_init(&ev, EV_SPAWN, child, entry_t);
	ev.parent = p->id;
	sl_emit(sl, &ev);
}

static int
sl_apply_call(struct stracelog *sl, struct task *t, const struct stracelog_line *l,
    int64_t t_us)
{
	struct proc *p = t->proc;
	struct stracelog_exec *x;
	enum sl_call what = l->call;

	if (l->end == SL_DETACHED)
		sl->detached = 1;
	if (l->end == SL_BAD && what != SC_OTHER)
		return sl_error(sl, "%.*s with no result and no <unfinished ...>", (int)l->namelen,
		    l->name);
	if (what == SC_EXECVE || what == SC_EXECVEAT) {
		if (l->end == SL_DETACHED)
			goto other;
		if ((x = stracelog_lex_exec(l, what)) == NULL)
			return sl_error(sl, "cannot read the arguments of %.*s", (int)l->namelen,
			    l->name);
		if (l->end == SL_UNFINISHED || l->end == SL_PIDCHANGED) {
			task_end_call(sl, t);
			t->call = CALL_EXEC;
			t->call_t = t_us;
			t->exec = x;
			return 0;
		}
		if (l->end == SL_DONE)
			exec_done(sl, t, x, t_us, t_us, l);
		stracelog_lex_exec_free(x);
		proc_announce(sl, p);
		return 0;
	}
	if (what == SC_CLONE) {
		proc_announce(sl, p);
		if (l->end == SL_UNFINISHED) {
			task_end_call(sl, t);
			t->call = CALL_CLONE;
			t->call_t = t_us;
			t->clone_thread = stracelog_lex_clone_thread(l->args, l->argslen);
			sl->nclones++;
		} else if (l->end == SL_DONE)
			clone_done(sl, t, stracelog_lex_clone_thread(l->args, l->argslen), t_us, l);
		return 0;
	}
	if (what == SC_EXIT_GROUP || (what == SC_EXIT && p->tasks->next == NULL)) {
		p->exiting = 1;
		p->exit_code = stracelog_lex_exit_code(l->args, l->argslen);
		p->exit_t = t_us;
	}
other:
	proc_announce(sl, p);
	return 0;
}

/* The task that has an exec in progress: t, or a thread of its process. */
static struct task *
exec_owner(struct task *t)
{
	struct task *o;

	if (t->call == CALL_EXEC)
		return t;
	for (o = t->proc->tasks; o != NULL; o = o->next)
		if (o->call == CALL_EXEC)
			return o;
	return NULL;
}

static int
sl_apply_resumed(struct stracelog *sl, struct task *t, const struct stracelog_line *l,
    int64_t t_us)
{
	enum sl_call what = l->call;
	struct task *o;
	struct stracelog_exec *x;

	if (l->end == SL_DETACHED)
		sl->detached = 1;
	if ((what == SC_EXECVE || what == SC_EXECVEAT) && (o = exec_owner(t)) != NULL) {
		if (l->end == SL_UNFINISHED)
			return 0;	/* cut again: still in progress */
		x = o->exec;
		o->exec = NULL;
		if (l->end == SL_DONE)
			exec_done(sl, t, x, o->call_t, t_us, l);
		task_end_call(sl, o);
		stracelog_lex_exec_free(x);
	} else if (what == SC_CLONE && t->call == CALL_CLONE) {
		proc_announce(sl, t->proc);
		if (l->end == SL_UNFINISHED)
			return 0;
		if (l->end == SL_DONE)
			clone_done(sl, t, t->clone_thread, t->call_t, l);
		task_end_call(sl, t);
	}
	proc_announce(sl, t->proc);
	return 0;
}

static int
sl_apply_end(struct stracelog *sl, struct task *t, const struct stracelog_line *l,
    int64_t t_us)
{
	struct proc *p = t->proc;
	struct task *o;

	switch (l->kind) {
	case SL_EXITED:
	case SL_KILLED:
		if (t->tid != p->pid) {
			task_remove(sl, t);	/* a thread */
			return 0;
		}
		if (l->kind == SL_EXITED)
			proc_exit(sl, p, t_us, l->code, 0, 0);
		else
			proc_exit(sl, p, t_us, 0, l->sig, l->core);
		return 0;
	case SL_SUPERSEDED:
		/* Thread newpid exec'd and took over this pid, its exec with it. */
		proc_announce(sl, p);
		o = pmap_get(&sl->tasks, l->newpid);
		if (o == NULL || o == t || o->proc != p)
			return 0;
		if (o->call == CALL_EXEC) {
			task_end_call(sl, t);
			t->call = CALL_EXEC;
			t->call_t = o->call_t;
			t->exec = o->exec;
			o->exec = NULL;
			o->call = CALL_NONE;
		}
		task_remove(sl, o);
		return 0;
	default:
		proc_announce(sl, p);
		return 0;
	}
}

/* Apply one lexed line of pid at time t_us. */
static int
sl_apply(struct stracelog *sl, const struct stracelog_line *l, int64_t t_us)
{
	struct task *t;

	if ((t = pmap_get(&sl->tasks, l->pid)) == NULL) {
		/* No one made it: a root (its parent, if any, is not in the log). */
		t = task_new(sl, proc_new(sl, l->pid, t_us), l->pid);
	}
	switch (l->kind) {
	case SL_CALL:
		return sl_apply_call(sl, t, l, t_us);
	case SL_RESUMED:
		return sl_apply_resumed(sl, t, l, t_us);
	default:
		return sl_apply_end(sl, t, l, t_us);
	}
}

/* ---- held lines ------------------------------------------------------------------------ */

static uintptr_t
held_count(struct stracelog *sl, pid_t pid)
{
	return (uintptr_t)pmap_get(&sl->held_pids, pid);
}

static void
held_count_add(struct stracelog *sl, pid_t pid, int delta)
{
	uintptr_t n = held_count(sl, pid) + (uintptr_t)(intptr_t)delta;

	if (n == 0)
		pmap_del(&sl->held_pids, pid);
	else
		pmap_put(&sl->held_pids, pid, (void *)n);
}

static void
sl_hold(struct stracelog *sl, pid_t pid, int64_t t, const char *line, size_t len)
{
	struct held *h = xmalloc(sizeof *h + len);

	h->pid = pid;
	h->t = t;
	h->name = sl->name;
	h->lineno = sl->lineno;
	h->len = len;
	memcpy(h->line, line, len);
	if (sl->nheld == sl->allocheld) {
		sl->allocheld = sl->allocheld ? sl->allocheld * 2 : 64;
		sl->held = xreallocarray(sl->held, sl->allocheld, sizeof *sl->held);
	}
	sl->held[sl->nheld++] = h;
	sl->held_bytes += len;
	held_count_add(sl, pid, 1);
}

/*
 * Apply the held lines whose pid now exists, in their order; with force (or
 * once no clone is in progress) unknown pids become roots.  A pid whose
 * earlier line must stay held keeps all its later ones too, so each pid's
 * lines are applied in order.  Passes repeat while they make progress: a
 * line applied may make a pid that an earlier held line was waiting for.
 */
static int
sl_flush_held(struct stracelog *sl, int force)
{
	const char *name = sl->name;
	unsigned long lineno = sl->lineno;
	struct stracelog_line l;
	struct held *h;
	size_t i, kept;
	int progress, rc = 0;

	if (sl->flushing)
		return 0;	/* the loop below will look again */
	sl->flushing = 1;
	do {
		progress = 0;
		sl->changed = 0;
		sl->pass++;
		for (i = kept = 0; i < sl->nheld; i++) {
			h = sl->held[i];
			if (rc == 0 && (uintptr_t)pmap_get(&sl->skip, h->pid) != sl->pass &&
			    (force || sl->nclones == 0 || pmap_get(&sl->tasks, h->pid) != NULL)) {
				sl->name = h->name;
				sl->lineno = h->lineno;
				held_count_add(sl, h->pid, -1);
				sl->held_bytes -= h->len;
				if (stracelog_lex(h->line, h->len, sl->pid_column, &l) == 0) {
					l.pid = h->pid;
					rc = sl_apply(sl, &l, h->t);
				}
				free(h);
				progress = 1;
				continue;
			}
			pmap_put(&sl->skip, h->pid, (void *)sl->pass);
			sl->held[kept++] = h;
		}
		sl->nheld = kept;
	} while (rc == 0 && progress && sl->nheld > 0);
	sl->flushing = 0;
	sl->name = name;
	sl->lineno = lineno;
	return rc;
}

/* ---- lines in ------------------------------------------------------------------------ */

/* The line's time relative to the first line, -tt days counted. */
static int
sl_time(struct stracelog *sl, int64_t ts, int kind, int64_t *t_us)
{
	int64_t t;

	if (!sl->ts_kind) {
		if (kind == SL_TTT && ts < 100000000LL * 1000000)
			return sl_error(sl, "relative timestamps (strace -r); record with "
			    "strace -ttt (or -tt)");
		sl->ts_kind = kind;
		sl->t0 = sl->prev_ts = ts;
	} else if (kind != sl->ts_kind)
		return sl_error(sl, "the timestamps change format (-ttt and -tt mixed)");
	if (kind == SL_TT) {
		ts += sl->day * DAY_US;
		if (ts < sl->prev_ts - DAY_US / 2) {
			sl->day++;	/* past midnight */
			ts += DAY_US;
		}
		sl->prev_ts = ts;
	}
	t = ts - sl->t0;
	if (t > T_MAX_US)
		return sl_error(sl, "the time jumps more than 31 years from the first line");
	*t_us = t < 0 ? 0 : t;
	if (*t_us > sl->last_t)
		sl->last_t = *t_us;
	return 0;
}

int
stracelog_feed(struct stracelog *sl, const char *name, unsigned long lineno, pid_t pid,
    const char *line, size_t len)
{
	struct stracelog_line l;
	int64_t t_us = 0;
	int rc;

	if (sl->failed)
		return -1;
	if (sl->over)
		return 1;
	sl->name = name;
	sl->lineno = lineno;
	switch (stracelog_lex_skippable(line, len)) {
	case SL_SKIP:
		return 0;
	case SL_SUMMARY:
		sl->over = 1;	/* strace -C: the counts table ends the log */
		return 1;
	}
	if (!sl->ts_kind)
		sl->pid_column = pid == 0;
	if (stracelog_lex(line, len, sl->pid_column, &l) != 0) {
		if (!sl->ts_kind && strncmp(l.error, "not an", 6) == 0)
			return sl_error(sl, "neither a ptop trace (no JSON header line) nor an "
			    "strace log");
		return sl_error(sl, "%s", l.error);
	}
	if (!sl->pid_column)
		l.pid = pid;
	if (sl_time(sl, l.ts, l.ts_kind, &t_us) != 0)
		return -1;
	if (held_count(sl, l.pid) > 0 ||
	    (sl->nclones > 0 && pmap_get(&sl->tasks, l.pid) == NULL)) {
		sl_hold(sl, l.pid, t_us, line, len);
		if (sl->held_bytes > HOLD_MAX)
			return sl_flush_held(sl, 1);
		return 0;
	}
	sl->changed = 0;
	if ((rc = sl_apply(sl, &l, t_us)) != 0)
		return rc;
	if (sl->nheld > 0 && sl->changed)
		return sl_flush_held(sl, 0);
	return 0;
}

int
stracelog_finish(struct stracelog *sl)
{
	struct proc *p, *next;
	struct event ev;

	if (sl->failed)
		return -1;
	if (sl->nheld > 0 && sl_flush_held(sl, 1) != 0)
		return -1;
	if (!sl->began) {
		log_warnx("%s: no process in this strace log", sl->name);
		return -1;
	}
	/* What is still alive: exited if it said so, detached if strace was. */
	for (p = sl->live; p != NULL; p = next) {
		next = p->next;
		if (p->exiting) {
			proc_vanish(sl, p);
			continue;
		}
		proc_announce(sl, p);
		if (sl->detached) {
			sl_event_init(&ev, EV_DETACH, p, sl->last_t);
			sl_emit(sl, &ev);
		}
	}
	bus_end(sl->bus);
	return 0;
}

int
stracelog_sniff(const char *data, size_t len)
{
	size_t i;

	/* A ptop trace starts with its JSON header; anything else may be a log. */
	for (i = 0; i < len; i++)
		if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
			return data[i] != '{';
	return 0;
}

int
stracelog_parse_mem(const char *name, const char *data, size_t len, const struct bus *bus)
{
	struct stracelog *sl = stracelog_new(bus, 0);
	const char *p = data, *end = data + len, *nl;
	unsigned long lineno = 0;
	int rc = 0;

	while (p < end && rc == 0) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			if (!stracelog_lex_cut_ok(p, (size_t)(end - p))) {
				log_warnx("%s:%lu: incomplete last line ignored", name, lineno);
				break;
			}
			nl = end;
		}
		rc = stracelog_feed(sl, name, lineno, 0, p, (size_t)(nl - p));
		p = nl + 1;
	}
	if (rc >= 0)
		rc = stracelog_finish(sl);
	stracelog_free(sl);
	return rc < 0 ? -1 : 0;
}
