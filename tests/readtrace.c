/*
 * readtrace: read a trace the way `ptop -r FILE` does (a ptop trace or an
 * strace log, see trace_read.h) and write its events to stdout as a ptop
 * trace, so that tests can compare what two readers made of two runs
 * with jq.
 *
 *	readtrace FILE
 *
 * Exits 0, or 1 after the reader's one-line error.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "event.h"
#include "trace_read.h"
#include "tracefile.h"

int
main(int argc, char **argv)
{
	struct tracefile *tf;
	struct bus bus;
	struct sink s;
	int fd, rc;

	if (argc != 2) {
		fprintf(stderr, "usage: readtrace FILE\n");
		return 2;
	}
	if ((fd = dup(1)) == -1) {
		perror("readtrace: dup");
		return 1;
	}
	tf = tracefile_new(fd, "stdout");
	s = tracefile_sink(tf);
	bus_init(&bus);
	bus_add(&bus, &s);
	rc = trace_read(argv[1], &bus);
	if (rc != 0) {
		tracefile_discard(tf);
		return 1;
	}
	return tracefile_close(tf) == 0 ? 0 : 1;
}
