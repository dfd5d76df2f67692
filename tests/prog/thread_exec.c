/*
 * thread_exec: exec from a thread that is not the thread-group leader.  The
 * kernel kills the other threads, gives the exec'ing thread the leader's
 * pid and drops the old leader without an exit report.
 *
 *	thread_exec zombie|sleeping NEXTRA PATH [ARG]...
 *
 * The leader starts NEXTRA threads that sleep forever and one thread that
 * execs PATH with argv ARG....  In "zombie" mode the leader has called
 * pthread_exit (it is a zombie) when the exec happens; in "sleeping" mode
 * it sleeps in nanosleep.  The exec'ing thread waits until /proc shows the
 * leader in that state.  The process had NEXTRA + 2 threads before exec.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char **exec_argv;
static char want_state;

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* State letter of the leader, from /proc/self/task/PID/stat. */
static char
leader_state(void)
{
	char path[64], buf[512], *p;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)getpid());
	if ((fp = fopen(path, "re")) == NULL)
		return '?';
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] == '\0')
		return '?';
	return p[2];
}

static void *
sleeper(void *arg)
{
	for (;;)
		pause();
	return arg;
}

static void *
execer(void *arg)
{
	int i;

	for (i = 0; i < 5000 && leader_state() != want_state; i++)
		sleep_ms(1);
	if (leader_state() != want_state) {
		fprintf(stderr, "thread_exec: leader never got to state %c\n", want_state);
		exit(124);
	}
	execv(exec_argv[0], exec_argv + 1);
	fprintf(stderr, "thread_exec: %s: %s\n", exec_argv[0], strerror(errno));
	exit(127);
}

int
main(int argc, char **argv)
{
	pthread_attr_t attr;
	pthread_t t;
	long nextra, i;

	if (argc < 4 || (strcmp(argv[1], "zombie") != 0 && strcmp(argv[1], "sleeping") != 0)) {
		fprintf(stderr, "usage: thread_exec zombie|sleeping NEXTRA PATH [ARG]...\n");
		return 2;
	}
	want_state = argv[1][0] == 'z' ? 'Z' : 'S';
	nextra = atol(argv[2]);
	exec_argv = argv + 3;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < nextra; i++)
		if (pthread_create(&t, &attr, sleeper, NULL) != 0)
			return 125;
	if (pthread_create(&t, &attr, execer, NULL) != 0)
		return 125;
	if (want_state == 'Z')
		pthread_exit(NULL);
	for (;;)
		sleep_ms(1000);
}
