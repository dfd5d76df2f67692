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

#include "batch.h"
#include "buf.h"
#include "event.h"
#include "log.h"
#include "loop.h"
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
	const char *log;
	const char *output;
	const char *replay;
	const char *tree_file;
	const char *debug;
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
} M;

static void
usage(FILE *fp)
{
	fprintf(fp,
"Usage: ptop [OPTION]... [--] COMMAND [ARG]...\n"
"       ptop [OPTION]... -r FILE\n"
"Run COMMAND and show, live, the tree of every process it starts.\n"
"\n"
"  -b, --batch            no interactive UI: the command shares ptop's terminal,\n"
"                         the tree is printed on stderr when the last process ends\n"
"                         (the default when stdin or stdout is not a terminal)\n"
"  -o, --output FILE      record a JSON Lines trace to FILE (created mode 0600)\n"
"  -r, --replay FILE      show a trace recorded with -o instead of tracing\n"
"      --tree-file FILE   batch mode: write the tree to FILE instead of stderr\n"
"      --ascii            draw the tree with ASCII characters\n"
"      --no-color         no colours in the interactive UI (also NO_COLOR=1)\n"
"      --log FILE         write the command's output (stdout and stderr) to FILE;\n"
"                         in the interactive UI it is discarded otherwise\n"
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

enum { OPT_TREE_FILE = 256, OPT_ASCII, OPT_NO_COLOR, OPT_LOG };

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "replay", required_argument, NULL, 'r' },
		{ "tree-file", required_argument, NULL, OPT_TREE_FILE },
		{ "ascii", no_argument, NULL, OPT_ASCII },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "debug", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:bo:r:v:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o->batch = 1; break;
		case 'o': o->output = optarg; break;
		case 'r': o->replay = optarg; break;
		case OPT_TREE_FILE: o->tree_file = optarg; break;
		case OPT_ASCII: o->ascii = 1; break;
		case OPT_NO_COLOR: o->no_color = 1; break;
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
	if (o->replay != NULL && o->argv[0] != NULL)
		usage_error("-r replays a trace and runs no command; drop '%s' or -r", o->argv[0]);
	if (o->replay == NULL && o->argv[0] == NULL)
		usage_error("%s", "no command given: ptop [OPTION]... -- COMMAND [ARG]...");
	if (o->replay != NULL && o->output != NULL)
		usage_error("%s", "-o records a live trace; it cannot be used with -r");
	if (o->replay != NULL && o->log != NULL)
		usage_error("%s", "--log keeps a command's output; -r runs no command");
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
	FILE *fp = stderr;
	int rc;

	if (M.opt.tree_file != NULL && (fp = fopen(M.opt.tree_file, "we")) == NULL) {
		log_warn("cannot write the tree to '%s'", M.opt.tree_file);
		return -1;
	}
	rc = batch_print(fp, M.tree, batch_flags());
	if (fp != stderr && fclose(fp) != 0)
		rc = -1;
	if (rc != 0)
		log_warn("writing the tree");
	return rc;
}

/* fatal() path: never leave a half-line in the trace. */
static void
main_atfatal(void)
{
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

static void
on_signal(struct ev_loop *loop, int sig)
{
	switch (sig) {
	case SIGWINCH:
		if (M.ui_on)
			ui_resize();
		break;
	case SIGINT:
	case SIGQUIT:
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

static unsigned
hook_alive(void *ctx)
{
	return tracer_done() ? 0 : tracer_nprocs();
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

/* What the launched command gets in UI mode: no terminal at all. */
struct child_io {
	int in, out;		/* dup'ed onto 0, and onto 1 and 2; -1 = keep */
	int new_session;	/* setsid: no controlling terminal to write to */
};

static void
child_setup(void *arg)
{
	const struct child_io *io = arg;

	if (io->new_session)
		setsid();
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
	io->new_session = M.ui_on;
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

static int
run_launch(void)
{
	struct launch_opts lo;
	struct trace_info info;
	struct child_io io;
	struct buf args = BUF_INIT;
	char *cwd;
	struct sink s;
	int rc;

	tracer_init();
	M.tree = ptree_new();
	s = ptree_sink(M.tree);
	event_add_sink(&s);
	if (M.ui_on)
		ui_prepare();
	if (M.opt.output != NULL) {
		if ((M.trace = tracefile_create(M.opt.output)) == NULL) {
			log_warn("cannot create trace file '%s'", M.opt.output);
			return 1;
		}
		s = tracefile_sink(M.trace);
		event_add_sink(&s);
	}
	log_atfatal(main_atfatal);
	if (child_io_open(&io) != 0) {
		tracefile_discard(M.trace);
		M.trace = NULL;
		return 1;
	}

	pack_argv(&args, M.opt.argv);
	cwd = getcwd(NULL, 0);
	memset(&info, 0, sizeof info);
	info.mode = TRACE_LAUNCH;
	info.argv.data = args.p;
	info.argv.len = args.len;
	info.cwd = cwd;
	info.start = tracer_start_realtime();
	event_begin(&info);
	free(cwd);
	buf_free(&args);

	M.loop = loop_create(on_signal, after_reap);
	memset(&lo, 0, sizeof lo);
	lo.mask = loop_orig_mask();
	lo.child_setup = child_setup;
	lo.child_setup_arg = &io;
	/* Fork before curses takes the terminal: the child inherits none of it. */
	rc = tracer_launch(M.opt.argv, &lo);
	child_io_close(&io);
	if (rc != 0) {
		tracefile_discard(M.trace);
		M.trace = NULL;
		loop_destroy(M.loop);
		return rc;
	}
	tracer_reap();
	if (M.ui_on) {
		M.ui.hooks.now = hook_now_live;
		M.ui.hooks.signal = hook_signal;
		if (tracer_done())
			finish_trace();
		run_ui(NULL);
		if (!M.finished && tracer_done())
			finish_trace();
	} else if (!tracer_done())
		ev_run(M.loop, 0);

	finish_trace();
	rc = M.status;
	loop_destroy(M.loop);
	if (!M.ui_on)
		print_tree();
	return rc;
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

	if (M.opt.replay != NULL)
		rc = run_replay();
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
