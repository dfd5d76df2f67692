/*
 * stracelog_read.c: feed strace log files, line by line, to the parser
 * (stracelog.c).
 *
 * A -f log is read in blocks; only the line being fed is in memory.  The
 * files of strace -ff -o PREFIX (PREFIX.PID, one per task, no pid column)
 * are merged by time: each file's next line waits, unread but for its
 * timestamp, in a heap ordered by time (then pid).  At most FF_OPEN files
 * are open at once; the others are reopened at their offset when their turn
 * comes, so 100,000 processes need neither 100,000 descriptors nor their
 * lines in memory.
 *
 * -tt gives the time of day only.  A -f log counts midnights as it goes
 * (the parser does); the files of -ff are dated before merging: the first
 * lines of all files lie within a day, so the widest gap between their
 * times of day is the night between the last and the first, and a file
 * that starts after midnight is a day later than the first one.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "stracelog.h"
#include "stracelog_lex.h"
#include "xmalloc.h"

#define BLOCK		(1024 * 1024)	/* a -f log's reads */
#define FF_BLOCK	(64 * 1024)	/* an -ff file's reads */
#define FF_FIRST	4096		/* an -ff file's first read: its first line */
#define FF_OPEN		64		/* -ff files open at once */
#define DAY_US		(86400LL * 1000000)

/* ---- lines of a file ------------------------------------------------------------------- */

struct lines {
	int fd;
	char *buf;
	size_t cap, start, len;	/* unread bytes: buf[start .. start + len) */
	size_t block, next_read;
	off_t off;		/* file offset of buf[start] */
	int eof;
};

static void
lines_init(struct lines *r, int fd, off_t off, size_t block, size_t first)
{
	r->fd = fd;
	r->start = r->len = 0;
	r->block = block;
	r->next_read = first;
	r->off = off;
	r->eof = 0;
}

/*
 * The next line, left unread (lines_skip() passes it): 1, 0 at the end,
 * -1 on a read error.  *cut: the file ends without its newline.
 */
static int
lines_peek(struct lines *r, const char **line, size_t *len, int *cut)
{
	char *nl;
	ssize_t n;

	*cut = 0;
	for (;;) {
		if (r->len > 0 && (nl = memchr(r->buf + r->start, '\n', r->len)) != NULL) {
			*line = r->buf + r->start;
			*len = (size_t)(nl - *line);
			return 1;
		}
		if (r->eof) {
			if (r->len == 0)
				return 0;
			*line = r->buf + r->start;
			*len = r->len;
			*cut = 1;
			return 1;
		}
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->len);
			r->start = 0;
		}
		if (r->cap - r->len < r->next_read) {
			r->cap = r->cap * 2 > r->len + r->next_read ? r->cap * 2 :
			    r->len + r->next_read;
			r->buf = xrealloc(r->buf, r->cap);
		}
		n = read(r->fd, r->buf + r->len, r->next_read);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			r->eof = 1;
		r->len += (size_t)n;
		r->next_read = r->block;
	}
}

static void
lines_skip(struct lines *r, size_t len, int cut)
{
	size_t n = len + (cut ? 0 : 1);

	r->start += n;
	r->len -= n;
	r->off += (off_t)n;
}

static double
file_mtime(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
	return (double)time(NULL);	/* a pipe: written until now */
}

static void
warn_cut(const char *path, unsigned long lineno)
{
	log_warnx("%s:%lu: incomplete last line ignored (was strace killed while writing it?)",
	    path, lineno);
}

/* ---- strace -ff: PREFIX.PID files ------------------------------------------------------ */

struct ff_file {
	char *path;
	pid_t pid;
	off_t off;		/* its next line, when not open */
	unsigned long lineno;	/* lines read */
	int64_t key;		/* its next line's time, days added */
	int64_t day;		/* -tt: midnights since the first file began */
	int slot;		/* its open reader, or -1 */
};

struct ff {
	const char *prefix;
	struct ff_file *files;
	size_t nfiles;
	size_t *heap, nheap;
	struct lines slots[FF_OPEN];
	size_t owner[FF_OPEN];	/* file of each slot, or (size_t)-1 */
	unsigned long used[FF_OPEN], clock;
	int kind;		/* SL_TTT or SL_TT */
	double mtime;
};

