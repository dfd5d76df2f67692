/*
 * diff_run.c: what a run of ptop --diff needs besides the diff itself:
 * trace A (a ptop trace or an strace log) loaded into a tree of its own
 * (its own bus), and the result printed and turned into diff(1)'s exit
 * status.  run.c calls these; see diff.h for the diff.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "diff.h"
#include "diff_run.h"
#include "event.h"
#include "log.h"
#include "trace_read.h"

struct ptree *
diff_run_load(const char *path)
{
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);
	struct bus bus;

	bus_init(&bus);
	bus_add(&bus, &s);
	if (trace_read(path, &bus) != 0) {
		ptree_free(pt);
		return NULL;
	}
	return pt;
}

int
diff_run_finish(struct output *o, const struct ptree *a, const struct ptree *b, int flags,
    int quiet)
{
	const char *name = o->fd != -1 ? o->path : "standard output";
	struct diff *d = diff_new(a, b, 0);
	FILE *fp = NULL;
	int rc, fd;

	rc = diff_ndiffs(d) > 0 ? 1 : 0;
	if (quiet && o->fd == -1)
		goto out;
	fd = o->fd != -1 ? o->fd : fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	o->fd = -1;
	if (fd == -1 || (fp = fdopen(fd, "w")) == NULL) {
		log_warn("cannot write the differences to '%s'", name);
		if (fd != -1)
			close(fd);
		rc = -1;
		goto out;
	}
	if (diff_print(fp, d, flags) != 0 || fclose(fp) != 0) {
		log_warn("writing the differences to '%s'", name);
		rc = -1;
	}
out:
	output_close(o);
	diff_free(d);
	return rc;
}
