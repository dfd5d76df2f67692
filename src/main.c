/*
 * main.c: options, set-up, the loop, tear-down.  Everything else is in
 * libptop.a so that tests link the real code.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "batch.h"
#include "buf.h"
#include "event.h"
#include "keeper.h"
#include "log.h"
#include "loop.h"
#include "pane.h"
#include "ptree.h"
#include "tracefile.h"
#include "tracer.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define EXIT_USAGE 2

struct options {
	int batch;
	int ascii;
	int no_color;
	int no_pty;
	const char *log;
	const char *output;
	const char *replay;
	const char *tree_file;
	const char *debug;
	const char *pids;
	char **argv;
};

static struct {
	struct options opt;
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
} M;

static void
usage(FILE *fp)
{
	fprintf(fp,
"Usage: ptop [OPTION]... [--] COMMAND [ARG]...\n"
"       ptop [OPTION]... -p PID[,PID]...\n"
"       ptop [OPTION]... -r FILE\n"
"Run COMMAND (or attach to running processes) and show, live, the tree of\n"
"every process it starts.\n"
"\n"
"  -p, --pid PID[,PID]... attach to running processes and their descendants;\n"
"                         detach cleanly when done (q, or Ctrl-C in batch mode)\n"
"  -b, --batch            no interactive UI: the command shares ptop's terminal,\n"
"                         the tree is printed on stderr when the last process ends\n"
"                         (the default when stdin or stdout is not a terminal)\n"
"  -o, --output FILE      record a JSON Lines trace to FILE (created mode 0600)\n"
"  -r, --replay FILE      show a trace recorded with -o instead of tracing\n"
"      --tree-file FILE   batch mode: write the tree to FILE instead of stderr\n"
"      --ascii            draw the tree with ASCII characters\n"
"      --no-color         no colours in the interactive UI (also NO_COLOR=1)\n"
"      --no-pty           interactive UI: no terminal pane; the command gets\n"
"                         stdin /dev/null and its output goes to --log FILE\n"
"                         (or nowhere); -b never uses a pty\n"
"      --log FILE         write the command's output (stdout and stderr) to FILE;\n"
"                         in the terminal pane, a copy of all it writes there\n"
"  -v, --debug FILE       append a debug log to FILE (also PTOP_DEBUG=FILE)\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Exit status: the command's exit code, or 128+N if signal N killed it;\n"
"126/127 if it cannot be run; 1 for other errors; 2 for bad usage.\n"
"See ptop(1) and doc/trace-format.md.\n");
}

static void __attribute__((noreturn))
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ptop: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'ptop --help' for more information.\n");
	exit(EXIT_USAGE);
}

enum { OPT_TREE_FILE = 256, OPT_ASCII, OPT_NO_COLOR, OPT_NO_PTY, OPT_LOG };

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "replay", required_argument, NULL, 'r' },
		{ "pid", required_argument, NULL, 'p' },
		{ "tree-file", required_argument, NULL, OPT_TREE_FILE },
		{ "ascii", no_argument, NULL, OPT_ASCII },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "no-pty", no_argument, NULL, OPT_NO_PTY },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "debug", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:bo:r:p:v:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o->batch = 1; break;
		case 'o': o->output = optarg; break;
		case 'r': o->replay = optarg; break;
		case 'p': o->pids = optarg; break;
		case OPT_TREE_FILE: o->tree_file = optarg; break;
		case OPT_ASCII: o->ascii = 1; break;
		case OPT_NO_COLOR: o->no_color = 1; break;
		case OPT_NO_PTY: o->no_pty = 1; break;
		case OPT_LOG: o->log = optarg; break;
		case 'v': o->debug = optarg; break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("ptop %s\n", PACKAGE_VERSION);
			exit(0);
		case ':':
			usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt != 0) {
				char s[3] = { '-', (char)optopt, '\0' };
				usage_error("unknown option '%s'", s);
			}
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	o->argv = argv + optind;
	if (o->replay != NULL && o->pids != NULL)
		usage_error("%s", "-r replays a trace and -p attaches to processes: choose one");
	if (o->replay != NULL && o->argv[0] != NULL)
		usage_error("-r replays a trace and runs no command; drop '%s' or -r", o->argv[0]);
	if (o->pids != NULL && o->argv[0] != NULL)
		usage_error("-p attaches to running processes and runs no command; drop '%s' or -p",
		    o->argv[0]);
	if (o->replay == NULL && o->pids == NULL && o->argv[0] == NULL)
		usage_error("%s", "no command given: ptop [OPTION]... -- COMMAND [ARG]...");
	if (o->pids != NULL && o->log != NULL)
		usage_error("%s", "--log keeps a launched command's output; -p launches nothing");
	if (o->replay != NULL && o->output != NULL)
		usage_error("%s", "-o records a live trace; it cannot be used with -r");
	if (o->replay != NULL && o->log != NULL)
		usage_error("%s", "--log keeps a command's output; -r runs no command");
	if ((o->pids != NULL || o->replay != NULL) && o->no_pty)
		usage_error("%s", "--no-pty is about a launched command; -p and -r launch nothing");
}

/* Tree glyphs and escaping follow the locale: UTF-8 or plain ASCII. */
static int
batch_flags(void)
{
	int flags = 0;

	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		flags |= BATCH_ASCII | BATCH_ESCAPE8;
	if (M.opt.ascii)
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
	if (M.opt.tree_file != NULL)
		fp = fopen(M.opt.tree_file, "we");
	else if ((fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL)
		fp = NULL;
	if (fp == NULL) {
		log_warn("cannot write the tree to '%s'",
		    M.opt.tree_file != NULL ? M.opt.tree_file : "stderr");
		return -1;
	}
	rc = batch_print(fp, M.tree, batch_flags());
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
	if (M.attach)
		tracer_detach_all();
	else
		tracer_kill_all();
	if (M.trace != NULL)
		tracefile_close(M.trace);
	M.trace = NULL;
}

/* The trace is over (every process ended): close it, keep the status. */
static void
finish_trace(void)
{
	if (M.finished)
		return;
	M.finished = 1;
	M.status = tracer_root_status();
	if (M.status < 0)
		M.status = 0;
	if (M.trace != NULL)
		tracefile_set_status(M.trace, M.status);
	event_end();
	if (tracefile_close(M.trace) != 0 && M.status == 0)
		M.status = 1;
	M.trace = NULL;
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
	if (tracer_nrunning_in_pgrp(getpgrp()) > 0 && ++M.suspend_tries < 30)
		return;
	ev_timer_stop(loop, w);
	log_debug("main: stopping ptop itself");
	if (M.ui_on)
		ui_suspend();
	kill(getpid(), SIGSTOP);
	/* Continued. */
	if (M.ui_on)
		ui_resume();
}

static void
suspend_start(struct ev_loop *loop)
{
	M.suspend_tries = 0;
	ev_timer_init(&M.suspend, suspend_cb, 0., 0.01);
	ev_timer_again(loop, &M.suspend);
}

static void
on_signal(struct ev_loop *loop, int sig)
{
	switch (sig) {
	case SIGWINCH:
		if (M.ui_on)
			ui_resize();
		break;
	case SIGTSTP:
		suspend_start(loop);
		break;
	case SIGINT:
	case SIGQUIT:
		if (M.attach && !M.ui_on) {
			/* Attached from another terminal: Ctrl-C means "let go". */
			ev_break(loop, EVBREAK_ALL);
			break;
		}
		if (!M.ui_on) {
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
		if (M.attach) {
			/* Never passed on to what we attached to: just let go. */
			ev_break(loop, EVBREAK_ALL);
			break;
		}
		tracer_signal_root(sig);
		if (M.ui_on) {
			/* Asked to go: no one will look at the tree. */
			M.quit_when_done = 1;
			if (M.replay_mode || tracer_done())
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
	if (M.attach && tracer_nroots() == 0 && !M.ui_on) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	if (!tracer_done()) {
		if (M.leaving)
			tracer_kill_all();	/* what was born since */
		return;
	}
	if (!M.ui_on) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	/* The UI stays until q; the trace is complete now. */
	finish_trace();
	ui_dirty();
	if (M.leaving || M.quit_when_done)
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
	return ptree_last_t(M.tree);
}

/* What quitting would kill: nothing in attach mode, where it detaches. */
static unsigned
hook_alive(void *ctx)
{
	return M.attach || tracer_done() ? 0 : tracer_nprocs();
}

static int
hook_signal(void *ctx, uint32_t id, int sig)
{
	const struct node *n = ptree_node(M.tree, id);

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
		if (M.attach)
			tracer_detach_all();	/* attached: quitting lets go */
		ev_break(M.loop, EVBREAK_ALL);
		break;
	case UI_QUIT_KILL:
		M.leaving = 1;
		tracer_kill_all();
		ev_timer_init(&M.leave_timer, leave_timeout, 5.0, 0);
		ev_timer_start(M.loop, &M.leave_timer);
		break;
	case UI_QUIT_DETACH:
		tracer_detach_all();
		ev_break(M.loop, EVBREAK_ALL);
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
	if (M.opt.ascii)
		flags |= UI_ASCII;
	if (M.opt.no_color || (nc != NULL && *nc != '\0'))
		flags |= UI_NOCOLOR;
	return flags;
}

/* The view and its sink; before any event so it sees them all. */
static void
ui_prepare(void)
{
	struct sink s;

	M.view = view_new(M.tree);
	s = view_sink(M.view);
	event_add_sink(&s);
	ui_init(&M.ui, M.tree, M.view, ui_flags());
	M.ui.hooks.ctx = NULL;
	M.ui.hooks.alive = hook_alive;
	M.ui.hooks.quit = hook_quit;
}

/* ---- the launched command's terminal ------------------------------------------ */

/* New output or the end: only a frame to draw (coalesced by ui.c). */
static void
term_pane_changed(void *arg)
{
	static int said;

	if (pane_closed(M.pane) && !said) {
		said = 1;
		log_debug("pane: the command's terminal closed after %.3f s, %llu bytes read",
		    ev_time() - M.pane_t0, (unsigned long long)pane_bytes_read(M.pane));
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
	M.pane = pane_new(24, 80, PANE_HISTORY);
	ui_set_pane(&M.ui, M.pane);
	if (pane_open_pty(M.pane) != 0) {
		log_warn("cannot open a pseudo-terminal for the command (--no-pty runs it without)");
		return -1;
	}
	if (M.opt.log != NULL) {
		fd = open(M.opt.log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
		if (fd == -1) {
			log_warn("cannot open '%s'", M.opt.log);
			return -1;
		}
		pane_set_log(M.pane, fd);
	}
	return 0;
}

/* Closing the master hangs the pty up: what still runs on it gets SIGHUP. */
static void
term_pane_close(void)
{
	if (M.pane == NULL)
		return;
	log_debug("pane: %llu bytes read", (unsigned long long)pane_bytes_read(M.pane));
	ui_set_pane(&M.ui, NULL);
	pane_free(M.pane);
	M.pane = NULL;
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
	if (M.ui_on && (io->in = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("/dev/null");
		return -1;
	}
	if (M.opt.log != NULL)
		io->out = open(M.opt.log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
	else if (M.ui_on)
		io->out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if ((M.opt.log != NULL || M.ui_on) && io->out == -1) {
		log_warn("cannot open '%s'", M.opt.log != NULL ? M.opt.log : "/dev/null");
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
	M.ui.replay = replay;
	ui_start(&M.ui, M.loop);
	ev_run(M.loop, 0);
	ui_stop();
}

static int
run_replay(void)
{
	struct sink s;

	M.replay_mode = 1;
	M.tree = ptree_new();
	s = ptree_sink(M.tree);
	event_add_sink(&s);
	if (M.ui_on)
		ui_prepare();
	if (tracefile_read(M.opt.replay) != 0)
		return 1;
	if (!M.ui_on)
		return print_tree() == 0 ? 0 : 1;
	M.ui.hooks.now = hook_now_replay;
	M.loop = loop_create(on_signal, NULL);
	run_ui(M.opt.replay);
	loop_destroy(M.loop);
	return 0;
}

/* Tree, view and trace file sinks, the header, the loop: what tracing needs. */
static int
trace_begin(enum trace_mode mode, const struct buf *args)
{
	struct trace_info info;
	struct sink s;
	char *cwd;

	tracer_init();
	M.tree = ptree_new();
	s = ptree_sink(M.tree);
	event_add_sink(&s);
	if (M.ui_on)
		ui_prepare();
	if (M.opt.output != NULL) {
		if ((M.trace = tracefile_create(M.opt.output)) == NULL) {
			log_warn("cannot create trace file '%s'", M.opt.output);
			return -1;
		}
		s = tracefile_sink(M.trace);
		event_add_sink(&s);
	}
	log_atfatal(main_atfatal);

	cwd = getcwd(NULL, 0);
	memset(&info, 0, sizeof info);
	info.mode = mode;
	info.argv.data = args->p;
	info.argv.len = args->len;
	info.cwd = cwd;
	info.start = tracer_start_realtime();
	event_begin(&info);
	free(cwd);
	M.loop = loop_create(on_signal, after_reap);
	return 0;
}

/* Something failed before tracing began: leave no file behind. */
static int
trace_abort(int rc)
{
	tracefile_discard(M.trace);
	M.trace = NULL;
	loop_destroy(M.loop);
	M.loop = NULL;
	return rc;
}

/* Trace until it is over (batch) or until the user quits (UI). */
static void
trace_run(void)
{
	tracer_reap();
	if (M.ui_on) {
		M.ui.hooks.now = hook_now_live;
		M.ui.hooks.signal = hook_signal;
		if (tracer_done())
			finish_trace();
		run_ui(NULL);
	} else if (!tracer_done() && !(M.attach && tracer_nroots() == 0))
		ev_run(M.loop, 0);
}

/* Let go of what is attached, close the trace, print the tree. */
static int
trace_end(void)
{
	if (M.attach)
		tracer_detach_all();
	finish_trace();
	loop_destroy(M.loop);
	M.loop = NULL;
	if (!M.ui_on)
		print_tree();
	return M.status;
}

static int
run_launch(void)
{
	struct launch_opts lo;
	struct child_io io = { -1, -1 };
	struct buf args = BUF_INIT;
	int rc, pty = M.ui_on && !M.opt.no_pty;

	pack_argv(&args, M.opt.argv);
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
		if (pane_take_ctty(M.pane) != 0) {
			log_warn("cannot make the pane's pty a terminal (--no-pty runs the command without)");
			term_pane_close();
			return trace_abort(1);
		}
		lo.child_setup = pane_child_setup;
		lo.parent_setup = pane_parent_setup;
		lo.child_setup_arg = M.pane;
	} else {
		if (child_io_open(&io) != 0)
			return trace_abort(1);
		lo.child_setup = child_setup;
		lo.child_setup_arg = &io;
	}
	/* Fork before curses takes the terminal: the child inherits none of it. */
	rc = tracer_launch(M.opt.argv, &lo);
	child_io_close(&io);
	if (rc != 0) {
		term_pane_close();
		return trace_abort(rc);
	}
	if (M.pane != NULL) {
		M.pane_t0 = ev_time();
		pane_start(M.pane, M.loop, term_pane_changed, NULL);
	}
	trace_run();
	term_pane_close();
	return trace_end();
}

static int
run_attach(void)
{
	struct buf args = BUF_INIT;
	pid_t *pids;
	int n, i, rc;

	/* Every pid is checked before anything is attached. */
	if ((n = attach_parse(M.opt.pids, &pids)) < 0)
		return 1;
	for (i = 0; i < n; i++) {
		buf_printf(&args, "%d", (int)pids[i]);
		buf_addc(&args, '\0');
	}
	M.attach = 1;
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

int
main(int argc, char **argv)
{
	const char *dbg;
	int rc;

	loop_block_signals();
	setlocale(LC_ALL, "");
	parse_options(argc, argv, &M.opt);
	if (M.opt.debug != NULL)
		log_open_debug(M.opt.debug);
	else if ((dbg = getenv("PTOP_DEBUG")) != NULL && *dbg != '\0')
		log_open_debug(dbg);
	if (!M.opt.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		M.opt.batch = 1;
	if (!M.opt.batch && !ui_term_ok()) {
		dbg = getenv("TERM");
		log_warnx("unknown terminal type '%s': no interactive view (as with -b)",
		    dbg != NULL ? dbg : "");
		M.opt.batch = 1;
	}
	M.ui_on = !M.opt.batch;
	/* The view and a launched command share a session of their own. */
	if (M.ui_on && M.opt.replay == NULL && M.opt.pids == NULL)
		keeper_split();

	if (M.opt.replay != NULL)
		rc = run_replay();
	else if (M.opt.pids != NULL)
		rc = run_attach();
	else
		rc = run_launch();
	if (M.ui_on) {
		ui_free(&M.ui);
		view_free(M.view);
	}
	ptree_free(M.tree);
	log_close_debug();
	return rc;
}
