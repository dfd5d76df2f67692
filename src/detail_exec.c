/*
 * detail_exec.c: the parts of the detail view that say why an exec went
 * as it did: the failed attempts, the environment against the parent's,
 * where stdin, stdout and stderr pointed (a pipe's other end named), and
 * a command that reruns it.  See detail.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detail.h"
#include "envtab.h"
#include "fmt.h"
#include "repro.h"

/* An environment block as entries NUL-terminated, into b. */
static void
detail_env_buf(const struct ptree *pt, uint32_t block, struct buf *b)
{
	const struct envtab *t = ptree_env(pt);
	size_t i, n = envtab_count(t, block), len;
	const char *e;

	buf_clear(b);
	for (i = 0; i < n; i++) {
		e = envtab_entry(t, block, i, &len);
		buf_add(b, e, len + 1);
	}
}

/* ---- failed attempts ---------------------------------------------------------- */

void
detail_tries(struct pager *p, const struct ptree *pt, uint32_t id, int fmt_flags)
{
	const struct try_rec *r, **list = NULL;
	size_t count = 0, i;
	struct buf b = BUF_INIT;
	char rel[32];

	if (ptree_info(pt)->mode == TRACE_ATTACH || ptree_info(pt)->no_execfail) {
		pager_addf(p, DRAW_DIM, 0, "Failed exec attempts are not recorded: %s.",
		    ptree_info(pt)->mode == TRACE_ATTACH ? "ptop cannot add its seccomp filter "
		    "to processes it attached to" :
		    "the run was traced with --no-execfail, or this system gave ptop no seccomp filter");
		pager_add(p, DRAW_DEFAULT, 0, "", 0);
		return;
	}
	for (r = ptree_tries(pt, id); r != NULL; r = r->next)
		count++;
	if (count == 0)
		return;
	list = calloc(count, sizeof *list);
	for (i = count, r = ptree_tries(pt, id); r != NULL; r = r->next)
		list[--i] = r;
	pager_addf(p, DRAW_BOLD, 0, "exec attempts that failed: %zu, oldest first", count);
	for (i = 0; i < count; i++) {
		r = list[i];
		buf_clear(&b);
		buf_printf(&b, "  +%s  ", fmt_duration(rel, sizeof rel, (int64_t)r->t_ms * 1000));
		fmt_escape(&b, ptree_str(pt, r->path), strlen(ptree_str(pt, r->path)), fmt_flags);
		buf_printf(&b, ": %s (%s)", errno_name(r->err), try_err_words(r->err));
		pager_add(p, r->then_exec ? DRAW_DEFAULT : DRAW_RED, 4, b.p, b.len);
		if (i > 0 && list[i - 1]->arglen == r->arglen && list[i - 1]->cut == r->cut &&
		    memcmp(list[i - 1]->args, r->args, r->arglen) == 0)
			continue;	/* the same argv as the attempt before */
		buf_clear(&b);
		buf_adds(&b, "    argv ");
		fmt_argv(&b, &(struct argv_buf){ r->args, r->arglen }, fmt_flags);
		if (r->cut)
			buf_adds(&b, ptree_info(pt)->from_strace ? " ... (cut: strace -s kept no more)" :
			    " ... (cut: longer than ptop keeps)");
		pager_add(p, DRAW_DIM, 8, b.p, b.len);
	}
	pager_add(p, DRAW_DEFAULT, 0, "", 0);
	free(list);
	buf_free(&b);
}

/*
 * A shell's child that never exec'd and exits 127 or 126: shells search
 * PATH themselves and exec only what they found, so there is no attempt
 * to show; say what the status means, honestly.
 */
void
detail_shell_status(struct pager *p, const struct ptree *pt, uint32_t id)
{
	const struct node *n = ptree_node(pt, id);
	const struct exec_rec *x = ptree_shown_exec(pt, id);
	const char *exe, *base;

	if (x == NULL || !(n->flags & NODE_EXITED) || (n->status != 127 && n->status != 126) ||
	    ptree_exec_failure(pt, id) != NULL)
		return;
	exe = ptree_str(pt, x->exe);
	base = strrchr(exe, '/') != NULL ? strrchr(exe, '/') + 1 : exe;
	if (strcmp(base, "sh") != 0 && strcmp(base, "bash") != 0 && strcmp(base, "dash") != 0 &&
	    strcmp(base, "zsh") != 0 && strcmp(base, "ksh") != 0 && strcmp(base, "busybox") != 0)
		return;
	pager_addf(p, DRAW_YELLOW, 0, "A shell that exits %d without an exec %s: shells look "
	    "commands up in PATH themselves and exec only what they find, so no exec attempt "
	    "names it; its stderr (the pane, or --log) does.", n->status,
	    n->status == 127 ? "found no such command" : "found a command it could not execute");
}

