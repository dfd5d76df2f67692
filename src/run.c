/*
 * run.c: one run of ptop, set-up to tear-down.  See run.h.
 *
 * The state of a run is one static struct: the tracer it drives is one per
 * process anyway, and the loop's callbacks reach it without a context.
 *
 * Order of a traced run: open the outputs (before anything runs, so a bad
 * path costs nothing and a FIFO can be waited for), the bus with its sinks
 * (tree, view, trace writer), the loop, the command (or the attach), the
 * loop until the trace ends (batch) or the user leaves (view), tear-down:
 * detach what is attached, close the trace, write the tree.
 *
 * What ends an interactive run: q (nothing runs), q then k (kill all and
 * wait for them, at most run_env.leave_timeout), q then d or q in attach
 * mode (detach all), SIGTERM/SIGINT from kill(1) (passed to the command,
 * ptop leaves when the trace ends), and a lost terminal: SIGHUP (the
 * window closed, or the keeper died: keeper.h), or its input hung up.
 * No one can see or answer the view then, so ptop gives the terminal back
 * at once, passes SIGHUP to the command and, after RUN_HUP_GRACE, kills
 * what still runs (attached processes are detached instead).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "batch.h"
#include "buf.h"
#include "detail.h"
#include "diff_run.h"
#include "event.h"
#include "export.h"
#include "keeper.h"
#include "fmt.h"
#include "log.h"
#include "loop.h"
#include "output.h"
#include "pane.h"
#include "profile.h"
#include "ptree.h"
#include "run.h"
#include "screens.h"
#include "settings.h"
#include "summary.h"
#include "trace_read.h"
#include "tracee.h"
#include "tracefile.h"
#include "tracer.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

/* After SIGHUP for a lost terminal, what still runs this long is killed. */
#define RUN_HUP_GRACE 1.0
/* Ctrl-Z: how often and how many times to look whether the job stopped. */
#define RUN_SUSPEND_POLL 0.01
#define RUN_SUSPEND_TRIES 30

static void run_stop_self(void);
static void term_pane_close(void);

struct run_env run_env = {
	.stop_self = run_stop_self,
	.kill_all = tracer_kill_all,
	.leave_timeout = 5.0,
};

static struct {
	const struct options *opt;
	struct bus bus;		/* tree, view, trace writer, in that order */
	struct ptree *tree;
	struct profile *prof;	/* --summary without the view (the view has its own) */
	struct tl_hist *hist;
	struct ev_loop *loop;
	int mode;		/* RUN_LAUNCH, RUN_ATTACH, RUN_REPLAY */

	/* Outputs, opened before anything runs. */
	struct output out_trace, out_tree, out_log;
	struct output out_chrome;	/* --chrome-trace: written from the finished tree */
	struct ptree *diff_a;		/* --diff: trace A; the run's tree is B */
	int diff_status;		/* --diff: 0 the same, 1 different */
	struct tracefile *trace;
	int out_failed;		/* an output could not be written: exit 1 */

	/* Interactive view. */
	int ui_on;
	struct view *view;
	struct ui ui;
	struct settings *settings;	/* the file's, or the defaults (--no-config) */
	int finished;		/* the trace ended (bus_end sent) */
	int status;		/* exit status once finished */
	int leaving;		/* quit: killed everything, waiting for it to go */
	int quit_when_done;	/* SIGTERM/SIGINT/a lost terminal: leave once tracing ends */
	int term_lost;		/* the terminal hung up or the keeper died */
	int background;		/* left running: traced on without a terminal */
	ev_timer leave_timer;	/* leaving: give up waiting */
	ev_timer hup_timer;	/* a lost terminal: kill what ignored SIGHUP */

	struct pane *pane;	/* the command's terminal (view, launch, not --no-pty) */
	double pane_t0;

	ev_timer suspend;	/* Ctrl-Z: waiting for the job to stop first */
	int suspend_tries;
	int suspended;		/* times ptop stopped itself (tests) */
} R;

/* ---- outputs ------------------------------------------------------------- */

