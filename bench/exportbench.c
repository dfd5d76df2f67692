/*
 * exportbench.c: time the Chrome export (export.c) and the diff (diff.c)
 * on their own, after the traces are loaded, for bench/export.sh and
 * bench/diff.sh.
 *
 *   exportbench chrome TRACE OUT       load TRACE, export it to OUT
 *   exportbench diff A B               load A and B, diff them, print the text
 *                                      to /dev/null
 *
 * Prints one line per step: wall and CPU seconds (user+system), so that a
 * loaded machine shows as wall >> CPU.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"
#include "event.h"
#include "export.h"
#include "ptree.h"
#include "tracefile.h"

static double
wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	    ru.ru_stime.tv_usec / 1e6;
}

static double w0, c0;

static void
step_start(void)
{
	w0 = wall();
	c0 = cpu();
}

static void
step_end(const char *what)
{
	printf("%-28s wall %7.3f s  cpu %7.3f s\n", what, wall() - w0, cpu() - c0);
	fflush(stdout);
}

static struct ptree *
load(const char *path)
{
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);
	struct bus bus;

	bus_init(&bus);
	bus_add(&bus, &s);
	if (tracefile_read(path, &bus) != 0)
		exit(1);
	return pt;
}

int
main(int argc, char **argv)
{
	struct export_stats st;
	struct ptree *a, *b;
	struct diff *d;
	FILE *fp;
	int fd;

	if (argc == 4 && strcmp(argv[1], "chrome") == 0) {
		step_start();
		a = load(argv[2]);
		step_end("load");
		if ((fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1) {
			perror(argv[3]);
			return 1;
		}
		step_start();
		if (export_chrome(fd, a, &st) != 0) {
			perror("export");
			return 1;
		}
		close(fd);
		step_end("export");
		printf("%u processes, %u exec slices, %u instants, %u lanes, %u nested\n",
		    st.processes, st.execs, st.instants, st.lanes, st.nested);
		ptree_free(a);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "diff") == 0) {
		step_start();
		a = load(argv[2]);
		b = load(argv[3]);
		step_end("load both");
		step_start();
		d = diff_new(a, b, 0);
		step_end("match");
		if ((fp = fopen("/dev/null", "w")) == NULL)
			return 1;
		step_start();
		diff_print(fp, d, 0);
		fclose(fp);
		step_end("print");
		printf("%u rows, %u differences\n", diff_nrows(d), diff_ndiffs(d));
		diff_free(d);
		ptree_free(a);
		ptree_free(b);
		return 0;
	}
	fprintf(stderr, "usage: exportbench chrome TRACE OUT | exportbench diff A B\n");
	return 2;
}
