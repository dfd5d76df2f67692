/*
 * diff_print.c: the differences of two runs as a text tree (ptop -b
 * --diff).  See diff.h.
 *
 *   A: make -j8  (1,204 processes, ok)
 *   B: make -j8  (1,205 processes, exit 2)
 *   3 differences: 1 only in A, 1 only in B, 1 changed; 1,203 processes match
 *     A STATUS   B STATUS     A WALL   B WALL  COMMAND
 *   ! ok         exit 2       12.31s   10.02s  make -j8  [ok -> exit 2]
 *   - ok         -            0.210s        -  ├─ cc -c old.c  [only in A]
 *
 * Only rows that differ and their ancestors are printed (DIFF_PRINT_ALL:
 * every row); below a row that is only in one run, its processes are
 * counted, not listed.  Rows are walked in order, glyph prefixes kept in a
 * buffer that grows and shrinks with the depth (no recursion: chains of
 * 100,000 processes).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "fmt.h"
#include "xmalloc.h"

static int
dp_shown(const struct diff_row *r, int flags)
{
	return (flags & DIFF_PRINT_ALL) || (r->flags & (DIFF_SELF | DIFF_BELOW));
}

static const char *
dp_state(const struct node *n, char *out, size_t size)
{
	if (n == NULL)
		return "-";
	return node_state(n, out, size, 1);
}

static void
dp_wall(char *out, size_t size, const struct ptree *pt, uint32_t id)
{
	if (id == 0)
		snprintf(out, size, "-");
	else
		fmt_duration(out, size, diff_wall(pt, id));
}

static void
dp_argv(struct buf *b, const struct ptree *pt, uint32_t id, int fmtflags)
{
	const struct exec_rec *x = ptree_shown_exec(pt, id);
	struct argv_buf a;

	if (x == NULL) {
		buf_adds(b, "?");
		return;
	}
	a.data = x->args;
	a.len = exec_arglen(x);
	fmt_argv(b, &a, fmtflags);
}

/* The two commands and the counts. */
static void
dp_summary(FILE *fp, const struct diff *d, int fmtflags)
{
	const struct ptree *pt[2] = { diff_tree_a(d), diff_tree_b(d) };
	uint32_t matched, only_a, only_b, changed = 0, i;
	struct buf b = BUF_INIT;
	const struct diff_row *r;
	char st[48];
	int t;

	for (t = 0; t < 2; t++) {
		const struct trace_info *info = ptree_info(pt[t]);

		buf_clear(&b);
		buf_adds(&b, t == 0 ? "A: " : "B: ");
		if (info->mode == TRACE_ATTACH)
			buf_adds(&b, "-p ");
		fmt_argv(&b, &info->argv, fmtflags);
		buf_printf(&b, "  (%u process%s", ptree_size(pt[t]),
		    ptree_size(pt[t]) == 1 ? "" : "es");
		if (ptree_size(pt[t]) > 0)
			buf_printf(&b, ", %s", node_state(ptree_node(pt[t], 1), st, sizeof st, 1));
		buf_adds(&b, ")\n");
		fwrite(b.p, 1, b.len, fp);
	}
	diff_counts(d, &matched, &only_a, &only_b);
	for (i = 0; i < diff_nrows(d); i++) {
		r = diff_row(d, i);
		if (r->a != 0 && r->b != 0 && (r->flags & DIFF_SELF))
			changed++;
	}
	if (diff_ndiffs(d) == 0)
		fprintf(fp, "no differences: %u process%s match\n", matched,
		    matched == 1 ? "" : "es");
	else
		fprintf(fp, "%u difference%s: %u only in A, %u only in B, %u changed; "
		    "%u process%s match\n", diff_ndiffs(d), diff_ndiffs(d) == 1 ? "" : "s",
		    only_a, only_b, changed, matched, matched == 1 ? "" : "es");
	if (matched == 0 && only_a > 0 && only_b > 0)
		fprintf(fp, "the runs have no process in common: they ran different commands\n");
	buf_free(&b);
}