/* Open one output; on failure say why (and how to fix it) in one line. */
static int
run_open_output(struct output *o, const char *path, const char *what)
{
	const char *why;

	if (path == NULL)
		return 0;
	if (output_open(o, path, &why) == 0)
		return 0;
	log_warnx("cannot write %s '%s': %s", what, path, why);
	return -1;
}

/*
 * All the files ptop was asked to write, before anything runs; on failure
 * none is left behind.  Returns 0, or the exit status (1, or 128+N when
 * signal N ended a wait for a FIFO's reader).
 */
static int
run_open_outputs(void)
{
	struct output *failed = NULL;

	if (run_open_output(&R.out_trace, R.opt->output, "the trace file") != 0)
		failed = &R.out_trace;
	else if (run_open_output(&R.out_tree, R.opt->tree_file, "the tree file") != 0)
		failed = &R.out_tree;
	else if (run_open_output(&R.out_log, R.opt->log, "the log file") != 0)
		failed = &R.out_log;
	else if (run_open_output(&R.out_chrome, R.opt->chrome, "the Chrome trace") != 0)
		failed = &R.out_chrome;
	if (failed == NULL)
		return 0;
	output_discard(&R.out_trace);
	output_discard(&R.out_tree);
	output_discard(&R.out_log);
	output_discard(&R.out_chrome);
	return failed->signal != 0 ? 128 + failed->signal : 1;
}

/*
 * Tree glyphs and escaping follow the locale: UTF-8, or else ASCII glyphs
 * with every non-ASCII byte escaped; --ascii asks for ASCII glyphs alone.
 */
static void
run_text(int *ascii, int *escape8)
{
	*escape8 = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	*ascii = *escape8 || R.opt->ascii;
}

static int
batch_flags(void)
{
	int ascii, escape8;

	run_text(&ascii, &escape8);
	return (ascii ? BATCH_ASCII : 0) | (escape8 ? BATCH_ESCAPE8 : 0);
}

/* --summary, after the tree. */
static int
print_summary(FILE *fp)
{
	if (!R.opt->summary)
		return 0;
	if (R.ui_on)
		return summary_print(fp, R.tree, R.ui.prof, R.ui.hist, batch_flags());
	return summary_print(fp, R.tree, R.prof, R.hist, batch_flags());
}

/*
 * The tree, to --tree-file or (batch mode) stderr, then the summary if
 * asked for (after the view without --tree-file: the summary alone, on
 * stderr).  -1 if it could not be written.
 */
static int
print_tree(void)
{
	const char *name = R.out_tree.path != NULL ? R.out_tree.path : "stderr";
	FILE *fp = NULL;
	int rc, fd, tree = R.out_tree.fd != -1 || !R.ui_on;

	if (R.opt->diff != NULL) {
		/* --diff: the differences instead of the tree (the view showed them). */
		R.diff_status = diff_run_finish(&R.out_tree, R.diff_a, R.tree, batch_flags(),
		    R.ui_on);
		return R.diff_status < 0 ? -1 : 0;
	}
	/* -r with --chrome-trace converts: no tree (the summary, if asked for). */
	if (R.out_tree.fd == -1 && R.mode == RUN_REPLAY && R.opt->chrome != NULL)
		tree = 0;
	if (!tree && !R.opt->summary)
		return 0;	/* the view showed it, or a conversion */
	/*
	 * stderr is unbuffered: a stream of its own, fully buffered, writes
	 * the tree in a few large writes instead of one per line.
	 */
	fd = R.out_tree.fd != -1 ? R.out_tree.fd : fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	R.out_tree.fd = -1;
	if (fd == -1 || (fp = fdopen(fd, "w")) == NULL) {
		log_warn("cannot write the tree to '%s'", name);
		if (fd != -1)
			close(fd);
		output_close(&R.out_tree);
		return -1;
	}
	rc = tree ? batch_print(fp, R.tree, batch_flags()) : 0;
	if (rc == 0)
		rc = print_summary(fp);
	if (fclose(fp) != 0)
		rc = -1;
	if (rc != 0)
		log_warn("writing the tree to '%s'", name);
	output_close(&R.out_tree);
	return rc;
}

