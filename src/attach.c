/*
 * attach.c: -p.  See attach.h.
 *
 * Refusals are found before anything is attached, so a bad pid leaves
 * nothing behind.  The descendant walk reads every /proc/N/stat once per
 * pass; processes forked meanwhile are caught either by the fork events of
 * parents already seized (the kernel attaches their children for us) or by
 * the next pass, which repeats until a pass seizes nothing new.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "buf.h"
#include "fmt.h"
#include "log.h"
#include "procfs.h"
#include "tracer.h"
#include "xmalloc.h"

#define CAP_SYS_PTRACE_BIT 19

static struct buf A_scratch, A_name;

/* "1234 (bash)": the pid and its command name, escaped for the terminal. */
static const char *
attach_name(pid_t pid)
{
	static char out[128];
	struct buf esc = BUF_INIT;

	if (procfs_read(pid, "comm", &A_name) == 0 && A_name.len > 0) {
		if (A_name.p[A_name.len - 1] == '\n')
			A_name.p[--A_name.len] = '\0';
		fmt_escape(&esc, A_name.p, A_name.len, 0);
		snprintf(out, sizeof out, "%d (%s)", (int)pid, esc.p);
		buf_free(&esc);
	} else
		snprintf(out, sizeof out, "%d", (int)pid);
	return out;
}

static int
have_cap_ptrace(void)
{
	const char *p;

	if (procfs_read(getpid(), "status", &A_scratch) == -1 ||
	    (p = strstr(A_scratch.p, "\nCapEff:")) == NULL)
		return geteuid() == 0;
	return (strtoull(p + 8, NULL, 16) >> CAP_SYS_PTRACE_BIT) & 1;
}

static int
yama_scope(void)
{
	FILE *fp = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	int scope = 0;

	if (fp == NULL)
		return 0;
	if (fscanf(fp, "%d", &scope) != 1)
		scope = 0;
	fclose(fp);
	return scope;
}

/* Is pid ptop or one of its ancestors? */
static int
is_self_or_ancestor(pid_t pid, int *self)
{
	pid_t p = getpid(), ppid;
	char state;

	*self = pid == p;
	while (p > 1) {
		if (p == pid)
			return 1;
		if (procfs_stat_ppid(p, &ppid, &state, &A_scratch) == -1)
			break;
		p = ppid;
	}
	return pid == 1 && p == 1;
}

/* Why pid cannot be traced by us, as a message; NULL if it looks fine. */
static int
attach_check(pid_t pid)
{
	long tracer, uid, ppid;
	int self, scope;
	const char *p;

	if (is_self_or_ancestor(pid, &self)) {
		if (self)
			log_warnx("-p %d: that is ptop itself", (int)pid);
		else
			log_warnx("-p %s: that is an ancestor of ptop (your shell?): it waits for "
			    "ptop, and tracing it would deadlock it; run ptop from another terminal",
			    attach_name(pid));
		return -1;
	}
	tracer = procfs_status_long(pid, "TracerPid", &A_scratch);
	if (tracer > 0) {
		char who[128];

		snprintf(who, sizeof who, "%s", attach_name((pid_t)tracer));
		log_warnx("-p %s: already traced by %s; a process has one tracer at a time: "
		    "stop that one first", attach_name(pid), who);
		return -1;
	}
	ppid = procfs_status_long(pid, "PPid", &A_scratch);
	if (ppid == 2 || pid == 2) {
		log_warnx("-p %s: that is a kernel thread, which cannot be traced", attach_name(pid));
		return -1;
	}
	if (have_cap_ptrace())
		return 0;
	/* Real, effective, saved and fs uid must all be ours. */
	if (procfs_read(pid, "status", &A_scratch) == 0 &&
	    (p = strstr(A_scratch.p, "\nUid:")) != NULL) {
		char *end;
		int i;

		for (p += 5, i = 0; i < 4; i++, p = end) {
			uid = strtol(p, &end, 10);
			if (end == p)
				break;
			if ((uid_t)uid != getuid()) {
				log_warnx("-p %s: it runs as uid %ld and ptop as uid %ld; run ptop as "
				    "that user, or as root", attach_name(pid), uid, (long)getuid());
				return -1;
			}
		}
	}
	scope = yama_scope();
	if (scope == 1) {
		log_warnx("-p %s: Yama ptrace_scope is 1, so only a process's own descendants can "
		    "be traced; run ptop as root, or allow it: sysctl kernel.yama.ptrace_scope=0",
		    attach_name(pid));
		return -1;
	}
	if (scope >= 2) {
		log_warnx("-p %s: Yama ptrace_scope is %d: %s", attach_name(pid), scope,
		    scope == 2 ? "only root (CAP_SYS_PTRACE) may attach; run ptop as root" :
		    "attaching is disabled until reboot");
		return -1;
	}
	return 0;
}

