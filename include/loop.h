/*
 * loop: the libev loop and the one signalfd.
 *
 * loop_block_signals() must run first thing in main: it blocks SIGCHLD,
 * SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP and SIGCONT (read
 * through the signalfd; ptop stops itself when it is ready to) and
 * SIGPIPE (so a closed trace pipe is an EPIPE, not a death), and remembers
 * the mask ptop started with so launched commands get exactly that back.
 * Every readable signalfd reads all pending signals, drains waitpid once
 * (tracer_reap) if a SIGCHLD was among them, then hands the other signals
 * to the callback.
 */
#ifndef PTOP_LOOP_H
#define PTOP_LOOP_H

#include <ev.h>
#include <signal.h>

void loop_block_signals(void);
/* The signal mask ptop was started with. */
const sigset_t *loop_orig_mask(void);
/* The signals read through the signalfd (blocked by loop_block_signals). */
const sigset_t *loop_handled_signals(void);
/*
 * Create the loop (never the default loop: it would reap our tracees) with
 * the signalfd watcher.  on_signal gets every non-SIGCHLD signal; after_reap
 * runs after each drain of waitpid.
 */
struct ev_loop *loop_create(void (*on_signal)(struct ev_loop *, int sig),
    void (*after_reap)(struct ev_loop *));
void loop_destroy(struct ev_loop *loop);

#endif
