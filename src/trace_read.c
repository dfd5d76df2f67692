/*
 * trace_read.c: send `ptop -r FILE` to the reader its content calls for.
 *
 * The first bytes decide: a ptop trace begins with its JSON header ("{"),
 * anything else is taken for an strace log (whose reader says so clearly
 * if it is not one).  A regular file is peeked at with pread, a pipe with
 * tee(2), which copies what the pipe holds without consuming it, and the
 * reader chosen reads on from the same descriptor; anything else goes to
 * the trace reader, as before.  PREFIX of strace -ff -o PREFIX
 * is not a file: when path does not exist, the strace reader looks for
 * PREFIX.PID files.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "stracelog.h"
#include "trace_read.h"
#include "tracefile.h"

#define PEEK 512

/* Up to size bytes from fd's start, leaving them unread.  0 if none or unknown. */
static ssize_t
trace_read_peek(int fd, char *buf, size_t size)
{
	struct stat st;
	ssize_t n;
	int p[2];

	if (fstat(fd, &st) != 0)
		return 0;
	if (S_ISREG(st.st_mode)) {
		do
			n = pread(fd, buf, size, 0);
		while (n == -1 && errno == EINTR);
		return n < 0 ? 0 : n;
	}
	if (!S_ISFIFO(st.st_mode) || pipe2(p, O_CLOEXEC) != 0)
		return 0;
	/* Blocks until the writer wrote something (or closed: 0). */
	do
		n = tee(fd, p[1], size, 0);
	while (n == -1 && errno == EINTR);
	if (n > 0)
		n = read(p[0], buf, (size_t)n);
	close(p[0]);
	close(p[1]);
	return n < 0 ? 0 : n;
}

int
trace_read(const char *path, const struct bus *bus)
{
	char head[PEEK];
	ssize_t n;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return stracelog_read(path, bus);	/* PREFIX of -ff, or a word */
		log_warn("cannot open trace '%s'", path);
		return -1;
	}
	n = trace_read_peek(fd, head, sizeof head);
	if (n > 0 && stracelog_sniff(head, (size_t)n)) {
		rc = stracelog_read_fd(path, fd, bus);
		close(fd);
		return rc;
	}
	return tracefile_read_fd(path, fd, bus);	/* it closes fd */
}