static int
ff_pid_cmp(const void *a, const void *b)
{
	const struct ff_file *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* PREFIX.PID in PREFIX's directory, sorted by pid.  -1 if none. */
static int
ff_list(struct ff *ff, const char *prefix)
{
	const char *slash = strrchr(prefix, '/'), *base = slash ? slash + 1 : prefix;
	size_t baselen = strlen(base), alloc = 0;
	char *dir = slash ? xstrndup(prefix, (size_t)(slash - prefix) + 1) : xstrdup(".");
	struct dirent *de;
	long long v;
	char *end;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, base, baselen) != 0 || de->d_name[baselen] != '.' ||
		    de->d_name[baselen + 1] < '0' || de->d_name[baselen + 1] > '9')
			continue;
		errno = 0;
		v = strtoll(de->d_name + baselen + 1, &end, 10);
		if (*end != '\0' || errno != 0 || v < 1 || v > SL_PID_MAX)
			continue;
		if (ff->nfiles == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			ff->files = xreallocarray(ff->files, alloc, sizeof *ff->files);
		}
		memset(&ff->files[ff->nfiles], 0, sizeof ff->files[0]);
		xasprintf(&ff->files[ff->nfiles].path, "%s.%s", prefix, de->d_name + baselen + 1);
		ff->files[ff->nfiles].pid = (pid_t)v;
		ff->files[ff->nfiles].slot = -1;
		ff->nfiles++;
	}
	closedir(d);
	free(dir);
	if (ff->nfiles == 0)
		return -1;
	qsort(ff->files, ff->nfiles, sizeof *ff->files, ff_pid_cmp);
	return 0;
}

/* The open reader of file i, reopened at its offset if need be.  NULL after an error. */
static struct lines *
ff_open(struct ff *ff, size_t i)
{
	struct ff_file *f = &ff->files[i];
	int s, lru = 0, fd;

	if (f->slot >= 0) {
		ff->used[f->slot] = ++ff->clock;
		return &ff->slots[f->slot];
	}
	for (s = 0; s < FF_OPEN; s++) {
		if (ff->owner[s] == (size_t)-1) {
			lru = s;
			break;
		}
		if (ff->used[s] < ff->used[lru])
			lru = s;
	}
	if (ff->owner[lru] != (size_t)-1) {
		ff->files[ff->owner[lru]].off = ff->slots[lru].off;
		ff->files[ff->owner[lru]].slot = -1;
		close(ff->slots[lru].fd);
		ff->owner[lru] = (size_t)-1;
	}
	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    (f->off != 0 && lseek(fd, f->off, SEEK_SET) != f->off)) {
		log_warn("cannot read '%s'", f->path);
		if (fd != -1)
			close(fd);
		return NULL;
	}
	if (f->off == 0) {
		double m = file_mtime(fd);

		if (m > ff->mtime)
			ff->mtime = m;
	}
	lines_init(&ff->slots[lru], fd, f->off, FF_BLOCK, f->off == 0 ? FF_FIRST : FF_BLOCK);
	ff->owner[lru] = i;
	ff->used[lru] = ++ff->clock;
	f->slot = lru;
	return &ff->slots[lru];
}

static void
ff_close(struct ff *ff, size_t i)
{
	struct ff_file *f = &ff->files[i];

	if (f->slot < 0)
		return;
	close(ff->slots[f->slot].fd);
	ff->owner[f->slot] = (size_t)-1;
	f->slot = -1;
}

/*
 * The time of file i's next line (passing lines that carry nothing): 1,
 * 0 at its end, -1 after an error.  *tod: -tt's time of day, days not added.
 */
static int
ff_next_time(struct ff *ff, size_t i, int64_t *tod)
{
	struct ff_file *f = &ff->files[i];
	struct lines *r;
	const char *line;
	size_t len;
	int rc, cut, kind;

	if ((r = ff_open(ff, i)) == NULL)
		return -1;
	for (;;) {
		if ((rc = lines_peek(r, &line, &len, &cut)) <= 0) {
			if (rc < 0)
				log_warn("reading '%s'", f->path);
			return rc;
		}
		if (cut && !stracelog_lex_cut_ok(line, len)) {
			warn_cut(f->path, f->lineno + 1);
			return 0;
		}
		if (stracelog_lex_skippable(line, len) == SL_LINE)
			break;
		lines_skip(r, len, cut);
		f->lineno++;
	}
	if (stracelog_lex_time(line, len, 0, tod, &kind) != 0) {
		/* Let the parser say what is wrong with it. */
		*tod = ff->nfiles ? ff->files[0].key : 0;
		return 1;
	}
	if (ff->kind == 0)
		ff->kind = kind;
	return 1;
}

