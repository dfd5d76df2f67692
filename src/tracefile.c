/*
 * tracefile.c: the JSON Lines trace writer.  One event, one line, one
 * write(2).  The line is formatted into a reused buffer, so writing an event
 * allocates nothing once the buffer has grown to the largest argv seen.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "hash.h"
#include "log.h"
#include "tracefile.h"
#include "xmalloc.h"

struct tracefile {
	int fd;
	char *path;
	int failed;		/* a write failed; stop writing, report once */
	int status;		/* for the end line */
	int64_t last_t;
	struct buf line;
};

struct tracefile *
tracefile_new(int fd, const char *path)
{
	struct tracefile *tf = xcalloc(1, sizeof *tf);

	tf->fd = fd;
	tf->path = xstrdup(path);
	return tf;
}

void
tracefile_set_status(struct tracefile *tf, int status)
{
	tf->status = status;
}

/* Write the line in the buffer with as few write(2)s as the kernel allows. */
static void
tracefile_flush_line(struct tracefile *tf)
{
	const char *p = tf->line.p;
	size_t left = tf->line.len;
	ssize_t n;

	while (left > 0 && !tf->failed) {
		n = write(tf->fd, p, left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("writing trace '%s' (the trace stops here; tracing goes on)",
			    tf->path);
			tf->failed = 1;
			break;
		}
		p += n;
		left -= (size_t)n;
	}
	buf_clear(&tf->line);
}

/*
 * Valid UTF-8 becomes a JSON string; control characters, DEL, C1 controls and
 * the invisible format characters of fmt_cp_hidden() (bidi overrides and
 * isolates among them) are \u-escaped, so that even cat-ing a trace to a
 * terminal is harmless and shows the text in the order it has.  Anything
 * else keeps its exact bytes as {"b64":"..."}.
 */
void
json_bytes(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i, start;
	uint32_t cp;
	size_t n;

	if (!utf8_valid(s, len)) {
		buf_add(b, "{\"b64\":\"", 8);
		buf_add_base64(b, p, len);
		buf_add(b, "\"}", 2);
		return;
	}
	buf_reserve(b, len + 2);
	buf_addc(b, '"');
	for (i = start = 0; i < len; i += n) {
		n = 1;
		if (p[i] >= 0x20 && p[i] != '"' && p[i] != '\\' && p[i] != 0x7f) {
			if (p[i] < 0x80)
				continue;
			n = utf8_decode(p + i, len - i, &cp);
			if (!fmt_cp_hidden(cp))
				continue;
		} else
			cp = p[i];
		buf_add(b, s + start, i - start);
		start = i + n;
		switch (cp) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		default: {
			char e[6] = { '\\', 'u', hex[(cp >> 12) & 0xf], hex[(cp >> 8) & 0xf],
			    hex[(cp >> 4) & 0xf], hex[cp & 0xf] };
			buf_add(b, e, 6);
		}
		}
	}
	buf_add(b, s + start, len - start);
	buf_addc(b, '"');
}

static void
json_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_add(b, "null", 4);
	else
		json_bytes(b, s, strlen(s));
}

static void
json_argv(struct buf *b, const struct argv_buf *argv)
{
	size_t pos = 0, len;
	const char *a;
	int first = 1;

	buf_addc(b, '[');
	while ((a = argv_next(argv, &pos, &len)) != NULL) {
		if (!first)
			buf_addc(b, ',');
		first = 0;
		json_bytes(b, a, len);
	}
	buf_addc(b, ']');
}

static void
json_seconds(struct buf *b, int64_t us)
{
	const char *sign = us < 0 ? "-" : "";

	if (us < 0)
		us = -us;
	buf_printf(b, "%s%lld.%06lld", sign, (long long)(us / 1000000), (long long)(us % 1000000));
}

/*
 * An environment against the one it came from: each item of the array is
 * an entry of base by its index (n), a run of them ([a,b]), or an entry of
 * its own (a string).  Exact: order, duplicates and bytes are kept.  A
 * match continues the previous run when it can; else the first entry of
 * base with the same bytes.
 */
struct env_index {
	const char **s;		/* base entries */
	size_t *len;
	size_t n, alloc;
	uint32_t *hash;		/* index + 1, 0 = empty */
	size_t hashsize;
};

