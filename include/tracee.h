/*
 * tracee: what ptop reads from a stopped tracee, and the seccomp filter
 * that makes its exec attempts stop.
 *
 * - Exec attempts: the launched command installs, just before its first
 *   exec, a filter that returns SECCOMP_RET_TRACE for execve and execveat
 *   (native and compat system call numbers, checked per architecture) and
 *   allows everything else; every descendant inherits it.  Each attempt
 *   then stops once at its entry (PTRACE_EVENT_SECCOMP): its arguments are
 *   kept (tracee_try_start), the tracee is restarted to its syscall-exit
 *   stop, where a failure's errno is read and the path and argv are read
 *   from its memory, still as the attempt left them (tracee_try_path,
 *   tracee_try_argv).  A successful attempt is followed by the exec event
 *   instead, whose restart clears the syscall-exit stop.  A process with the filter that
 *   loses its tracer gets ENOSYS from every exec: the filter must never
 *   outlive the trace (see run.c's detach of a launched command).
 * - The exec image at the exec stop: argv and the environment, read from
 *   the new stack in one process_vm_readv (the kernel copied the argument
 *   strings, then the environment strings, back to back, and the file
 *   name right after: AT_EXECFN), 32-bit processes included; fds 0-2.
 *
 * Everything here is read while the tracee is stopped, so it is race-free;
 * a tracee that died meanwhile makes a function return -1 quietly.
 */
#ifndef PTOP_TRACEE_H
#define PTOP_TRACEE_H

#include <stdint.h>
#include <sys/types.h>

#include "buf.h"

/*
 * In the launched child, just before its exec: trap execve and execveat.
 * Sets PR_SET_NO_NEW_PRIVS first when the filter needs it (no
 * CAP_SYS_ADMIN).  0, or -1 with errno (no seccomp here).
 */
int tracee_trap_execs(void);
/* The architecture has the filter at all (else attempts are not recorded). */
int tracee_can_trap_execs(void);

/* An exec attempt, from its seccomp stop to its end. */
struct tracee_try {
	int64_t t_us;		/* when it began */
	uint64_t path;		/* the addresses it passed */
	uint64_t argv;
	int dirfd;		/* execveat: its dirfd and flags; else AT_FDCWD, 0 */
	int flags;
	int ptr4;		/* 32-bit pointers (a compat process) */
	int native;		/* ptop's own architecture, not x32 */
};

/*
 * At a PTRACE_EVENT_SECCOMP stop: is it an exec attempt?  1 with *t
 * filled (restart with PTRACE_SYSCALL to see its end), 2 for a call that
 * changes how the process sees the files (set*id, chroot... predict.h),
 * 0 for another system call, -1 if the tracee is gone.
 */
int tracee_try_start(pid_t tid, struct tracee_try *t);
/*
 * At the syscall-exit stop that follows: 1 with *err set if the attempt
 * failed, 0 if not (or it was not the exec's exit), -1 if gone.
 */
int tracee_try_failed(pid_t tid, int *err);
/*
 * The attempt's path: the file it named (execveat's dirfd and an empty
 * path resolved through /proc).
 */
void tracee_try_path(pid_t tid, const struct tracee_try *t, struct buf *path);
/*
 * The attempt's argv, NUL-separated.  *cut is set when it was longer than
 * ptop keeps (TRACEE_ARGV_MAX).
 */
#define TRACEE_ARGV_MAX (256 * 1024)
void tracee_try_argv(pid_t tid, const struct tracee_try *t, struct buf *argv, int *cut);

/*
 * At the exec stop: argv and (if env is not NULL) the environment of the
 * new image, from its stack; /proc's cmdline and environ when the stack
 * does not say (env stays empty on failure).  -1 if neither works.
 */
int tracee_exec_image(pid_t pid, struct buf *argv, struct buf *env);
/* Where fd 0, 1, 2 point ("/dev/null", "pipe:[123]"...); empty when closed. */
void tracee_stdio(pid_t pid, struct buf fds[3]);

#endif
