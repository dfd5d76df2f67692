/*
 * main.c: options, set-up, the loop, tear-down.  Everything else is in
 * libptop.a so that tests link the real code.
 */
#include "config.h"

#include <errno.h>
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
#include "xmalloc.h"

#define EXIT_USAGE 2

struct options {
	int batch;
	int ascii;
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
		{ "tree-file", required_argument, NULL, OPT_TREE_FILE },
		{ "ascii", no_argument, NULL, OPT_ASCII },
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

static void
on_signal(struct ev_loop *loop, int sig)
{
	switch (sig) {
	case SIGINT:
	case SIGQUIT:
		/*
		 * From the terminal these reach the whole foreground process
		 * group, the command included: it gets its own copy, so ptop
		 * passes nothing on and keeps recording.
		 */
		log_debug("main: %s: the command gets its own", sig == SIGINT ? "SIGINT" : "SIGQUIT");
		break;
	case SIGTERM:
	case SIGHUP:
		tracer_signal_root(sig);
		break;
	default:
		break;
	}
}

static void
after_reap(struct ev_loop *loop)
{
	if (tracer_done())
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

static int
run_launch(void)
{
	struct launch_opts lo;
	struct trace_info info;
	struct buf args = BUF_INIT;
	char *cwd;
	struct sink s;
	int rc;

	tracer_init();
	M.tree = ptree_new();
	s = ptree_sink(M.tree);
	event_add_sink(&s);
	if (M.opt.output != NULL) {
		if ((M.trace = tracefile_create(M.opt.output)) == NULL) {
			log_warn("cannot create trace file '%s'", M.opt.output);
			return 1;
		}
		s = tracefile_sink(M.trace);
		event_add_sink(&s);
	}
	log_atfatal(main_atfatal);

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
	if ((rc = tracer_launch(M.opt.argv, &lo)) != 0) {
		tracefile_discard(M.trace);
		M.trace = NULL;
		loop_destroy(M.loop);
		return rc;
	}
	tracer_reap();
	if (!tracer_done())
		ev_run(M.loop, 0);

	rc = tracer_root_status();
	if (rc < 0)
		rc = 0;
	if (M.trace != NULL)
		tracefile_set_status(M.trace, rc);
	event_end();
	if (tracefile_close(M.trace) != 0 && rc == 0)
		rc = 1;
	M.trace = NULL;
	loop_destroy(M.loop);
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
	if (!M.opt.batch && !isatty(STDOUT_FILENO))
		M.opt.batch = 1;

	if (M.opt.replay != NULL)
		rc = run_replay();
	else
		rc = run_launch();
	ptree_free(M.tree);
	log_close_debug();
	return rc;
}