/* fatal() path: nothing left running or attached, no half-line in the trace. */
static void
run_atfatal(void)
{
	if (R.mode == RUN_ATTACH)
		tracer_detach_all();
	else if (R.mode == RUN_LAUNCH)
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
	R.status = R.mode == RUN_LAUNCH ? tracer_root_status() : 0;
	if (R.status < 0)
		R.status = 0;
	if (R.trace != NULL)
		tracefile_set_status(R.trace, R.status);
	bus_end(&R.bus);
	if (tracefile_close(R.trace) != 0)
		R.out_failed = 1;
	R.trace = NULL;
}

/* ---- leaving ----------------------------------------------------------------- */

static void
leave_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	log_warnx("%u process(es) did not die after SIGKILL; leaving anyway", tracer_nprocs());
	ev_break(loop, EVBREAK_ALL);
}

/* Kill every traced process and leave once they are gone (or after a while). */
static void
run_leave_killing(void)
{
	R.leaving = 1;
	run_env.kill_all();
	if (tracer_done()) {
		ev_break(R.loop, EVBREAK_ALL);
		return;
	}
	if (!ev_is_active(&R.leave_timer)) {
		ev_timer_init(&R.leave_timer, leave_timeout, run_env.leave_timeout, 0);
		ev_timer_start(R.loop, &R.leave_timer);
	}
}

/*
 * Leave a launched command running: its processes carry the exec attempt
 * filter, and an exec without a tracer fails (ENOSYS), so ptop does not
 * let go.  It gives the terminal back, lets the keeper exit (the shell has
 * its prompt again) and goes on tracing, headless, until the last process
 * ends: -o and --tree-file get the whole run.  The pane closes as on quit.
 */
static void
run_background(void)
{
	int fd;

	log_debug("run: in the background from now on");
	if (R.ui_on)
		ui_stop();
	R.ui_on = 0;
	R.background = 1;
	term_pane_close();
	if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	keeper_release();
	if (tracer_done())
		ev_break(R.loop, EVBREAK_ALL);
}

void
run_quit(enum ui_quit how)
{
	switch (how) {
	case UI_QUIT_NOW:
		if (R.mode == RUN_ATTACH)
			tracer_detach_all();	/* attached: quitting lets go */
		ev_break(R.loop, EVBREAK_ALL);
		break;
	case UI_QUIT_KILL:
		run_leave_killing();
		break;
	case UI_QUIT_DETACH:
		if (R.mode == RUN_LAUNCH && tracer_traps_execs()) {
			run_background();
			break;
		}
		tracer_detach_all();
		ev_break(R.loop, EVBREAK_ALL);
		break;
	}
}

static void
hup_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	log_debug("run: %u process(es) still run after SIGHUP: killing them", tracer_nprocs());
	run_leave_killing();
}

/*
 * The terminal is gone (SIGHUP, its input hung up, the keeper died): give
 * it back at once, then end as closing a window ends a shell's job.
 */
void
run_terminal_lost(void)
{
	if (R.term_lost)
		return;
	R.term_lost = 1;
	log_debug("run: the terminal is gone");
	if (R.ui_on)
		ui_stop();
	if (R.mode != RUN_LAUNCH) {
		run_quit(UI_QUIT_NOW);	/* attached: let go; replay: just leave */
		return;
	}
	tracer_signal_root(SIGHUP);
	R.quit_when_done = 1;
	if (tracer_done()) {
		ev_break(R.loop, EVBREAK_ALL);
		return;
	}
	ev_timer_init(&R.hup_timer, hup_timeout, RUN_HUP_GRACE, 0);
	ev_timer_start(R.loop, &R.hup_timer);
}

/* ---- Ctrl-Z --------------------------------------------------------------------- */

static void
run_stop_self(void)
{
	kill(getpid(), SIGSTOP);
}

/*
 * Ctrl-Z reaches ptop and, in batch launch mode, the command's processes in
 * the same process group.  They can only stop once ptop has passed each its
 * SIGTSTP, so ptop stops itself last: when none of them is still running
 * (or after RUN_SUSPEND_TRIES looks), so that fg continues a job that is
 * really stopped.  The view reads Ctrl-Z as a key; a SIGTSTP there came
 * from kill(1).
 */
