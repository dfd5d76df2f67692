/*
 * sigstate: what a process inherits that a tracer must leave as it was:
 * blocked, ignored, caught and pending signals, open file descriptors,
 * umask, capabilities.  A test dumps it with and without the tracer and
 * compares.
 *
 *	sigstate wrap -- CMD [ARG]...	block SIGUSR1 and SIGWINCH, ignore
 *					SIGUSR2 and SIGHUP (as nohup does),
 *					then exec CMD
 *	sigstate run OUT [MARK]		dump to OUT.root; block SIGINT, SIGTERM,
 *					SIGCHLD and SIGRTMIN+1, ignore SIGQUIT,
 *					SIGPIPE and SIGTTOU, catch SIGALRM; fork a
 *					child that dumps to OUT.child and execs
 *					"sigstate dump OUT.exec"
 *	sigstate dump FILE		dump to FILE
 *
 * A dump is the Sig*, ShdPnd, Umask, NoNewPrivs, Seccomp and Cap* lines of
 * /proc/self/status, then one line per open fd: number, file status flags,
 * close-on-exec, and the link target (pipe and socket inodes left out).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const fields[] = {
	"SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "Umask", "NoNewPrivs",
	"Seccomp", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", NULL
};

static void
on_alrm(int sig)
{
}

static void
dump(const char *file)
{
	char line[512], path[64], target[4096], *out = NULL;
	const char *const *f;
	struct dirent *de;
	size_t outlen = 0;
	FILE *fp, *mem;
	ssize_t n;
	DIR *d;
	int fd, dfd;

	/* Everything is gathered before the output file is opened. */
	if ((mem = open_memstream(&out, &outlen)) == NULL)
		exit(125);
	if ((fp = fopen("/proc/self/status", "re")) == NULL)
		exit(125);
	while (fgets(line, sizeof line, fp) != NULL)
		for (f = fields; *f != NULL; f++)
			if (strncmp(line, *f, strlen(*f)) == 0 && line[strlen(*f)] == ':')
				fputs(line, mem);
	fclose(fp);
	if ((d = opendir("/proc/self/fd")) == NULL)
		exit(125);
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (fd = atoi(de->d_name)) == dfd)
			continue;
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if ((n = readlink(path, target, sizeof target - 1)) == -1)
			n = 0;
		target[n] = '\0';
		if (strncmp(target, "pipe:", 5) == 0)
			target[4] = '\0';
		if (strncmp(target, "socket:", 7) == 0)
			target[6] = '\0';
		fprintf(mem, "fd %d flags %#x cloexec %d %s\n", fd, fcntl(fd, F_GETFL),
		    (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, target);
	}
	closedir(d);
	fclose(mem);
	if ((fp = fopen(file, "we")) == NULL || fputs(out, fp) == EOF || fclose(fp) != 0) {
		perror(file);
		exit(125);
	}
	free(out);
}

static int
run(const char *out)
{
	char path[4096], self[4096];
	struct sigaction sa;
	sigset_t set;
	ssize_t n;
	pid_t pid;
	int st;

	snprintf(path, sizeof path, "%s.root", out);
	dump(path);

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGTTOU, &sa, NULL);
	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);

	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) == -1)
		return 125;
	self[n] = '\0';
	if ((pid = fork()) == -1)
		return 125;
	if (pid == 0) {
		snprintf(path, sizeof path, "%s.child", out);
		dump(path);
		snprintf(path, sizeof path, "%s.exec", out);
		execl(self, "sigstate", "dump", path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 125;
	return WEXITSTATUS(st);
}

static int
wrap(char **cmd)
{
	struct sigaction sa;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	execvp(cmd[0], cmd);
	perror(cmd[0]);
	return 127;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "dump") == 0) {
		dump(argv[2]);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "run") == 0)
		return run(argv[2]);
	if (argc >= 4 && strcmp(argv[1], "wrap") == 0 && strcmp(argv[2], "--") == 0)
		return wrap(argv + 3);
	fprintf(stderr, "usage: sigstate wrap -- CMD [ARG]... | run OUT [MARK] | dump FILE\n");
	return 2;
}