static int
ff_less(const struct ff *ff, size_t a, size_t b)
{
	const struct ff_file *x = &ff->files[a], *y = &ff->files[b];

	return x->key < y->key || (x->key == y->key && x->pid < y->pid);
}

static void
ff_push(struct ff *ff, size_t i)
{
	size_t k = ff->nheap++, parent;

	ff->heap[k] = i;
	while (k > 0 && ff_less(ff, ff->heap[k], ff->heap[parent = (k - 1) / 2])) {
		ff->heap[k] = ff->heap[parent];
		ff->heap[parent] = i;
		k = parent;
	}
}

static size_t
ff_pop(struct ff *ff)
{
	size_t top = ff->heap[0], k = 0, c, tmp;

	ff->heap[0] = ff->heap[--ff->nheap];
	for (;;) {
		c = 2 * k + 1;
		if (c >= ff->nheap)
			break;
		if (c + 1 < ff->nheap && ff_less(ff, ff->heap[c + 1], ff->heap[c]))
			c++;
		if (!ff_less(ff, ff->heap[c], ff->heap[k]))
			break;
		tmp = ff->heap[c];
		ff->heap[c] = ff->heap[k];
		ff->heap[k] = tmp;
		k = c;
	}
	return top;
}

static int
int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* -tt: which files began a day after the first one (see the top). */
static void
ff_date_files(struct ff *ff, const size_t *started, size_t n)
{
	int64_t *tods = xreallocarray(NULL, n, sizeof *tods), gap, best = -1, first = 0;
	size_t i;

	for (i = 0; i < n; i++)
		tods[i] = ff->files[started[i]].key;
	qsort(tods, n, sizeof *tods, int64_cmp);
	for (i = 0; i < n; i++) {
		gap = i + 1 < n ? tods[i + 1] - tods[i] : tods[0] + DAY_US - tods[i];
		if (gap > best) {
			best = gap;
			first = i + 1 < n ? tods[i + 1] : tods[0];
		}
	}
	for (i = 0; i < n; i++) {
		struct ff_file *f = &ff->files[started[i]];

		f->day = f->key < first;
		f->key += f->day * DAY_US;
	}
	free(tods);
}

/* Give file i's next line its key: -tt counts the midnights it passed. */
static void
ff_set_key(struct ff *ff, struct ff_file *f, int64_t tod)
{
	int64_t key = tod + f->day * DAY_US;

	if (ff->kind == SL_TT && key < f->key - DAY_US / 2) {
		f->day++;
		key += DAY_US;
	}
	f->key = key;
}

static int
ff_merge(struct ff *ff, struct stracelog *sl)
{
	struct ff_file *f;
	struct lines *r;
	const char *line;
	size_t i, len;
	int64_t tod;
	int rc, cut;

	for (;;) {
		if (ff->nheap == 0)
			return 0;
		i = ff_pop(ff);
		f = &ff->files[i];
		if ((r = ff_open(ff, i)) == NULL)
			return -1;
		/* ff_next_time left the line in the buffer (or it reads it again). */
		if ((rc = lines_peek(r, &line, &len, &cut)) <= 0) {
			if (rc < 0)
				log_warn("reading '%s'", f->path);
			return rc < 0 ? -1 : 0;
		}
		f->lineno++;
		rc = stracelog_feed(sl, f->path, f->lineno, f->pid, line, len);
		if (rc != 0)
			return rc < 0 ? -1 : 0;	/* 1: a -c summary ends the trace */
		lines_skip(r, len, cut);
		if ((rc = ff_next_time(ff, i, &tod)) < 0)
			return -1;
		if (rc == 0) {
			ff_close(ff, i);
			continue;
		}
		ff_set_key(ff, f, tod);
		ff_push(ff, i);
	}
}

static void
ff_free(struct ff *ff)
{
	size_t i;
	int s;

	for (s = 0; s < FF_OPEN; s++) {
		if (ff->owner[s] != (size_t)-1)
			close(ff->slots[s].fd);
		free(ff->slots[s].buf);
	}
	for (i = 0; i < ff->nfiles; i++)
		free(ff->files[i].path);
	free(ff->files);
	free(ff->heap);
}

