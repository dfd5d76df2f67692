/*
 * tracefile_read.c: read a JSON Lines trace and replay it as events.
 *
 * Each line is parsed with cJSON (the fastest JSON parser Debian ships) and
 * checked before it becomes an event: field types here, id order where the
 * events are applied (ids must be new and increasing for spawn/attach and
 * known for the rest), so a damaged trace is reported with its file name and
 * line number instead of building a wrong tree.  A last line without its
 * newline (ptop was killed while writing it) is dropped with a warning: the
 * file is valid up to its last complete line.
 *
 * Parsing is the cost (a million processes are ~450 MB of JSON), so it runs
 * on the cores (up to MAX_WORKERS parser threads): the file is read in
 * chunks of whole lines, parser threads (and the caller, while it waits)
 * turn chunks into records, and the caller emits the records of each chunk
 * in file order.  At most NSLOTS chunks are in flight, which bounds the
 * memory.  A file of one chunk or less is parsed by the caller alone:
 * starting threads would cost more than they save.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fmt.h"
#include "log.h"
#include "traceenv.h"
#include "tracefile.h"
#include "xmalloc.h"

#define CHUNK_SIZE	(1024 * 1024)
#define NSLOTS		8
#define MAX_WORKERS	3
#define NO_TEXT		((size_t)-1)

enum rec_what { REC_EVENT, REC_HEADER, REC_END, REC_SKIP };

/* One parsed line.  Text lives in the chunk's buffer, by offset. */
struct rec {
	enum rec_what what;
	unsigned long lineno;
	struct event ev;
	int has_parent;
	size_t argv_off, argv_len, exe_off, cwd_off, path_off;
	size_t fd_off[3];
	/* env: the entries (ENV_FULL), or items against the inherited one (ENV_DIFF) */
	enum { ENV_NONE, ENV_FULL, ENV_DIFF } env_kind;
	size_t env_off, env_len;
	/* header */
	enum trace_mode mode;
	double start;
	int no_env, no_execfail;
};

enum chunk_state { SLOT_FREE, SLOT_READY, SLOT_PARSING, SLOT_DONE };

struct chunk {
	enum chunk_state state;
	struct buf raw;			/* whole lines */
	unsigned long first_line;
	struct rec *recs;
	size_t nrecs, allocrecs;
	struct buf text;		/* argv, exe, cwd of the records */
	unsigned long err_line;		/* 0: no error */
	char err[256];
};

struct reader {
	const struct bus *bus;		/* where the events go */
	const char *path;
	int fd;
	struct buf carry;		/* a line begun in the last read */
	unsigned long lines_read;
	int eof;
	int cut_line;			/* the file ends inside a line */
	size_t read_size;		/* bytes asked of each read(2) */
	uint32_t max_id;
	struct traceenv envs;		/* each live id's environment */

	struct chunk slots[NSLOTS];
	uint64_t next_read, next_apply;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int quit;
};

/* ---- parsing one line (any thread) ---------------------------------------- */

/*
 * cJSON allocates every node and string.  Each thread gives it a bump arena
 * that is reset after every line (free is a no-op inside it): a tenth of
 * the parse time was malloc and free.  Big allocations (a huge argv) fall
 * back to malloc.
 */
#define LINE_ARENA (64 * 1024)

static __thread char *line_arena;
static __thread size_t line_used;

static void *
line_malloc(size_t size)
{
	size_t need = (size + 15) & ~(size_t)15;

	if (line_arena != NULL && line_used + need <= LINE_ARENA) {
		void *p = line_arena + line_used;
		line_used += need;
		return p;
	}
	return malloc(size);
}

static void
line_free(void *p)
{
	if (line_arena != NULL && (char *)p >= line_arena && (char *)p < line_arena + LINE_ARENA)
		return;
	free(p);
}

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void
hooks_init(void)
{
	cJSON_Hooks hooks = { line_malloc, line_free };

	cJSON_InitHooks(&hooks);
}

