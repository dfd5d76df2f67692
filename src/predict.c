/*
 * predict.c: the errno of a failed exec attempt without its syscall-exit
 * stop, where ptop can prove it.  See predict.h for the conditions.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "buf.h"
#include "predict.h"
#include "procfs.h"
#include "xmalloc.h"

/* How a process sees the files: what a path walk's answer depends on. */
struct view {
	struct buf creds;	/* its Uid, Gid, Groups and CapEff lines */
	struct buf label;	/* attr/current, or empty */
	int label_err;
	ino_t userns, mntns;
	uint64_t rootdev, rootino, rootmnt;
};

static struct {
	int state;		/* 0 not set up, 1 works, -1 does not */
	uint32_t gen;		/* bumped by predict_forget */
	struct view self, other;
	struct buf scratch;
	int mountfd;		/* /proc/self/mountinfo, polled for changes */
	char **skip;		/* mount points whose lookups depend on who asks */
	size_t nskip;
} P;

static void
view_free(struct view *v)
{
	buf_free(&v->creds);
	buf_free(&v->label);
}

static int
ns_ino(pid_t pid, const char *name, ino_t *ino)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
	if (stat(path, &st) == -1)
		return -1;
	*ino = st.st_ino;
	return 0;
}

/* v for pid, or -1 if any of it cannot be read (then nothing is predicted). */
static int
view_read(pid_t pid, struct view *v)
{
	static const char *const keep[] = { "Uid:", "Gid:", "Groups:", "CapEff:" };
	char path[64];
	struct statx stx;
	const char *line, *end;
	size_t i;

	buf_clear(&v->creds);
	if (procfs_read(pid, "status", &P.scratch) == -1)
		return -1;
	for (line = P.scratch.p; line < P.scratch.p + P.scratch.len; line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(P.scratch.p + P.scratch.len - line))) == NULL)
			end = P.scratch.p + P.scratch.len;
		for (i = 0; i < sizeof keep / sizeof keep[0]; i++)
			if (strncmp(line, keep[i], strlen(keep[i])) == 0)
				buf_add(&v->creds, line, (size_t)(end - line) + 1);
	}
	if (v->creds.len == 0)
		return -1;
	v->label_err = 0;
	if (procfs_read(pid, "attr/current", &v->label) == -1) {
		buf_clear(&v->label);
		v->label_err = errno;
	}
	if (ns_ino(pid, "user", &v->userns) == -1 || ns_ino(pid, "mnt", &v->mntns) == -1)
		return -1;
	snprintf(path, sizeof path, "/proc/%d/root", (int)pid);
	if (statx(AT_FDCWD, path, AT_STATX_SYNC_AS_STAT, STATX_INO | STATX_MNT_ID, &stx) == -1 ||
	    !(stx.stx_mask & STATX_MNT_ID))
		return -1;
	v->rootdev = ((uint64_t)stx.stx_dev_major << 32) | stx.stx_dev_minor;
	v->rootino = stx.stx_ino;
	v->rootmnt = stx.stx_mnt_id;
	return 0;
}

static int
view_same(const struct view *a, const struct view *b)
{
	return a->creds.len == b->creds.len && memcmp(a->creds.p, b->creds.p, a->creds.len) == 0 &&
	    a->label_err == b->label_err && a->label.len == b->label.len &&
	    memcmp(a->label.p, b->label.p, a->label.len) == 0 &&
	    a->userns == b->userns && a->mntns == b->mntns && a->rootdev == b->rootdev &&
	    a->rootino == b->rootino && a->rootmnt == b->rootmnt;
}

/* ---- mounts ----------------------------------------------------------------- */

static void
skip_clear(void)
{
	size_t i;

	for (i = 0; i < P.nskip; i++)
		free(P.skip[i]);
	free(P.skip);
	P.skip = NULL;
	P.nskip = 0;
}

