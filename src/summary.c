/*
 * summary.c: the --summary text.  See summary.h.
 *
 * One pass over the processes for the totals and the longest ones (kept
 * in a small sorted array), the critical path from critpath.c, the
 * programs from the profile.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "buf.h"
#include "critpath.h"
#include "fmt.h"
#include "summary.h"

/* Bytes of a command shown, at most: a line of a log, not a megabyte of argv. */
#define SUMMARY_CMD_MAX 200

static int
summary_fmt(int flags)
{
	return (flags & BATCH_ESCAPE8) ? FMT_ASCII : 0;
}

/* Its end: when it ended, or the end of the trace. */
static int64_t
summary_end(const struct ptree *pt, const struct node *n)
{
	return n->end_us >= 0 ? n->end_us : ptree_last_t(pt);
}

static int64_t
summary_wall(const struct ptree *pt, const struct node *n)
{
	return summary_end(pt, n) - n->start_us;
}

/* An argv, escaped, cut to SUMMARY_CMD_MAX bytes. */
static void
summary_argv(struct buf *b, const struct argv_buf *a, int flags)
{
	size_t start = b->len, cut;

	fmt_argv(b, a, summary_fmt(flags));
	if (b->len - start <= SUMMARY_CMD_MAX)
		return;
	cut = start + SUMMARY_CMD_MAX;
	while (cut > start && ((unsigned char)b->p[cut] & 0xc0) == 0x80)
		cut--;	/* not inside a UTF-8 sequence */
	b->len = cut;
	b->p[cut] = '\0';
	buf_adds(b, (flags & BATCH_ASCII) ? " ..." : " \xe2\x80\xa6");
}

/* The command of a process. */
static void
summary_cmd(struct buf *b, const struct ptree *pt, uint32_t id, int flags)
{
	const struct exec_rec *x = ptree_shown_exec(pt, id);

	if (x == NULL)
		buf_adds(b, "?");
	else
		summary_argv(b, &(struct argv_buf){ x->args, exec_arglen(x) }, flags);
}

static void
summary_totals(struct buf *b, const struct ptree *pt, int64_t cpu, const struct tl_hist *hist,
    int flags)
{
	const struct ptree_stats *s = ptree_stats(pt);
	const struct trace_info *info = ptree_info(pt);
	uint32_t id, lost = 0, detached = 0;
	int64_t wall = ptree_last_t(pt);
	char t[32];

	for (id = 1; id <= ptree_size(pt); id++) {
		lost += (ptree_node(pt, id)->flags & NODE_LOST) != 0;
		detached += (ptree_node(pt, id)->flags & NODE_DETACHED) != 0;
	}
	buf_adds(b, "\nSummary: ");
	if (info->mode == TRACE_ATTACH)
		buf_adds(b, "-p ");
	summary_argv(b, &info->argv, flags);
	buf_printf(b, "\n  processes  %u: %u failed, %u killed", s->total, s->failed, s->signaled);
	if (lost > 0)
		buf_printf(b, ", %u lost (the trace ended first)", lost);
	if (detached > 0)
		buf_printf(b, ", %u detached", detached);
	if (s->attached > 0)
		buf_printf(b, ", %u attached", s->attached);
	buf_printf(b, "\n  wall       %s\n", fmt_duration(t, sizeof t, wall));
	buf_printf(b, "  CPU        %s", fmt_duration(t, sizeof t, cpu));
	if (wall > 0)
		buf_printf(b, ", %.1f processes busy on average", (double)cpu / (double)wall);
	buf_addc(b, '\n');
	if (hist != NULL)
		buf_printf(b, "  parallel   at most %u process%s at once\n", tl_hist_peak(hist),
		    tl_hist_peak(hist) == 1 ? "" : "es");
}

