/*
 * imgdump: write what this process received from its exec: argv, the
 * environment and the working directory, each as an 8-byte length and its
 * bytes (entries NUL-terminated), to the file named by argv[1].
 *
 *	imgdump FILE [ARG]...
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void
write_all(int fd, const void *p, size_t len)
{
	const char *c = p;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, c, len)) <= 0) {
			perror("imgdump: write");
			exit(125);
		}
		c += n;
		len -= (size_t)n;
	}
}

static void
section(int fd, char **list)
{
	uint64_t len = 0;
	char **p;

	for (p = list; *p != NULL; p++)
		len += strlen(*p) + 1;
	write_all(fd, &len, sizeof len);
	for (p = list; *p != NULL; p++)
		write_all(fd, *p, strlen(*p) + 1);
}

int
main(int argc, char **argv)
{
	char cwd[4096], *one[2] = { cwd, NULL };
	int fd;

	if (argc < 2) {
		fprintf(stderr, "usage: imgdump FILE [ARG]...\n");
		return 2;
	}
	if ((fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1) {
		perror(argv[1]);
		return 1;
	}
	if (getcwd(cwd, sizeof cwd) == NULL)
		cwd[0] = '\0';
	section(fd, argv);
	section(fd, environ);
	section(fd, one);
	close(fd);
	return 0;
}
