/*
 * run.c: one run of ptop, set-up to tear-down.  See run.h.
 *
 * The state of a run is one static struct: the tracer it drives is one per
 * process anyway, and the loop's callbacks reach it without a context.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "batch.h"
#include "buf.h"
#include "event.h"
#include "log.h"
#include "loop.h"
#include "pane.h"
#include "ptree.h"
#include "run.h"
#include "tracefile.h"
#include "tracer.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

static struct {
	const struct options *opt;
	struct bus bus;		/* tree, view, trace writer, in that order */
	struct ptree *tree;
	struct tracefile *trace;
	struct ev_loop *loop;

	/* Interactive UI. */
	int ui_on;
	struct view *view;
	struct ui ui;
	int finished;		/* the trace ended (event_end sent) */
	int status;		/* exit status once finished */
	int leaving;		/* quit: killed everything, waiting for it to go */
	int quit_when_done;	/* SIGTERM/SIGHUP/SIGINT: leave once tracing ends */
	int replay_mode;
	ev_timer leave_timer;

	struct pane *pane;	/* the command's terminal (UI launch mode, not --no-pty) */
	double pane_t0;

	int attach;		/* -p: detach, never kill */
	ev_timer suspend;	/* Ctrl-Z: waiting for the job to stop first */
	int suspend_tries;
} R;
/* Tree glyphs and escaping follow the locale: UTF-8 or plain ASCII. */
static int
batch_flags(void)
{
	int flags = 0;

	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		flags |= BATCH_ASCII | BATCH_ESCAPE8;
	if (R.opt->ascii)
		flags |= BATCH_ASCII;
	return flags;
}

static int
print_tree(void)
{
	FILE *fp;
	int rc, fd;

	/*
	 * stderr is unbuffered: a stream of its own, fully buffered, writes
	 * the tree in a few large writes instead of one per line.
	 */
	if (R.opt->tree_file != NULL)
		fp = fopen(R.opt->tree_file, "we");
	else if ((fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL)
		fp = NULL;
	if (fp == NULL) {
		log_warn("cannot write the tree to '%s'",
		    R.opt->tree_file != NULL ? R.opt->tree_file : "stderr");
		return -1;
	}
	rc = batch_print(fp, R.tree, batch_flags());
	if (fclose(fp) != 0)
		rc = -1;
	if (rc != 0)
		log_warn("writing the tree");
	return rc;
}

/* fatal() path: nothing left running or attached, no half-line in the trace. */
static void
main_atfatal(void)
{
	if (R.attach)
		tracer_detach_all();
	else
		tracer_kill_all();
	if (R.trace != NULL)
		tracefile_close(R.trace);
	R.trace = NULL;
}

/* The trace is over (every process ended): close it, keep the status. */
static void
finish_trace(void)
{
	if (R.finished)
		return;
	R.finished = 1;
	R.status = tracer_root_status();
	if (R.status < 0)
		R.status = 0;
	if (R.trace != NULL)
		tracefile_set_status(R.trace, R.status);
	bus_end(&R.bus);
	if (tracefile_close(R.trace) != 0 && R.status == 0)
		R.status = 1;
	R.trace = NULL;
}

/*
 * Ctrl-Z reaches ptop and, in batch launch mode, the command's processes in
 * the same process group.  They can only stop once ptop has passed each its
 * SIGTSTP, so ptop stops itself last: when none of them is still running
 * (or after ~0.3 s), so that fg continues a job that is really stopped.
 * The UI reads Ctrl-Z as a key; a SIGTSTP there came from kill(1).
 */
static void
suspend_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	if (tracer_nrunning_in_pgrp(getpgrp()) > 0 && ++R.suspend_tries < 30)
		return;
	ev_timer_stop(loop, w);
	log_debug("main: stopping ptop itself");
	if (R.ui_on)
		ui_suspend();
	kill(getpid(), SIGSTOP);
	/* Continued. */
	if (R.ui_on)
		ui_resume();
}

static void
suspend_start(struct ev_loop *loop)
{
	R.suspend_tries = 0;
	ev_timer_init(&R.suspend, suspend_cb, 0., 0.01);
	ev_timer_again(loop, &R.suspend);
}