int
diff_print(FILE *fp, const struct diff *d, int flags)
{
	const struct ptree *pa = diff_tree_a(d), *pb = diff_tree_b(d);
	uint32_t n = diff_nrows(d), i, skip_to = 0, depth, below;
	int fmtflags = (flags & DIFF_PRINT_ESCAPE8) ? FMT_ASCII : 0;
	int ascii = (flags & DIFF_PRINT_ASCII) != 0, last;
	struct buf line = BUF_INIT, prefix = BUF_INIT;
	const struct diff_row *r;
	uint8_t *is_last, *later;
	size_t *plen = NULL, allocplen = 0;
	char sa[48], sb[48], wa[16], wb[16], mark;

	buf_reserve(&prefix, 64);
	dp_summary(fp, d, fmtflags);
	if (n == 0)
		goto out;

	/* Backwards: a shown row is last if no later sibling is shown. */
	is_last = xcalloc(n, 1);
	later = xcalloc((size_t)n + 1, 1);
	for (i = n; i-- > 0;) {
		r = diff_row(d, i);
		if (!dp_shown(r, flags))
			continue;
		is_last[i] = !later[r->parent == UINT32_MAX ? n : r->parent];
		later[r->parent == UINT32_MAX ? n : r->parent] = 1;
	}
	free(later);

	for (i = 0; i < n && !dp_shown(diff_row(d, i), flags); i++)
		;
	if (i < n)
		fprintf(fp, "  %-10s %-10s %8s %8s  %s\n", "A STATUS", "B STATUS", "A WALL",
		    "B WALL", "COMMAND");
	for (i = 0; i < n; i++) {
		r = diff_row(d, i);
		if (i < skip_to || !dp_shown(r, flags))
			continue;
		if (r->flags & (DIFF_ONLY_A | DIFF_ONLY_B))
			skip_to = r->end;	/* its processes are counted, not listed */
		depth = r->depth;
		if ((size_t)depth + 2 > allocplen) {
			allocplen = ((size_t)depth + 2) * 2;
			plen = xreallocarray(plen, allocplen, sizeof *plen);
		}
		if (depth == 0)
			plen[0] = 0;
		prefix.len = plen[depth];
		last = is_last[i];

		if (r->flags & DIFF_ONLY_A)
			mark = '-';
		else if (r->flags & DIFF_ONLY_B)
			mark = '+';
		else if (r->flags & DIFF_SELF)
			mark = '!';
		else
			mark = ' ';
		dp_wall(wa, sizeof wa, pa, r->a);
		dp_wall(wb, sizeof wb, pb, r->b);
		buf_clear(&line);
		buf_printf(&line, "%c %-10s %-10s %8s %8s  ", mark,
		    dp_state(diff_node_a(d, r), sa, sizeof sa),
		    dp_state(diff_node_b(d, r), sb, sizeof sb), wa, wb);
		buf_add(&line, prefix.p, prefix.len);
		if (depth > 0)
			buf_adds(&line, ascii ? (last ? "`- " : "|- ") : (last ? "└─ " : "├─ "));
		if (r->b != 0)
			dp_argv(&line, pb, r->b, fmtflags);
		else
			dp_argv(&line, pa, r->a, fmtflags);
		if (r->flags & (DIFF_SELF | DIFF_PENDING)) {
			buf_adds(&line, "  [");
			diff_describe(d, r, &line);
			if (r->flags & DIFF_ARGV) {
				buf_adds(&line, ": A ran ");
				dp_argv(&line, pa, r->a, fmtflags);
			}
			below = r->end - i - 1;
			if ((r->flags & (DIFF_ONLY_A | DIFF_ONLY_B)) && below > 0)
				buf_printf(&line, ", with %u process%s below", below,
				    below == 1 ? "" : "es");
			buf_addc(&line, ']');
		}
		buf_addc(&line, '\n');
		fwrite(line.p, 1, line.len, fp);

		/* The prefix of its children. */
		if (depth > 0)
			buf_adds(&prefix, ascii ? (last ? "   " : "|  ") : (last ? "   " : "│  "));
		plen[depth + 1] = prefix.len;
	}
	free(is_last);
out:
	free(plen);
	buf_free(&line);
	buf_free(&prefix);
	fflush(fp);
	return ferror(fp) ? -1 : 0;
}
