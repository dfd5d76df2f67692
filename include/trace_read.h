/*
 * trace_read: what `ptop -r FILE` reads.  A ptop trace (JSON Lines, its
 * first line the header, see tracefile.h) or an strace log (stracelog.h),
 * told apart by the file's first bytes, which are peeked at without being
 * consumed, so that a pipe (-r <(zcat log.gz)) can be read too.
 */
#ifndef PTOP_TRACE_READ_H
#define PTOP_TRACE_READ_H

#include "event.h"

/*
 * Read path, whichever it is, and emit its events into bus.  Returns 0,
 * or -1 after printing a one-line error naming the file (and line).
 */
int trace_read(const char *path, const struct bus *bus);

#endif
