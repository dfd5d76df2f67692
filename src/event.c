/*
 * event.c: fan events out to the sinks of a bus, and walk argv buffers.
 * Sinks are called synchronously, in the order they were added.
 */
#include "config.h"

#include <string.h>

#include "event.h"
#include "log.h"

void
bus_init(struct bus *b)
{
	b->nsinks = 0;
}

void
bus_add(struct bus *b, const struct sink *sink)
{
	if (b->nsinks == BUS_MAX_SINKS)
		fatalx("too many event sinks");
	b->sinks[b->nsinks++] = *sink;
}

void
bus_begin(const struct bus *b, const struct trace_info *info)
{
	int i;

	for (i = 0; i < b->nsinks; i++)
		if (b->sinks[i].begin != NULL)
			b->sinks[i].begin(b->sinks[i].ctx, info);
}

void
bus_emit(const struct bus *b, const struct event *ev)
{
	int i;

	for (i = 0; i < b->nsinks; i++)
		if (b->sinks[i].event != NULL)
			b->sinks[i].event(b->sinks[i].ctx, ev);
}

void
bus_end(const struct bus *b)
{
	int i;

	for (i = 0; i < b->nsinks; i++)
		if (b->sinks[i].end != NULL)
			b->sinks[i].end(b->sinks[i].ctx);
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
