/*
 * predict: the errno of a failed exec attempt, known at its seccomp stop,
 * without the syscall-exit stop that reads it, where ptop can prove it.
 *
 * A PATH search (execvp, posix_spawnp) tries every directory in turn and
 * fails in all but one: with this machine's PATH, 9 attempts before each
 * command a build's make or xargs runs.  The exit stop that reads each
 * errno is a second round trip through the scheduler; what it would read
 * is, for these, the result of a path walk that ptop can make itself.
 *
 * ptop walks the path (openat2 with RESOLVE_NO_SYMLINKS, so nothing on the
 * way depends on who follows it) and takes its ENOENT, ENOTDIR or EACCES
 * as the tracee's when all of this holds (else the exit stop reads it):
 *
 * - the kernel opens the file before it reads argv and the environment
 *   (Linux 6.8 and later: before that, EFAULT and E2BIG came first);
 * - the path is absolute, read whole, and does not lead into a procfs,
 *   FUSE or autofs mount (whose answers depend on who asks: /proc/PID/fd,
 *   a FUSE server); ptop knows its mounts from /proc/self/mountinfo, read
 *   again whenever poll() says they changed;
 * - the tracee sees the files as ptop does: the same Uid, Gid, Groups and
 *   CapEff lines in /proc/PID/status, the same user and mount namespaces,
 *   the same root (device, inode and mount), the same LSM label; checked
 *   once per task and exec (predict_task), until a traced process calls
 *   something that changes one of them (set*id, setgroups, capset, chroot,
 *   pivot_root, unshare, setns: the filter traps those too, and
 *   predict_forget voids every check).
 *
 * Left: a file created or a directory's mode changed between ptop's walk
 * and the tracee's (a created file is seen: the exec event comes instead
 * of the failure), and an LSM that tells apart two processes with the same
 * credentials and label (a BPF LSM program can).
 */
#ifndef PTOP_PREDICT_H
#define PTOP_PREDICT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What ptop knows of one task: checked at generation gen (0: never). */
struct predict_task {
	uint32_t gen;
	int same;		/* it sees the files as ptop does */
};

/* Prediction can work here at all (the kernel, openat2, /proc).  Idempotent. */
int predict_init(void);
/* A traced process is about to change its credentials, root or namespaces. */
void predict_forget(void);
/*
 * The errno an execve(path) by tid will fail with (ENOENT, ENOTDIR,
 * EACCES) when ptop can prove it; 0 when it cannot (the file is there, or
 * one of the conditions above does not hold).
 */
int predict_execve(pid_t tid, struct predict_task *pt, const char *path, size_t len);

#endif
