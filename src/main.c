/*
 * main.c: options, then the run (run.c) they ask for.  Everything but this
 * file is in libptop.a so that tests link the real code.
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keeper.h"
#include "log.h"
#include "loop.h"
#include "run.h"
#include "ui.h"

#define EXIT_USAGE 2

static struct options opt;

static void
usage(FILE *fp)
{
	fprintf(fp,
"Usage: ptop [OPTION]... [--] COMMAND [ARG]...\n"
"       ptop [OPTION]... -p PID[,PID]...\n"
"       ptop [OPTION]... -r FILE\n"
"       ptop [OPTION]... --diff A.jsonl B.jsonl\n"
"       ptop [OPTION]... --diff A.jsonl -- COMMAND [ARG]...\n"
"Run COMMAND (or attach to running processes) and show, live, the tree of\n"
"every process it starts.\n"
"\n"
"  -p, --pid PID[,PID]... attach to running processes and their descendants;\n"
"                         detach cleanly when done (q, or Ctrl-C in batch mode)\n"
"  -b, --batch            no interactive UI: the command shares ptop's terminal,\n"
"                         the tree is printed on stderr when the last process ends\n"
"                         (the default when stdin or stdout is not a terminal)\n"
"  -o, --output FILE      record a JSON Lines trace to FILE (created mode 0600)\n"
"  -r, --replay FILE      show a trace recorded with -o, or an strace log\n"
"                         (strace -f -ttt or -tt, -o FILE or -ff), instead of\n"
"                         tracing\n"
"      --tree-file FILE   write the tree to FILE when the trace ends (-b: not stderr)\n"
"      --diff A.jsonl     compare with the run recorded in A.jsonl: a second trace\n"
"                         (B) or a command traced now; -b prints the differences\n"
"                         on stdout and exits 0 if the runs match, 1 if not, 2 on\n"
"                         trouble, as diff(1)\n"
"      --chrome-trace FILE  write the tree as Chrome trace-event JSON to FILE when\n"
"                         the trace ends, for ui.perfetto.dev or chrome://tracing;\n"
"                         with -r, convert the trace and do nothing else\n"
"      --ascii            draw the tree with ASCII characters\n"
"      --no-color         no colours in the interactive UI (also NO_COLOR=1)\n"
"      --no-highlight     do not highlight new and ended processes for a while\n"
"      --no-config        ignore the settings file (~/.config/ptop/ptoprc);\n"
"                         changes made with F2 are not saved\n"
"      --no-pty           interactive UI: no terminal pane; the command gets\n"
"                         stdin /dev/null and its output goes to --log FILE\n"
"                         (or nowhere); -b never uses a pty\n"
"      --log FILE         write the command's output (stdout and stderr) to FILE;\n"
"                         in the terminal pane, a copy of all it writes there\n"
"      --no-env           do not record the environment of each exec (traces\n"
"                         can hold secrets)\n"
"      --no-execfail      do not stop at exec attempts: failed ones are not\n"
"                         recorded, and each exec costs one stop less\n"
"      --show PID|#ID     with -r: print that process's details as text (its\n"
"                         failed execs, environment, stdio, a command to rerun it)\n"
"      --summary          when the trace ends, print where the time went after\n"
"                         the tree (or alone, after the interactive view): totals,\n"
"                         the critical path, the longest processes, the programs\n"
"  -v, --debug FILE       append a debug log to FILE (also PTOP_DEBUG=FILE)\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Exit status: the command's exit code, or 128+N if signal N killed it;\n"
"126/127 if it cannot be run; 1 for other errors; 2 for bad usage.\n"
"See ptop(1) and doc/trace-format.md.\n");
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ptop: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'ptop --help' for more information.\n");
	exit(EXIT_USAGE);
}

enum {
	OPT_TREE_FILE = 256, OPT_ASCII, OPT_NO_COLOR, OPT_NO_PTY, OPT_LOG, OPT_NO_ENV, OPT_NO_EXECFAIL, OPT_SHOW,
	OPT_CHROME, OPT_DIFF, OPT_SUMMARY, OPT_NO_CONFIG, OPT_NO_HIGHLIGHT
};

/*
 * --diff A B compares two traces: B is replayed (as -r B); --diff A -- CMD
 * traces CMD.  Without "--", the one word after the options is trace B.
 */
