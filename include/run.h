/*
 * run: one run of ptop, from set-up to tear-down: launch a command, attach
 * to running processes or replay a trace, in batch mode or with the
 * interactive view.  It wires the producers (the tracer, the trace reader)
 * to the sinks (tree, view, trace writer) on one bus, runs the loop, and
 * handles what ends or pauses a run: the last process ending, quit (kill,
 * detach or just leave), signals, Ctrl-Z.  The interactive view reads the
 * settings file (settings.h) first, unless --no-config; options win over
 * it.  main.c parses the options and calls one of the run_* functions.
 */
#ifndef PTOP_RUN_H
#define PTOP_RUN_H

#include "ui.h"

/* The command line, as main.c parsed it. */
struct options {
	int batch;		/* no interactive view */
	int ascii;
	int no_color;
	int no_pty;
	int no_env;		/* record no environment */
	int no_execfail;	/* no exec attempt filter: failed attempts are not recorded */
	int summary;		/* --summary: where the time went, after the tree */
	int no_config;		/* ignore the settings file */
	int no_highlight;	/* new and ended processes look like the others */
	const char *log;
	const char *output;
	const char *replay;
	const char *tree_file;
	const char *debug;
	const char *pids;
	const char *chrome;	/* --chrome-trace FILE: export.h */
	const char *diff;	/* --diff A: compare the run (B) with trace A (diff.h) */
	const char *show;	/* -r: print this process's details ("PID" or "#ID") */
	char **argv;		/* the command (launch), NULL-terminated */
};

/*
 * Each returns ptop's exit status: the command's (launch), 0, 1 for ptop's
 * own errors (an output that could not be written included), 128+N when
 * signal N ended a wait for a FIFO's reader.
 */
int run_launch(const struct options *opt);
int run_attach(const struct options *opt);
int run_replay(const struct options *opt);

/* ---- the pieces, for unit tests ---- */

enum { RUN_LAUNCH = 1, RUN_ATTACH, RUN_REPLAY };

/* What the run does to the world that tests replace. */
struct run_env {
	void (*stop_self)(void);	/* Ctrl-Z: stop ptop (SIGSTOP) */
	void (*kill_all)(void);		/* quit: SIGKILL every traced process */
	double leave_timeout;		/* quit: seconds to wait for them to go */
};
extern struct run_env run_env;

/*
 * run_launch is run_setup, run_launch_start (0 or an exit status),
 * run_finish (the loop, then tear-down of the trace), run_teardown;
 * run_attach the same with run_attach_start.
 */
void run_setup(const struct options *opt);
int run_launch_start(void);
int run_attach_start(void);
int run_finish(void);
int run_teardown(int rc);
/* The run's loop, once started (tests add their own watchers). */
struct ev_loop *run_loop(void);
/* A signal read from the signalfd (SIGCHLD aside). */
void run_signal(int sig);
/* Leave the view: now, after killing everything, or detaching. */
void run_quit(enum ui_quit how);
/* The terminal hung up or the keeper died. */
void run_terminal_lost(void);
/* How many times ptop stopped itself (Ctrl-Z). */
int run_suspended(void);

#endif