static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

/* Append the bytes of a base64 string; -1 if it is not base64. */
static int
b64_decode(struct buf *out, const char *s)
{
	size_t len = strlen(s), i;
	int v[4], k, pad;
	unsigned char bytes[3];

	if (len % 4 != 0)
		return -1;
	for (i = 0; i < len; i += 4) {
		pad = 0;
		for (k = 0; k < 4; k++) {
			if (s[i + k] == '=' && i + 4 == len && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad != 0 || (v[k] = b64_value((unsigned char)s[i + k])) < 0)
				return -1;
		}
		bytes[0] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		bytes[1] = (unsigned char)(v[1] << 4 | v[2] >> 2);
		bytes[2] = (unsigned char)(v[2] << 6 | v[3]);
		buf_add(out, bytes, 3 - (size_t)pad);
	}
	return 0;
}

/* A string or {"b64":...} appended to out.  -1 if neither. */
static int
read_bytes(struct buf *out, const cJSON *v)
{
	const cJSON *b;

	if (cJSON_IsString(v)) {
		buf_adds(out, v->valuestring);
		return 0;
	}
	if (cJSON_IsObject(v) && (b = v->child) != NULL && b->next == NULL &&
	    strcmp(b->string, "b64") == 0 && cJSON_IsString(b))
		return b64_decode(out, b->valuestring);
	return -1;
}

struct fields {
	const cJSON *ptop, *version, *mode, *start, *ev, *t, *id, *pid, *parent;
	const cJSON *argv, *exe, *cwd, *started, *code, *signal, *core;
	const cJSON *utime, *stime, *maxrss, *threads, *path, *err, *env, *fds, *cut, *execfail;
};

/* One pass over the members: no quadratic lookups on every line. */
static void
get_fields(const cJSON *obj, struct fields *f)
{
	const cJSON *c;
	const char *k;

	memset(f, 0, sizeof *f);
	for (c = obj->child; c != NULL; c = c->next) {
		k = c->string;
		switch (k[0]) {
		case 'a': if (strcmp(k, "argv") == 0) f->argv = c; break;
		case 'c':
			if (strcmp(k, "cwd") == 0) f->cwd = c;
			else if (strcmp(k, "code") == 0) f->code = c;
			else if (strcmp(k, "core") == 0) f->core = c;
			else if (strcmp(k, "cut") == 0) f->cut = c;
			break;
		case 'e':
			if (strcmp(k, "ev") == 0) f->ev = c;
			else if (strcmp(k, "exe") == 0) f->exe = c;
			else if (strcmp(k, "errno") == 0) f->err = c;
			else if (strcmp(k, "env") == 0) f->env = c;
			else if (strcmp(k, "execfail") == 0) f->execfail = c;
			break;
		case 'f': if (strcmp(k, "fds") == 0) f->fds = c; break;
		case 'i': if (strcmp(k, "id") == 0) f->id = c; break;
		case 'm':
			if (strcmp(k, "mode") == 0) f->mode = c;
			else if (strcmp(k, "maxrss") == 0) f->maxrss = c;
			break;
		case 'p':
			if (strcmp(k, "pid") == 0) f->pid = c;
			else if (strcmp(k, "parent") == 0) f->parent = c;
			else if (strcmp(k, "path") == 0) f->path = c;
			else if (strcmp(k, "ptop") == 0) f->ptop = c;
			break;
		case 's':
			if (strcmp(k, "stime") == 0) f->stime = c;
			else if (strcmp(k, "signal") == 0) f->signal = c;
			else if (strcmp(k, "start") == 0) f->start = c;
			else if (strcmp(k, "started") == 0) f->started = c;
			break;
		case 't':
			if (strcmp(k, "t") == 0) f->t = c;
			else if (strcmp(k, "threads") == 0) f->threads = c;
			break;
		case 'u': if (strcmp(k, "utime") == 0) f->utime = c; break;
		case 'v': if (strcmp(k, "version") == 0) f->version = c; break;
		}
	}
}