static void
env_index_build(struct env_index *x, const struct argv_buf *base)
{
	size_t pos = 0, len, i, j, mask;
	const char *e;

	x->n = 0;
	while ((e = argv_next(base, &pos, &len)) != NULL) {
		if (x->n == x->alloc) {
			x->alloc = x->alloc ? x->alloc * 2 : 128;
			x->s = xreallocarray(x->s, x->alloc, sizeof *x->s);
			x->len = xreallocarray(x->len, x->alloc, sizeof *x->len);
		}
		x->s[x->n] = e;
		x->len[x->n++] = len;
	}
	if (x->hashsize < 2 * x->n + 2) {
		while (x->hashsize < 2 * x->n + 2)
			x->hashsize = x->hashsize ? x->hashsize * 2 : 256;
		x->hash = xreallocarray(x->hash, x->hashsize, sizeof *x->hash);
	}
	memset(x->hash, 0, x->hashsize * sizeof *x->hash);
	mask = x->hashsize - 1;
	for (i = 0; i < x->n; i++) {
		for (j = hash_bytes(x->s[i], x->len[i]) & mask; x->hash[j] != 0; j = (j + 1) & mask)
			if (x->len[x->hash[j] - 1] == x->len[i] &&
			    memcmp(x->s[x->hash[j] - 1], x->s[i], x->len[i]) == 0)
				break;	/* a duplicate: the first one stands */
		if (x->hash[j] == 0)
			x->hash[j] = (uint32_t)i + 1;
	}
}

/* Index of an entry of base with these bytes, or -1. */
static long
env_index_find(const struct env_index *x, const char *s, size_t len)
{
	size_t j, mask = x->hashsize - 1;

	if (x->n == 0)
		return -1;
	for (j = hash_bytes(s, len) & mask; x->hash[j] != 0; j = (j + 1) & mask)
		if (x->len[x->hash[j] - 1] == len && memcmp(x->s[x->hash[j] - 1], s, len) == 0)
			return (long)x->hash[j] - 1;
	return -1;
}

static void
json_env_run(struct buf *b, long a, long z, int *first)
{
	if (!*first)
		buf_addc(b, ',');
	*first = 0;
	if (a == z)
		buf_printf(b, "%ld", a);
	else
		buf_printf(b, "[%ld,%ld]", a, z);
}

static void
json_env(struct buf *b, const struct event *ev)
{
	static struct env_index x;
	size_t pos = 0, len, count;
	long a = -1, z = -1, k;
	int first = 1;
	const char *e;

	buf_add(b, ",\"env\":", 7);
	if (!ev->has_env_base) {
		json_argv(b, &ev->env);
		return;
	}
	buf_addc(b, '[');
	if (ev->env_same) {
		count = argv_count(&ev->env_base);
		if (count > 0)
			json_env_run(b, 0, (long)count - 1, &first);
		buf_addc(b, ']');
		return;
	}
	env_index_build(&x, &ev->env_base);
	while ((e = argv_next(&ev->env, &pos, &len)) != NULL) {
		if (a >= 0 && (size_t)z + 1 < x.n && x.len[z + 1] == len &&
		    memcmp(x.s[z + 1], e, len) == 0) {
			z++;		/* the run goes on */
			continue;
		}
		if (a >= 0)
			json_env_run(b, a, z, &first);
		a = z = -1;
		if ((k = env_index_find(&x, e, len)) >= 0) {
			a = z = k;
			continue;
		}
		if (!first)
			buf_addc(b, ',');
		first = 0;
		json_bytes(b, e, len);
	}
	if (a >= 0)
		json_env_run(b, a, z, &first);
	buf_addc(b, ']');
}

static void
json_fds(struct buf *b, const struct event *ev)
{
	int i;

	if (!ev->has_fds)
		return;
	buf_add(b, ",\"fds\":[", 8);
	for (i = 0; i < 3; i++) {
		if (i > 0)
			buf_addc(b, ',');
		json_str(b, ev->fd[i]);
	}
	buf_addc(b, ']');
}

static void
tracefile_begin(void *ctx, const struct trace_info *info)
{
	struct tracefile *tf = ctx;
	struct buf *b = &tf->line;

	buf_printf(b, "{\"ptop\":\"trace\",\"version\":1,\"mode\":\"%s\",\"argv\":",
	    info->mode == TRACE_ATTACH ? "attach" : "launch");
	json_argv(b, &info->argv);
	buf_add(b, ",\"cwd\":", 7);
	json_str(b, info->cwd);
	buf_printf(b, ",\"start\":%.6f", info->start);
	if (info->no_env)
		buf_add(b, ",\"env\":false", 12);
	if (info->no_execfail)
		buf_add(b, ",\"execfail\":false", 17);
	buf_add(b, "}\n", 2);
	tracefile_flush_line(tf);
}

