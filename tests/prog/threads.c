/*
 * threads: a thread storm.
 *
 *	threads COUNT [MARK]
 *
 * Creates COUNT threads with small stacks.  Odd-numbered threads return at
 * once (their exit races with their creator's clone event); even-numbered
 * ones wait until every thread has been created, so that many live at the
 * same time.  The process has had COUNT + 1 threads in all; exits 0.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int all_created;

static void *
quick(void *arg)
{
	return arg;
}

static void *
waiter(void *arg)
{
	pthread_mutex_lock(&lock);
	while (!all_created)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return arg;
}

int
main(int argc, char **argv)
{
	pthread_attr_t attr;
	pthread_t *tids;
	long count, i;
	int e;

	if (argc < 2) {
		fprintf(stderr, "usage: threads COUNT [MARK]\n");
		return 2;
	}
	count = atol(argv[1]);
	if ((tids = calloc((size_t)count, sizeof *tids)) == NULL)
		return 125;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < count; i++) {
		e = pthread_create(&tids[i], &attr, i % 2 ? quick : waiter, NULL);
		if (e != 0) {
			fprintf(stderr, "threads: pthread_create %ld: %s\n", i, strerror(e));
			return 125;
		}
	}
	pthread_mutex_lock(&lock);
	all_created = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < count; i++)
		pthread_join(tids[i], NULL);
	return 0;
}