/*
 * The range of every number a trace holds.  Values outside them are damage
 * (or an attack) and refuse the line: they would be undefined behaviour when
 * cast to the event's integer fields, or overflow the time arithmetic
 * downstream.  The bounds keep every time within 10^10 s (1e16 us), so that
 * the difference of any two, in microseconds, fits an int64_t many times.
 */
#define SECONDS_MAX	1e9		/* t, utime, stime: 31 years */
#define UNIX_TIME_MAX	1e10		/* start, started: the year 2286 */
#define PID_MAX		2147483647.0	/* pid_t */
#define THREADS_MAX	2147483647.0	/* int */
#define MAXRSS_MAX	((double)LONG_MAX < 1e15 ? (double)LONG_MAX : 1e15)	/* KiB */

static int64_t
seconds_to_us(double s)
{
	return (int64_t)(s * 1e6 + (s < 0 ? -0.5 : 0.5));
}

#define PERR(...) (snprintf(c->err, sizeof c->err, __VA_ARGS__), -1)

static int
need_number(struct chunk *c, const cJSON *v, const char *name, double *out)
{
	if (!cJSON_IsNumber(v))
		return PERR("\"%s\" is missing or not a number", name);
	*out = v->valuedouble;
	return 0;
}

/* A number in [lo, hi]; with whole, an integer too.  NaN and infinities fail. */
static int
need_range(struct chunk *c, const cJSON *v, const char *name, double lo, double hi, int whole,
    double *out)
{
	double d;

	if (need_number(c, v, name, &d) != 0)
		return -1;
	if (!(d >= lo && d <= hi))
		return PERR("\"%s\" %g is out of range (%.15g to %.15g)", name, d, lo, hi);
	/* In range, so the cast is defined. */
	if (whole && d != (double)(int64_t)d)
		return PERR("\"%s\" %.17g is not a whole number", name, d);
	*out = d;
	return 0;
}

/* The same, when the field may be absent (*out is then left alone). */
static int
opt_range(struct chunk *c, const cJSON *v, const char *name, double lo, double hi, int whole,
    double *out)
{
	if (v == NULL)
		return 0;
	return need_range(c, v, name, lo, hi, whole, out);
}

static int
parse_argv(struct chunk *c, const cJSON *a, struct rec *r)
{
	const cJSON *v;

	if (!cJSON_IsArray(a))
		return PERR("\"argv\" is missing or not an array");
	r->argv_off = c->text.len;
	cJSON_ArrayForEach(v, a) {
		if (read_bytes(&c->text, v) != 0)
			return PERR("an argv element is neither a string nor {\"b64\":...}");
		buf_addc(&c->text, '\0');
	}
	r->argv_len = c->text.len - r->argv_off;
	return 0;
}

/* Optional path: string, b64 object, null or absent. */
static int
parse_path(struct chunk *c, const cJSON *v, const char *name, size_t *off)
{
	*off = NO_TEXT;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	*off = c->text.len;
	if (read_bytes(&c->text, v) != 0)
		return PERR("\"%s\" is neither a string nor {\"b64\":...}", name);
	buf_addc(&c->text, '\0');
	return 0;
}

/*
 * "env": entries of its own (strings or b64 objects), entries of the
 * environment it had by index, or runs of them as [first,last].
 */
