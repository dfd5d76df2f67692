/*
 * procfs: reading /proc/PID files.  Everything goes through one directory
 * fd on /proc (openat) and caller-owned, reused buffers; whole files are
 * read whatever their size (argv can exceed 1 MiB).  A process that vanished
 * (ENOENT, ESRCH) is an ordinary outcome: functions return -1 with errno
 * set and print nothing.
 */
#ifndef PTOP_PROCFS_H
#define PTOP_PROCFS_H

#include <sys/types.h>

#include "buf.h"

/* Open /proc once; fatal if it is not mounted. */
void procfs_init(void);
/* Read /proc/PID/NAME completely into b (replacing its content). */
int procfs_read(pid_t pid, const char *name, struct buf *b);
/* Read the symlink /proc/PID/NAME (exe, cwd) into b, any length. */
int procfs_readlink(pid_t pid, const char *name, struct buf *b);
/* A numeric field of /proc/PID/status ("Tgid", "PPid", "TracerPid"); -1 if absent. */
long procfs_status_long(pid_t pid, const char *field, struct buf *scratch);
/* Start time of PID as unix time (from /proc/PID/stat and btime); 0 if unknown. */
double procfs_start_time(pid_t pid, struct buf *scratch);
/* Parent pid and state letter from /proc/PID/stat; -1 if gone. */
int procfs_stat_ppid(pid_t pid, pid_t *ppid, char *state, struct buf *scratch);

#endif
