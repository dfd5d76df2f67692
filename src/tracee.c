/*
 * tracee.c: reading a stopped tracee; the exec attempt filter.  See tracee.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kcmp.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "procfs.h"
#include "tracee.h"

#define X32_BIT	0x40000000u

/* The system call numbers of execve and execveat, per architecture a process may have. */
static const struct {
	uint32_t arch;
	uint32_t execve[2];	/* native, x32 (0: none) */
	uint32_t execveat[2];
	int ptr4;		/* 32-bit pointers */
} tracee_arches[] = {
#if defined(__x86_64__)
	{ AUDIT_ARCH_X86_64, { 59, X32_BIT | 520 }, { 322, X32_BIT | 545 }, 0 },
	{ AUDIT_ARCH_I386, { 11, 0 }, { 358, 0 }, 1 },
#elif defined(__aarch64__)
	{ AUDIT_ARCH_AARCH64, { 221, 0 }, { 281, 0 }, 0 },
	{ AUDIT_ARCH_ARM, { 11, 0 }, { 387, 0 }, 1 },
#elif defined(__i386__)
	{ AUDIT_ARCH_I386, { 11, 0 }, { 358, 0 }, 1 },
#endif
	{ 0, { 0, 0 }, { 0, 0 }, 0 },
};

/*
 * The calls that change how a process sees the files (predict.h), trapped
 * too, native ones only: a process of another architecture (or x32) has
 * its errno read at the exit stop, never predicted.
 */
static const uint32_t tracee_view_calls[] = {
#define V(name) SYS_##name,
#ifdef SYS_setuid
	V(setuid) V(setgid) V(setreuid) V(setregid) V(setresuid) V(setresgid)
	V(setfsuid) V(setfsgid) V(setgroups)
#endif
#ifdef SYS_setuid32
	V(setuid32) V(setgid32) V(setreuid32) V(setregid32) V(setresuid32) V(setresgid32)
	V(setfsuid32) V(setfsgid32) V(setgroups32)
#endif
	V(capset) V(chroot) V(pivot_root) V(unshare) V(setns)
#undef V
};
#define TRACEE_NVIEW (sizeof tracee_view_calls / sizeof tracee_view_calls[0])

int
tracee_can_trap_execs(void)
{
	return tracee_arches[0].arch != 0;
}

/* ---- the filter ------------------------------------------------------------- */

