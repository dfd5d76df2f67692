/*
 * detail.c: the detail view's text.  See detail.h.
 *
 * Labels take the first DETAIL_LABEL columns; a long value (an argv element
 * of a megabyte) wraps under its own text, so nothing is cut off.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detail.h"
#include "fmt.h"
#include "xmalloc.h"

#define DETAIL_LABEL 11

void
detail_status_words(struct buf *b, const struct node *n)
{
	if (n->flags & NODE_RUNNING)
		buf_adds(b, "running");
	else if (n->flags & NODE_SIGNALED)
		buf_printf(b, "killed by signal %d (%s: %s)%s", n->status, signal_name(n->status),
		    strsignal(n->status), (n->flags & NODE_CORE) ? ", core dumped" : "");
	else if ((n->flags & NODE_EXITED) && n->status == 0)
		buf_adds(b, "exited with status 0 (success)");
	else if (n->flags & NODE_EXITED)
		buf_printf(b, "exited with status %d (failure)", n->status);
	else if (n->flags & NODE_DETACHED)
		buf_adds(b, "detached: ptop let it go while it was running");
	else
		buf_adds(b, "unknown: the trace ended before it did");
}

static uint16_t
detail_state_attr(const struct node *n)
{
	if (n->flags & NODE_RUNNING)
		return DRAW_BOLD;
	if (n->flags & NODE_SIGNALED)
		return DRAW_MAGENTA | DRAW_BOLD;
	if ((n->flags & NODE_EXITED) && n->status != 0)
		return DRAW_RED | DRAW_BOLD;
	return DRAW_DEFAULT;
}

/* "label      value" with the value already safe. */
static void
detail_field(struct pager *p, uint16_t attr, const char *label, const char *value, size_t len)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%-*s", DETAIL_LABEL, label);
	buf_add(&b, value, len);
	pager_add(p, attr, DETAIL_LABEL, b.p, b.len);
	buf_free(&b);
}