static void
tracefile_event(void *ctx, const struct event *ev)
{
	static const char *const names[] = {
		[EV_SPAWN] = "spawn", [EV_EXEC] = "exec", [EV_EXIT] = "exit",
		[EV_ATTACH] = "attach", [EV_DETACH] = "detach", [EV_EXECFAIL] = "execfail",
	};
	struct tracefile *tf = ctx;
	struct buf *b = &tf->line;

	if (ev->kind == EV_THREADS || tf->failed)
		return;
	tf->last_t = ev->t_us;
	buf_add(b, "{\"t\":", 5);
	json_seconds(b, ev->t_us);
	buf_printf(b, ",\"ev\":\"%s\",\"id\":%u,\"pid\":%d", names[ev->kind], ev->id, (int)ev->pid);
	switch (ev->kind) {
	case EV_SPAWN:
	case EV_ATTACH:
		if (ev->parent != 0)
			buf_printf(b, ",\"parent\":%u", ev->parent);
		else
			buf_add(b, ",\"parent\":null", 14);
		if (ev->kind == EV_SPAWN)
			break;
		/* FALLTHROUGH */
	case EV_EXEC:
		buf_add(b, ",\"argv\":", 8);
		json_argv(b, &ev->argv);
		buf_add(b, ",\"exe\":", 7);
		json_str(b, ev->exe);
		buf_add(b, ",\"cwd\":", 7);
		json_str(b, ev->cwd);
		if (ev->kind == EV_ATTACH && ev->started != 0)
			buf_printf(b, ",\"started\":%.6f", ev->started);
		if (ev->env.data != NULL)
			json_env(b, ev);
		json_fds(b, ev);
		break;
	case EV_EXIT:
		if (ev->signal != 0)
			buf_printf(b, ",\"signal\":\"%s\",\"core\":%s", signal_name(ev->signal),
			    ev->core ? "true" : "false");
		else
			buf_printf(b, ",\"code\":%d", ev->code);
		buf_add(b, ",\"utime\":", 9);
		json_seconds(b, ev->utime_us);
		buf_add(b, ",\"stime\":", 9);
		json_seconds(b, ev->stime_us);
		buf_printf(b, ",\"maxrss\":%ld,\"threads\":%d", ev->maxrss_kb, ev->nthreads);
		break;
	case EV_EXECFAIL:
		buf_add(b, ",\"path\":", 8);
		json_str(b, ev->path);
		buf_add(b, ",\"argv\":", 8);
		json_argv(b, &ev->argv);
		buf_printf(b, ",\"errno\":\"%s\"", errno_name(ev->err));
		if (ev->cut)
			buf_add(b, ",\"cut\":true", 11);
		break;
	case EV_DETACH:
	case EV_THREADS:
		break;
	}
	buf_add(b, "}\n", 2);
	tracefile_flush_line(tf);
}

static void
tracefile_end(void *ctx)
{
	struct tracefile *tf = ctx;

	buf_add(&tf->line, "{\"t\":", 5);
	json_seconds(&tf->line, tf->last_t);
	buf_printf(&tf->line, ",\"ev\":\"end\",\"status\":%d}\n", tf->status);
	tracefile_flush_line(tf);
}

struct sink
tracefile_sink(struct tracefile *tf)
{
	struct sink s = {
		.begin = tracefile_begin,
		.event = tracefile_event,
		.end = tracefile_end,
		.ctx = tf,
	};
	return s;
}

int
tracefile_close(struct tracefile *tf)
{
	int failed;

	if (tf == NULL)
		return 0;
	failed = tf->failed;
	if (close(tf->fd) == -1 && !failed) {
		log_warn("closing trace '%s'", tf->path);
		failed = 1;
	}
	buf_free(&tf->line);
	free(tf->path);
	free(tf);
	return failed ? -1 : 0;
}

void
tracefile_discard(struct tracefile *tf)
{
	if (tf == NULL)
		return;
	tf->failed = 1;
	tracefile_close(tf);
}
