/*
 * fuzz.c: the libFuzzer harness for every reader of untrusted input ptop
 * has.  Built by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined),
 * run by fuzz/run.sh; doc/fuzzing.md says how.
 *
 * A reader takes a file name and emits its events (begin, events, end) to
 * a bus of event.h, as `ptop -r FILE` does.  Each input is written to a
 * file and read; its events go to everything downstream of a reader in ptop:
 * the tree, the view (a frame is drawn, with every process expanded and
 * then filtered, the timeline and the profile too, and every process's
 * detail page is built), the running-processes histogram, the profile,
 * the batch printer, the summary and the trace writer.  When the reader accepted the input, the
 * trace just written is read back and must give the same tree: a field lost
 * or changed on the way (escaping, base64, number formatting) aborts.
 * Sanitizers catch the rest: overflows, casts out of range, leaks.
 *
 * Adding a reader: one line in fuzz_readers[] below, one line in
 * fuzz/readers (how the ptop binary reads such a file, for the replay
 * test), and its seeds in tests/fuzz/NAME/.  PTOP_FUZZ_READER=NAME picks
 * the reader (default: the first).
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <sanitizer/common_interface_defs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "canvas.h"
#include "detail.h"
#include "envtab.h"
#include "event.h"
#include "ptree.h"
#include "screens.h"
#include "stracelog.h"
#include "summary.h"
#include "tracefile.h"
#include "ui.h"
#include "view.h"

struct fuzz_reader {
	const char *name;
	int (*read)(const char *path, const struct bus *bus);	/* 0, or -1 after an error */
};

static const struct fuzz_reader fuzz_readers[] = {
	{ "trace", tracefile_read },
	{ "strace", stracelog_read },
};

static const struct fuzz_reader *fuzz_reader;
static char fuzz_dir[] = "/tmp/ptop-fuzz-XXXXXX";
static char fuzz_input[64], fuzz_output[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *name = getenv("PTOP_FUZZ_READER");
	size_t i;

	for (i = 0; i < sizeof fuzz_readers / sizeof fuzz_readers[0]; i++)
		if (name == NULL || strcmp(name, fuzz_readers[i].name) == 0)
			break;
	if (i == sizeof fuzz_readers / sizeof fuzz_readers[0]) {
		fprintf(stderr, "fuzz: no reader '%s'; readers:", name);
		for (i = 0; i < sizeof fuzz_readers / sizeof fuzz_readers[0]; i++)
			fprintf(stderr, " %s", fuzz_readers[i].name);
		fprintf(stderr, "\n");
		exit(2);
	}
	fuzz_reader = &fuzz_readers[i];
	/* A tmpfs when there is one: two small files written per input. */
	if (access("/dev/shm", W_OK) == 0)
		memcpy(fuzz_dir, "/dev/shm", 8);
	if (mkdtemp(fuzz_dir) == NULL) {
		perror("fuzz: mkdtemp");
		exit(2);
	}
	snprintf(fuzz_input, sizeof fuzz_input, "%s/input", fuzz_dir);
	snprintf(fuzz_output, sizeof fuzz_output, "%s/rewritten", fuzz_dir);
	/* UTF-8 glyphs and wide characters in the frame, as in most terminals. */
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/*
 * A broken oracle: say what and abort, for libFuzzer to save the input.
 * Through the sanitizers' report, which run.sh's -close_fd_mask=2 keeps.
 */
static void
fuzz_fail(const char *what, uint32_t id)
{
	char msg[160];

	snprintf(msg, sizeof msg, "fuzz: %s (id %u)", what, id);
	__sanitizer_report_error_summary(msg);
	abort();
}

static int
fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	if (size > 0 && fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return -1;
	}
	return fclose(fp);
}

static void
fuzz_frame(struct canvas *c, struct ui *u)
{
	view_sync(u->view);
	ui_layout(u, 100, 30);
	ui_prepare(u, 100, 30);
	ui_draw(c, u);
}

/*
 * Everything the view shows of a tree, once expanded and once filtered;
 * the timeline, zoomed in, and the profile; the summary.  The view owns
 * the histogram and the profile from here.
 */
