/*
 * sigcount: count the SIGINTs that reach this process.
 *
 *	sigcount READY [MARK]
 *
 * Creates the file READY once its handler is in place, waits for a first
 * SIGINT, creates READY.got, waits 300 ms more for any duplicate, and exits
 * with the number of SIGINTs received (exit 100 if none came within 10 s).  Other signals
 * keep their default action: SIGTERM kills it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t count;

static void
on_int(int sig)
{
	count++;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	char got[4096];
	int fd, i;

	if (argc < 2) {
		fprintf(stderr, "usage: sigcount READY [MARK]\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_int;
	sigaction(SIGINT, &sa, NULL);
	if ((fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return 125;
	close(fd);
	for (i = 0; i < 10000 && count == 0; i++)
		sleep_ms(1);
	if (count == 0)
		return 100;
	snprintf(got, sizeof got, "%s.got", argv[1]);
	if ((fd = open(got, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return 125;
	close(fd);
	sleep_ms(300);
	return count;
}