static int
parse_env(struct chunk *c, const cJSON *a, struct rec *r)
{
	const cJSON *v;
	size_t head, start;
	double x, y;

	if (a == NULL || cJSON_IsNull(a))
		return 0;
	if (!cJSON_IsArray(a))
		return PERR("\"env\" is not an array");
	r->env_kind = ENV_FULL;
	r->env_off = c->text.len;
	cJSON_ArrayForEach(v, a) {
		if (cJSON_IsNumber(v) || cJSON_IsArray(v)) {
			x = y = cJSON_IsNumber(v) ? v->valuedouble : -1;
			if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2 &&
			    cJSON_IsNumber(v->child) && cJSON_IsNumber(v->child->next)) {
				x = v->child->valuedouble;
				y = v->child->next->valuedouble;
			}
			if (x < 0 || y < x || y > UINT32_MAX || x != (uint32_t)x || y != (uint32_t)y)
				return PERR("\"env\" has a bad entry index");
			traceenv_add_run(&c->text, (uint32_t)x, (uint32_t)y);
			r->env_kind = ENV_DIFF;
			continue;
		}
		/* Read in place, after room for the item's head (traceenv.c). */
		head = c->text.len;
		traceenv_add_entry(&c->text, "", 0);
		start = c->text.len;
		if (read_bytes(&c->text, v) != 0)
			return PERR("an \"env\" entry is neither a string, an index nor {\"b64\":...}");
		if (memchr(c->text.p + start, '\0', c->text.len - start) != NULL)
			return PERR("an \"env\" entry holds a NUL byte");
		traceenv_set_entry_len(c->text.p + head, c->text.len - start);
	}
	r->env_len = c->text.len - r->env_off;
	return 0;
}

/* "fds": where fds 0-2 pointed, strings or null. */
static int
parse_fds(struct chunk *c, const cJSON *a, struct rec *r)
{
	const cJSON *v;
	int i = 0;

	if (a == NULL || cJSON_IsNull(a))
		return 0;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != 3)
		return PERR("\"fds\" is not an array of three");
	cJSON_ArrayForEach(v, a)
		if (parse_path(c, v, "fds", &r->fd_off[i++]) != 0)
			return -1;
	r->ev.has_fds = 1;
	return 0;
}

static int
parse_header(struct chunk *c, const struct fields *f, struct rec *r)
{
	double version = 0;

	if (!cJSON_IsString(f->ptop) || strcmp(f->ptop->valuestring, "trace") != 0)
		return PERR("not a ptop trace (no header line); record one with ptop -o FILE");
	if (need_number(c, f->version, "version", &version) != 0)
		return -1;
	if (version != 1)
		return PERR("trace format version %g is not supported (this ptop reads version 1)",
		    version);
	r->what = REC_HEADER;
	r->mode = cJSON_IsString(f->mode) && strcmp(f->mode->valuestring, "attach") == 0 ?
	    TRACE_ATTACH : TRACE_LAUNCH;
	if (parse_argv(c, f->argv, r) != 0 || parse_path(c, f->cwd, "cwd", &r->cwd_off) != 0 ||
	    need_range(c, f->start, "start", 0, UNIX_TIME_MAX, 0, &r->start) != 0)
		return -1;
	r->no_env = cJSON_IsFalse(f->env);
	r->no_execfail = cJSON_IsFalse(f->execfail);
	return 0;
}

static int
parse_ids(struct chunk *c, const struct fields *f, struct rec *r, int is_new)
{
	double id = 0, pid = 0, parent = 0;

	if (need_range(c, f->id, "id", 1, UINT32_MAX, 1, &id) != 0 ||
	    need_range(c, f->pid, "pid", 1, PID_MAX, 1, &pid) != 0)
		return -1;
	r->ev.id = (uint32_t)id;
	r->ev.pid = (pid_t)pid;
	if (!is_new || f->parent == NULL || cJSON_IsNull(f->parent))
		return 0;
	if (need_range(c, f->parent, "parent", 1, UINT32_MAX, 1, &parent) != 0)
		return -1;
	r->ev.parent = (uint32_t)parent;
	r->has_parent = 1;
	return 0;
}