static void
parse_diff(int argc, char **argv, struct options *o)
{
	int dashdash = optind > 0 && strcmp(argv[optind - 1], "--") == 0;

	if (o->pids != NULL)
		usage_error("%s", "--diff compares with a trace or a command; -p is not supported");
	if (o->chrome != NULL)
		usage_error("%s", "--chrome-trace exports one run; it cannot be used with --diff");
	if (o->show != NULL)
		usage_error("%s", "--show prints one process of one trace; it cannot be used with --diff");
	if (o->replay == NULL && !dashdash && optind < argc) {
		if (optind != argc - 1)
			usage_error("--diff A.jsonl B.jsonl takes one trace B; a command goes after "
			    "--: ptop --diff A.jsonl -- %s", argv[optind]);
		o->replay = argv[optind];
		o->argv = argv + argc;
	}
	if (o->replay == NULL && o->argv[0] == NULL)
		usage_error("%s", "--diff A.jsonl needs a second trace or a command: "
		    "ptop --diff A.jsonl B.jsonl, ptop --diff A.jsonl -- COMMAND");
}

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
		{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
		{ "no-highlight", no_argument, NULL, OPT_NO_HIGHLIGHT },
		{ "no-pty", no_argument, NULL, OPT_NO_PTY },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "no-env", no_argument, NULL, OPT_NO_ENV },
		{ "no-execfail", no_argument, NULL, OPT_NO_EXECFAIL },
		{ "show", required_argument, NULL, OPT_SHOW },
		{ "chrome-trace", required_argument, NULL, OPT_CHROME },
		{ "diff", required_argument, NULL, OPT_DIFF },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
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
		case OPT_NO_CONFIG: o->no_config = 1; break;
		case OPT_NO_HIGHLIGHT: o->no_highlight = 1; break;
		case OPT_NO_PTY: o->no_pty = 1; break;
		case OPT_LOG: o->log = optarg; break;
		case OPT_NO_ENV: o->no_env = 1; break;
		case OPT_NO_EXECFAIL: o->no_execfail = 1; break;
		case OPT_SHOW: o->show = optarg; break;
		case OPT_CHROME: o->chrome = optarg; break;
		case OPT_DIFF: o->diff = optarg; break;
		case OPT_SUMMARY: o->summary = 1; break;
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
	if (o->diff != NULL)
		parse_diff(argc, argv, o);
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
	if (o->show != NULL && o->replay == NULL)
		usage_error("%s", "--show prints a process of a recorded trace: give it -r FILE");
	if (o->show != NULL && o->summary)
		usage_error("%s", "--show prints one process and --summary the whole run: choose one");
	if (o->diff != NULL && o->summary)
		usage_error("%s", "--diff prints the differences of two runs and --summary where the "
		    "time of one went: choose one");
	if ((o->pids != NULL || o->replay != NULL) && o->no_pty)
		usage_error("%s", "--no-pty is about a launched command; -p and -r launch nothing");
	/* A trace given to convert: the export is the product, no view. */
	if (o->replay != NULL && o->chrome != NULL)
		o->batch = 1;
}

int
main(int argc, char **argv)
{
	const char *dbg, *why;
	char reset[256];
	size_t reset_len;
	int rc;

	loop_block_signals();
	setlocale(LC_ALL, "");
	parse_options(argc, argv, &opt);
	if (opt.debug != NULL)
		log_open_debug(opt.debug);
	else if ((dbg = getenv("PTOP_DEBUG")) != NULL && *dbg != '\0')
		log_open_debug(dbg);
	if (opt.show != NULL || (!opt.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))))
		opt.batch = 1;
	if (!opt.batch && !ui_term_ok(&why)) {
		dbg = getenv("TERM");
		log_warnx("%s '%s': no interactive view (as with -b)", why, dbg != NULL ? dbg : "");
		opt.batch = 1;
	}
	/* The view and a launched command share a session of their own. */
	if (!opt.batch && opt.replay == NULL && opt.pids == NULL) {
		reset_len = ui_term_reset_bytes(reset, sizeof reset);
		keeper_split(reset, reset_len);
	}

	if (opt.replay != NULL)
		rc = run_replay(&opt);
	else if (opt.pids != NULL)
		rc = run_attach(&opt);
	else
		rc = run_launch(&opt);
	log_close_debug();
	return rc;
}
