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
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "tracefile.h"
#include "xmalloc.h"

struct tracefile {
	int fd;
	char *path;
	int created;		/* we made the file (so discard may remove it) */
	int failed;		/* a write failed; stop writing, report once */
	int status;		/* for the end line */
	int64_t last_t;
	struct buf line;
};

struct tracefile *
tracefile_create(const char *path)
{
	struct tracefile *tf;
	struct stat st;
	int fd, created = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1 && errno == ENOENT) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
		created = fd != -1;
	}
	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (S_ISREG(st.st_mode) && !created) {
		/* argv can hold secrets: an old trace's looser mode does not carry over. */
		if (fchmod(fd, 0600) == -1 || ftruncate(fd, 0) == -1)
			goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	tf = xcalloc(1, sizeof *tf);
	tf->fd = fd;
	tf->path = xstrdup(path);
	tf->created = created;
	return tf;
fail:
	close(fd);
	if (created) {
		int saved = errno;
		unlink(path);
		errno = saved;
	}
	return NULL;
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

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
json_b64(struct buf *b, const unsigned char *s, size_t len)
{
	size_t i;
	uint32_t v;
	char *o;

	buf_reserve(b, (len + 2) / 3 * 4);
	o = b->p + b->len;
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
		*o++ = b64chars[v >> 18];
		*o++ = b64chars[(v >> 12) & 63];
		*o++ = b64chars[(v >> 6) & 63];
		*o++ = b64chars[v & 63];
	}
	if (i < len) {
		v = (uint32_t)s[i] << 16 | (i + 1 < len ? (uint32_t)s[i + 1] << 8 : 0);
		*o++ = b64chars[v >> 18];
		*o++ = b64chars[(v >> 12) & 63];
		*o++ = i + 1 < len ? b64chars[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
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
		json_b64(b, p, len);
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
	buf_printf(b, ",\"start\":%.6f}\n", info->start);
	tracefile_flush_line(tf);
}

static void
tracefile_event(void *ctx, const struct event *ev)
{
	static const char *const names[] = {
		[EV_SPAWN] = "spawn", [EV_EXEC] = "exec", [EV_EXIT] = "exit",
		[EV_ATTACH] = "attach", [EV_DETACH] = "detach",
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
	if (tf->created)
		unlink(tf->path);
	tf->failed = 1;
	tracefile_close(tf);
}
