/*
 * output: open the files ptop was asked to write (-o, --tree-file, --log)
 * so that a name planted by someone else cannot turn them against the user.
 *
 * - The last component is never followed if it is a symbolic link
 *   (O_NOFOLLOW): `-o shared/build.trace` cannot truncate what a link
 *   there points to.
 * - A new file is created with O_EXCL and mode 0600, whatever the umask:
 *   argv, paths and environments can hold secrets.
 * - An existing regular file is reused (truncated, set to 0600) only if
 *   it belongs to the user and has no other hard link; any other regular
 *   file is refused, untouched.
 * - A FIFO with no reader yet is waited for without blocking: SIGINT,
 *   SIGTERM, SIGHUP and SIGQUIT (blocked and read through the signalfd
 *   elsewhere) end the wait, so Ctrl-C, kill and timeout always work.
 * - Anything else (/dev/null, a terminal, a socket) is written as it is.
 */
#ifndef PTOP_OUTPUT_H
#define PTOP_OUTPUT_H

struct output {
	int fd;			/* -1 when not open */
	int created;		/* output_open made the file */
	int signal;		/* the signal that ended a wait for a FIFO's reader */
	char *path;
};

#define OUTPUT_INIT { -1, 0, 0, NULL }

/*
 * Open path for writing.  Returns 0, or -1 with *why set to a phrase for
 * the user ("it is a symbolic link...", or strerror) and nothing changed
 * on disk; o->signal is set when a signal ended a wait for a reader.
 */
int output_open(struct output *o, const char *path, const char **why);
/* Close it; -1 if close reported an error (a write that failed late). */
int output_close(struct output *o);
/* Give it up: remove the file if output_open made it, and close it. */
void output_discard(struct output *o);

#endif
