/*
 * event.c: fan events out to the registered sinks, and walk argv buffers.
 * Sinks are called synchronously, in registration order.
 */
#include "config.h"

#include <string.h>

#include "event.h"
#include "log.h"

#define EVENT_MAX_SINKS 8

static struct sink event_sinks[EVENT_MAX_SINKS];
static int event_nsinks;

void
event_add_sink(const struct sink *sink)
{
	if (event_nsinks == EVENT_MAX_SINKS)
		fatalx("too many event sinks");
	event_sinks[event_nsinks++] = *sink;
}

void
event_remove_sinks(void)
{
	event_nsinks = 0;
}

void
event_begin(const struct trace_info *info)
{
	int i;

	for (i = 0; i < event_nsinks; i++)
		if (event_sinks[i].begin != NULL)
			event_sinks[i].begin(event_sinks[i].ctx, info);
}

void
event_emit(const struct event *ev)
{
	int i;

	for (i = 0; i < event_nsinks; i++)
		if (event_sinks[i].event != NULL)
			event_sinks[i].event(event_sinks[i].ctx, ev);
}

void
event_end(void)
{
	int i;

	for (i = 0; i < event_nsinks; i++)
		if (event_sinks[i].end != NULL)
			event_sinks[i].end(event_sinks[i].ctx);
}

/*
 * Arguments are NUL-terminated; a last argument without its NUL (a process
 * that rewrote its argv, seen at attach time) still counts up to the end.
 */
const char *
argv_next(const struct argv_buf *argv, size_t *pos, size_t *len)
{
	const char *start, *nul;

	if (*pos >= argv->len)
		return NULL;
	start = argv->data + *pos;
	nul = memchr(start, '\0', argv->len - *pos);
	*len = nul != NULL ? (size_t)(nul - start) : argv->len - *pos;
	*pos += *len + 1;
	return start;
}

size_t
argv_count(const struct argv_buf *argv)
{
	size_t pos = 0, len, n = 0;

	while (argv_next(argv, &pos, &len) != NULL)
		n++;
	return n;
}
