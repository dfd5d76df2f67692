/*
 * export: the finished process tree (ptree.h) in the Chrome trace-event
 * JSON format, which ui.perfetto.dev, chrome://tracing and speedscope open
 * (--chrome-trace FILE; doc/chrome-trace.md describes what is written).
 *
 * It reads the model once, after the trace ended (live: when the last
 * process is gone or the view quits; -r: after reading), like batch.c: the
 * tree holds everything a slice needs, and the exporter keeps only a lane
 * number per process and the open slices of each lane.  The JSON is
 * streamed to the file in pieces of a megabyte, never held whole.
 *
 * Layout: one Chrome process for the trace, its "threads" are lanes.  Each
 * process is a complete slice ("ph":"X") from its spawn to its end, named by
 * its program; a process that exec'd more than once (env -> nice -> cc) has
 * one nested slice per exec.  A child is nested under its parent on the
 * parent's lane when it fits there (it starts and ends inside the parent's
 * slice, or inside the exec it was forked from, and no sibling is open
 * there); otherwise it goes to the first free lane after its parent's.
 * Lanes are reused as soon as they are free, as ninjatracing packs jobs.
 * Failed exec attempts are instant events on the process's lane, and
 * environments are written as differences (doc/chrome-trace.md).
 */
#ifndef PTOP_EXPORT_H
#define PTOP_EXPORT_H

#include <stdint.h>

#include "output.h"
#include "ptree.h"

/* What an export wrote (tests and benchmarks). */
struct export_stats {
	uint32_t processes;	/* process slices */
	uint32_t execs;		/* exec slices nested in them */
	uint32_t instants;	/* instant events */
	uint32_t lanes;		/* lanes (Chrome threads) used */
	uint32_t nested;	/* processes nested on their parent's lane */
};

/*
 * Write pt to fd as Chrome JSON.  Returns 0, or -1 with errno set when a
 * write failed.  stats may be NULL.
 */
int export_chrome(int fd, const struct ptree *pt, struct export_stats *stats);

/*
 * Write pt to an output opened by output_open() (nothing when it is not
 * open) and close it; a failure is reported naming the file.  Returns 0 or
 * -1.
 */
int export_chrome_output(struct output *o, const struct ptree *pt);

#endif