/* Read the -ff set PREFIX.*.  1 if there is none (nothing was said). */
static int
read_ff(const char *prefix, const struct bus *bus)
{
	struct stracelog *sl;
	struct ff ff;
	size_t i, n = 0, *started;
	int64_t tod;
	int rc = 0, s;

	memset(&ff, 0, sizeof ff);
	ff.prefix = prefix;
	for (s = 0; s < FF_OPEN; s++)
		ff.owner[s] = (size_t)-1;
	if (ff_list(&ff, prefix) != 0) {
		ff_free(&ff);
		return 1;
	}
	ff.heap = xreallocarray(NULL, ff.nfiles, sizeof *ff.heap);
	started = xreallocarray(NULL, ff.nfiles, sizeof *started);
	for (i = 0; i < ff.nfiles && rc == 0; i++) {
		if ((rc = ff_next_time(&ff, i, &tod)) == 1) {
			ff.files[i].key = tod;
			started[n++] = i;
			rc = 0;
		} else if (rc == 0)
			ff_close(&ff, i);
	}
	if (rc == 0 && n == 0) {
		log_warnx("%s: the strace -ff files %s.PID hold no lines", prefix, prefix);
		rc = -1;
	}
	if (rc == 0) {
		if (ff.kind == SL_TT)
			ff_date_files(&ff, started, n);
		for (i = 0; i < n; i++)
			ff_push(&ff, started[i]);
		sl = stracelog_new(bus, ff.mtime);
		rc = ff_merge(&ff, sl);
		if (rc == 0)
			rc = stracelog_finish(sl);
		stracelog_free(sl);
	}
	free(started);
	ff_free(&ff);
	return rc < 0 ? -1 : 0;
}

/* ---- one log --------------------------------------------------------------------------- */

/* path is PREFIX.PID: PREFIX, else NULL. */
static char *
ff_prefix_of(const char *path)
{
	const char *dot = strrchr(path, '.'), *p;

	if (dot == NULL || dot == path || dot[1] == '\0' || strchr(dot, '/') != NULL)
		return NULL;
	for (p = dot + 1; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	return xstrndup(path, (size_t)(dot - path));
}

int
stracelog_read_fd(const char *path, int fd, const struct bus *bus)
{
	struct stracelog *sl;
	struct lines r;
	const char *line;
	unsigned long lineno = 0;
	size_t len;
	int64_t ts;
	int rc, cut, kind, first = 1;
	char *prefix;

	memset(&r, 0, sizeof r);
	lines_init(&r, fd, 0, BLOCK, BLOCK);
	sl = stracelog_new(bus, file_mtime(fd));
	for (;;) {
		if ((rc = lines_peek(&r, &line, &len, &cut)) <= 0) {
			if (rc < 0)
				log_warn("reading '%s'", path);
			break;
		}
		lineno++;
		if (cut && !stracelog_lex_cut_ok(line, len)) {
			warn_cut(path, lineno);
			rc = 0;
			break;
		}
		if (first && stracelog_lex_skippable(line, len) == SL_LINE) {
			first = 0;
			/* No pid column: one file of an -ff set; read them all. */
			if (stracelog_lex_time(line, len, 1, &ts, &kind) != 0 &&
			    stracelog_lex_time(line, len, 0, &ts, &kind) == 0 &&
			    (prefix = ff_prefix_of(path)) != NULL) {
				rc = read_ff(prefix, bus);
				free(prefix);
				if (rc <= 0)
					goto out;
			}
		}
		if ((rc = stracelog_feed(sl, path, lineno, 0, line, len)) != 0) {
			if (rc > 0)
				rc = 0;	/* a -c summary: the trace is over */
			break;
		}
		lines_skip(&r, len, cut);
	}
	if (rc == 0 && lineno == 0) {
		log_warnx("%s: empty file, neither a ptop trace nor an strace log", path);
		rc = -1;
	}
	if (rc == 0)
		rc = stracelog_finish(sl);
out:
	stracelog_free(sl);
	free(r.buf);
	return rc < 0 ? -1 : 0;
}

int
stracelog_read(const char *path, const struct bus *bus)
{
	int fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		saved = errno;
		if (saved == ENOENT && (rc = read_ff(path, bus)) <= 0)
			return rc;
		errno = saved;
		log_warn("cannot open trace '%s'", path);
		return -1;
	}
	rc = stracelog_read_fd(path, fd, bus);
	close(fd);
	return rc;
}