int
attach_parse(const char *arg, pid_t **pidsp)
{
	char *copy = xstrdup(arg), *tok, *save = NULL, *end;
	pid_t *pids = NULL, pid;
	long tgid, v;
	int n = 0, i;

	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		errno = 0;
		v = strtol(tok, &end, 10);
		if (!isdigit((unsigned char)*tok) || *end != '\0' || errno != 0 || v <= 0 ||
		    v != (pid_t)v) {
			log_warnx("-p: '%s' is not a process id (give numbers separated by commas, "
			    "e.g. -p 1234,5678)", tok);
			goto fail;
		}
		pid = (pid_t)v;
		/* A thread id stands for its whole process. */
		tgid = procfs_status_long(pid, "Tgid", &A_scratch);
		if (tgid <= 0) {
			log_warnx("-p %d: no such process (see ps -e)", (int)pid);
			goto fail;
		}
		pid = (pid_t)tgid;
		for (i = 0; i < n && pids[i] != pid; i++)
			;
		if (i < n)
			continue;
		if (attach_check(pid) != 0)
			goto fail;
		pids = xreallocarray(pids, (size_t)n + 1, sizeof *pids);
		pids[n++] = pid;
	}
	if (n == 0) {
		log_warnx("-p: no process id given (e.g. -p 1234)");
		goto fail;
	}
	free(copy);
	*pidsp = pids;
	return n;
fail:
	free(copy);
	free(pids);
	return -1;
}

/* One pass over /proc: pid -> ppid for every process. */
struct pmap {
	pid_t *pid, *ppid;
	size_t n, alloc;
};

static void
pmap_scan(struct pmap *m)
{
	struct dirent *d;
	pid_t pid, ppid;
	char state;
	DIR *dir;

	m->n = 0;
	if ((dir = opendir("/proc")) == NULL)
		fatal("cannot read /proc");
	while ((d = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = (pid_t)atoi(d->d_name);
		if (procfs_stat_ppid(pid, &ppid, &state, &A_scratch) == -1)
			continue;
		if (m->n == m->alloc) {
			m->alloc = m->alloc ? m->alloc * 2 : 1024;
			m->pid = xreallocarray(m->pid, m->alloc, sizeof *m->pid);
			m->ppid = xreallocarray(m->ppid, m->alloc, sizeof *m->ppid);
		}
		m->pid[m->n] = pid;
		m->ppid[m->n] = ppid;
		m->n++;
	}
	closedir(dir);
}

/* Seize a descendant found in /proc; a refusal is a warning, not the end. */
static int
attach_child(pid_t pid, uint32_t parent)
{
	long tracer;
	int err;

	if (tracer_seize(pid, parent, 0, &err) != 0)
		return 1;
	if (err == ESRCH)
		return 0;
	tracer = procfs_status_long(pid, "TracerPid", &A_scratch);
	if (tracer == getpid())
		return 0;	/* forked by a traced parent: its event is on the way */
	log_warnx("not following %s: %s", attach_name(pid),
	    err == EPERM ? "not permitted (another user's, or setuid)" : strerror(err));
	return 0;
}

static int
attach_depth(pid_t pid)
{
	pid_t ppid;
	char state;
	int d = 0;

	while (pid > 1 && d < 100000 && procfs_stat_ppid(pid, &ppid, &state, &A_scratch) == 0) {
		pid = ppid;
		d++;
	}
	return d;
}

int
attach_all(const pid_t *in, int n)
{
	pid_t *pids = xmemdup(in, (size_t)n * sizeof *in), tmp;
	int *depth = xcalloc((size_t)n, sizeof *depth), dt, a, b;
	struct pmap m = { NULL, NULL, 0, 0 };
	uint32_t parent;
	size_t i;
	int r, err, added;
	pid_t ppid;
	char state;

	/* Roots: an ancestor named too comes first, so parents are known. */
	for (a = 0; a < n; a++)
		depth[a] = attach_depth(pids[a]);
	for (a = 1; a < n; a++) {
		for (b = a; b > 0 && depth[b - 1] > depth[b]; b--) {
			tmp = pids[b]; pids[b] = pids[b - 1]; pids[b - 1] = tmp;
			dt = depth[b]; depth[b] = depth[b - 1]; depth[b - 1] = dt;
		}
	}
	free(depth);
	for (r = 0; r < n; r++) {
		if (tracer_is_traced(pids[r]))
			continue;
		parent = 0;
		if (procfs_stat_ppid(pids[r], &ppid, &state, &A_scratch) == 0)
			parent = tracer_proc_id(ppid);
		if (tracer_seize(pids[r], parent, 1, &err) == 0) {
			if (err == ESRCH)
				log_warnx("-p %d: the process exited before ptop could attach", (int)pids[r]);
			else
				log_warnx("-p %s: cannot attach: %s%s", attach_name(pids[r]), strerror(err),
				    err == EPERM ? " (a seccomp policy or container forbids ptrace?)" : "");
			free(pids);
			return -1;
		}
	}
	free(pids);
	/* Descendants, to any depth, until a pass finds nothing new. */
	do {
		added = 0;
		pmap_scan(&m);
		for (i = 0; i < m.n; i++) {
			if (tracer_is_traced(m.pid[i]) || (parent = tracer_proc_id(m.ppid[i])) == 0)
				continue;
			added += attach_child(m.pid[i], parent);
		}
	} while (added > 0);
	free(m.pid);
	free(m.ppid);
	return 0;
}
