/*
 * output.c: opening the files ptop writes.  See output.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "output.h"
#include "xmalloc.h"

#define OUTPUT_OPEN_FLAGS (O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)

/*
 * Wait a little for a signal while a FIFO has no reader.  Returns the
 * signal that should end the wait, or 0 to try the open again.
 */
static int
output_wait_reader(const char *path, int *said)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	siginfo_t si;
	int sig;

	if (!*said) {
		log_warnx("waiting for a reader on the FIFO '%s' (Ctrl-C gives up)", path);
		*said = 1;
	}
	sig = sigtimedwait(loop_handled_signals(), &si, &tick);
	switch (sig) {
	case SIGINT:
	case SIGTERM:
	case SIGHUP:
	case SIGQUIT:
		return sig;
	case SIGTSTP:
		/* Nothing runs yet: stop at once, as a shell's job would. */
		kill(getpid(), SIGSTOP);
		return 0;
	default:
		return 0;	/* a timeout, SIGCHLD, SIGWINCH, SIGCONT */
	}
}

/* The open itself: an existing file, or a new one; -1 with errno. */
static int
output_open_fd(struct output *o, const char *path, const char **why)
{
	int fd, said = 0, tries;

	for (tries = 0; tries < 100; tries++) {
		fd = open(path, OUTPUT_OPEN_FLAGS);
		if (fd != -1)
			return fd;
		switch (errno) {
		case ENOENT:
			/* O_EXCL: a link planted meanwhile makes this fail, not follow. */
			fd = open(path, OUTPUT_OPEN_FLAGS | O_CREAT | O_EXCL, 0600);
			if (fd != -1) {
				o->created = 1;
				return fd;
			}
			if (errno == EEXIST)
				continue;	/* it appeared: look again */
			break;
		case ENXIO:
			/* A FIFO with no reader: wait for one, or for a signal. */
			if ((o->signal = output_wait_reader(path, &said)) != 0) {
				*why = "interrupted while waiting for a reader on the FIFO";
				errno = EINTR;
				return -1;
			}
			tries = 0;
			continue;
		case ELOOP:
			*why = "it is a symbolic link, and ptop does not write through links "
			    "(give the path of what it points to, or remove it)";
			return -1;
		}
		break;
	}
	*why = strerror(errno);
	return -1;
}

int
output_open(struct output *o, const char *path, const char **why)
{
	struct stat st;
	int fd, flags;

	o->fd = -1;
	o->created = 0;
	o->signal = 0;
	o->path = NULL;
	if ((fd = output_open_fd(o, path, why)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || (flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		*why = strerror(errno);
		goto fail;
	}
	if (S_ISREG(st.st_mode) && o->created) {
		/* Exactly 0600: the umask may have taken bits off, never add any. */
		if (fchmod(fd, 0600) == -1) {
			*why = strerror(errno);
			goto fail;
		}
	} else if (S_ISREG(st.st_mode)) {
		if (st.st_uid != geteuid()) {
			*why = "it belongs to another user (ptop overwrites only your own files)";
			errno = EPERM;
			goto fail;
		}
		if (st.st_nlink != 1) {
			*why = "it has other hard links (ptop would overwrite them too)";
			errno = EMLINK;
			goto fail;
		}
		/* argv can hold secrets: an old file's looser mode does not carry over. */
		if (fchmod(fd, 0600) == -1 || ftruncate(fd, 0) == -1) {
			*why = strerror(errno);
			goto fail;
		}
	} else if (S_ISDIR(st.st_mode)) {
		*why = strerror(EISDIR);
		errno = EISDIR;
		goto fail;
	}
	o->fd = fd;
	o->path = xstrdup(path);
	return 0;
fail:
	flags = errno;
	close(fd);
	if (o->created)
		unlink(path);
	o->created = 0;
	errno = flags;
	return -1;
}

int
output_close(struct output *o)
{
	int rc = 0;

	if (o->fd != -1 && close(o->fd) == -1)
		rc = -1;
	o->fd = -1;
	free(o->path);
	o->path = NULL;
	return rc;
}

void
output_discard(struct output *o)
{
	if (o->created && o->path != NULL)
		unlink(o->path);
	o->created = 0;
	output_close(o);
}