int
tracee_trap_execs(void)
{
	struct sock_filter prog[96];
	struct sock_fprog fp;
	size_t k = 0, a, trace_at, i;
	size_t jumps[64], njumps = 0;
	uint32_t nrs[4 + TRACEE_NVIEW];
	size_t n;

	if (!tracee_can_trap_execs()) {
		errno = ENOSYS;
		return -1;
	}
	prog[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	for (a = 0; tracee_arches[a].arch != 0; a++) {
		n = 0;
		for (i = 0; i < 2; i++) {
			if (tracee_arches[a].execve[i] != 0)
				nrs[n++] = tracee_arches[a].execve[i];
			if (tracee_arches[a].execveat[i] != 0)
				nrs[n++] = tracee_arches[a].execveat[i];
		}
		for (i = 0; a == 0 && i < TRACEE_NVIEW; i++)
			nrs[n++] = tracee_view_calls[i];
		/* Another architecture: skip this block (load nr, the tests, allow). */
		prog[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    tracee_arches[a].arch, 0, (uint8_t)(1 + n + 1));
		prog[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr));
		for (i = 0; i < n; i++) {
			jumps[njumps++] = k;	/* jt filled in below */
			prog[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nrs[i], 0, 0);
		}
		prog[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	}
	prog[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	trace_at = k;
	prog[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	for (i = 0; i < njumps; i++)
		prog[jumps[i]].jt = (uint8_t)(trace_at - jumps[i] - 1);
	fp.len = (unsigned short)k;
	fp.filter = prog;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) == 0)
		return 0;
	if (errno != EACCES)
		return -1;
	/* No CAP_SYS_ADMIN: the filter needs no_new_privs, which changes nothing here. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp);
}

/* ---- memory ----------------------------------------------------------------- */

/* Bytes from addr to the end of its page: a read never crosses into an unmapped one. */
static size_t
tracee_page_left(uint64_t addr)
{
	long page = sysconf(_SC_PAGESIZE);

	return (size_t)(page - (long)(addr % (uint64_t)page));
}

static ssize_t
tracee_read(pid_t pid, uint64_t addr, void *out, size_t len)
{
	struct iovec local = { out, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };

	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

/*
 * Append the string at addr (without its NUL) to b, at most max bytes.
 * 0 at its NUL, 1 cut at max, -1 unreadable.
 */
static int
tracee_read_str(pid_t pid, uint64_t addr, struct buf *b, size_t max)
{
	size_t chunk, got = 0;
	ssize_t n;
	char *nul;

	while (got < max) {
		chunk = tracee_page_left(addr);
		if (chunk > max - got)
			chunk = max - got;
		buf_reserve(b, chunk);
		if ((n = tracee_read(pid, addr, b->p + b->len, chunk)) <= 0)
			return -1;
		if ((nul = memchr(b->p + b->len, '\0', (size_t)n)) != NULL) {
			b->len += (size_t)(nul - (b->p + b->len));
			b->p[b->len] = '\0';
			return 0;
		}
		b->len += (size_t)n;
		got += (size_t)n;
		addr += (uint64_t)n;
	}
	b->p[b->len] = '\0';
	return 1;
}

/* The pointer at index i of an array of 4- or 8-byte pointers; -1 unreadable. */
static int
tracee_read_ptr(pid_t pid, uint64_t array, size_t i, int ptr4, uint64_t *out)
{
	uint32_t p32;
	uint64_t p64;

	if (ptr4) {
		if (tracee_read(pid, array + i * 4, &p32, 4) != 4)
			return -1;
		*out = p32;
	} else {
		if (tracee_read(pid, array + i * 8, &p64, 8) != 8)
			return -1;
		*out = p64;
	}
	return 0;
}

/* ---- exec attempts ------------------------------------------------------------ */

int
tracee_try_start(pid_t tid, struct tracee_try *t)
{
	struct __ptrace_syscall_info info;
	uint64_t nr;
	size_t a, i;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof info, &info) == -1)
		return -1;
	if (info.op != PTRACE_SYSCALL_INFO_SECCOMP)
		return 0;
	nr = info.seccomp.nr;
	for (a = 0; tracee_arches[a].arch != 0; a++) {
		if (tracee_arches[a].arch != info.arch)
			continue;
		for (i = 0; i < 2; i++) {
			if (tracee_arches[a].execve[i] != 0 && nr == tracee_arches[a].execve[i]) {
				t->dirfd = AT_FDCWD;
				t->flags = 0;
				t->path = info.seccomp.args[0];
				t->argv = info.seccomp.args[1];
			} else if (tracee_arches[a].execveat[i] != 0 &&
			    nr == tracee_arches[a].execveat[i]) {
				t->dirfd = (int)info.seccomp.args[0];
				t->path = info.seccomp.args[1];
				t->argv = info.seccomp.args[2];
				t->flags = (int)info.seccomp.args[4];
			} else
				continue;
			t->ptr4 = tracee_arches[a].ptr4 || (nr & X32_BIT) != 0;
			t->native = a == 0 && (nr & X32_BIT) == 0;
			return 1;
		}
		for (i = 0; a == 0 && i < TRACEE_NVIEW; i++)
			if (nr == tracee_view_calls[i])
				return 2;
	}
	return 0;
}

int
tracee_try_failed(pid_t tid, int *err)
{
	struct __ptrace_syscall_info info;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof info, &info) == -1)
		return -1;
	if (info.op != PTRACE_SYSCALL_INFO_EXIT || !info.exit.is_error)
		return 0;
	*err = (int)-info.exit.rval;
	return 1;
}