static int
parse_exit(struct chunk *c, const struct fields *f, struct event *ev)
{
	double code = 0, sig = 0, utime = 0, stime = 0, maxrss = 0, threads = 0;

	if (f->signal != NULL) {
		if (cJSON_IsString(f->signal)) {
			if ((ev->signal = signal_parse(f->signal->valuestring)) <= 0)
				return PERR("unknown signal");
		} else if (need_range(c, f->signal, "signal", 1, SIGRTMAX, 1, &sig) != 0)
			return -1;
		else
			ev->signal = (int)sig;
		ev->core = cJSON_IsTrue(f->core);
	} else if (need_range(c, f->code, "code", 0, 255, 1, &code) != 0)
		return -1;
	if (opt_range(c, f->utime, "utime", 0, SECONDS_MAX, 0, &utime) != 0 ||
	    opt_range(c, f->stime, "stime", 0, SECONDS_MAX, 0, &stime) != 0 ||
	    opt_range(c, f->maxrss, "maxrss", 0, MAXRSS_MAX, 1, &maxrss) != 0 ||
	    opt_range(c, f->threads, "threads", 0, THREADS_MAX, 1, &threads) != 0)
		return -1;
	ev->code = (int)code;
	ev->utime_us = seconds_to_us(utime);
	ev->stime_us = seconds_to_us(stime);
	ev->maxrss_kb = (long)maxrss;
	ev->nthreads = (int)threads;
	return 0;
}

static int
parse_event(struct chunk *c, const struct fields *f, struct rec *r)
{
	struct event *ev = &r->ev;
	const char *name;
	double t = 0;

	if (!cJSON_IsString(f->ev))
		return PERR("no \"ev\" field");
	name = f->ev->valuestring;
	if (need_range(c, f->t, "t", 0, SECONDS_MAX, 0, &t) != 0)
		return -1;
	ev->t_us = seconds_to_us(t);
	if (strcmp(name, "end") == 0) {
		r->what = REC_END;
		return 0;
	}
	if (strcmp(name, "spawn") == 0) {
		ev->kind = EV_SPAWN;
		return parse_ids(c, f, r, 1);
	}
	if (strcmp(name, "attach") == 0) {
		ev->kind = EV_ATTACH;
		return parse_ids(c, f, r, 1) || parse_argv(c, f->argv, r) ||
		    parse_path(c, f->exe, "exe", &r->exe_off) || parse_path(c, f->cwd, "cwd", &r->cwd_off) ||
		    opt_range(c, f->started, "started", 0, UNIX_TIME_MAX, 0, &ev->started) ||
		    parse_env(c, f->env, r) ? -1 : 0;
	}
	if (strcmp(name, "exec") == 0) {
		ev->kind = EV_EXEC;
		return parse_ids(c, f, r, 0) || parse_argv(c, f->argv, r) ||
		    parse_path(c, f->exe, "exe", &r->exe_off) || parse_path(c, f->cwd, "cwd", &r->cwd_off) ||
		    parse_env(c, f->env, r) || parse_fds(c, f->fds, r) ? -1 : 0;
	}
	if (strcmp(name, "exit") == 0) {
		ev->kind = EV_EXIT;
		return parse_ids(c, f, r, 0) || parse_exit(c, f, ev) ? -1 : 0;
	}
	if (strcmp(name, "execfail") == 0) {
		ev->kind = EV_EXECFAIL;
		if (parse_ids(c, f, r, 0) || parse_argv(c, f->argv, r) ||
		    parse_path(c, f->path, "path", &r->path_off))
			return -1;
		if (!cJSON_IsString(f->err) || (ev->err = errno_parse(f->err->valuestring)) <= 0)
			return PERR("\"errno\" is missing or not an errno name");
		ev->cut = cJSON_IsTrue(f->cut);
		return 0;
	}
	if (strcmp(name, "detach") == 0) {
		ev->kind = EV_DETACH;
		return parse_ids(c, f, r, 0);
	}
	r->what = REC_SKIP;	/* a newer ptop's event */
	return 0;
}