/* A mountinfo field, its \ooo escapes undone, as a new string. */
static char *
unescape(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			*o++ = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

static int
fstype_asks_who(const char *type, size_t len)
{
	return (len == 4 && memcmp(type, "proc", 4) == 0) ||
	    (len == 6 && memcmp(type, "autofs", 6) == 0) ||
	    (len >= 4 && memcmp(type, "fuse", 4) == 0);
}

/* The mount points of procfs, FUSE and autofs, from the whole of mountinfo. */
static int
mounts_read(void)
{
	const char *line, *end, *f, *sep, *type;
	size_t field, tlen;
	ssize_t n;

	skip_clear();
	buf_clear(&P.scratch);
	if (lseek(P.mountfd, 0, SEEK_SET) == -1)
		return -1;
	for (;;) {
		buf_reserve(&P.scratch, P.scratch.len + 16384);
		n = read(P.mountfd, P.scratch.p + P.scratch.len, P.scratch.cap - P.scratch.len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		P.scratch.len += (size_t)n;
	}
	P.scratch.p[P.scratch.len] = '\0';
	for (line = P.scratch.p; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		if ((sep = strstr(line, " - ")) == NULL || sep > end)
			continue;
		type = sep + 3;
		tlen = strcspn(type, " \n");
		if (!fstype_asks_who(type, tlen))
			continue;
		/* The fifth field is the mount point. */
		for (f = line, field = 1; field < 5 && f < sep; field++) {
			f = strchr(f, ' ');
			if (f == NULL || f >= sep)
				break;
			f++;
		}
		if (field != 5 || f == NULL || f >= sep)
			continue;
		P.skip = xreallocarray(P.skip, P.nskip + 1, sizeof *P.skip);
		P.skip[P.nskip++] = unescape(f, strcspn(f, " "));
	}
	return 0;
}

/* The mounts as they are now: read again if they changed since. */
static int
mounts_fresh(void)
{
	struct pollfd pfd = { P.mountfd, POLLPRI, 0 };

	if (poll(&pfd, 1, 0) == -1)
		return -1;
	if (pfd.revents & (POLLPRI | POLLERR))
		return mounts_read();
	return 0;
}

/*
 * path (absolute), its repeated slashes folded, lies under a skipped
 * mount point; or it has a "." or ".." component, which the textual test
 * cannot follow (the same answer: do not predict).
 */
static int
path_skipped(const char *path, size_t len, struct buf *norm)
{
	const char *c, *end = path + len, *next;
	size_t i, mlen;

	buf_clear(norm);
	for (c = path; c < end; c = next) {
		while (c < end && *c == '/')
			c++;
		if (c == end)
			break;
		next = memchr(c, '/', (size_t)(end - c));
		if (next == NULL)
			next = end;
		if ((next - c == 1 && c[0] == '.') || (next - c == 2 && c[0] == '.' && c[1] == '.'))
			return 1;
		buf_addc(norm, '/');
		buf_add(norm, c, (size_t)(next - c));
	}
	if (norm->len == 0)
		buf_addc(norm, '/');
	for (i = 0; i < P.nskip; i++) {
		mlen = strlen(P.skip[i]);
		if (mlen == 1 && P.skip[i][0] == '/')
			return 1;
		if (norm->len >= mlen && memcmp(norm->p, P.skip[i], mlen) == 0 &&
		    (norm->len == mlen || norm->p[mlen] == '/'))
			return 1;
	}
	return 0;
}

/* ---- the interface ------------------------------------------------------------ */

/*
 * Linux 6.8 and later open the file first in execve ("execve: open the
 * executable file before doing anything else"): a missing file is ENOENT
 * whatever argv and the environment are.
 */
static int
kernel_opens_first(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) == -1 || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major > 6 || (major == 6 && minor >= 8);
}

int
predict_init(void)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
	int fd;

	if (P.state != 0)
		return P.state == 1;
	P.state = -1;
	P.gen = 1;
	if (getenv("PTOP_NO_PREDICT") != NULL || !kernel_opens_first())
		return 0;
	/* openat2 (Linux 5.6) with RESOLVE_NO_SYMLINKS works here. */
	if ((fd = (int)syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof how)) == -1)
		return 0;
	close(fd);
	if ((P.mountfd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (mounts_read() == -1 || view_read(getpid(), &P.self) == -1) {
		close(P.mountfd);
		skip_clear();
		view_free(&P.self);
		return 0;
	}
	P.state = 1;
	return 1;
}

void
predict_forget(void)
{
	if (++P.gen == 0)
		P.gen = 1;
}

int
predict_execve(pid_t tid, struct predict_task *pt, const char *path, size_t len)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	static struct buf norm;
	int fd, err;

	if (P.state != 1 || len == 0 || path[0] != '/' || len >= PATH_MAX - 1 ||
	    memchr(path, '\0', len) != NULL)
		return 0;
	if (mounts_fresh() == -1 || path_skipped(path, len, &norm))
		return 0;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, norm.p, &how, sizeof how);
	if (fd >= 0) {
		close(fd);
		return 0;	/* it is there: the exec may still fail, in many ways */
	}
	err = errno;
	if (err != ENOENT && err != ENOTDIR && err != EACCES)
		return 0;
	if (pt->gen != P.gen) {
		pt->same = view_read(tid, &P.other) == 0 && view_same(&P.self, &P.other);
		pt->gen = P.gen;
	}
	return pt->same ? err : 0;
}
