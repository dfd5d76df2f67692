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
 * Open path for writing: a new file is created 0600, an existing regular
 * file is truncated and set to 0600, anything else (/dev/null, a FIFO) is
 * written as it is.  Returns NULL with errno set on failure.
 */
struct tracefile *tracefile_create(const char *path);
/* A sink writing to tf; end() writes the closing "end" line. */
struct sink tracefile_sink(struct tracefile *tf);
/* Exit status recorded in the "end" line. */
void tracefile_set_status(struct tracefile *tf, int status);
/* Close; returns -1 if any write failed (the error was already reported). */
int tracefile_close(struct tracefile *tf);
/* Remove the file if tracefile_create made it (nothing to keep), then close. */
void tracefile_discard(struct tracefile *tf);

/* JSON value for a byte string: "..." when valid UTF-8, else {"b64":"..."}. */
void json_bytes(struct buf *b, const char *s, size_t len);

/*
 * Read a trace and emit its events (begin, events..., end) into bus.
 * Returns 0, or -1 after printing a one-line error naming the file and line.
 */
int tracefile_read(const char *path, const struct bus *bus);

#endif
