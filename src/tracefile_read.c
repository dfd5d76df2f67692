/*
 * tracefile_read.c: read a JSON Lines trace and replay it as events.
 *
 * Each line is parsed with cJSON (the fastest JSON parser Debian ships) and
 * checked before it becomes an event: ids must be new and increasing for
 * spawn/attach and known for the rest, so a damaged trace is reported with
 * its file name and line number instead of building a wrong tree.  A last
 * line without its newline (ptop was killed while writing it) is dropped
 * with a warning: the file is valid up to its last complete line.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fmt.h"
#include "log.h"
#include "tracefile.h"
#include "xmalloc.h"

struct reader {
	const char *path;
	unsigned long lineno;
	uint32_t max_id;
	struct buf argv, exe, cwd, tmp;
	char err[256];
};

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
	int v[4], k;
	unsigned char bytes[3];

	if (len % 4 != 0)
		return -1;
	for (i = 0; i < len; i += 4) {
		int pad = 0;
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

/* A string or {"b64":...} into out (appended).  -1 if neither. */
static int
read_bytes(struct buf *out, const cJSON *v)
{
	const cJSON *b;

	if (cJSON_IsString(v)) {
		buf_adds(out, v->valuestring);
		return 0;
	}
	if (cJSON_IsObject(v) && (b = cJSON_GetObjectItemCaseSensitive(v, "b64")) != NULL &&
	    cJSON_IsString(b))
		return b64_decode(out, b->valuestring);
	return -1;
}

static int
read_argv(struct reader *r, const cJSON *obj, struct argv_buf *argv)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, "argv"), *v;

	buf_clear(&r->argv);
	if (!cJSON_IsArray(a)) {
		snprintf(r->err, sizeof r->err, "\"argv\" is missing or not an array");
		return -1;
	}
	cJSON_ArrayForEach(v, a) {
		if (read_bytes(&r->argv, v) != 0) {
			snprintf(r->err, sizeof r->err, "an argv element is neither a string nor {\"b64\":...}");
			return -1;
		}
		buf_addc(&r->argv, '\0');
	}
	argv->data = r->argv.p != NULL ? r->argv.p : "";
	argv->len = r->argv.len;
	return 0;
}

/* Optional path field: string, b64 object, null or absent. */
static int
read_path(struct reader *r, const cJSON *obj, const char *name, struct buf *b, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	*out = NULL;
	buf_clear(b);
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (read_bytes(b, v) != 0) {
		snprintf(r->err, sizeof r->err, "\"%s\" is neither a string nor {\"b64\":...}", name);
		return -1;
	}
	*out = b->p != NULL ? b->p : "";
	return 0;
}

static int
read_number(struct reader *r, const cJSON *obj, const char *name, double *out, int required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (v == NULL && !required)
		return 0;
	if (!cJSON_IsNumber(v)) {
		snprintf(r->err, sizeof r->err, "\"%s\" is missing or not a number", name);
		return -1;
	}
	*out = v->valuedouble;
	return 0;
}

static int64_t
seconds_to_us(double s)
{
	return (int64_t)(s * 1e6 + (s < 0 ? -0.5 : 0.5));
}

static int
read_header(struct reader *r, const cJSON *obj)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(obj, "ptop");
	const cJSON *mode = cJSON_GetObjectItemCaseSensitive(obj, "mode");
	struct trace_info info;
	double version = 0, start = 0;

	if (!cJSON_IsString(p) || strcmp(p->valuestring, "trace") != 0) {
		snprintf(r->err, sizeof r->err, "not a ptop trace (no header line); record one with ptop -o FILE");
		return -1;
	}
	if (read_number(r, obj, "version", &version, 1) != 0)
		return -1;
	if (version != 1) {
		snprintf(r->err, sizeof r->err, "trace format version %g is not supported (this ptop reads version 1)", version);
		return -1;
	}
	memset(&info, 0, sizeof info);
	info.mode = cJSON_IsString(mode) && strcmp(mode->valuestring, "attach") == 0 ?
	    TRACE_ATTACH : TRACE_LAUNCH;
	if (read_argv(r, obj, &info.argv) != 0 || read_path(r, obj, "cwd", &r->cwd, &info.cwd) != 0 ||
	    read_number(r, obj, "start", &start, 1) != 0)
		return -1;
	info.start = start;
	event_begin(&info);
	return 0;
}

/* Check the id rules; *is_new for spawn/attach. */
static int
read_id(struct reader *r, const cJSON *obj, struct event *ev, int is_new)
{
	double id = 0, pid = 0, parent = 0;
	const cJSON *pv;

	if (read_number(r, obj, "id", &id, 1) != 0 || read_number(r, obj, "pid", &pid, 1) != 0)
		return -1;
	if (id < 1 || id > UINT32_MAX || id != (uint32_t)id) {
		snprintf(r->err, sizeof r->err, "bad id %g", id);
		return -1;
	}
	ev->id = (uint32_t)id;
	ev->pid = (pid_t)pid;
	if (!is_new) {
		if (ev->id > r->max_id) {
			snprintf(r->err, sizeof r->err, "id %u has no spawn or attach before it", ev->id);
			return -1;
		}
		return 0;
	}
	if (ev->id != r->max_id + 1) {
		snprintf(r->err, sizeof r->err, "id %u out of order (expected %u)", ev->id, r->max_id + 1);
		return -1;
	}
	pv = cJSON_GetObjectItemCaseSensitive(obj, "parent");
	if (pv != NULL && !cJSON_IsNull(pv)) {
		if (read_number(r, obj, "parent", &parent, 1) != 0)
			return -1;
		if (parent < 1 || parent > r->max_id || parent != (uint32_t)parent) {
			snprintf(r->err, sizeof r->err, "parent %g is not an earlier id", parent);
			return -1;
		}
		ev->parent = (uint32_t)parent;
	}
	r->max_id = ev->id;
	return 0;
}

