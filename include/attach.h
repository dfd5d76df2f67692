/*
 * attach: -p PID[,PID...].  Checks each pid and explains every refusal in
 * one line (no such process, ptop itself or its ancestor, already traced,
 * another user, Yama), then attaches to the processes and to every
 * descendant they already have, walking /proc until no new one appears.
 */
#ifndef PTOP_ATTACH_H
#define PTOP_ATTACH_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Parse "PID[,PID...]" and check every pid (a thread id stands for its
 * process).  Returns the number of distinct processes in *pids (malloc'd),
 * or -1 after printing why one cannot be traced.
 */
int attach_parse(const char *arg, pid_t **pids);
/*
 * Attach to pids and their descendants.  0, or -1 after printing why (what
 * was attached is left for the caller to detach).
 */
int attach_all(const pid_t *pids, int n);

#endif