static void
on_signal(struct ev_loop *loop, int sig)
{
	switch (sig) {
	case SIGWINCH:
		if (R.ui_on)
			ui_resize();
		break;
	case SIGTSTP:
		suspend_start(loop);
		break;
	case SIGINT:
	case SIGQUIT:
		if (R.attach && !R.ui_on) {
			/* Attached from another terminal: Ctrl-C means "let go". */
			ev_break(loop, EVBREAK_ALL);
			break;
		}
		if (!R.ui_on) {
			/*
			 * From the terminal these reach the whole foreground
			 * process group, the command included: it gets its own
			 * copy, so ptop passes nothing on and keeps recording.
			 */
			log_debug("main: %s: the command gets its own",
			    sig == SIGINT ? "SIGINT" : "SIGQUIT");
			break;
		}
		/* The UI reads Ctrl-C as a key: this came from kill(1). */
		/* FALLTHROUGH */
	case SIGTERM:
	case SIGHUP:
		if (R.attach) {
			/* Never passed on to what we attached to: just let go. */
			ev_break(loop, EVBREAK_ALL);
			break;
		}
		tracer_signal_root(sig);
		if (R.ui_on) {
			/* Asked to go: no one will look at the tree. */
			R.quit_when_done = 1;
			if (R.replay_mode || tracer_done())
				ev_break(loop, EVBREAK_ALL);
		}
		break;
	default:
		break;
	}
}

static void
after_reap(struct ev_loop *loop)
{
	if (R.attach && tracer_nroots() == 0 && !R.ui_on) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	if (!tracer_done()) {
		if (R.leaving)
			tracer_kill_all();	/* what was born since */
		return;
	}
	if (!R.ui_on) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	/* The UI stays until q; the trace is complete now. */
	finish_trace();
	ui_dirty();
	if (R.leaving || R.quit_when_done)
		ev_break(loop, EVBREAK_ALL);
}

/* Pack a NULL-terminated argv into the kernel's NUL-separated form. */
static void
pack_argv(struct buf *b, char **argv)
{
	for (; *argv != NULL; argv++)
		buf_add(b, *argv, strlen(*argv) + 1);
}

/* ---- interactive UI -------------------------------------------------------- */

static int64_t
hook_now_live(void *ctx)
{
	return tracer_now();
}

static int64_t
hook_now_replay(void *ctx)
{
	return ptree_last_t(R.tree);
}

/* What quitting would kill: nothing in attach mode, where it detaches. */
static unsigned
hook_alive(void *ctx)
{
	return R.attach || tracer_done() ? 0 : tracer_nprocs();
}

static int
hook_signal(void *ctx, uint32_t id, int sig)
{
	const struct node *n = ptree_node(R.tree, id);

	if (n == NULL) {
		errno = ESRCH;
		return -1;
	}
	return tracer_signal(n->pid, sig);
}

static void
leave_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	log_warnx("%u process(es) did not die after SIGKILL; leaving anyway", tracer_nprocs());
	ev_break(loop, EVBREAK_ALL);
}

static void
hook_quit(void *ctx, enum ui_quit how)
{
	switch (how) {
	case UI_QUIT_NOW:
		if (R.attach)
			tracer_detach_all();	/* attached: quitting lets go */
		ev_break(R.loop, EVBREAK_ALL);
		break;
	case UI_QUIT_KILL:
		R.leaving = 1;
		tracer_kill_all();
		ev_timer_init(&R.leave_timer, leave_timeout, 5.0, 0);
		ev_timer_start(R.loop, &R.leave_timer);
		break;
	case UI_QUIT_DETACH:
		tracer_detach_all();
		ev_break(R.loop, EVBREAK_ALL);
		break;
	}
}

static int
ui_flags(void)
{
	const char *nc = getenv("NO_COLOR");
	int flags = 0;

	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		flags |= UI_ASCII | UI_ESCAPE8;
	if (R.opt->ascii)
		flags |= UI_ASCII;
	if (R.opt->no_color || (nc != NULL && *nc != '\0'))
		flags |= UI_NOCOLOR;
	return flags;
}

/* The view and its sink; before any event so it sees them all. */
static void
ui_prepare(void)
{
	struct sink s;

	R.view = view_new(R.tree);
	s = view_sink(R.view);
	bus_add(&R.bus, &s);
	ui_init(&R.ui, R.tree, R.view, ui_flags());
	R.ui.hooks.ctx = NULL;
	R.ui.hooks.alive = hook_alive;
	R.ui.hooks.quit = hook_quit;
}

/* ---- the launched command's terminal ------------------------------------------ */