void
tracee_try_path(pid_t tid, const struct tracee_try *t, struct buf *path)
{
	struct buf dir = BUF_INIT;
	char name[32];

	buf_clear(path);
	if (t->path != 0)
		tracee_read_str(tid, t->path, path, PATH_MAX);
	if (t->dirfd != AT_FDCWD && (path->len == 0 || path->p[0] != '/')) {
		/* execveat: the path is relative to dirfd, or dirfd itself (fexecve). */
		snprintf(name, sizeof name, "fd/%d", t->dirfd);
		if (procfs_readlink(tid, name, &dir) == 0) {
			if (path->len > 0)
				buf_printf(&dir, "/%.*s", (int)path->len, path->p);
			buf_clear(path);
			buf_add(path, dir.p, dir.len);
		}
		buf_free(&dir);
	}
}

void
tracee_try_argv(pid_t tid, const struct tracee_try *t, struct buf *argv, int *cut)
{
	uint64_t p;
	size_t i;

	buf_clear(argv);
	*cut = 0;
	for (i = 0; t->argv != 0 && tracee_read_ptr(tid, t->argv, i, t->ptr4, &p) == 0 && p != 0;
	    i++) {
		if (argv->len >= TRACEE_ARGV_MAX) {
			*cut = 1;
			break;
		}
		if (tracee_read_str(tid, p, argv, TRACEE_ARGV_MAX - argv->len) != 0) {
			*cut = 1;	/* cut, or unreadable: what ptop has is not all */
			buf_addc(argv, '\0');
			break;
		}
		buf_addc(argv, '\0');
	}
}

/* ---- the exec image ------------------------------------------------------------ */

#define TRACEE_AT_NULL		0
#define TRACEE_AT_EXECFN	31
#define TRACEE_STACK_MAX	(256 * 1024)	/* the pointers ptop reads at most */

/*
 * The new stack: argc, argv pointers, NULL, envp pointers, NULL, auxv
 * pairs up to AT_NULL.  The strings lie from argv[0] up to AT_EXECFN:
 * argv's, then the environment's.  Returns 0 with the three bounds.
 */
static int
tracee_stack(pid_t pid, uint64_t sp, int ptr4, uint64_t *argv0, uint64_t *env0,
    uint64_t *execfn)
{
	static struct buf words;
	size_t w = ptr4 ? 4 : 8, have = 0, want = 4096, i, argc, n;
	uint64_t v, key;
	ssize_t got;

	for (;;) {
		buf_clear(&words);
		buf_reserve(&words, want);
		if ((got = tracee_read(pid, sp, words.p, want)) <= 0)
			return -1;
		have = (size_t)got / w;
#define WORD(k) (ptr4 ? (uint64_t)((uint32_t *)(void *)words.p)[k] : ((uint64_t *)(void *)words.p)[k])
		if (have < 3)
			return -1;
		argc = (size_t)WORD(0);
		/* argv, NULL, envp..., NULL, auxv pairs: find AT_EXECFN. */
		for (i = 1 + argc + 1; i < have && WORD(i) != 0; i++)
			;
		n = i;			/* envp's NULL */
		*argv0 = argc > 0 && 1 < have ? WORD(1) : 0;
		*env0 = n > argc + 2 && argc + 2 < have ? WORD(argc + 2) : 0;
		*execfn = 0;
		for (i = n + 1; i + 1 < have; i += 2) {
			key = WORD(i);
			v = WORD(i + 1);
			if (key == TRACEE_AT_EXECFN)
				*execfn = v;
			if (key == TRACEE_AT_NULL)
				break;
		}
#undef WORD
		if (i + 1 < have || want >= TRACEE_STACK_MAX || (size_t)got < want)
			break;
		want *= 4;	/* thousands of arguments or variables */
	}
	return *execfn != 0 && (argc == 0 || *argv0 != 0) ? 0 : -1;
}