static struct rec *
chunk_new_rec(struct chunk *c, unsigned long lineno)
{
	struct rec *r;

	if (c->nrecs == c->allocrecs) {
		c->allocrecs = c->allocrecs ? c->allocrecs * 2 : 4096;
		c->recs = xreallocarray(c->recs, c->allocrecs, sizeof *c->recs);
	}
	r = &c->recs[c->nrecs++];
	memset(r, 0, sizeof *r);
	r->lineno = lineno;
	r->argv_off = r->exe_off = r->cwd_off = r->path_off = NO_TEXT;
	r->fd_off[0] = r->fd_off[1] = r->fd_off[2] = NO_TEXT;
	return r;
}

/* Turn every line of c into a record; stop at the first bad one. */
static void
chunk_parse(struct chunk *c)
{
	const char *p = c->raw.p, *end = c->raw.p + c->raw.len, *nl;
	unsigned long lineno = c->first_line;
	struct fields f;
	struct rec *r;
	cJSON *obj;
	int rc;

	c->nrecs = 0;
	buf_clear(&c->text);
	if (line_arena == NULL)
		line_arena = xmalloc(LINE_ARENA);
	for (; p < end; p = nl + 1, lineno++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == p)
			continue;	/* an empty line */
		line_used = 0;
		obj = cJSON_ParseWithLength(p, (size_t)(nl - p));
		r = chunk_new_rec(c, lineno);
		if (obj == NULL || !cJSON_IsObject(obj)) {
			rc = PERR("not a JSON object");
		} else {
			get_fields(obj, &f);
			rc = lineno == 1 ? parse_header(c, &f, r) : parse_event(c, &f, r);
		}
		cJSON_Delete(obj);
		if (rc != 0) {
			c->err_line = lineno;
			c->nrecs--;
			return;
		}
	}
}

/* ---- threads ---------------------------------------------------------------- */

/* Parse some READY chunk, preferring the oldest.  Called with the lock held. */
static int
parse_one_locked(struct reader *r)
{
	struct chunk *c = NULL;
	uint64_t s;

	for (s = r->next_apply; s < r->next_read; s++) {
		if (r->slots[s % NSLOTS].state == SLOT_READY) {
			c = &r->slots[s % NSLOTS];
			break;
		}
	}
	if (c == NULL)
		return 0;
	c->state = SLOT_PARSING;
	pthread_mutex_unlock(&r->lock);
	chunk_parse(c);
	pthread_mutex_lock(&r->lock);
	c->state = SLOT_DONE;
	pthread_cond_broadcast(&r->cond);
	return 1;
}

