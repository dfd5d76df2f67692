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
#include "log.h"
#include "loop.h"
#include "ptree.h"
#include "tracefile.h"
#include "tracer.h"
#include "xmalloc.h"

#define EXIT_USAGE 2

struct options {
	int batch;
	int ascii;
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
"                         detach cleanly when done (Ctrl-C in batch mode)\n"
"  -b, --batch            no interactive UI: the command shares ptop's terminal,\n"
"                         the tree is printed on stderr when the last process ends\n"
"                         (the default when stdout is not a terminal)\n"
"  -o, --output FILE      record a JSON Lines trace to FILE (created mode 0600)\n"
"  -r, --replay FILE      show a trace recorded with -o instead of tracing\n"
"      --tree-file FILE   batch mode: write the tree to FILE instead of stderr\n"
"      --ascii            draw the tree with ASCII characters\n"
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

enum { OPT_TREE_FILE = 256, OPT_ASCII };

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
	if (o->replay != NULL && o->output != NULL)
		usage_error("%s", "-o records a live trace; it cannot be used with -r");
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

/*
 * Ctrl-Z reaches ptop and, in launch mode, the command's processes in the
 * same process group.  They can only stop once ptop has passed each its
 * SIGTSTP, so ptop stops itself last: when none of them is still running
 * (or after ~0.3 s), so that fg continues a job that is really stopped.
 */
static void
suspend_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	if (tracer_nrunning_in_pgrp(getpgrp()) > 0 && ++M.suspend_tries < 30)
		return;
	ev_timer_stop(loop, w);
	log_debug("main: stopping ptop itself");
	kill(getpid(), SIGSTOP);
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
	case SIGINT:
	case SIGQUIT:
		if (M.attach) {
			/* Attached from another terminal: Ctrl-C means "let go". */
			ev_break(loop, EVBREAK_ALL);
			break;
		}
		/*
		 * From the terminal these reach the whole foreground process
		 * group, the command included: it gets its own copy, so ptop
		 * passes nothing on and keeps recording.
		 */
		log_debug("main: %s: the command gets its own", sig == SIGINT ? "SIGINT" : "SIGQUIT");
		break;
	case SIGTERM:
	case SIGHUP:
		if (M.attach)
			ev_break(loop, EVBREAK_ALL);
		else
			tracer_signal_root(sig);
		break;
	case SIGTSTP:
		suspend_start(loop);
		break;
	default:
		break;
	}
}

static void
after_reap(struct ev_loop *loop)
{
	if (tracer_done() || (M.attach && tracer_nroots() == 0))
		ev_break(loop, EVBREAK_ALL);
}

/* Pack a NULL-terminated argv into the kernel's NUL-separated form. */
static void
pack_argv(struct buf *b, char **argv)
{
	for (; *argv != NULL; argv++)
		buf_add(b, *argv, strlen(*argv) + 1);
}

static int
run_replay(void)
{
	struct sink s;

	M.tree = ptree_new();
	s = ptree_sink(M.tree);
	event_add_sink(&s);
	if (tracefile_read(M.opt.replay) != 0)
		return 1;
	return print_tree() == 0 ? 0 : 1;
}

/* Tree and trace file sinks, the header, the loop: what tracing needs. */
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

/* The trace is complete: close it with rc, print the tree. */
static int
trace_end(int rc)
{
	if (M.trace != NULL)
		tracefile_set_status(M.trace, rc);
	event_end();
	if (tracefile_close(M.trace) != 0 && rc == 0)
		rc = 1;
	M.trace = NULL;
	loop_destroy(M.loop);
	M.loop = NULL;
	print_tree();
	return rc;
}

/* Something went wrong before any tracing: leave no file behind. */
static int
trace_abort(int rc)
{
	tracefile_discard(M.trace);
	M.trace = NULL;
	loop_destroy(M.loop);
	M.loop = NULL;
	return rc;
}

static int
run_launch(void)
{
	struct launch_opts lo;
	struct buf args = BUF_INIT;
	int rc;

	pack_argv(&args, M.opt.argv);
	rc = trace_begin(TRACE_LAUNCH, &args);
	buf_free(&args);
	if (rc != 0)
		return 1;
	memset(&lo, 0, sizeof lo);
	lo.mask = loop_orig_mask();
	if ((rc = tracer_launch(M.opt.argv, &lo)) != 0)
		return trace_abort(rc);
	tracer_reap();
	if (!tracer_done())
		ev_run(M.loop, 0);
	rc = tracer_root_status();
	return trace_end(rc < 0 ? 0 : rc);
}

static int
run_attach(void)
{
	struct buf args = BUF_INIT;
	pid_t *pids;
	int n, i, rc;

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
	tracer_reap();
	if (tracer_nroots() > 0)
		ev_run(M.loop, 0);
	tracer_detach_all();
	return trace_end(0);
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
	if (!M.opt.batch && !isatty(STDOUT_FILENO))
		M.opt.batch = 1;

	if (M.opt.replay != NULL)
		rc = run_replay();
	else if (M.opt.pids != NULL)
		rc = run_attach();
	else
		rc = run_launch();
	ptree_free(M.tree);
	log_close_debug();
	return rc;
}