/* ---- environment --------------------------------------------------------------- */

static void
detail_env_line(struct pager *p, uint16_t attr, const char *mark, const char *s, size_t len,
    const char *old, size_t oldlen, int fmt_flags)
{
	struct buf b = BUF_INIT;
	size_t nlen = envtab_name_len(s, len);

	buf_printf(&b, "  %s ", mark);
	if (old == NULL)
		fmt_escape(&b, s, len, fmt_flags);
	else {
		/* "~ NAME: old -> new" */
		fmt_escape(&b, s, nlen, fmt_flags);
		buf_adds(&b, ": ");
		fmt_escape(&b, old + nlen + (nlen < oldlen), oldlen - nlen - (nlen < oldlen), fmt_flags);
		buf_adds(&b, " -> ");
		fmt_escape(&b, s + nlen + (nlen < len), len - nlen - (nlen < len), fmt_flags);
	}
	pager_add(p, attr, 4, b.p, b.len);
	buf_free(&b);
}

static void
detail_env(struct pager *p, const struct ptree *pt, uint32_t id, int flags, int fmt_flags)
{
	const struct envtab *t = ptree_env(pt);
	const struct exec_rec *x = ptree_shown_exec(pt, id), *px = ptree_forked_with(pt, id);
	uint32_t mine = x != NULL ? x->env : 0, theirs = px != NULL ? px->env : 0;
	size_t i, n, len, olen, changes = 0;
	const char *e, *o;

	if (mine == 0) {
		pager_addf(p, DRAW_DIM, 0, "environment: not recorded%s",
		    ptree_info(pt)->from_strace ? " (not read from strace logs)" :
		    ptree_info(pt)->no_env ? " (--no-env)" : "");
		pager_add(p, DRAW_DEFAULT, 0, "", 0);
		return;
	}
	n = envtab_count(t, mine);
	if ((flags & DETAIL_FULL_ENV) || theirs == 0) {
		pager_addf(p, DRAW_BOLD, 0, "environment: %zu entries%s", n,
		    (flags & DETAIL_FULL_ENV) ? " (e: the difference from its parent's)" : "");
		for (i = 0; i < n; i++) {
			e = envtab_entry(t, mine, i, &len);
			detail_env_line(p, DRAW_DEFAULT, " ", e, len, NULL, 0, fmt_flags);
		}
		pager_add(p, DRAW_DEFAULT, 0, "", 0);
		return;
	}
	pager_addf(p, DRAW_BOLD, 0, "environment: %zu entries; against its parent's "
	    "(e: all of it)", n);
	if (mine != theirs) {
		for (i = 0; i < n; i++) {
			e = envtab_entry(t, mine, i, &len);
			o = envtab_find(t, theirs, e, envtab_name_len(e, len), &olen);
			if (o == NULL) {
				detail_env_line(p, DRAW_GREEN, "+", e, len, NULL, 0, fmt_flags);
				changes++;
			} else if (olen != len || memcmp(o, e, len) != 0) {
				detail_env_line(p, DRAW_YELLOW, "~", e, len, o, olen, fmt_flags);
				changes++;
			}
		}
		for (i = 0; i < envtab_count(t, theirs); i++) {
			e = envtab_entry(t, theirs, i, &len);
			if (envtab_find(t, mine, e, envtab_name_len(e, len), &olen) == NULL) {
				detail_env_line(p, DRAW_RED, "-", e, envtab_name_len(e, len), NULL, 0,
				    fmt_flags);
				changes++;
			}
		}
	}
	if (changes == 0)
		pager_addf(p, DRAW_DIM, 4, "  the same as its parent's");
	pager_add(p, DRAW_DEFAULT, 0, "", 0);
}

/* ---- stdio ------------------------------------------------------------------------ */

/*
 * The processes that had the other end of a pipe on their stdio at their
 * exec: readers (fd 0) for a writer, writers (fd 1, 2) for a reader, whose
 * lives overlap.  A scan of every exec record: done when the view is built.
 */
static void
detail_pipe_peers(struct buf *b, const struct ptree *pt, uint32_t id, uint32_t sid, int fd,
    int fmt_flags)
{
	const struct node *me = ptree_node(pt, id), *n;
	const struct exec_rec *x;
	uint32_t other, shown = 0, more = 0;
	int k, lo = fd == 0 ? 1 : 0, hi = fd == 0 ? 2 : 0;

	for (other = 1; other <= ptree_size(pt); other++) {
		if (other == id || (x = node_own_exec(n = ptree_node(pt, other))) == NULL)
			continue;
		for (k = lo; k <= hi; k++) {
			if (ptree_stdio(pt, x->stdio, k) != sid)
				continue;
			if ((n->end_us >= 0 && n->end_us < me->start_us) ||
			    (me->end_us >= 0 && me->end_us < n->start_us))
				continue;	/* not at the same time: the inode came back */
			if (shown++ < 2) {
				buf_printf(b, "%s%d ", shown > 1 ? ", " : " -> ", (int)n->pid);
				fmt_argv(b, &(struct argv_buf){ x->args, exec_arglen(x) }, fmt_flags);
			} else
				more++;
			break;
		}
	}
	if (more > 0)
		buf_printf(b, " and %u more", more);
	if (shown == 0)
		buf_adds(b, " (no other traced process had its other end)");
}