static void
suspend_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	if (tracer_nrunning_in_pgrp(getpgrp()) > 0 && ++R.suspend_tries < RUN_SUSPEND_TRIES)
		return;
	ev_timer_stop(loop, w);
	log_debug("run: stopping ptop itself");
	if (R.ui_on && !R.term_lost)
		ui_suspend();
	R.suspended++;
	run_env.stop_self();
	/* Continued. */
	if (R.ui_on && !R.term_lost)
		ui_resume();
}

static void
suspend_start(struct ev_loop *loop)
{
	R.suspend_tries = 0;
	ev_timer_init(&R.suspend, suspend_cb, 0., RUN_SUSPEND_POLL);
	ev_timer_again(loop, &R.suspend);
}

int
run_suspended(void)
{
	return R.suspended;
}

/* ---- signals and the tracer's news ------------------------------------------------ */

void
run_signal(int sig)
{
	struct ev_loop *loop = R.loop;

	switch (sig) {
	case SIGWINCH:
		if (R.ui_on && !R.term_lost)
			ui_resize();
		break;
	case SIGTSTP:
		suspend_start(loop);
		break;
	case SIGHUP:
		if (R.ui_on) {
			run_terminal_lost();
			break;
		}
		if (R.mode == RUN_ATTACH) {
			ev_break(loop, EVBREAK_ALL);
			break;
		}
		tracer_signal_root(sig);	/* batch: the command shares the terminal */
		break;
	case SIGINT:
	case SIGQUIT:
		if (R.mode == RUN_ATTACH && !R.ui_on) {
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
			log_debug("run: %s: the command gets its own",
			    sig == SIGINT ? "SIGINT" : "SIGQUIT");
			break;
		}
		/* The view reads Ctrl-C as a key: this came from kill(1). */
		/* FALLTHROUGH */
	case SIGTERM:
		if (R.mode != RUN_LAUNCH) {
			/* Never passed on to what we attached to: just let go. */
			ev_break(loop, EVBREAK_ALL);
			break;
		}
		tracer_signal_root(sig);
		if (R.ui_on) {
			/* Asked to go: no one will look at the tree. */
			R.quit_when_done = 1;
			if (tracer_done())
				ev_break(loop, EVBREAK_ALL);
		}
		break;
	default:
		break;
	}
}

static void
on_signal(struct ev_loop *loop, int sig)
{
	run_signal(sig);
}

