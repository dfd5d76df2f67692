/*
 * threads: a thread storm.
 *
 *	threads COUNT [MARK]
 *
 * First COUNT/2 threads (small stacks) that all live until the last of
 * them is created.  Then a creator thread makes COUNT/2 threads that return
 * at once, and joins them: each one's exit races its creator's clone
 * event, which a tracer may see after the thread's first stop (and, if it
 * resumes the thread then, after its exit too).  The process has had
 * COUNT + 2 threads in all (main and the creator included); exits 0.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_attr_t attr;
static int all_created;
static long half;

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

static void
create(pthread_t *t, void *(*fn)(void *))
{
	int e;

	if ((e = pthread_create(t, &attr, fn, NULL)) != 0) {
		fprintf(stderr, "threads: pthread_create: %s\n", strerror(e));
		exit(125);
	}
}

static void *
creator(void *arg)
{
	pthread_t *t = arg;
	long i;

	for (i = 0; i < half; i++)
		create(&t[i], quick);
	for (i = 0; i < half; i++)
		pthread_join(t[i], NULL);
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t *tids, c;
	long i;

	if (argc < 2) {
		fprintf(stderr, "usage: threads COUNT [MARK]\n");
		return 2;
	}
	half = atol(argv[1]) / 2;
	if ((tids = calloc((size_t)half + 1, sizeof *tids)) == NULL)
		return 125;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < half; i++)
		create(&tids[i], waiter);
	pthread_mutex_lock(&lock);
	all_created = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < half; i++)
		pthread_join(tids[i], NULL);
	if (pthread_create(&c, NULL, creator, tids) != 0)
		return 125;
	pthread_join(c, NULL);
	return 0;
}