int
tracee_exec_image(pid_t pid, struct buf *argv, struct buf *env)
{
	struct __ptrace_syscall_info info;
	uint64_t argv0, env0, execfn, end, start;
	int ptr4 = 0;
	size_t a, split;

	buf_clear(argv);
	if (env != NULL)
		buf_clear(env);
	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info) == -1)
		goto slow;
	for (a = 0; tracee_arches[a].arch != 0; a++)
		if (tracee_arches[a].arch == info.arch)
			ptr4 = tracee_arches[a].ptr4;
	if (tracee_stack(pid, info.stack_pointer, ptr4, &argv0, &env0, &execfn) != 0)
		goto slow;
	start = argv0 != 0 ? argv0 : env0 != 0 ? env0 : execfn;
	split = (size_t)((env0 != 0 ? env0 : execfn) - start);
	end = env != NULL ? execfn : start + split;
	if (end < start || end - start > (64u << 20) || start + split > execfn)
		goto slow;
	buf_reserve(argv, (size_t)(end - start));
	if (tracee_read(pid, start, argv->p, (size_t)(end - start)) != (ssize_t)(end - start))
		goto slow;
	if (env != NULL) {
		buf_add(env, argv->p + split, (size_t)(end - start) - split);
		argv->len = split;
	} else
		argv->len = (size_t)(end - start);
	argv->p[argv->len] = '\0';
	return 0;
slow:
	if (env != NULL && procfs_read(pid, "environ", env) == -1)
		buf_clear(env);
	if (procfs_read(pid, "cmdline", argv) == -1) {
		buf_clear(argv);
		return -1;
	}
	return 0;
}

/*
 * ptop's own fds 0-2, which most processes of a batch run inherit: kcmp(2)
 * tells that a tracee's fd is the same open file (a few hundred
 * nanoseconds), and ptop reads the name once, from its own /proc/self
 * (again when fstat says the file changed: renamed, unlinked).  A
 * readlink of a new process's /proc/PID/fd/N costs several microseconds,
 * three of them at every exec stop.
 */
static struct {
	int kcmp;		/* 1 works, -1 does not (no CONFIG_KCMP), 0 untried */
	pid_t self;
	struct buf path[3];
	struct stat st[3];
	int known[3];
} tracee_own;

static int
tracee_same_file(pid_t a, int fa, pid_t b, int fb)
{
	long r;

	if (tracee_own.kcmp < 0)
		return 0;
	r = syscall(SYS_kcmp, a, b, KCMP_FILE, fa, fb);
	if (r == -1 && (errno == ENOSYS || errno == EPERM)) {
		tracee_own.kcmp = -1;
		return 0;
	}
	return r == 0;
}

/* The name of ptop's own fd i into b; -1 if it cannot say. */
static int
tracee_own_name(int i, struct buf *b)
{
	struct stat st;
	char name[32];

	if (fstat(i, &st) == -1)
		return -1;
	if (!tracee_own.known[i] || st.st_dev != tracee_own.st[i].st_dev ||
	    st.st_ino != tracee_own.st[i].st_ino || st.st_nlink != tracee_own.st[i].st_nlink ||
	    st.st_ctim.tv_sec != tracee_own.st[i].st_ctim.tv_sec ||
	    st.st_ctim.tv_nsec != tracee_own.st[i].st_ctim.tv_nsec) {
		snprintf(name, sizeof name, "fd/%d", i);
		tracee_own.known[i] = 0;
		if (procfs_readlink(tracee_own.self, name, &tracee_own.path[i]) == -1)
			return -1;
		tracee_own.st[i] = st;
		tracee_own.known[i] = 1;
	}
	buf_clear(b);
	buf_add(b, tracee_own.path[i].p, tracee_own.path[i].len);
	return 0;
}

void
tracee_stdio(pid_t pid, struct buf fds[3])
{
	static const char *const names[3] = { "fd/0", "fd/1", "fd/2" };
	int i;

	if (tracee_own.self == 0)
		tracee_own.self = getpid();
	for (i = 0; i < 3; i++) {
		/* ptop's own fd i (a batch run's terminal or log), or 2>&1. */
		if (tracee_same_file(tracee_own.self, i, pid, i) && tracee_own_name(i, &fds[i]) == 0)
			continue;
		if (i > 0 && fds[i - 1].len != 0 && tracee_same_file(pid, i - 1, pid, i)) {
			buf_clear(&fds[i]);
			buf_add(&fds[i], fds[i - 1].p, fds[i - 1].len);
			continue;
		}
		if (procfs_readlink(pid, names[i], &fds[i]) == -1)
			buf_clear(&fds[i]);
	}
}
