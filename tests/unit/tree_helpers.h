/*
 * tree_helpers.h: build process trees for unit tests with real events,
 * through a bus (th_bus) so that every sink on it (the tree, the view)
 * sees them as it would from the tracer or the trace reader.
 */
#ifndef PTOP_TEST_TREE_HELPERS_H
#define PTOP_TEST_TREE_HELPERS_H

#include <stdarg.h>
#include <string.h>

#include "buf.h"
#include "event.h"
#include "ptree.h"
#include "view.h"

static int64_t th_clock;
static struct bus th_bus;

static void
th_begin(const char *cmd)
{
	struct trace_info info;

	memset(&info, 0, sizeof info);
	info.mode = TRACE_LAUNCH;
	info.argv.data = cmd;
	info.argv.len = strlen(cmd) + 1;
	info.start = 1700000000.0;
	bus_begin(&th_bus, &info);
	th_clock = 0;
}

/* The next event happens at t_us (those after it, 1 ms apart as usual). */
/* xorshift32: the tests' random numbers, the same on every run. */
static __attribute__((unused)) uint32_t
th_xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static __attribute__((unused)) void
th_at(int64_t t_us)
{
	th_clock = t_us - 1000;
}

static __attribute__((unused)) void
th_spawn(uint32_t id, uint32_t parent)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_SPAWN;
	ev.t_us = th_clock += 1000;
	ev.id = id;
	ev.parent = parent;
	ev.pid = (pid_t)(1000 + id);
	bus_emit(&th_bus, &ev);
}

/* exec with arguments given as separate strings, NULL-terminated. */
static __attribute__((unused)) void
th_exec(uint32_t id, ...)
{
	struct buf b = BUF_INIT;
	struct event ev;
	const char *a;
	va_list ap;

	va_start(ap, id);
	while ((a = va_arg(ap, const char *)) != NULL)
		buf_add(&b, a, strlen(a) + 1);
	va_end(ap);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC;
	ev.t_us = th_clock += 1000;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.argv.data = b.p;
	ev.argv.len = b.len;
	ev.exe = "/usr/bin/x";
	ev.cwd = "/tmp";
	bus_emit(&th_bus, &ev);
	buf_free(&b);
}

/* An exit a millisecond after the last event, with its rusage and threads. */
static __attribute__((unused)) void
th_exit_usage(uint32_t id, int code, int sig, int64_t utime_us, int64_t stime_us,
    long maxrss_kb, int nthreads)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT;
	ev.t_us = th_clock += 1000;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.code = code;
	ev.signal = sig;
	ev.utime_us = utime_us;
	ev.stime_us = stime_us;
	ev.maxrss_kb = maxrss_kb;
	ev.nthreads = nthreads;
	bus_emit(&th_bus, &ev);
}

static __attribute__((unused)) void
th_exit(uint32_t id, int code, int sig)
{
	th_exit_usage(id, code, sig, 0, 0, 0, 1);
}

/*
 * A tree and its view, both fed by th_bus (and nothing else),
 * with the trace header for `cmd` sent.
 */
static __attribute__((unused)) void
th_tree_view(struct ptree **pt, struct view **v, const char *cmd)
{
	struct sink s;

	*pt = ptree_new();
	*v = view_new(*pt);
	bus_init(&th_bus);
	s = ptree_sink(*pt);
	bus_add(&th_bus, &s);
	s = view_sink(*v);
	bus_add(&th_bus, &s);
	th_begin(cmd);
}

/* spawn + exec of a one-word command. */
static __attribute__((unused)) void
th_proc(uint32_t id, uint32_t parent, const char *cmd)
{
	th_spawn(id, parent);
	th_exec(id, cmd, (const char *)NULL);
}

#endif