static void *
reader_worker(void *arg)
{
	struct reader *r = arg;

	pthread_mutex_lock(&r->lock);
	while (!r->quit) {
		if (!parse_one_locked(r))
			pthread_cond_wait(&r->cond, &r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	free(line_arena);
	line_arena = NULL;
	return NULL;
}

/* ---- the caller's side: read, apply in order -------------------------------- */

/* Fill c with the next whole lines of the file.  -1 on a read error. */
static int
chunk_fill(struct reader *r, struct chunk *c)
{
	char *nl;
	ssize_t n;
	size_t i;

	buf_clear(&c->raw);
	buf_add(&c->raw, r->carry.p, r->carry.len);
	buf_clear(&r->carry);
	for (;;) {
		buf_reserve(&c->raw, r->read_size);
		n = read(r->fd, c->raw.p + c->raw.len, r->read_size);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			r->eof = 1;
			if (c->raw.len > 0 && c->raw.p[c->raw.len - 1] != '\n') {
				/* A line cut short: drop it, say so after the rest. */
				nl = memrchr(c->raw.p, '\n', c->raw.len);
				c->raw.len = nl != NULL ? (size_t)(nl - c->raw.p) + 1 : 0;
				r->cut_line = 1;
			}
			break;
		}
		nl = memrchr(c->raw.p + c->raw.len, '\n', (size_t)n);
		c->raw.len += (size_t)n;
		if (nl != NULL) {
			buf_add(&r->carry, nl + 1, (size_t)(c->raw.p + c->raw.len - (nl + 1)));
			c->raw.len = (size_t)(nl - c->raw.p) + 1;
			break;
		}
		/* No newline yet: a line longer than a chunk; read on. */
	}
	c->raw.p[c->raw.len] = '\0';
	c->first_line = r->lines_read + 1;
	for (i = 0; i < c->raw.len; i++)
		if ((nl = memchr(c->raw.p + i, '\n', c->raw.len - i)) != NULL) {
			r->lines_read++;
			i = (size_t)(nl - c->raw.p);
		} else
			break;
	return 0;
}

static const char *
rec_text(const struct chunk *c, size_t off)
{
	return off == NO_TEXT ? NULL : c->text.p + off;
}

/* Check the order rules and emit.  1 at "end", 0 on, -1 on error. */
static int
rec_apply(struct reader *r, const struct chunk *c, struct rec *rec)
{
	struct event *ev = &rec->ev;
	struct trace_info info;
	char why[128];

	ev->argv.data = rec->argv_off != NO_TEXT ? c->text.p + rec->argv_off : "";
	ev->argv.len = rec->argv_off != NO_TEXT ? rec->argv_len : 0;
	switch (rec->what) {
	case REC_HEADER:
		memset(&info, 0, sizeof info);
		info.mode = rec->mode;
		info.argv = ev->argv;
		info.cwd = rec_text(c, rec->cwd_off);
		info.start = rec->start;
		info.no_env = rec->no_env;
		info.no_execfail = rec->no_execfail;
		bus_begin(r->bus, &info);
		return 0;
	case REC_END:
		return 1;
	case REC_SKIP:
		return 0;
	case REC_EVENT:
		break;
	}
	if (ev->kind == EV_SPAWN || ev->kind == EV_ATTACH) {
		if (ev->id != r->max_id + 1) {
			log_warnx("%s:%lu: id %u out of order (expected %u)", r->path, rec->lineno,
			    ev->id, r->max_id + 1);
			return -1;
		}
		if (rec->has_parent && ev->parent > r->max_id) {
			log_warnx("%s:%lu: parent %u is not an earlier id", r->path, rec->lineno,
			    ev->parent);
			return -1;
		}
		r->max_id = ev->id;
	} else if (ev->id > r->max_id) {
		log_warnx("%s:%lu: id %u has no spawn or attach before it", r->path, rec->lineno, ev->id);
		return -1;
	}
	ev->exe = rec_text(c, rec->exe_off);
	ev->cwd = rec_text(c, rec->cwd_off);
	ev->path = rec_text(c, rec->path_off);
	ev->fd[0] = rec_text(c, rec->fd_off[0]);
	ev->fd[1] = rec_text(c, rec->fd_off[1]);
	ev->fd[2] = rec_text(c, rec->fd_off[2]);
	if (ev->kind == EV_SPAWN || ev->kind == EV_ATTACH)
		traceenv_spawn(&r->envs, ev->id, ev->kind == EV_SPAWN ? ev->parent : 0);
	if (rec->env_kind != ENV_NONE && traceenv_apply(&r->envs, ev->id, c->text.p + rec->env_off,
	    rec->env_len, ev, why, sizeof why) != 0) {
		log_warnx("%s:%lu: %s", r->path, rec->lineno, why);
		return -1;
	}
	bus_emit(r->bus, ev);
	if (ev->kind == EV_EXIT || ev->kind == EV_DETACH)
		traceenv_end(&r->envs, ev->id);
	return 0;
}

static void
chunk_free(struct chunk *c)
{
	buf_free(&c->raw);
	buf_free(&c->text);
	free(c->recs);
}

/*
 * Parser threads for the file: none when it fits in one chunk, which is then
 * read with one buffer of its size rather than a whole chunk's.
 */
static int
reader_workers(struct reader *r)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN) - 1;
	struct stat st;

	r->read_size = CHUNK_SIZE;
	if (fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < CHUNK_SIZE) {
		/* One more byte, so that the second read sees the end of the file. */
		r->read_size = ((size_t)st.st_size + 4096) & ~(size_t)4095;
		return 0;
	}
	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