static void
after_reap(struct ev_loop *loop)
{
	if (R.mode == RUN_ATTACH && tracer_nroots() == 0 && !R.ui_on) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	if (!tracer_done()) {
		if (R.leaving)
			run_env.kill_all();	/* what was born since */
		return;
	}
	if (!R.ui_on) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	/* The view stays until q; the trace is complete now. */
	finish_trace();
	if (!R.term_lost)
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

/* ---- interactive view ------------------------------------------------------------- */

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
	return R.mode != RUN_LAUNCH || tracer_done() ? 0 : tracer_nprocs();
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
hook_quit(void *ctx, enum ui_quit how)
{
	run_quit(how);
}

static void
hook_lost(void *ctx)
{
	run_terminal_lost();
}

static int
ui_flags(void)
{
	const char *nc = getenv("NO_COLOR");
	int ascii, escape8;

	run_text(&ascii, &escape8);
	return (ascii ? UI_ASCII : 0) | (escape8 ? UI_ESCAPE8 : 0) |
	    (R.opt->no_color || (nc != NULL && *nc != '\0') ? UI_NOCOLOR : 0) |
	    (R.opt->no_highlight ? UI_NOHIGHLIGHT : 0);
}

/*
 * The settings file, unless --no-config: a damaged or unreadable one
 * gives one line of warning (now, and in the footer) and the defaults.
 * The options given win (ui_flags() forced them).
 */
static void
run_settings(void)
{
	const char *warning;

	R.settings = R.opt->no_config ? settings_new() : settings_load(NULL);
	if ((warning = settings_warning(R.settings)) != NULL) {
		log_warnx("%s", warning);
		ui_message(&R.ui, "%s", warning);
	}
	ui_use_settings(&R.ui, R.settings);
}

/* A sort chosen with a key is kept for next time, as htop keeps it. */
static void
run_settings_save(void)
{
	if (!R.ui.settings_dirty || R.settings == NULL || settings_file(R.settings) == NULL)
		return;
	R.ui.settings_dirty = 0;
	if (settings_save(R.settings, NULL) != 0)
		log_warn("cannot save the settings to '%s'", settings_file(R.settings));
}

/* The tree and, with the view, the view: before any event so they see them all. */
static void
run_sinks(void)
{
	struct sink s;

	R.tree = ptree_new();
	s = ptree_sink(R.tree);
	bus_add(&R.bus, &s);
	if (!R.ui_on) {
		if (R.opt->summary) {
			R.hist = tl_hist_new(R.tree);
			s = tl_hist_sink(R.hist);
			bus_add(&R.bus, &s);
			R.prof = profile_new(R.tree);
			s = profile_sink(R.prof);
			bus_add(&R.bus, &s);
		}
		return;
	}
	R.view = view_new(R.tree);
	s = view_sink(R.view);
	bus_add(&R.bus, &s);
	if (R.opt->diff != NULL) {
		scr_diff_use(R.diff_a, R.opt->diff, R.opt->replay);
		ui_init(&R.ui, R.tree, R.view, ui_flags(), &screen_diff, screens_diff);
	} else {
		ui_init(&R.ui, R.tree, R.view, ui_flags(), &screen_tree, screens_all);
		ui_add_sinks(&R.ui, &R.bus);
	}
	run_settings();
	R.ui.hooks.ctx = NULL;
	R.ui.hooks.alive = hook_alive;
	R.ui.hooks.quit = hook_quit;
	R.ui.hooks.lost = hook_lost;
}

static void
run_view(const char *replay)
{
	R.ui.replay = replay;
	ui_start(&R.ui, R.loop);
	ev_run(R.loop, 0);
	ui_stop();
	run_settings_save();
}

/* ---- the launched command's terminal ------------------------------------------------ */

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
	if (!R.term_lost)
		ui_dirty();
}

/*
 * Before the fork (and before curses): a pty sized for the pane in the
 * layout of the terminal as it is now.  --log gets a copy of the output.
 */
