/*
 * stracelog: read what `strace -f -ttt -e trace=process -o FILE` (or -tt,
 * -ff -o PREFIX, -y, -x, -s N...) wrote and emit the events the tracer
 * would have: spawn, exec, execfail, exit, attach and detach.  The log
 * format, and what ptop makes of it, is in doc/strace-logs.md.
 *
 * The parser is fed one line at a time and keeps only what live processes
 * need (their tasks, the call each one has in progress, the lines of a new
 * process that arrive before its parent's clone returns), so memory grows
 * with the processes alive at once, never with the size of the log.
 *
 * Ownership: the parser copies what it keeps; lines, names and the bus
 * belong to the caller.  Errors are printed as one line, "NAME:LINE: what"
 * (log_warnx), and the parser refuses further input after one.
 */
#ifndef PTOP_STRACELOG_H
#define PTOP_STRACELOG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "event.h"

struct stracelog;

/*
 * A parser emitting into bus.  clock_hint is a Unix time at or after the
 * log's last line (its file's mtime), used to date -tt logs, which carry
 * only the time of day; 0 leaves their start unknown.
 */
struct stracelog *stracelog_new(const struct bus *bus, double clock_hint);
void stracelog_free(struct stracelog *sl);

/*
 * One line, without its newline, line number lineno of the file called
 * name (kept by the caller until stracelog_finish).  pid is 0 for a -f log
 * (each line starts with its pid) or the pid of an -ff file's process.
 * Returns 0, 1 when the trace is over (strace's -c summary began), or -1
 * after printing an error.
 */
int stracelog_feed(struct stracelog *sl, const char *name, unsigned long lineno, pid_t pid,
    const char *line, size_t len);
/* The input ended: settle what is pending and emit end().  0 or -1. */
int stracelog_finish(struct stracelog *sl);

/* 1 if data (the start of a file) looks like an strace log. */
int stracelog_sniff(const char *data, size_t len);

/*
 * Parse a whole log held in memory, as `ptop -r` would read a file called
 * name: the entry point for fuzzing.  0, or -1 after a one-line error.
 */
int stracelog_parse_mem(const char *name, const char *data, size_t len, const struct bus *bus);

/*
 * Read the log at path, or the files of strace -ff -o PREFIX merged by time
 * when path is PREFIX or one of its PREFIX.PID files (see
 * doc/strace-logs.md).  Same shape as tracefile_read: 0, or -1 after a
 * one-line error.
 */
int stracelog_read(const char *path, const struct bus *bus);
/* The same with path already open on fd (owned by the caller), at its start. */
int stracelog_read_fd(const char *path, int fd, const struct bus *bus);

#endif
