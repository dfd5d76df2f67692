/*
 * tracefile: the JSON Lines trace (-o to write, -r to read).  The format is
 * documented in doc/trace-format.md.
 *
 * The writer is a sink: each event becomes one line written with a single
 * write(2), so a kill -9 of ptop loses at most the line being written and the
 * file is valid up to its last complete line.
 */
#ifndef PTOP_TRACEFILE_H
#define PTOP_TRACEFILE_H

#include "buf.h"
#include "event.h"

struct tracefile;

/*
 * A trace writer on fd (owned from now on), opened by output_open (see
 * output.h: no links followed, 0600); path names it in messages.
 */
struct tracefile *tracefile_new(int fd, const char *path);
/* A sink writing to tf; end() writes the closing "end" line. */
struct sink tracefile_sink(struct tracefile *tf);
/* Exit status recorded in the "end" line. */
void tracefile_set_status(struct tracefile *tf, int status);
/* Close; returns -1 if any write failed (the error was already reported). */
int tracefile_close(struct tracefile *tf);
/* Close without a word: the run failed before it began (see output_discard). */
void tracefile_discard(struct tracefile *tf);

/* JSON value for a byte string: "..." when valid UTF-8, else {"b64":"..."}. */
void json_bytes(struct buf *b, const char *s, size_t len);

/*
 * Read a trace and emit its events (begin, events..., end) into bus.
 * Returns 0, or -1 after printing a one-line error naming the file and line.
 */
int tracefile_read(const char *path, const struct bus *bus);
/* The same from fd (path names it in messages), which it reads to the end and closes. */
int tracefile_read_fd(const char *path, int fd, const struct bus *bus);

#endif