static void
summary_critical(struct buf *b, const struct ptree *pt, int flags)
{
	struct critpath *cp = critpath_new(pt);
	const struct node *n, *next;
	size_t i, len;
	int64_t self, total;
	char s[32], w[32], sf[32];

	critpath_sync(cp);
	len = critpath_len(cp);
	total = len > 0 ? summary_wall(pt, ptree_node(pt, critpath_id(cp, 0))) : 0;
	buf_printf(b, "\nCritical path: %zu step%s, %s\n", len, len == 1 ? "" : "s",
	    fmt_duration(w, sizeof w, total));
	if (len > 0)
		buf_printf(b, "  %9s %9s %9s  %s\n", "START", "TIME", "SELF", "COMMAND");
	for (i = 0; i < len; i++) {
		n = ptree_node(pt, critpath_id(cp, i));
		/* Self: its time outside the next step. */
		self = summary_wall(pt, n);
		if (i + 1 < len) {
			next = ptree_node(pt, critpath_id(cp, i + 1));
			self -= summary_wall(pt, next);
			if (self < 0)
				self = 0;
		}
		buf_printf(b, "  %9s %9s %9s  %*s", fmt_duration(s, sizeof s, n->start_us),
		    fmt_duration(w, sizeof w, summary_wall(pt, n)),
		    fmt_duration(sf, sizeof sf, self), (int)(i < 20 ? i : 20), "");
		summary_cmd(b, pt, critpath_id(cp, i), flags);
		buf_addc(b, '\n');
	}
	critpath_free(cp);
}

static void
summary_longest(struct buf *b, const struct ptree *pt, int flags)
{
	uint32_t top[SUMMARY_LONGEST], id;
	int64_t wall[SUMMARY_LONGEST], d;
	size_t n = 0, i, j;
	char s[32], w[32];

	for (id = 1; id <= ptree_size(pt); id++) {
		d = summary_wall(pt, ptree_node(pt, id));
		if (n == SUMMARY_LONGEST && d <= wall[n - 1])
			continue;
		/* Insert, longest first; the first seen wins a tie. */
		for (i = n < SUMMARY_LONGEST ? n : n - 1; i > 0 && wall[i - 1] < d; i--) {
			wall[i] = wall[i - 1];
			top[i] = top[i - 1];
		}
		wall[i] = d;
		top[i] = id;
		if (n < SUMMARY_LONGEST)
			n++;
	}
	buf_printf(b, "\nLongest processes:\n  %9s %9s %7s  %s\n", "TIME", "START", "PID",
	    "COMMAND");
	for (j = 0; j < n; j++) {
		const struct node *nd = ptree_node(pt, top[j]);

		buf_printf(b, "  %9s%s %9s %7d  ", fmt_duration(w, sizeof w, wall[j]),
		    (nd->flags & NODE_ATTACHED) ? "+" : " ",
		    fmt_duration(s, sizeof s, nd->start_us), (int)nd->pid);
		summary_cmd(b, pt, top[j], flags);
		buf_addc(b, '\n');
	}
}

static void
summary_programs(struct buf *b, const struct profile_row *rows, size_t n, int flags)
{
	char w[32], c[32], cpu[32], rss[32];
	size_t i;

	buf_printf(b, "\nPrograms, by wall time:\n  %7s %6s %9s %9s %9s %7s  %s\n", "COUNT",
	    "FAILED", "WALL", "COVERED", "CPU", "MAXRSS", "PROGRAM");
	for (i = 0; i < n && i < SUMMARY_PROGRAMS; i++) {
		if (rows[i].maxrss_kb > 0)
			fmt_kib(rss, sizeof rss, rows[i].maxrss_kb);
		else
			snprintf(rss, sizeof rss, "-");
		buf_printf(b, "  %7u %6u %9s %9s %9s %7s  ", rows[i].count, rows[i].failed,
		    fmt_duration(w, sizeof w, rows[i].wall_us),
		    fmt_duration(c, sizeof c, rows[i].covered_us),
		    fmt_duration(cpu, sizeof cpu, rows[i].cpu_us), rss);
		fmt_escape(b, rows[i].name, rows[i].namelen, summary_fmt(flags));
		buf_addc(b, '\n');
	}
	if (n > SUMMARY_PROGRAMS)
		buf_printf(b, "  (%zu more programs)\n", n - SUMMARY_PROGRAMS);
}

int
summary_print(FILE *fp, const struct ptree *pt, struct profile *prof,
    const struct tl_hist *hist, int flags)
{
	const struct profile_row *rows = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0, i;
	int64_t cpu = 0;

	if (prof != NULL)
		rows = profile_rows(prof, ptree_last_t(pt), PROF_WALL, 1, &n);
	for (i = 0; i < n; i++)
		cpu += rows[i].cpu_us;
	summary_totals(&b, pt, cpu, hist, flags);
	summary_critical(&b, pt, flags);
	summary_longest(&b, pt, flags);
	if (prof != NULL)
		summary_programs(&b, rows, n, flags);
	fwrite(b.p, 1, b.len, fp);
	buf_free(&b);
	fflush(fp);
	return ferror(fp) ? -1 : 0;
}
