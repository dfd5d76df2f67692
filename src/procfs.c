/*
 * procfs.c: /proc readers.  See procfs.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "procfs.h"

static int procfs_fd = -1;
static double procfs_btime = -1;

void
procfs_init(void)
{
	if (procfs_fd != -1)
		return;
	procfs_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfs_fd == -1)
		fatal("cannot open /proc (ptop needs procfs mounted)");
}

/*
 * Read a file given relative to /proc.  With short_is_eof, a read that
 * returns less than asked is taken as the end: true of cmdline, whose
 * reader copies until the buffer or the argument area is full, and it
 * saves a read(2) on every exec, while the tracee waits.
 */
static int
procfs_read_path(const char *path, struct buf *b, int short_is_eof)
{
	size_t want;
	ssize_t n;
	int fd;

	procfs_init();
	buf_clear(b);
	if ((fd = openat(procfs_fd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return -1;
	for (;;) {
		buf_reserve(b, 4096);
		want = b->cap - b->len - 1;
		n = read(fd, b->p + b->len, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (short_is_eof && (size_t)n < want)
			break;
	}
	b->p[b->len] = '\0';
	close(fd);
	return 0;
}

int
procfs_read(pid_t pid, const char *name, struct buf *b)
{
	char path[64];

	snprintf(path, sizeof path, "%d/%s", (int)pid, name);
	return procfs_read_path(path, b, strcmp(name, "cmdline") == 0);
}

int
procfs_readlink(pid_t pid, const char *name, struct buf *b)
{
	char path[64];
	size_t want;
	ssize_t n;

	procfs_init();
	snprintf(path, sizeof path, "%d/%s", (int)pid, name);
	buf_clear(b);
	for (want = 256;; want = b->cap * 2) {
		buf_reserve(b, want);
		n = readlinkat(procfs_fd, path, b->p, b->cap - 1);
		if (n == -1)
			return -1;
		if ((size_t)n < b->cap - 1)
			break;	/* it fit: not truncated */
	}
	b->len = (size_t)n;
	b->p[n] = '\0';
	return 0;
}

long
procfs_status_long(pid_t pid, const char *field, struct buf *scratch)
{
	size_t flen = strlen(field);
	char *line;

	if (procfs_read(pid, "status", scratch) == -1)
		return -1;
	for (line = scratch->p; line != NULL && *line != '\0'; ) {
		if (strncmp(line, field, flen) == 0 && line[flen] == ':')
			return strtol(line + flen + 1, NULL, 10);
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	errno = ENOENT;
	return -1;
}

/* Fields of /proc/PID/stat after the ")" that ends the command name. */
static char *
procfs_stat_fields(pid_t pid, struct buf *scratch)
{
	char *p;

	if (procfs_read(pid, "stat", scratch) == -1)
		return NULL;
	if ((p = strrchr(scratch->p, ')')) == NULL) {
		errno = EINVAL;
		return NULL;
	}
	return p + 2;	/* field 3 (state) */
}

int
procfs_stat_ppid(pid_t pid, pid_t *ppid, char *state, struct buf *scratch)
{
	char *p = procfs_stat_fields(pid, scratch);

	if (p == NULL)
		return -1;
	*state = p[0];
	*ppid = (pid_t)strtol(p + 2, NULL, 10);
	return 0;
}

/*
 * When the machine booted, as a wall-clock time: now less the time since
 * boot.  /proc/stat's btime says it in whole seconds, which would put every
 * attached process's start up to a second early.
 */
static double
procfs_boot_time(void)
{
	struct timespec rt, bt;

	if (procfs_btime >= 0)
		return procfs_btime;
	procfs_btime = 0;
	if (clock_gettime(CLOCK_BOOTTIME, &bt) == 0 && clock_gettime(CLOCK_REALTIME, &rt) == 0)
		procfs_btime = (double)(rt.tv_sec - bt.tv_sec) + (rt.tv_nsec - bt.tv_nsec) / 1e9;
	return procfs_btime;
}

double
procfs_start_time(pid_t pid, struct buf *scratch)
{
	unsigned long long ticks;
	double btime;
	long hz;
	char *p;
	int i;

	if ((p = procfs_stat_fields(pid, scratch)) == NULL)
		return 0;
	/* p is field 3; starttime is field 22. */
	for (i = 3; i < 22 && p != NULL; i++) {
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (p == NULL)
		return 0;
	ticks = strtoull(p, NULL, 10);
	hz = sysconf(_SC_CLK_TCK);
	btime = procfs_boot_time();
	if (hz <= 0 || btime == 0)
		return 0;
	return btime + (double)ticks / (double)hz;
}
