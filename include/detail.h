/*
 * detail: the text of the detail view of one process (Enter): every argv
 * element on its own line, exe, cwd, the exec chain with times, pid and
 * parent, times, exit status in words, CPU, peak RSS and threads; and why
 * its exec went as it did (detail_exec.c): the failed attempts, the
 * environment against its parent's, stdio, a command that reruns it.  All
 * text from the traced program is escaped with fmt before it reaches the
 * pager.
 */
#ifndef PTOP_DETAIL_H
#define PTOP_DETAIL_H

#include <stdint.h>

#include "pager.h"
#include "ptree.h"

/* detail_build's flags. */
#define DETAIL_FULL_ENV	0x1	/* the whole environment, not its difference from the parent's */

/* Replace the pager's content with process id's details at time now_us. */
void detail_build(struct pager *p, const struct ptree *pt, uint32_t id, int64_t now_us,
    int flags, int fmt_flags);
/* The sections about its exec: stdio, environment, the command to rerun it. */
void detail_why(struct pager *p, const struct ptree *pt, uint32_t id, int flags, int fmt_flags);
/* Its failed exec attempts, oldest first (or why none can be known). */
void detail_tries(struct pager *p, const struct ptree *pt, uint32_t id, int fmt_flags);
/* What a shell's exit 127 or 126 without an exec attempt means. */
void detail_shell_status(struct pager *p, const struct ptree *pt, uint32_t id);
/*
 * The shell command that reruns id's exec (full: env -i with its whole
 * environment; else what differs from ptop's own), into out.  Its REPRO_*
 * flags (repro.h), or -1 if it has no exec.
 */
int detail_repro(struct buf *out, const struct ptree *pt, uint32_t id, int full);
/* The exit status in words: "exited with status 2", "killed by SIGSEGV ...". */
void detail_status_words(struct buf *b, const struct node *n);

#endif
