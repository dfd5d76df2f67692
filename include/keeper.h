/*
 * keeper: put ptop in a session of its own, shared with the command it
 * launches for the interactive view, while the process the shell started
 * stays behind to stand for it.
 *
 * Why: the command must lead no session ptop is not in.  Given a terminal
 * of its own it needs a session whose controlling terminal is that pty, and
 * with CONFIG_SCHED_AUTOGROUP each session is a scheduling group: tracer and
 * work in two groups made the tracer's wake-ups preempt the work at every
 * stop (doc/performance.md: +35% on a fork tree).  So ptop forks; the child
 * calls setsid() and goes on as ptop (tracer and view), the command joins
 * its session; the parent, the keeper, does nothing but pass the signals
 * its terminal and kill(1) send it (SIGWINCH, SIGHUP, SIGTERM, SIGINT,
 * SIGQUIT, SIGTSTP, SIGCONT) on to ptop, stop when ptop stops (so the
 * shell's job control sees it), and exit with ptop's status.  Both keep
 * the user's terminal open; only ptop uses it, and it is not ptop's
 * controlling terminal any more.
 *
 * Whoever outlives the other gives the terminal back: ptop gets SIGHUP if
 * the keeper dies (PR_SET_PDEATHSIG) and ends as when its window closes
 * (run.c); the keeper restores the terminal's modes and writes the reset
 * bytes it was given (main screen, mouse off, cursor on) if ptop is killed.
 */
#ifndef PTOP_KEEPER_H
#define PTOP_KEEPER_H

#include <stddef.h>

/*
 * Fork; returns in the child, now leading a new session.  The parent never
 * returns: it exits with the child's exit status, after writing reset (len
 * bytes, see ui_term_reset_bytes) to the terminal if a signal killed the
 * child.  Signals must already be blocked (loop_block_signals).
 */
void keeper_split(const char *reset, size_t len);
/*
 * In ptop: let the keeper exit now, with status 0, and stop treating its
 * end as a hang-up: ptop goes on alone, in the background (run.c, when a
 * launched command is left running).  -1 if there is no keeper.
 */
int keeper_release(void);

#endif
