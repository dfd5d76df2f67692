/*
 * argdump: report the argv this process received, as the kernel gave it.
 *
 *	argdump [ARG]...
 *
 * Exits with argc (at most 255).  With ARGDUMP=FILE in the environment it
 * also writes every argument to FILE, each followed by a NUL: the form of
 * /proc/PID/cmdline, so that a test can compare bytes with a trace.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) <= 0) {
			perror("argdump: write");
			exit(125);
		}
		p += n;
		len -= (size_t)n;
	}
}

int
main(int argc, char **argv)
{
	const char *out = getenv("ARGDUMP");
	int fd, i;

	if (out != NULL) {
		if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1) {
			perror(out);
			return 125;
		}
		for (i = 0; i < argc; i++)
			write_all(fd, argv[i], strlen(argv[i]) + 1);
		close(fd);
	}
	return argc > 255 ? 255 : argc;
}
