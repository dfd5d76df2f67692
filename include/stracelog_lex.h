/*
 * stracelog_lex: the words of one strace log line, for stracelog.c.
 *
 * stracelog_lex() splits a line into its pid, its timestamp and its body,
 * and the body of a call into name, arguments and result, pointing into
 * the line (nothing is copied).  Only the arguments of the calls ptop needs
 * are decoded, on demand: execve/execveat (path and argv, strace's escapes
 * undone, cut strings marked with TRUNC_MARK), clone flags, exit codes.
 */
#ifndef PTOP_STRACELOG_LEX_H
#define PTOP_STRACELOG_LEX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"

#define SL_TTT		1	/* -ttt: seconds.micro since the epoch */
#define SL_TT		2	/* -tt: HH:MM:SS.micro */
#define SL_PID_MAX	2147483647LL

enum sl_kind {
	SL_CALL,	/* name(args...) */
	SL_RESUMED,	/* <... name resumed>args...) */
	SL_EXITED,	/* +++ exited with code +++ */
	SL_KILLED,	/* +++ killed by sig [(core dumped)] +++ */
	SL_SUPERSEDED,	/* +++ superseded by execve in pid newpid +++ */
	SL_OTHER,	/* signals, notices: nothing to do */
};

enum sl_end {
	SL_DONE,	/* ") = result" */
	SL_UNFINISHED,	/* <unfinished ...> */
	SL_DETACHED,	/* <detached ...>: strace let go */
	SL_PIDCHANGED,	/* <pid changed to N ...>: a thread's exec, in -ff files */
	SL_BAD,		/* none of these: a broken line */
};

/* What a call is to ptop. */
enum sl_call {
	SC_OTHER,
	SC_EXECVE,
	SC_EXECVEAT,
	SC_CLONE,	/* clone, clone2, clone3, fork, vfork */
	SC_EXIT,
	SC_EXIT_GROUP,
};

/* What stracelog_lex_skippable() says of a line. */
enum { SL_LINE, SL_SKIP, SL_SUMMARY };

struct stracelog_line {
	pid_t pid;		/* with a pid column */
	int64_t ts;		/* microseconds, as written (see SL_TTT, SL_TT) */
	int ts_kind;
	enum sl_kind kind;
	const char *name;	/* call, resumed */
	size_t namelen;
	enum sl_call call;	/* what name is to ptop */
	const char *args;	/* call: after "("; resumed: after ">" */
	size_t argslen;
	enum sl_end end;	/* SC_OTHER calls: SL_DONE unless cut */
	int ret_known;		/* SL_DONE: a number, not "?" */
	long long ret;
	const char *err;	/* "ENOENT", or NULL */
	size_t errlen;
	int code, sig, core;	/* exited, killed */
	pid_t newpid;		/* superseded */
	const char *error;	/* stracelog_lex failed: why */
};

/* The arguments of an exec, decoded. */
struct stracelog_exec {
	struct buf argv;	/* NUL-terminated arguments */
	char *exe;		/* the file: the path (joined to -y's dirfd), or NULL */
	int truncated;		/* something was cut (strace -s): TRUNC_MARK ends it */
};

/* Split line (pid column first if pid_column).  0, or -1 with l->error. */
int stracelog_lex(const char *line, size_t len, int pid_column, struct stracelog_line *l);
/*
 * Lines that carry nothing: blank, strace's own messages, -k stack frames,
 * personality notices (SL_SKIP); the start of a -c summary (SL_SUMMARY).
 */
int stracelog_lex_skippable(const char *line, size_t len);
/* The timestamp alone (the -ff merge orders lines by it).  0 or -1. */
int stracelog_lex_time(const char *line, size_t len, int pid_column, int64_t *ts, int *kind);
/* A line strace left without its newline on purpose ("... <pid changed to N ...>"). */
int stracelog_lex_cut_ok(const char *line, size_t len);

enum sl_call stracelog_lex_call(const char *name, size_t len);
/* Decode an execve/execveat's path and argv; NULL if they do not parse. */
struct stracelog_exec *stracelog_lex_exec(const struct stracelog_line *l, enum sl_call kind);
void stracelog_lex_exec_free(struct stracelog_exec *x);
/* clone/clone3 arguments with CLONE_THREAD (by name, or in -X raw flags). */
int stracelog_lex_clone_thread(const char *args, size_t len);
/* exit/exit_group's status, as the parent would see it (0-255). */
int stracelog_lex_exit_code(const char *args, size_t len);
/* "ENOENT" -> ENOENT; 0 if unknown. */
int stracelog_lex_errno(const char *name, size_t len);

#endif
