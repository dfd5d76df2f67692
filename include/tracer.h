/*
 * tracer: ptrace.  It owns every tracee: the table of live tasks (tid ->
 * process), the launch handshake, the classification of each wait status
 * and the restart that follows, and detaching.  It reports what happened only
 * as events (event.h); it never draws or writes files.
 *
 * Rules it keeps (see doc/architecture.md): PTRACE_SEIZE with fork/vfork/
 * clone/exec events; restarts with PTRACE_CONT only, re-injecting the signal
 * of a signal-delivery stop; group stops parked with PTRACE_LISTEN; first
 * stops that arrive before their parent's fork event are matched later; ESRCH
 * means "it died" and is not an error.
 */
#ifndef PTOP_TRACER_H
#define PTOP_TRACER_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "event.h"

struct launch_opts {
	/* Run in the child after fork, before exec (set up its terminal). */
	void (*child_setup)(void *arg);
	void *child_setup_arg;
	/* Run in ptop after the fork, before the child may exec. */
	void (*parent_setup)(pid_t child, void *arg);
	/* Signal mask the command starts with (ptop's own mask from before). */
	const sigset_t *mask;
};

/* What the tracer records besides the tree (tracer_init's what). */
#define TRACER_ENV	0x1	/* the environment of every exec */
#define TRACER_EXECFAIL	0x2	/* failed exec attempts (a launched command's seccomp filter) */

/* Start the clock (t_us of events counts from here); events go to bus. */
void tracer_init(const struct bus *bus, int what);
/*
 * The launched command's exec attempts stop (the seccomp filter is in
 * place): failed ones become EV_EXECFAIL.  Its processes must then never
 * be detached: an exec without a tracer fails with ENOSYS.
 */
int tracer_traps_execs(void);
/* Microseconds since tracer_init (CLOCK_MONOTONIC). */
int64_t tracer_now(void);
/* Unix time of tracer_init. */
double tracer_start_realtime(void);

/*
 * Fork, seize and exec argv.  Returns 0 when the command runs (its spawn
 * event was emitted), else the exit status ptop should end with (127 not
 * found, 126 not executable, 1 ptrace refused), after printing why.
 */
int tracer_launch(char *const argv[], const struct launch_opts *opts);

/*
 * Attach to the running process pid (every thread of it) and emit its
 * attach event with parent as its parent id.  root marks a process named
 * by -p.  Returns its id, or 0 with *err set (ESRCH: it is gone; EPERM...).
 */
uint32_t tracer_seize(pid_t pid, uint32_t parent, int root, int *err);
/* tid is a task ptop traces. */
int tracer_is_traced(pid_t tid);
/* Event id of the traced process with this pid, or 0. */
uint32_t tracer_proc_id(pid_t pid);
/* Roots (launched, or named by -p) still alive. */
unsigned tracer_nroots(void);

/* Drain every pending wait status (call when SIGCHLD arrives); how many. */
int tracer_reap(void);
/*
 * Microseconds a waitpid that finds nothing takes (smoothed): the kernel
 * scans every tracee, so with thousands alive each drain has a real cost.
 */
int64_t tracer_scan_us(void);
/* Nothing is traced any more (waitpid said ECHILD). */
int tracer_done(void);
/* Number of live traced processes. */
unsigned tracer_nprocs(void);
/* Exit status for ptop: the root's exit code or 128+signal; -1 while running. */
int tracer_root_status(void);
/* Send sig to the launched command (SIGTERM/SIGHUP given to ptop). */
void tracer_signal_root(int sig);
/* Traced tasks in process group pgrp that are not parked in a group stop. */
unsigned tracer_nrunning_in_pgrp(pid_t pgrp);
/*
 * Send sig to pid if it is a process ptop still traces (so the pid cannot
 * have been reused); -1 with errno ESRCH if not, or kill(2)'s error.
 */
int tracer_signal(pid_t pid, int sig);
/* SIGKILL every traced process (quit: "kill it"). */
void tracer_kill_all(void);
/*
 * Let every tracee go: interrupt all, collect their stops, detach each with
 * the signal it was about to receive.  Emits a detach event for each process
 * still alive.  Group-stopped tasks stay stopped.
 */
void tracer_detach_all(void);

#endif
