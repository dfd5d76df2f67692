/*
 * execdump: what a trace recorded of one process's latest exec, written
 * to stdout in exactly tests/prog/imgdump's format (argv, environment,
 * cwd: each an 8-byte length and its NUL-terminated entries), so a test
 * can cmp what a process received with what ptop recorded of it.  The
 * trace goes through tracefile_read() into a ptree, as ptop -r does.
 *
 *	execdump TRACE ID		(ID: the process's id, "7" or "#7")
 *	execdump -w OUT TRACE		(TRACE read and written again to OUT)
 *
 * -w is the round trip ptop itself cannot do (-r and -o do not combine):
 * the reader's events through the trace writer, which encodes each
 * environment against the base the reader rebuilt.
 *
 * Exit 0; 1 when the process never exec'd or its environment was not
 * recorded; 2 on bad usage or an unreadable trace.
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envtab.h"
#include "event.h"
#include "ptree.h"
#include "tracefile.h"

static void
execdump_write(const void *p, size_t len)
{
	if (len > 0 && fwrite(p, 1, len, stdout) != len) {
		perror("execdump: stdout");
		exit(2);
	}
}

/* TRACE through the reader into the writer, to OUT. */
static int
execdump_rewrite(const char *out, const char *trace)
{
	struct tracefile *tf;
	struct sink s;
	struct bus bus;
	int fd, rc;

	if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1) {
		perror(out);
		return 2;
	}
	if ((tf = tracefile_new(fd, out)) == NULL)
		return 2;
	s = tracefile_sink(tf);
	bus_init(&bus);
	bus_add(&bus, &s);
	rc = tracefile_read(trace, &bus);
	if (tracefile_close(tf) != 0 || rc != 0)
		return 2;
	return 0;
}

static void
execdump_section(const char *data, size_t len)
{
	uint64_t n = len;

	execdump_write(&n, sizeof n);
	execdump_write(data, len);
}

int
main(int argc, char **argv)
{
	const struct exec_rec *x;
	const struct envtab *t;
	struct ptree *pt;
	struct sink s;
	struct bus bus;
	unsigned long id;
	const char *arg, *e, *cwd;
	char *end;
	size_t i, count, len;
	uint64_t total = 0;

	if (argc == 4 && strcmp(argv[1], "-w") == 0)
		return execdump_rewrite(argv[2], argv[3]);
	if (argc != 3) {
		fprintf(stderr, "usage: execdump TRACE ID | -w OUT TRACE\n");
		return 2;
	}
	arg = argv[2][0] == '#' ? argv[2] + 1 : argv[2];
	id = strtoul(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || id == 0 || id > UINT32_MAX) {
		fprintf(stderr, "execdump: not an id: %s\n", argv[2]);
		return 2;
	}
	pt = ptree_new();
	s = ptree_sink(pt);
	bus_init(&bus);
	bus_add(&bus, &s);
	if (tracefile_read(argv[1], &bus) != 0)
		return 2;
	if (id > ptree_size(pt)) {
		fprintf(stderr, "execdump: %s has no process #%lu\n", argv[1], id);
		return 1;
	}
	if ((x = node_own_exec(ptree_node(pt, (uint32_t)id))) == NULL) {
		fprintf(stderr, "execdump: process #%lu never exec'd\n", id);
		return 1;
	}
	if (x->env == 0) {
		fprintf(stderr, "execdump: the environment of #%lu was not recorded\n", id);
		return 1;
	}
	execdump_section(x->args, exec_arglen(x));
	t = ptree_env(pt);
	count = envtab_count(t, x->env);
	for (i = 0; i < count; i++) {
		envtab_entry(t, x->env, i, &len);
		total += len + 1;
	}
	execdump_write(&total, sizeof total);
	for (i = 0; i < count; i++) {
		e = envtab_entry(t, x->env, i, &len);
		execdump_write(e, len + 1);
	}
	cwd = ptree_str(pt, x->cwd);
	execdump_section(cwd, strlen(cwd) + 1);
	if (fflush(stdout) != 0) {
		perror("execdump: stdout");
		return 2;
	}
	ptree_free(pt);
	return 0;
}
