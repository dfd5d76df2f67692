/*
 * run: one run of ptop, from set-up to tear-down: launch a command, attach
 * to running processes or replay a trace, in batch mode or with the
 * interactive view.  It wires the producers (the tracer, the trace reader)
 * to the sinks (tree, view, trace writer) on one bus, runs the loop, and
 * handles what ends or pauses a run: the last process ending, quit (kill,
 * detach or just leave), signals, Ctrl-Z.  main.c parses the options and
 * calls one of the run_* functions.
 */
#ifndef PTOP_RUN_H
#define PTOP_RUN_H

/* The command line, as main.c parsed it. */
struct options {
	int batch;		/* no interactive view */
	int ascii;
	int no_color;
	int no_pty;
	const char *log;
	const char *output;
	const char *replay;
	const char *tree_file;
	const char *debug;
	const char *pids;
	char **argv;		/* the command (launch), NULL-terminated */
};

/* Each returns ptop's exit status (the command's, or 1 for ptop's errors). */
int run_launch(const struct options *opt);
int run_attach(const struct options *opt);
int run_replay(const struct options *opt);

#endif