static void
detail_fieldf(struct pager *p, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
detail_fieldf(struct pager *p, const char *label, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_printf(&b, "%-*s", DETAIL_LABEL, label);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pager_add(p, DRAW_DEFAULT, DETAIL_LABEL, b.p, b.len);
	buf_free(&b);
}

/* "+1.234s (2026-11-27 14:03:05.123)" */
static void
detail_when(char *out, size_t size, const struct ptree *pt, int64_t t_us)
{
	double start = ptree_info(pt)->start, at;
	char rel[32], clock[48];
	struct tm tm;
	time_t sec;

	fmt_duration(rel, sizeof rel, t_us < 0 ? -t_us : t_us);
	clock[0] = '\0';
	if (start > 0) {
		at = start + t_us / 1e6;
		sec = (time_t)at;
		if (localtime_r(&sec, &tm) != NULL) {
			strftime(clock, sizeof clock, "%Y-%m-%d %H:%M:%S", &tm);
			snprintf(clock + strlen(clock), sizeof clock - strlen(clock), ".%03d",
			    (int)((at - (double)sec) * 1000));
		}
	}
	snprintf(out, size, "%s%s  (%s)", t_us < 0 ? "-" : "+", rel, clock);
}

static void
detail_argv_lines(struct pager *p, const struct exec_rec *x, int fmt_flags)
{
	struct argv_buf a = { x->args, exec_arglen(x) };
	struct buf b = BUF_INIT;
	size_t pos = 0, len, i = 0, n = argv_count(&a);
	const char *arg;
	int prefix;

	pager_addf(p, DRAW_BOLD, 0, "argv: %zu argument%s", n, n == 1 ? "" : "s");
	while ((arg = argv_next(&a, &pos, &len)) != NULL) {
		buf_clear(&b);
		buf_printf(&b, "  [%zu] ", i++);
		prefix = (int)b.len;
		fmt_escape(&b, arg, len, fmt_flags);
		pager_add(p, DRAW_DEFAULT, prefix, b.p, b.len);
	}
	buf_free(&b);
}

/* When an exec happened (the one place that knows the field's unit). */
static int64_t
detail_exec_us(const struct exec_rec *x)
{
	return (int64_t)x->t_ms * 1000;
}

static void
detail_exec_chain(struct pager *p, const struct ptree *pt, const struct exec_rec *last,
    int fmt_flags)
{
	const struct exec_rec *x, **chain = NULL;
	size_t n = 0, i;
	struct buf b = BUF_INIT;
	struct argv_buf a;
	char rel[32];
	int prefix;

	for (x = last; x != NULL; x = exec_prev(x))
		n++;
	chain = xreallocarray(NULL, n, sizeof *chain);
	for (i = n, x = last; x != NULL; x = exec_prev(x))
		chain[--i] = x;
	pager_addf(p, DRAW_BOLD, 0, "exec chain: %zu exec%s, oldest first", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		x = chain[i];
		buf_clear(&b);
		buf_printf(&b, "  %zu. +%s  ", i + 1, fmt_duration(rel, sizeof rel, detail_exec_us(x)));
		prefix = (int)b.len;
		a.data = x->args;
		a.len = exec_arglen(x);
		fmt_argv(&b, &a, fmt_flags);
		pager_add(p, i + 1 == n ? DRAW_BOLD : DRAW_DEFAULT, prefix, b.p, b.len);
		buf_clear(&b);
		buf_printf(&b, "%*sexe ", prefix, "");
		fmt_escape(&b, ptree_str(pt, x->exe), strlen(ptree_str(pt, x->exe)), fmt_flags);
		buf_adds(&b, "   cwd ");
		fmt_escape(&b, ptree_str(pt, x->cwd), strlen(ptree_str(pt, x->cwd)), fmt_flags);
		pager_add(p, DRAW_DIM, prefix, b.p, b.len);
	}
	free(chain);
	buf_free(&b);
}

static void
detail_times(struct pager *p, const struct ptree *pt, const struct node *n, int64_t now_us)
{
	char when[96], d[32];

	detail_when(when, sizeof when, pt, n->start_us);
	if (n->flags & NODE_ATTACHED)
		detail_fieldf(p, "started", "%s, before ptop attached", when);
	else
		detail_fieldf(p, "started", "%s", when);
	if (n->flags & NODE_RUNNING) {
		detail_fieldf(p, "ended", "not yet");
		detail_fieldf(p, "duration", "%s so far", fmt_duration(d, sizeof d, now_us - n->start_us));
	} else {
		detail_when(when, sizeof when, pt, n->end_us);
		detail_fieldf(p, "ended", "%s", when);
		detail_fieldf(p, "duration", "%s%s", fmt_duration(d, sizeof d, n->end_us - n->start_us),
		    (n->flags & NODE_ATTACHED) ? " since ptop attached" : "");
	}
}

static void
detail_usage(struct pager *p, const struct ptree *pt, const struct node *n)
{
	char u[32], s[32], r[32];

	if (ptree_info(pt)->from_strace) {
		detail_fieldf(p, "CPU", "not in an strace log");
		detail_fieldf(p, "peak RSS", "not in an strace log");
		return;
	}
	if (n->flags & (NODE_EXITED | NODE_SIGNALED)) {
		fmt_duration(u, sizeof u, (int64_t)n->utime_ms * 1000);
		fmt_duration(s, sizeof s, (int64_t)n->stime_ms * 1000);
		detail_fieldf(p, "CPU", "user %s, system %s (with the children it waited for)", u, s);
		detail_fieldf(p, "peak RSS", "%s", fmt_kib(r, sizeof r, n->maxrss_kb));
		detail_fieldf(p, "threads", "%u in its life", n->nthreads);
	} else {
		detail_fieldf(p, "CPU", "known when it exits");
		detail_fieldf(p, "peak RSS", "known when it exits");
		detail_fieldf(p, "threads", "%u now", n->nthreads);
	}
}

static void
detail_family(struct pager *p, const struct ptree *pt, uint32_t id, int fmt_flags)
{
	const struct node *n = ptree_node(pt, id), *parent;
	const struct exec_rec *x;
	struct buf b = BUF_INIT;
	uint32_t c, nchildren = 0;

	if (n->parent == 0) {
		detail_fieldf(p, "parent", "none: %s", (n->flags & NODE_ATTACHED) ?
		    "an attached process" : "the launched command");
	} else {
		parent = ptree_node(pt, n->parent);
		buf_printf(&b, "%d  ", (int)parent->pid);
		if ((x = ptree_shown_exec(pt, n->parent)) != NULL) {
			struct argv_buf a = { x->args, exec_arglen(x) };
			fmt_argv(&b, &a, fmt_flags);
		}
		detail_field(p, DRAW_DEFAULT, "parent", b.p, b.len);
	}
	for (c = ptree_first_child(pt, id); c != 0; c = ptree_next(pt, c))
		nchildren++;
	detail_fieldf(p, "children", "%u; %u descendants, %u failed, %u running", nchildren,
	    n->ndesc, n->nbad, n->nrunning);
	buf_free(&b);
}

void
detail_build(struct pager *p, const struct ptree *pt, uint32_t id, int64_t now_us, int flags,
    int fmt_flags)
{
	const struct node *n = ptree_node(pt, id);
	const struct exec_rec *x;
	struct buf b = BUF_INIT;
	char title[96];
	size_t top = p->top;

	pager_clear(p);
	if (n == NULL || id == 0) {
		pager_set_title(p, " No process");
		return;
	}
	snprintf(title, sizeof title, " Process %d (trace id %u)", (int)n->pid, id);
	pager_set_title(p, title);

	detail_status_words(&b, n);
	detail_field(p, detail_state_attr(n), "state", b.p, b.len);
	x = ptree_shown_exec(pt, id);
	buf_clear(&b);
	if (x != NULL) {
		struct argv_buf a = { x->args, exec_arglen(x) };
		fmt_argv(&b, &a, fmt_flags);
	} else
		buf_adds(&b, "?");
	detail_field(p, DRAW_BOLD, "command", b.p, b.len);
	detail_fieldf(p, "pid", "%d", (int)n->pid);
	detail_family(p, pt, id, fmt_flags);
	detail_times(p, pt, n, now_us);
	detail_usage(p, pt, n);
	if (x != NULL) {
		buf_clear(&b);
		fmt_escape(&b, ptree_str(pt, x->exe), strlen(ptree_str(pt, x->exe)), fmt_flags);
		detail_field(p, DRAW_DEFAULT, "exe", b.p, b.len);
		buf_clear(&b);
		if (x->cwd == 0)
			buf_adds(&b, ptree_info(pt)->from_strace ? "unknown (not in an strace log)" :
			    "unknown");
		else {
			fmt_escape(&b, ptree_str(pt, x->cwd), strlen(ptree_str(pt, x->cwd)), fmt_flags);
			/* Only an exec's stop tells where a process is: the parent's then. */
			if (node_own_exec(n) == NULL)
				buf_adds(&b, "  (its parent's, at that exec)");
		}
		detail_field(p, DRAW_DEFAULT, "cwd", b.p, b.len);
	}
	pager_add(p, DRAW_DEFAULT, 0, "", 0);
	detail_tries(p, pt, id, fmt_flags);
	if (node_own_exec(n) == NULL) {
		pager_addf(p, DRAW_DIM, 0, "It never called exec: it runs the program its parent "
		    "ran when it forked, and shows that argv.");
		detail_shell_status(p, pt, id);
		pager_add(p, DRAW_DEFAULT, 0, "", 0);
	}
	if (x != NULL) {
		detail_argv_lines(p, x, fmt_flags);
		pager_add(p, DRAW_DEFAULT, 0, "", 0);
	}
	if (node_own_exec(n) != NULL) {
		detail_exec_chain(p, pt, node_own_exec(n), fmt_flags);
		pager_add(p, DRAW_DEFAULT, 0, "", 0);
	}
	detail_why(p, pt, id, flags, fmt_flags);
	p->top = top;
	buf_free(&b);
}