static void
fuzz_view(struct ptree *pt, struct view *v, struct tl_hist *hist, struct profile *prof)
{
	struct canvas c;
	struct pager pg;
	struct ui u;
	uint32_t id;
	FILE *null;

	memset(&c, 0, sizeof c);
	memset(&pg, 0, sizeof pg);
	ui_init(&u, pt, v, 0, &screen_tree, screens_all);
	u.replay = fuzz_input;
	u.now_us = ptree_last_t(pt);
	u.hist = hist;
	u.prof = prof;
	canvas_resize(&c, 100, 30);
	view_sync(v);
	view_toggle_all(v);
	fuzz_frame(&c, &u);
	ui_key(&u, 't');
	fuzz_frame(&c, &u);
	ui_key(&u, 'w');
	ui_key(&u, 'c');
	fuzz_frame(&c, &u);
	ui_key(&u, 'u');
	fuzz_frame(&c, &u);
	ui_key(&u, KEYC_ENTER);
	fuzz_frame(&c, &u);
	view_set_filter(v, ":critical");
	fuzz_frame(&c, &u);
	ui_key(&u, 't');
	if ((null = fopen("/dev/null", "w")) != NULL) {
		summary_print(null, pt, prof, hist, 0);
		summary_print(null, pt, prof, hist, BATCH_ASCII | BATCH_ESCAPE8);
		fclose(null);
	}
	view_set_filter(v, ":failed");
	fuzz_frame(&c, &u);
	for (id = 1; id <= ptree_size(pt) && id <= 64; id++) {
		detail_build(&pg, pt, id, u.now_us, id & 1 ? DETAIL_FULL_ENV : 0, 0);
		pager_layout(&pg, 60);
	}
	pager_free(&pg);
	canvas_free(&c);
	ui_free(&u);
}

static int
fuzz_same_str(const struct ptree *a, uint32_t sa, const struct ptree *b, uint32_t sb)
{
	return strcmp(ptree_str(a, sa), ptree_str(b, sb)) == 0;
}

static int
fuzz_same_env(const struct ptree *a, uint32_t ea, const struct ptree *b, uint32_t eb)
{
	const char *pa, *pb;
	size_t i, n, la, lb;

	if ((ea == 0) != (eb == 0))
		return 0;
	if (ea == 0)
		return 1;
	n = envtab_count(ptree_env(a), ea);
	if (n != envtab_count(ptree_env(b), eb))
		return 0;
	for (i = 0; i < n; i++) {
		pa = envtab_entry(ptree_env(a), ea, i, &la);
		pb = envtab_entry(ptree_env(b), eb, i, &lb);
		if (la != lb || memcmp(pa, pb, la) != 0)
			return 0;
	}
	return 1;
}

static int
fuzz_same_stdio(const struct ptree *a, uint32_t sa, const struct ptree *b, uint32_t sb)
{
	int fd;

	if ((sa == 0) != (sb == 0))
		return 0;
	for (fd = 0; sa != 0 && fd < 3; fd++)
		if ((ptree_stdio(a, sa, fd) == 0) != (ptree_stdio(b, sb, fd) == 0) ||
		    !fuzz_same_str(a, ptree_stdio(a, sa, fd), b, ptree_stdio(b, sb, fd)))
			return 0;
	return 1;
}

/* Failed exec attempts, newest first on both sides. */
static void
fuzz_compare_tries(const struct ptree *a, const struct ptree *b, uint32_t id)
{
	const struct try_rec *ta, *tb;

	for (ta = ptree_tries(a, id), tb = ptree_tries(b, id); ta != NULL && tb != NULL;
	    ta = ta->next, tb = tb->next)
		if (ta->t_ms != tb->t_ms || ta->err != tb->err || ta->cut != tb->cut ||
		    ta->then_exec != tb->then_exec || ta->arglen != tb->arglen ||
		    memcmp(ta->args, tb->args, ta->arglen) != 0 ||
		    !fuzz_same_str(a, ta->path, b, tb->path))
			fuzz_fail("re-written, a failed exec attempt differs", id);
	if (ta != NULL || tb != NULL)
		fuzz_fail("re-written, its failed exec attempts differ", id);
}