static int
read_exit(struct reader *r, const cJSON *obj, struct event *ev)
{
	const cJSON *sig = cJSON_GetObjectItemCaseSensitive(obj, "signal");
	double code = 0, utime = 0, stime = 0, maxrss = 0, threads = 0;

	if (sig != NULL) {
		if (cJSON_IsString(sig))
			ev->signal = signal_parse(sig->valuestring);
		else if (cJSON_IsNumber(sig))
			ev->signal = sig->valueint;
		if (ev->signal <= 0) {
			snprintf(r->err, sizeof r->err, "unknown signal");
			return -1;
		}
		ev->core = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "core"));
	} else if (read_number(r, obj, "code", &code, 1) != 0)
		return -1;
	if (read_number(r, obj, "utime", &utime, 0) != 0 ||
	    read_number(r, obj, "stime", &stime, 0) != 0 ||
	    read_number(r, obj, "maxrss", &maxrss, 0) != 0 ||
	    read_number(r, obj, "threads", &threads, 0) != 0)
		return -1;
	ev->code = (int)code;
	ev->utime_us = seconds_to_us(utime);
	ev->stime_us = seconds_to_us(stime);
	ev->maxrss_kb = (long)maxrss;
	ev->nthreads = (int)threads;
	return 0;
}

/* One event line; 1 at the "end" line, 0 otherwise, -1 on error. */
static int
read_event(struct reader *r, const cJSON *obj)
{
	const cJSON *evname = cJSON_GetObjectItemCaseSensitive(obj, "ev");
	const char *name;
	struct event ev;
	double t = 0, started = 0;

	if (!cJSON_IsString(evname)) {
		snprintf(r->err, sizeof r->err, "no \"ev\" field");
		return -1;
	}
	name = evname->valuestring;
	memset(&ev, 0, sizeof ev);
	if (read_number(r, obj, "t", &t, 1) != 0)
		return -1;
	ev.t_us = seconds_to_us(t);
	if (strcmp(name, "end") == 0)
		return 1;
	if (strcmp(name, "spawn") == 0) {
		ev.kind = EV_SPAWN;
		if (read_id(r, obj, &ev, 1) != 0)
			return -1;
	} else if (strcmp(name, "attach") == 0) {
		ev.kind = EV_ATTACH;
		if (read_id(r, obj, &ev, 1) != 0 || read_argv(r, obj, &ev.argv) != 0 ||
		    read_path(r, obj, "exe", &r->exe, &ev.exe) != 0 ||
		    read_path(r, obj, "cwd", &r->cwd, &ev.cwd) != 0 ||
		    read_number(r, obj, "started", &started, 0) != 0)
			return -1;
		ev.started = started;
	} else if (strcmp(name, "exec") == 0) {
		ev.kind = EV_EXEC;
		if (read_id(r, obj, &ev, 0) != 0 || read_argv(r, obj, &ev.argv) != 0 ||
		    read_path(r, obj, "exe", &r->exe, &ev.exe) != 0 ||
		    read_path(r, obj, "cwd", &r->cwd, &ev.cwd) != 0)
			return -1;
	} else if (strcmp(name, "exit") == 0) {
		ev.kind = EV_EXIT;
		if (read_id(r, obj, &ev, 0) != 0 || read_exit(r, obj, &ev) != 0)
			return -1;
	} else if (strcmp(name, "detach") == 0) {
		ev.kind = EV_DETACH;
		if (read_id(r, obj, &ev, 0) != 0)
			return -1;
	} else {
		return 0;	/* a newer ptop's event: skip it */
	}
	event_emit(&ev);
	return 0;
}

static void
reader_free(struct reader *r)
{
	buf_free(&r->argv);
	buf_free(&r->exe);
	buf_free(&r->cwd);
	buf_free(&r->tmp);
}

int
tracefile_read(const char *path)
{
	struct reader r;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	cJSON *obj;
	int rc = 0, st, ended = 0;

	memset(&r, 0, sizeof r);
	r.path = path;
	if ((fp = fopen(path, "re")) == NULL) {
		log_warn("cannot open trace '%s'", path);
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		r.lineno++;
		if (line[n - 1] != '\n') {
			log_warnx("%s:%lu: incomplete last line ignored (was ptop killed while "
			    "recording?)", path, r.lineno);
			break;
		}
		if (n == 1)
			continue;
		obj = cJSON_ParseWithLength(line, (size_t)n);
		if (obj == NULL) {
			snprintf(r.err, sizeof r.err, "not valid JSON");
			rc = -1;
		} else if (r.lineno == 1) {
			rc = read_header(&r, obj);
		} else if ((st = read_event(&r, obj)) == 1) {
			ended = 1;
		} else
			rc = st;
		cJSON_Delete(obj);
		if (rc != 0) {
			log_warnx("%s:%lu: %s", path, r.lineno, r.err);
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		log_warn("reading trace '%s'", path);
		rc = -1;
	}
	if (rc == 0 && r.lineno == 0) {
		log_warnx("%s: empty file, not a ptop trace; record one with ptop -o FILE", path);
		rc = -1;
	}
	if (rc == 0 && !ended)
		log_debug("%s: no end line: the recording was cut short", path);
	if (rc == 0)
		event_end();
	free(line);
	fclose(fp);
	reader_free(&r);
	return rc;
}