/* New output or the end: only a frame to draw (coalesced by ui.c). */
static void
term_pane_changed(void *arg)
{
	static int said;

	if (pane_closed(R.pane) && !said) {
		said = 1;
		log_debug("pane: the command's terminal closed after %.3f s, %llu bytes read",
		    ev_time() - R.pane_t0, (unsigned long long)pane_bytes_read(R.pane));
	}
	ui_dirty();
}

/*
 * Before the fork (and before curses): a pty sized for the pane in the
 * layout of the terminal as it is now.  --log gets a copy of the output.
 */
static int
term_pane_open(void)
{
	int fd;

	/* 24x80 until the layout says better (a screen too small to draw keeps it). */
	R.pane = pane_new(24, 80, PANE_HISTORY);
	ui_set_pane(&R.ui, R.pane);
	if (pane_open_pty(R.pane) != 0) {
		log_warn("cannot open a pseudo-terminal for the command (--no-pty runs it without)");
		return -1;
	}
	if (R.opt->log != NULL) {
		fd = open(R.opt->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
		if (fd == -1) {
			log_warn("cannot open '%s'", R.opt->log);
			return -1;
		}
		pane_set_log(R.pane, fd);
	}
	return 0;
}

/* Closing the master hangs the pty up: what still runs on it gets SIGHUP. */
static void
term_pane_close(void)
{
	if (R.pane == NULL)
		return;
	log_debug("pane: %llu bytes read", (unsigned long long)pane_bytes_read(R.pane));
	ui_set_pane(&R.ui, NULL);
	pane_free(R.pane);
	R.pane = NULL;
}

/*
 * What the launched command gets in UI mode with --no-pty: no terminal at
 * all (ptop's session, see keeper.h, has no controlling terminal).
 */
struct child_io {
	int in, out;		/* dup'ed onto 0, and onto 1 and 2; -1 = keep */
};

static void
child_setup(void *arg)
{
	const struct child_io *io = arg;

	if (io->in >= 0)
		dup2(io->in, STDIN_FILENO);
	if (io->out >= 0) {
		dup2(io->out, STDOUT_FILENO);
		dup2(io->out, STDERR_FILENO);
	}
}

/* Open the command's stdin/stdout/stderr; close-on-exec, so only 0-2 reach it. */
static int
child_io_open(struct child_io *io)
{
	io->in = io->out = -1;
	if (R.ui_on && (io->in = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("/dev/null");
		return -1;
	}
	if (R.opt->log != NULL)
		io->out = open(R.opt->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
	else if (R.ui_on)
		io->out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if ((R.opt->log != NULL || R.ui_on) && io->out == -1) {
		log_warn("cannot open '%s'", R.opt->log != NULL ? R.opt->log : "/dev/null");
		if (io->in >= 0)
			close(io->in);
		return -1;
	}
	return 0;
}

static void
child_io_close(struct child_io *io)
{
	if (io->in >= 0)
		close(io->in);
	if (io->out >= 0)
		close(io->out);
}

static void
run_ui(const char *replay)
{
	R.ui.replay = replay;
	ui_start(&R.ui, R.loop);
	ev_run(R.loop, 0);
	ui_stop();
}

static int
do_replay(void)
{
	struct sink s;

	R.replay_mode = 1;
	R.tree = ptree_new();
	s = ptree_sink(R.tree);
	bus_add(&R.bus, &s);
	if (R.ui_on)
		ui_prepare();
	if (tracefile_read(R.opt->replay, &R.bus) != 0)
		return 1;
	if (!R.ui_on)
		return print_tree() == 0 ? 0 : 1;
	R.ui.hooks.now = hook_now_replay;
	R.loop = loop_create(on_signal, NULL);
	run_ui(R.opt->replay);
	loop_destroy(R.loop);
	return 0;
}

/* Tree, view and trace file sinks, the header, the loop: what tracing needs. */
static int
trace_begin(enum trace_mode mode, const struct buf *args)
{
	struct trace_info info;
	struct sink s;
	char *cwd;

	tracer_init(&R.bus);
	R.tree = ptree_new();
	s = ptree_sink(R.tree);
	bus_add(&R.bus, &s);
	if (R.ui_on)
		ui_prepare();
	if (R.opt->output != NULL) {
		if ((R.trace = tracefile_create(R.opt->output)) == NULL) {
			log_warn("cannot create trace file '%s'", R.opt->output);
			return -1;
		}
		s = tracefile_sink(R.trace);
		bus_add(&R.bus, &s);
	}
	log_atfatal(main_atfatal);

	cwd = getcwd(NULL, 0);
	memset(&info, 0, sizeof info);
	info.mode = mode;
	info.argv.data = args->p;
	info.argv.len = args->len;
	info.cwd = cwd;
	info.start = tracer_start_realtime();
	bus_begin(&R.bus, &info);
	free(cwd);
	R.loop = loop_create(on_signal, after_reap);
	return 0;
}

/* Something failed before tracing began: leave no file behind. */
static int
trace_abort(int rc)
{
	tracefile_discard(R.trace);
	R.trace = NULL;
	loop_destroy(R.loop);
	R.loop = NULL;
	return rc;
}

/* Trace until it is over (batch) or until the user quits (UI). */
static void
trace_run(void)
{
	tracer_reap();
	if (R.ui_on) {
		R.ui.hooks.now = hook_now_live;
		R.ui.hooks.signal = hook_signal;
		if (tracer_done())
			finish_trace();
		run_ui(NULL);
	} else if (!tracer_done() && !(R.attach && tracer_nroots() == 0))
		ev_run(R.loop, 0);
}

/* Let go of what is attached, close the trace, print the tree. */
static int
trace_end(void)
{
	if (R.attach)
		tracer_detach_all();
	finish_trace();
	loop_destroy(R.loop);
	R.loop = NULL;
	if (!R.ui_on)
		print_tree();
	return R.status;
}

static int
do_launch(void)
{
	struct launch_opts lo;
	struct child_io io = { -1, -1 };
	struct buf args = BUF_INIT;
	int rc, pty = R.ui_on && !R.opt->no_pty;

	pack_argv(&args, R.opt->argv);
	rc = trace_begin(TRACE_LAUNCH, &args);
	buf_free(&args);
	if (rc != 0)
		return trace_abort(1);
	memset(&lo, 0, sizeof lo);
	lo.mask = loop_orig_mask();
	if (pty) {
		if (term_pane_open() != 0) {
			term_pane_close();
			return trace_abort(1);
		}
		if (pane_take_ctty(R.pane) != 0) {
			log_warn("cannot make the pane's pty a terminal (--no-pty runs the command without)");
			term_pane_close();
			return trace_abort(1);
		}
		lo.child_setup = pane_child_setup;
		lo.parent_setup = pane_parent_setup;
		lo.child_setup_arg = R.pane;
	} else {
		if (child_io_open(&io) != 0)
			return trace_abort(1);
		lo.child_setup = child_setup;
		lo.child_setup_arg = &io;
	}
	/* Fork before curses takes the terminal: the child inherits none of it. */
	rc = tracer_launch(R.opt->argv, &lo);
	child_io_close(&io);
	if (rc != 0) {
		term_pane_close();
		return trace_abort(rc);
	}
	if (R.pane != NULL) {
		R.pane_t0 = ev_time();
		pane_start(R.pane, R.loop, term_pane_changed, NULL);
	}
	trace_run();
	term_pane_close();
	return trace_end();
}

static int
do_attach(void)
{
	struct buf args = BUF_INIT;
	pid_t *pids;
	int n, i, rc;

	/* Every pid is checked before anything is attached. */
	if ((n = attach_parse(R.opt->pids, &pids)) < 0)
		return 1;
	for (i = 0; i < n; i++) {
		buf_printf(&args, "%d", (int)pids[i]);
		buf_addc(&args, '\0');
	}
	R.attach = 1;
	rc = trace_begin(TRACE_ATTACH, &args);
	buf_free(&args);
	if (rc == 0 && attach_all(pids, n) != 0) {
		tracer_detach_all();
		rc = -1;
	}
	free(pids);
	if (rc != 0)
		return trace_abort(1);
	trace_run();
	return trace_end();
}

/* What every run_* does first and last. */
static void
run_setup(const struct options *opt)
{
	memset(&R, 0, sizeof R);
	R.opt = opt;
	R.ui_on = !opt->batch;
	bus_init(&R.bus);
}

static int
run_teardown(int rc)
{
	if (R.ui_on) {
		ui_free(&R.ui);
		view_free(R.view);
	}
	ptree_free(R.tree);
	R.tree = NULL;
	R.view = NULL;
	return rc;
}

int
run_launch(const struct options *opt)
{
	run_setup(opt);
	return run_teardown(do_launch());
}

int
run_attach(const struct options *opt)
{
	run_setup(opt);
	return run_teardown(do_attach());
}

int
run_replay(const struct options *opt)
{
	run_setup(opt);
	return run_teardown(do_replay());
}