static void
detail_stdio(struct pager *p, const struct ptree *pt, uint32_t id, int fmt_flags)
{
	static const char *const names[3] = { "stdin", "stdout", "stderr" };
	const struct exec_rec *x = node_own_exec(ptree_node(pt, id));
	struct buf b = BUF_INIT;
	const char *s;
	uint32_t sid;
	int fd;

	if (x == NULL || x->stdio == 0)
		return;
	pager_addf(p, DRAW_BOLD, 0, "stdio at its exec");
	for (fd = 0; fd < 3; fd++) {
		buf_clear(&b);
		buf_printf(&b, "  %-7s", names[fd]);
		sid = ptree_stdio(pt, x->stdio, fd);
		s = ptree_str(pt, sid);
		if (sid == 0)
			buf_adds(&b, "closed");
		else if (strncmp(s, "pipe:[", 6) == 0) {
			buf_adds(&b, "pipe");
			detail_pipe_peers(&b, pt, id, sid, fd, fmt_flags);
		} else
			fmt_escape(&b, s, strlen(s), fmt_flags);
		pager_add(p, DRAW_DEFAULT, 9, b.p, b.len);
	}
	pager_add(p, DRAW_DEFAULT, 0, "", 0);
	buf_free(&b);
}

/* ---- the command that reruns it ------------------------------------------------------ */

extern char **environ;

int
detail_repro(struct buf *out, const struct ptree *pt, uint32_t id, int full)
{
	const struct exec_rec *x = ptree_shown_exec(pt, id);
	struct buf env = BUF_INIT, mine = BUF_INIT;
	struct argv_buf from;
	struct repro r;
	char **e;
	int flags;

	if (x == NULL)
		return -1;
	memset(&r, 0, sizeof r);
	r.cwd = x->cwd != 0 ? ptree_str(pt, x->cwd) : NULL;
	r.exe = x->exe != 0 ? ptree_str(pt, x->exe) : NULL;
	r.argv.data = x->args;
	r.argv.len = exec_arglen(x);
	if (x->env != 0) {
		detail_env_buf(pt, x->env, &env);
		r.env.data = env.p != NULL ? env.p : "";
		r.env.len = env.len;
	}
	if (!full) {
		/* Against ptop's own environment: what a shell like ptop's lacks. */
		for (e = environ; e != NULL && *e != NULL; e++)
			buf_add(&mine, *e, strlen(*e) + 1);
		from.data = mine.p != NULL ? mine.p : "";
		from.len = mine.len;
		r.from = &from;
	}
	flags = repro_command(out, &r);
	buf_free(&env);
	buf_free(&mine);
	return flags;
}

static void
detail_rerun(struct pager *p, const struct ptree *pt, uint32_t id, int fmt_flags)
{
	struct buf cmd = BUF_INIT, b = BUF_INIT;
	int flags;

	if ((flags = detail_repro(&cmd, pt, id, 0)) < 0)
		return;
	pager_addf(p, DRAW_BOLD, 0, "to run it again (c copies this, C with env -i and all "
	    "of its environment)");
	buf_adds(&b, "  ");
	fmt_escape(&b, cmd.p, cmd.len, fmt_flags);	/* printable already; ASCII for a C locale */
	pager_add(p, DRAW_DEFAULT, 4, b.p, b.len);
	if (flags & REPRO_ARGV0)
		pager_addf(p, DRAW_DIM, 4, "  (its argv[0] was not its program's path: a POSIX "
		    "shell cannot give that; the program gets its path there)");
	if (flags & REPRO_ENV_LOST)
		pager_addf(p, DRAW_DIM, 4, "  (its environment has entries env(1) cannot set: "
		    "without '=', or a name given twice)");
	if (flags & REPRO_NO_ENV)
		pager_addf(p, DRAW_DIM, 4, "  (its environment was not recorded: the command "
		    "runs with yours)");
	pager_add(p, DRAW_DEFAULT, 0, "", 0);
	buf_free(&cmd);
	buf_free(&b);
}

void
detail_why(struct pager *p, const struct ptree *pt, uint32_t id, int flags, int fmt_flags)
{
	detail_stdio(p, pt, id, fmt_flags);
	detail_env(p, pt, id, flags, fmt_flags);
	detail_rerun(p, pt, id, fmt_flags);
}