static int
term_pane_open(void)
{
	/* 24x80 until the layout says better (a screen too small to draw keeps it). */
	R.pane = pane_new(24, 80, PANE_HISTORY);
	ui_set_pane(&R.ui, R.pane);
	if (pane_open_pty(R.pane) != 0) {
		log_warn("cannot open a pseudo-terminal for the command (--no-pty runs it without)");
		return -1;
	}
	if (pane_take_ctty(R.pane) != 0) {
		log_warn("cannot make the pane's pty a terminal (--no-pty runs the command without)");
		return -1;
	}
	if (R.out_log.fd != -1) {
		pane_set_log(R.pane, R.out_log.fd);	/* the pane owns it now */
		R.out_log.fd = -1;
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
 * What the launched command gets without a pane: in batch mode ptop's own
 * stdin, stdout and stderr, or --log for the last two; in the view with
 * --no-pty, no terminal at all (ptop's session, see keeper.h, has none):
 * stdin /dev/null, and --log or /dev/null for output.
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
	if (R.out_log.fd != -1)
		io->out = R.out_log.fd;
	else if (R.ui_on && (io->out = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1) {
		log_warn("/dev/null");
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
	if (io->out >= 0 && io->out != R.out_log.fd)
		close(io->out);
}

/* ---- runs ------------------------------------------------------------------------------ */

/*
 * --show: the detail view of one process as text.  A plain number is a
 * pid (the last process that had it: pids come back), "#N" a trace id.
 */
static int
run_show(void)
{
	const char *s = R.opt->show;
	struct pager pg;
	struct buf b = BUF_INIT;
	uint32_t id = 0, i;
	char *end;
	long n;
	size_t k;
	int byid = *s == '#';

	n = strtol(s + byid, &end, 10);
	if (*(s + byid) == '\0' || *end != '\0' || n <= 0) {
		log_warnx("--show wants a pid or #ID (the trace id), not '%s'", s);
		return 2;
	}
	for (i = ptree_size(R.tree); i >= 1 && id == 0; i--)
		if (byid ? i == (uint32_t)n : ptree_node(R.tree, i)->pid == (pid_t)n)
			id = i;
	if (id == 0) {
		log_warnx("%s: no process %s%ld in this trace", R.opt->replay, byid ? "#" : "pid ", n);
		return 1;
	}
	memset(&pg, 0, sizeof pg);
	detail_build(&pg, R.tree, id, ptree_last_t(R.tree), 0, batch_flags() & BATCH_ESCAPE8 ?
	    FMT_ASCII : 0);
	printf("%s\n", pg.title != NULL ? pg.title + 1 : "");
	for (k = 0; k < pg.nlines; k++) {
		buf_clear(&b);
		buf_add(&b, pg.text.p + pg.lines[k].off, pg.lines[k].len);
		printf("%s\n", b.p != NULL ? b.p : "");
	}
	pager_free(&pg);
	buf_free(&b);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

static int
do_replay(void)
{
	int rc, trouble = R.opt->diff != NULL ? DIFF_EXIT_TROUBLE : 1;

	if (R.opt->diff != NULL && (R.diff_a = diff_run_load(R.opt->diff)) == NULL)
		return DIFF_EXIT_TROUBLE;
	if ((rc = run_open_outputs()) != 0)
		return rc;
	run_sinks();
	/* Nothing asks the profiles for rows before the whole trace is read. */
	if (R.prof != NULL)
		profile_defer(R.prof);
	if (R.ui.prof != NULL)
		profile_defer(R.ui.prof);
	if (trace_read(R.opt->replay, &R.bus) != 0) {
		output_discard(&R.out_tree);
		output_discard(&R.out_chrome);
		return trouble;
	}
	if (export_chrome_output(&R.out_chrome, R.tree) != 0) {
		output_discard(&R.out_tree);
		return 1;
	}
	if (R.opt->show != NULL) {
		output_discard(&R.out_tree);
		return run_show();
	}
	if (R.ui_on) {
		R.ui.hooks.now = hook_now_replay;
		R.loop = loop_create(on_signal, NULL);
		run_view(R.opt->replay);
		loop_destroy(R.loop);
		R.loop = NULL;
	}
	if (print_tree() != 0)
		return trouble;
	return R.opt->diff != NULL ? R.diff_status : 0;
}

/* Sinks, the trace header, the loop: what tracing needs. */
static int
trace_begin(enum trace_mode mode, const struct buf *args)
{
	struct trace_info info;
	struct sink s;
	char *cwd;
	int rc;

	if ((rc = run_open_outputs()) != 0)
		return rc;
	tracer_init(&R.bus, (R.opt->no_env ? 0 : TRACER_ENV) |
	    (R.opt->no_execfail ? 0 : TRACER_EXECFAIL));
	run_sinks();
	if (R.out_trace.fd != -1) {
		R.trace = tracefile_new(R.out_trace.fd, R.out_trace.path);
		R.out_trace.fd = -1;	/* the writer owns it now */
		s = tracefile_sink(R.trace);
		bus_add(&R.bus, &s);
	}
	log_atfatal(run_atfatal);

	cwd = getcwd(NULL, 0);
	memset(&info, 0, sizeof info);
	info.mode = mode;
	info.argv.data = args->p;
	info.argv.len = args->len;
	info.cwd = cwd;
	info.start = tracer_start_realtime();
	info.no_env = R.opt->no_env;
	info.no_execfail = mode == TRACE_ATTACH || !tracee_can_trap_execs() || R.opt->no_execfail;
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
	output_discard(&R.out_trace);
	output_discard(&R.out_tree);
	output_discard(&R.out_log);
	output_discard(&R.out_chrome);
	loop_destroy(R.loop);
	R.loop = NULL;
	return rc;
}

/* Trace until it is over (batch) or until the user quits (view). */
static void
trace_run(void)
{
	tracer_reap();
	if (R.ui_on) {
		R.ui.hooks.now = hook_now_live;
		R.ui.hooks.signal = hook_signal;
		if (tracer_done())
			finish_trace();
		run_view(NULL);
	} else if (!tracer_done() && !(R.mode == RUN_ATTACH && tracer_nroots() == 0))
		ev_run(R.loop, 0);
}

/* Let go of what is attached, close the trace, write the tree. */
static int
trace_end(void)
{
	if (R.mode == RUN_ATTACH)
		tracer_detach_all();
	finish_trace();
	loop_destroy(R.loop);
	R.loop = NULL;
	if (export_chrome_output(&R.out_chrome, R.tree) != 0)
		R.out_failed = 1;
	if (print_tree() != 0)
		R.out_failed = 1;
	if (output_close(&R.out_log) != 0) {
		log_warn("closing '%s'", R.opt->log);
		R.out_failed = 1;
	}
	/* An output ptop was asked for and could not write is an error too. */
	if (R.out_failed && R.status == 0)
		R.status = 1;
	if (R.opt->diff != NULL)
		return R.out_failed ? DIFF_EXIT_TROUBLE : R.diff_status;
	return R.status;
}

int
run_launch_start(void)
{
	struct launch_opts lo;
	struct child_io io = { -1, -1 };
	struct buf args = BUF_INIT;
	int rc, pty = R.ui_on && !R.opt->no_pty;

	R.mode = RUN_LAUNCH;
	if (R.opt->diff != NULL && (R.diff_a = diff_run_load(R.opt->diff)) == NULL)
		return DIFF_EXIT_TROUBLE;
	pack_argv(&args, R.opt->argv);
	rc = trace_begin(TRACE_LAUNCH, &args);
	buf_free(&args);
	if (rc != 0)
		return trace_abort(rc);
	memset(&lo, 0, sizeof lo);
	lo.mask = loop_orig_mask();
	if (pty) {
		if (term_pane_open() != 0) {
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
	if (R.ui_on && tracer_traps_execs())
		R.ui.flags |= UI_KEEP_TRACING;
	return 0;
}

int
run_finish(void)
{
	trace_run();
	term_pane_close();
	return trace_end();
}

int
run_attach_start(void)
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
	R.mode = RUN_ATTACH;
	rc = trace_begin(TRACE_ATTACH, &args);
	buf_free(&args);
	if (rc == 0 && attach_all(pids, n) != 0) {
		tracer_detach_all();
		rc = 1;
	}
	free(pids);
	return rc != 0 ? trace_abort(rc) : 0;
}

/* ---- entry points --------------------------------------------------------------------- */

void
run_setup(const struct options *opt)
{
	struct output none = OUTPUT_INIT;

	memset(&R, 0, sizeof R);
	R.opt = opt;
	R.ui_on = !opt->batch;
	R.out_trace = R.out_tree = R.out_log = R.out_chrome = none;
	bus_init(&R.bus);
}

int
run_teardown(int rc)
{
	if (R.ui_on) {
		ui_free(&R.ui);
		view_free(R.view);
		settings_free(R.settings);
		R.settings = NULL;
	}
	profile_free(R.prof);
	tl_hist_free(R.hist);
	ptree_free(R.tree);
	ptree_free(R.diff_a);
	R.tree = R.diff_a = NULL;
	R.view = NULL;
	R.prof = NULL;
	R.hist = NULL;
	return rc;
}

int
run_launch(const struct options *opt)
{
	int rc;

	run_setup(opt);
	if ((rc = run_launch_start()) != 0)
		return run_teardown(rc);
	return run_teardown(run_finish());
}

int
run_attach(const struct options *opt)
{
	int rc;

	run_setup(opt);
	if ((rc = run_attach_start()) != 0)
		return run_teardown(rc);
	return run_teardown(run_finish());
}

struct ev_loop *
run_loop(void)
{
	return R.loop;
}

int
run_replay(const struct options *opt)
{
	run_setup(opt);
	R.mode = RUN_REPLAY;
	return run_teardown(do_replay());
}
