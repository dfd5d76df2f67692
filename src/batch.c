/*
 * batch.c: print the process tree as text.  Iterative depth-first walk (a
 * chain of 100,000 processes must not overflow the stack); the prefix of
 * tree glyphs is kept in a buffer that grows and shrinks with the depth.
 *
 * The fields are the column table's (column.h), in a fixed choice and
 * order, in creation order: a log or a script reads the same lines
 * whatever a person's settings file says (the view follows it, not -b).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "buf.h"
#include "column.h"
#include "fmt.h"
#include "xmalloc.h"

/* One field: the column's text for id, padded ("%*s"). */
static const char *
batch_field(struct buf *b, enum settings_col col, const struct ptree *pt, uint32_t id, int flags)
{
	buf_clear(b);
	column_text(col, pt, id, ptree_last_t(pt), COLUMN_CORE | COLUMN_ZERO |
	    ((flags & BATCH_ESCAPE8) ? COLUMN_ASCII : 0), b);
	return b->p != NULL ? b->p : "";
}

static void
batch_line(struct buf *line, const struct ptree *pt, uint32_t id, const struct buf *prefix,
    int is_last, int depth, int flags)
{
	const struct exec_rec *x = ptree_shown_exec(pt, id);
	struct buf f = BUF_INIT;

	buf_printf(line, "%7s ", batch_field(&f, SETTINGS_COL_PID, pt, id, flags));
	buf_printf(line, "%-14s ", batch_field(&f, SETTINGS_COL_STATE, pt, id, flags));
	/* A wall time with + ran before ptop attached: at least this long. */
	buf_printf(line, "%8s ", batch_field(&f, SETTINGS_COL_TIME, pt, id, flags));
	buf_printf(line, "%8s  ", batch_field(&f, SETTINGS_COL_CPU, pt, id, flags));
	buf_free(&f);
	buf_add(line, prefix->p, prefix->len);
	if (depth > 1) {
		if (flags & BATCH_ASCII)
			buf_adds(line, is_last ? "`- " : "|- ");
		else
			buf_adds(line, is_last ? "└─ " : "├─ ");
	}
	if (x != NULL) {
		struct argv_buf a = { x->args, exec_arglen(x) };
		fmt_argv(line, &a, (flags & BATCH_ESCAPE8) ? FMT_ASCII : 0);
	} else
		buf_adds(line, "?");
	/* Why it failed, when it could not exec what it tried to. */
	buf_adds(line, "  ");
	if (!ptree_failure_note(pt, id, line, (flags & BATCH_ASCII) != 0,
	    (flags & BATCH_ESCAPE8) ? FMT_ASCII : 0))
		line->len -= 2;
	buf_addc(line, '\n');
}

int
batch_print(FILE *fp, const struct ptree *pt, int flags)
{
	struct buf line = BUF_INIT, prefix = BUF_INIT;
	size_t *plen = NULL;	/* prefix length at each depth */
	size_t allocplen = 0;
	uint32_t id, next;
	int depth, is_last;

	fprintf(fp, "%7s %-14s %8s %8s  %s\n", "PID", "STATUS", "WALL", "CPU", "COMMAND");
	id = ptree_first_child(pt, 0);
	depth = 1;
	buf_reserve(&prefix, 64);
	while (id != 0) {
		next = ptree_next(pt, id);
		is_last = next == 0;
		buf_clear(&line);
		batch_line(&line, pt, id, &prefix, is_last, depth, flags);
		fwrite(line.p, 1, line.len, fp);

		if (ptree_first_child(pt, id) != 0) {
			/* Descend: remember where the prefix was, extend it. */
			if ((size_t)depth >= allocplen) {
				allocplen = allocplen ? allocplen * 2 : 64;
				plen = xreallocarray(plen, allocplen, sizeof *plen);
			}
			plen[depth] = prefix.len;
			if (depth > 1) {
				if (flags & BATCH_ASCII)
					buf_adds(&prefix, is_last ? "   " : "|  ");
				else
					buf_adds(&prefix, is_last ? "   " : "│  ");
			}
			depth++;
			id = ptree_first_child(pt, id);
			continue;
		}
		/* Climb until a node has a next sibling. */
		while (next == 0 && depth > 1) {
			id = ptree_node(pt, id)->parent;
			depth--;
			prefix.len = plen[depth];
			prefix.p[prefix.len] = '\0';
			next = ptree_next(pt, id);
		}
		id = next;
	}
	free(plen);
	buf_free(&line);
	buf_free(&prefix);
	fflush(fp);
	return ferror(fp) ? -1 : 0;
}
