/*
 * attach_threads: a process with extra threads, to attach to by thread id.
 *   attach_threads NTHREADS SECONDS
 * Prints "ready PID TID" (TID: one of the extra threads) once they run,
 * sleeps, joins them and exits 0.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int seconds;
static pid_t some_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;

static void *
run(void *arg)
{
	pthread_mutex_lock(&lock);
	some_tid = (pid_t)syscall(SYS_gettid);
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	sleep((unsigned)seconds);
	return arg;
}

int
main(int argc, char **argv)
{
	pthread_t *t;
	int i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: attach_threads NTHREADS SECONDS\n");
		return 2;
	}
	n = atoi(argv[1]);
	seconds = atoi(argv[2]);
	t = calloc((size_t)n, sizeof *t);
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, run, NULL);
	pthread_mutex_lock(&lock);
	while (some_tid == 0)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	printf("ready %d %d\n", (int)getpid(), (int)some_tid);
	fflush(stdout);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	free(t);
	return 0;
}