/*
 * Apply the chunks in order: read ahead while slots are free, help parse
 * while the next chunk is not done.  Returns 1 at "end", 0 at EOF, -1.
 */
static int
reader_run(struct reader *r, int *nrecs)
{
	struct chunk *c;
	size_t i;
	int rc = 0, st;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (!r->eof && r->next_read - r->next_apply < NSLOTS) {
			c = &r->slots[r->next_read % NSLOTS];
			pthread_mutex_unlock(&r->lock);
			st = chunk_fill(r, c);
			pthread_mutex_lock(&r->lock);
			if (st != 0) {
				log_warn("reading trace '%s'", r->path);
				rc = -1;
				goto out;
			}
			if (c->raw.len == 0)
				break;
			c->state = SLOT_READY;
			r->next_read++;
			pthread_cond_broadcast(&r->cond);
		}
		if (r->next_apply == r->next_read)
			break;	/* all read and applied */
		c = &r->slots[r->next_apply % NSLOTS];
		while (c->state != SLOT_DONE)
			if (!parse_one_locked(r))
				pthread_cond_wait(&r->cond, &r->lock);
		pthread_mutex_unlock(&r->lock);
		for (i = 0; i < c->nrecs && rc == 0; i++) {
			(*nrecs)++;
			rc = rec_apply(r, c, &c->recs[i]);
		}
		if (rc == 0 && c->err_line != 0) {
			log_warnx("%s:%lu: %s", r->path, c->err_line, c->err);
			rc = -1;
		}
		pthread_mutex_lock(&r->lock);
		c->state = SLOT_FREE;
		r->next_apply++;
		if (rc != 0)
			break;
	}
out:
	r->quit = 1;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

int
tracefile_read(const char *path, const struct bus *bus)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("cannot open trace '%s'", path);
		return -1;
	}
	return tracefile_read_fd(path, fd, bus);
}

int
tracefile_read_fd(const char *path, int fd, const struct bus *bus)
{
	pthread_t workers[MAX_WORKERS];
	struct reader *r;
	int i, n, rc, nrecs = 0;

	pthread_once(&hooks_once, hooks_init);
	r = xcalloc(1, sizeof *r);
	r->bus = bus;
	r->path = path;
	r->fd = fd;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	n = reader_workers(r);
	for (i = 0; i < n; i++)
		if (pthread_create(&workers[i], NULL, reader_worker, r) != 0)
			break;
	n = i;
	rc = reader_run(r, &nrecs);
	for (i = 0; i < n; i++)
		pthread_join(workers[i], NULL);
	if (rc >= 0 && nrecs == 0) {
		log_warnx("%s: empty file, not a ptop trace; record one with ptop -o FILE", path);
		rc = -1;
	}
	if (rc >= 0 && r->cut_line)
		log_warnx("%s:%lu: incomplete last line ignored (was ptop killed while recording?)",
		    path, r->lines_read + 1);
	if (rc == 0)
		log_debug("%s: no end line: the recording was cut short", path);
	if (rc >= 0)
		bus_end(bus);
	free(line_arena);
	line_arena = NULL;
	for (i = 0; i < NSLOTS; i++)
		chunk_free(&r->slots[i]);
	buf_free(&r->carry);
	traceenv_free(&r->envs);
	close(r->fd);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->cond);
	free(r);
	return rc < 0 ? -1 : 0;
}