/* The tree read back from the re-written trace must be the same tree. */
static void
fuzz_compare(const struct ptree *a, const struct ptree *b)
{
	const struct exec_rec *xa, *xb;
	const struct node *na, *nb;
	int64_t d;
	uint32_t id;

	if (ptree_size(a) != ptree_size(b))
		fuzz_fail("the re-written trace has another number of processes", 0);
	if (ptree_info(a)->mode != ptree_info(b)->mode ||
	    ptree_info(a)->argv.len != ptree_info(b)->argv.len ||
	    memcmp(ptree_info(a)->argv.data, ptree_info(b)->argv.data, ptree_info(a)->argv.len) != 0)
		fuzz_fail("the re-written header's mode or argv differ", 0);
	if ((ptree_info(a)->cwd == NULL) != (ptree_info(b)->cwd == NULL) ||
	    (ptree_info(a)->cwd != NULL && strcmp(ptree_info(a)->cwd, ptree_info(b)->cwd) != 0))
		fuzz_fail("the re-written header's cwd differs", 0);
	/* Unix times are written to the microsecond. */
	if (ptree_info(a)->start - ptree_info(b)->start > 1e-5 ||
	    ptree_info(b)->start - ptree_info(a)->start > 1e-5)
		fuzz_fail("the re-written header's start differs", 0);
	for (id = 1; id <= ptree_size(a); id++) {
		na = ptree_node(a, id);
		nb = ptree_node(b, id);
		if (na->parent != nb->parent || na->pid != nb->pid)
			fuzz_fail("re-written, its parent or pid differs", id);
		if (na->flags != nb->flags || na->status != nb->status)
			fuzz_fail("re-written, its state differs", id);
		if (na->nthreads != nb->nthreads || na->maxrss_kb != nb->maxrss_kb ||
		    na->utime_ms != nb->utime_ms || na->stime_ms != nb->stime_ms)
			fuzz_fail("re-written, its CPU, RSS or threads differ", id);
		if (na->end_us != nb->end_us || na->span_end_ms != nb->span_end_ms)
			fuzz_fail("re-written, its end time differs", id);
		/* "started" goes through a difference of Unix times: a few us. */
		d = na->start_us - nb->start_us;
		if ((na->flags & NODE_ATTACHED) ? d > 16 || d < -16 : d != 0)
			fuzz_fail("re-written, its start time differs", id);
		if (na->ndesc != nb->ndesc || na->nbad != nb->nbad || na->nrunning != nb->nrunning)
			fuzz_fail("re-written, its descendant counts differ", id);
		for (xa = na->exec, xb = nb->exec; xa != NULL && xb != NULL;
		    xa = exec_prev(xa), xb = exec_prev(xb)) {
			if (xa->arglen != xb->arglen || xa->t_ms != xb->t_ms ||
			    memcmp(xa->args, xb->args, exec_arglen(xa)) != 0)
				fuzz_fail("re-written, an exec's argv or time differs", id);
			if (!fuzz_same_str(a, xa->exe, b, xb->exe) || !fuzz_same_str(a, xa->cwd, b, xb->cwd))
				fuzz_fail("re-written, an exec's exe or cwd differs", id);
			if (!fuzz_same_env(a, xa->env, b, xb->env))
				fuzz_fail("re-written, an exec's environment differs", id);
			if (!fuzz_same_stdio(a, xa->stdio, b, xb->stdio))
				fuzz_fail("re-written, an exec's stdio differs", id);
		}
		if (xa != NULL || xb != NULL)
			fuzz_fail("re-written, its exec chain differs", id);
		fuzz_compare_tries(a, b, id);
	}
}

/* Read back the trace the tree's events were written to. */
static void
fuzz_round_trip(const struct ptree *first)
{
	struct ptree *again = ptree_new();
	struct sink s = ptree_sink(again);
	struct bus bus;

	bus_init(&bus);
	bus_add(&bus, &s);
	if (tracefile_read(fuzz_output, &bus) != 0)
		fuzz_fail("the re-written trace was refused", 0);
	fuzz_compare(first, again);
	ptree_free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ptree *pt = ptree_new();
	struct view *v = view_new(pt);
	struct tl_hist *hist = tl_hist_new(pt);
	struct profile *prof = profile_new(pt);
	struct tracefile *tf = NULL;
	struct sink s;
	struct bus bus;
	FILE *null;
	int fd, rc;

	if (fuzz_write_file(fuzz_input, data, size) != 0)
		fuzz_fail("cannot write the input file", 0);
	unlink(fuzz_output);
	fd = open(fuzz_output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || (tf = tracefile_new(fd, fuzz_output)) == NULL)
		fuzz_fail("cannot create the re-written trace", 0);
	bus_init(&bus);
	s = ptree_sink(pt);
	bus_add(&bus, &s);
	s = view_sink(v);
	bus_add(&bus, &s);
	s = tl_hist_sink(hist);
	bus_add(&bus, &s);
	s = profile_sink(prof);
	bus_add(&bus, &s);
	s = tracefile_sink(tf);
	bus_add(&bus, &s);
	rc = fuzz_reader->read(fuzz_input, &bus);
	if (tracefile_close(tf) != 0)
		fuzz_fail("cannot write the re-written trace", 0);

	fuzz_view(pt, v, hist, prof);
	if ((null = fopen("/dev/null", "w")) != NULL) {
		batch_print(null, pt, 0);
		batch_print(null, pt, BATCH_ASCII | BATCH_ESCAPE8);
		fclose(null);
	}
	if (rc == 0)
		fuzz_round_trip(pt);
	view_free(v);
	ptree_free(pt);
	return 0;
}
