/*
 * stracelog_lex.c: split and decode strace log lines.  See stracelog_lex.h.
 *
 * A line of `strace -f -ttt -o FILE` is
 *	PID  1700000000.123456 execve("/bin/ls", ["ls", "/"], 0x7ffd4e10 [C comment]) = 0
 * (-tt: 12:34:56.123456; -ff files: no pid; -i, -n: a [...] before the
 * name; -T: a " <0.000012>" after the result).  A call another process
 * interrupts ends in " <unfinished ...>" and is finished by a
 * "PID  TIME <... execve resumed>) = 0" line.  The result of a complete line
 * follows the last ") = ": arguments may hold any text, but the result
 * is last, so a search from the end finds it.
 *
 * Strings are in double quotes with C escapes (\n \t \" \\, octal \33,
 * hex \x1b with -x and -xx); a string strace cut at its -s limit is followed
 * by "...", and an argv it cut at -s elements ends in a "..." element.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "fmt.h"
#include "stracelog_lex.h"
#include "xmalloc.h"

#define CLONE_THREAD_BIT	0x10000ULL
#define AT_EMPTY_PATH_BIT	0x1000ULL

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_ident(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

static int
hex_value(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
starts(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

static int
ends(const char *start, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - start) >= n && memcmp(end - n, word, n) == 0;
}

/* Hex digits (after "0x"), the low 64 bits. */
static unsigned long long
lex_hex(const char *p, const char *end)
{
	unsigned long long v = 0;
	int d;

	for (; p < end && (d = hex_value(*p)) >= 0; p++)
		v = (v << 4) | (unsigned)d;
	return v;
}

/* Digits as a number no larger than max; NULL if none or too large. */
static const char *
lex_number(const char *p, const char *end, long long max, long long *out)
{
	long long v = 0;
	const char *start = p;

	for (; p < end && is_digit(*p); p++) {
		v = v * 10 + (*p - '0');
		if (v > max)
			return NULL;
	}
	if (p == start)
		return NULL;
	*out = v;
	return p;
}

/* ---- the line's start: pid, timestamp ------------------------------------------------ */

/* Fraction digits (1 to 9) as microseconds. */
static const char *
lex_fraction(const char *p, const char *end, int64_t *us)
{
	int64_t v = 0;
	int n = 0;

	for (; p < end && is_digit(*p); p++, n++) {
		if (n < 6)
			v = v * 10 + (*p - '0');
		else if (n >= 9)
			return NULL;
	}
	if (n == 0)
		return NULL;
	for (; n < 6; n++)
		v *= 10;
	*us = v;
	return p;
}

/* A timestamp and the spaces after it; NULL with *why. */
static const char *
lex_time(const char *p, const char *end, int64_t *ts, int *kind, const char **why)
{
	long long sec, h, m, s;
	int64_t frac;
	const char *q;

	*why = "not an strace log line (no timestamp where one should be)";
	/* -ttt: before 10^10 s (the year 2286), where a trace's times end. */
	if ((q = lex_number(p, end, 9999999999LL, &sec)) != NULL && q < end && *q == '.') {
		if ((q = lex_fraction(q + 1, end, &frac)) == NULL)
			return NULL;
		*ts = (int64_t)sec * 1000000 + frac;
		*kind = SL_TTT;
	} else if (q != NULL && q - p == 2 && q < end && *q == ':') {
		if ((q = lex_number(p, end, 23, &h)) == NULL || q - p != 2 || *q != ':' ||
		    (q = lex_number(q + 1, end, 59, &m)) == NULL || q - p != 5 || q >= end ||
		    *q != ':' || (q = lex_number(q + 1, end, 60, &s)) == NULL || q - p != 8)
			return NULL;
		if (q >= end || *q != '.') {
			*why = "timestamps in whole seconds (strace -t); record with strace -ttt "
			    "(or -tt)";
			return NULL;
		}
		if ((q = lex_fraction(q + 1, end, &frac)) == NULL)
			return NULL;
		*ts = ((int64_t)h * 3600 + m * 60 + s) * 1000000 + frac;
		*kind = SL_TT;
	} else {
		for (q = p; q < end && is_digit(*q); q++)
			;
		if (q - p > 10 && q < end && *q == '.')
			*why = "a timestamp after the year 2286";
		else if (q == p && p < end && (is_ident(*p) || *p == '+' || *p == '-' || *p == '<'))
			*why = "no timestamps; record with strace -ttt (or -tt)";
		return NULL;
	}
	if (q >= end || *q != ' ')
		return NULL;
	while (q < end && *q == ' ')
		q++;
	return q;
}

/* The pid column of a -f log, and the spaces after it; NULL with *why. */
static const char *
lex_pid(const char *p, const char *end, pid_t *pid, const char **why)
{
	long long v;
	const char *q;

	if (starts(p, end, "[pid ")) {
		*why = "strace wrote this to its stderr (\"[pid N]\" prefixes); record with "
		    "strace -f -o FILE";
		return NULL;
	}
	q = lex_number(p, end, SL_PID_MAX, &v);
	if (q != NULL && q < end && (*q == '.' || *q == ':')) {
		*why = "no pid at the start of the line: one file of strace -ff -o PREFIX "
		    "(give ptop PREFIX.PID) or a log of strace without -f";
		return NULL;
	}
	if (q == NULL || v == 0 || q >= end || *q != ' ') {
		*why = "not an strace log line (no pid where one should be)";
		return NULL;
	}
	while (q < end && *q == ' ')
		q++;
	*pid = (pid_t)v;
	return q;
}

int
stracelog_lex_time(const char *line, size_t len, int pid_column, int64_t *ts, int *kind)
{
	const char *p = line, *end = line + len, *why;
	pid_t pid;

	if (pid_column && (p = lex_pid(p, end, &pid, &why)) == NULL)
		return -1;
	return lex_time(p, end, ts, kind, &why) != NULL ? 0 : -1;
}

int
stracelog_lex_skippable(const char *line, size_t len)
{
	const char *end = line + len, *p = line;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p == end)
		return SL_SKIP;
	if (starts(line, end, " > ") || starts(line, end, "strace: ") ||
	    starts(line, end, "[ Process PID="))
		return SL_SKIP;
	if (starts(line, end, "% time "))
		return SL_SUMMARY;
	return SL_LINE;
}

int
stracelog_lex_cut_ok(const char *line, size_t len)
{
	return ends(line, line + len, " ...>");
}

/* ---- the body -------------------------------------------------------------------------- */

/*
 * The last ")  = " (strace pads the result to a column): *args_end at the
 * ")", the result's start returned.  NULL if there is none.
 */
static const char *
find_result(const char *p, const char *end, const char **args_end)
{
	const char *q, *r;

	for (q = end; q > p; q--) {
		if ((q = memrchr(p, '=', (size_t)(q - p))) == NULL)
			return NULL;
		if (q + 1 >= end || q[1] != ' ' || q == p || q[-1] != ' ')
			continue;
		for (r = q - 1; r > p && r[-1] == ' '; r--)
			;
		if (r > p && r[-1] == ')') {
			*args_end = r - 1;
			return q + 2;
		}
	}
	return NULL;
}

/* "0", "-1 ENOENT (No such file or directory)", "?", "0x7f12 (...)". */
static void
lex_result(const char *p, const char *end, struct stracelog_line *l)
{
	long long v;
	int neg = 0, d;
	const char *q;

	if (p < end && *p == '?')
		return;
	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (starts(p, end, "0x")) {
		for (v = 0, p += 2; p < end && (d = hex_value(*p)) >= 0; p++)
			v = (v & 0x7fffffffffffffLL) * 16 + d;	/* big ones: not a pid anyway */
	} else if ((p = lex_number(p, end, 0x7fffffffffffffLL, &v)) == NULL)
		return;
	l->ret_known = 1;
	l->ret = neg ? -v : v;
	if (p < end && *p == ' ' && p + 1 < end && p[1] == 'E') {
		for (q = ++p; q < end && is_ident(*q); q++)
			;
		l->err = p;
		l->errlen = (size_t)(q - p);
	}
}

/*
 * After "name(" or "resumed>": arguments, then how it ends.  The result of
 * a call ptop does not decode is not looked for (most lines of an
 * unfiltered log): it is taken as done.
 */
static void
lex_tail(const char *p, const char *end, struct stracelog_line *l)
{
	const char *q, *r;

	while (end > p && (end[-1] == ' ' || end[-1] == '\r'))
		end--;
	/* -T: " <0.000123>" after the result. */
	if (end > p && end[-1] == '>' && (q = memrchr(p, '<', (size_t)(end - p))) != NULL &&
	    q > p && q[-1] == ' ' && q + 1 < end - 1 && is_digit(q[1])) {
		for (r = q + 1; r < end - 1 && (is_digit(*r) || *r == '.'); r++)
			;
		if (r == end - 1)
			end = q - 1;
	}
	l->args = p;
	if (ends(p, end, "<unfinished ...>"))
		l->end = SL_UNFINISHED, end -= 16;
	else if (ends(p, end, "<detached ...>"))
		l->end = SL_DETACHED, end -= 14;
	else if (ends(p, end, " ...>") && (q = memrchr(p, '<', (size_t)(end - p))) != NULL &&
	    starts(q, end, "<pid changed to ")) {
		long long v;

		l->end = SL_PIDCHANGED;
		if (lex_number(q + 16, end, SL_PID_MAX, &v) != NULL)
			l->newpid = (pid_t)v;
		end = q;
	} else if (l->call == SC_OTHER) {
		l->end = SL_DONE;
	} else if ((q = find_result(p, end, &r)) != NULL) {
		l->end = SL_DONE;
		lex_result(q, end, l);
		end = r;
	} else
		l->end = SL_BAD;
	while (end > p && end[-1] == ' ')
		end--;
	l->argslen = (size_t)(end - p);
}

/* "+++ exited with 0 +++" and friends. */
static int
lex_plus(const char *p, const char *end, struct stracelog_line *l)
{
	long long v;
	const char *q;
	char sig[32];
	size_t n;

	l->kind = SL_OTHER;
	if (!ends(p, end, " +++"))
		return 0;
	end -= 4;
	if (starts(p, end, "+++ exited with ")) {
		if ((q = lex_number(p + 16, end, 255, &v)) == NULL || q != end) {
			l->error = "a broken \"+++ exited with\" line";
			return -1;
		}
		l->kind = SL_EXITED;
		l->code = (int)v;
	} else if (starts(p, end, "+++ killed by ")) {
		p += 14;
		if (ends(p, end, " (core dumped)")) {
			l->core = 1;
			end -= 14;
		}
		n = (size_t)(end - p);
		if (n >= sizeof sig || n == 0) {
			l->error = "a broken \"+++ killed by\" line";
			return -1;
		}
		memcpy(sig, p, n);
		sig[n] = '\0';
		/* strace numbers real-time signals from the kernel's 32: SIGRT_2 = 34. */
		if (strncmp(sig, "SIGRT_", 6) == 0 && (q = lex_number(sig + 6, sig + n, 32, &v)) &&
		    q == sig + n)
			l->sig = 32 + (int)v;
		else
			l->sig = signal_parse(sig);
		if (l->sig <= 0 || l->sig > 64) {
			l->error = "an unknown signal in a \"+++ killed by\" line";
			return -1;
		}
		l->kind = SL_KILLED;
	} else if (starts(p, end, "+++ superseded by execve in pid ")) {
		if ((q = lex_number(p + 32, end, SL_PID_MAX, &v)) == NULL || q != end || v == 0) {
			l->error = "a broken \"+++ superseded\" line";
			return -1;
		}
		l->kind = SL_SUPERSEDED;
		l->newpid = (pid_t)v;
	}
	return 0;
}

int
stracelog_lex(const char *line, size_t len, int pid_column, struct stracelog_line *l)
{
	const char *p = line, *end = line + len, *q;

	memset(l, 0, sizeof *l);
	if (pid_column && (p = lex_pid(p, end, &l->pid, &l->error)) == NULL)
		return -1;
	if ((p = lex_time(p, end, &l->ts, &l->ts_kind, &l->error)) == NULL)
		return -1;
	/* -i's [instruction pointer], -n's [syscall number]. */
	while (p < end && *p == '[' && (q = memchr(p, ']', (size_t)(end - p))) != NULL &&
	    q + 1 < end && q[1] == ' ' && strspn(p + 1, "0123456789abcdefx: ?") == (size_t)(q - p - 1))
		p = q + 2;
	l->kind = SL_OTHER;
	if (starts(p, end, "+++ "))
		return lex_plus(p, end, l);
	if (starts(p, end, "<... ")) {
		p += 5;
		for (q = p; q < end && is_ident(*q); q++)
			;
		if (!starts(q, end, " resumed>"))
			return 0;
		l->kind = SL_RESUMED;
		l->name = p;
		l->namelen = (size_t)(q - p);
		l->call = stracelog_lex_call(p, l->namelen);
		lex_tail(q + 9, end, l);
		return 0;
	}
	for (q = p; q < end && is_ident(*q); q++)
		;
	if (q > p && q < end && *q == '(') {
		l->kind = SL_CALL;
		l->name = p;
		l->namelen = (size_t)(q - p);
		l->call = stracelog_lex_call(p, l->namelen);
		lex_tail(q + 1, end, l);
	}
	return 0;	/* signals, "????(", what a newer strace prints: nothing to do */
}

enum sl_call
stracelog_lex_call(const char *name, size_t len)
{
	static const struct {
		const char *name;
		enum sl_call kind;
	} calls[] = {
		{ "execve", SC_EXECVE }, { "execveat", SC_EXECVEAT },
		{ "clone", SC_CLONE }, { "clone2", SC_CLONE }, { "clone3", SC_CLONE },
		{ "fork", SC_CLONE }, { "vfork", SC_CLONE },
		{ "exit", SC_EXIT }, { "exit_group", SC_EXIT_GROUP },
	};
	size_t i;

	if (len < 4 || len > 10 || (name[0] != 'e' && name[0] != 'c' && name[0] != 'f' &&
	    name[0] != 'v'))
		return SC_OTHER;
	for (i = 0; i < sizeof calls / sizeof calls[0]; i++)
		if (strlen(calls[i].name) == len && memcmp(calls[i].name, name, len) == 0)
			return calls[i].kind;
	return SC_OTHER;
}

/* ---- arguments ------------------------------------------------------------------------- */

/* One escape after a backslash: its byte, or -1. */
static int
lex_escape(const char **pp, const char *end)
{
	const char *p = *pp;
	int v = 0, n, d;

	if (p >= end)
		return -1;
	switch (*p) {
	case 'n': v = '\n'; p++; break;
	case 't': v = '\t'; p++; break;
	case 'r': v = '\r'; p++; break;
	case 'v': v = '\v'; p++; break;
	case 'f': v = '\f'; p++; break;
	case 'a': v = '\a'; p++; break;
	case 'b': v = '\b'; p++; break;
	case 'e': v = '\033'; p++; break;
	case 'x':
		for (p++, n = 0; n < 2 && p < end && (d = hex_value(*p)) >= 0; n++, p++)
			v = v * 16 + d;
		if (n == 0)
			return -1;
		break;
	default:
		if (*p >= '0' && *p <= '7') {
			for (n = 0; n < 3 && p < end && *p >= '0' && *p <= '7'; n++, p++)
				v = v * 8 + (*p - '0');
			if (v > 255)
				return -1;
		} else
			v = (unsigned char)*p++;	/* \" \\ and the rest */
		break;
	}
	*pp = p;
	return v;
}

/*
 * A quoted string, decoded onto out; "..." after it (cut at -s) appends
 * TRUNC_MARK and sets *trunc.  -1 if it is not one, or holds a NUL (no
 * path or argument can).
 */
static int
lex_string(const char **pp, const char *end, struct buf *out, int *trunc)
{
	const char *p = *pp, *q;
	int c;

	if (p >= end || *p != '"')
		return -1;
	for (p++;;) {
		for (q = p; q < end && *q != '"' && *q != '\\'; q++)
			;
		buf_add(out, p, (size_t)(q - p));
		p = q;
		if (p >= end)
			return -1;
		if (*p == '"')
			break;
		p++;
		if ((c = lex_escape(&p, end)) <= 0)
			return -1;
		buf_addc(out, (char)c);
	}
	p++;
	if (starts(p, end, "...")) {
		p += 3;
		buf_add(out, TRUNC_MARK, sizeof TRUNC_MARK - 1);
		*trunc = 1;
	}
	*pp = p;
	return 0;
}

/* An address strace could not read (0x7ffd...) or a number. */
static const char *
skip_word(const char *p, const char *end)
{
	while (p < end && (is_ident(*p) || *p == '-'))
		p++;
	return p;
}

/* ["a", "b", ...] onto argv; NULL is no argv, an address an unreadable one. */
static int
lex_argv(const char **pp, const char *end, struct buf *argv, int *trunc)
{
	const char *p = *pp;

	if (starts(p, end, "NULL")) {
		*pp = p + 4;
		return 0;
	}
	if (starts(p, end, "0x")) {
		buf_add(argv, TRUNC_MARK, sizeof TRUNC_MARK);	/* with its NUL */
		*trunc = 1;
		*pp = skip_word(p, end);
		return 0;
	}
	if (p >= end || *p++ != '[')
		return -1;
	if (p < end && *p == ']') {
		*pp = p + 1;
		return 0;
	}
	for (;;) {
		if (starts(p, end, "...")) {
			buf_add(argv, TRUNC_MARK, sizeof TRUNC_MARK);
			*trunc = 1;
			p += 3;
		} else if (starts(p, end, "0x")) {
			buf_add(argv, TRUNC_MARK, sizeof TRUNC_MARK);
			*trunc = 1;
			p = skip_word(p, end);
		} else {
			if (lex_string(&p, end, argv, trunc) != 0)
				return -1;
			buf_addc(argv, '\0');
		}
		if (starts(p, end, ", "))
			p += 2;
		else if (p < end && *p == ']')
			break;
		else
			return -1;
	}
	*pp = p + 1;
	return 0;
}

/* execveat's dirfd: AT_FDCWD, N, or N</dir> with -y (onto dir, *has_dir). */
static int
lex_dirfd(const char **pp, const char *end, struct buf *dir, int *has_dir)
{
	const char *p = *pp;
	int c, depth = 0;

	p = skip_word(p, end);
	if (p == *pp)
		return -1;
	if (p < end && *p == '<') {
		/* -y: the path, escaped, "<" and ">" as octal; -yy may nest <...>. */
		for (p++; p < end && !(*p == '>' && depth == 0); ) {
			if (*p == '<' || *p == '>') {
				depth += *p == '<' ? 1 : -1;
				p++;
			} else if (*p == '\\') {
				p++;
				if ((c = lex_escape(&p, end)) <= 0)
					return -1;
				if (depth == 0)
					buf_addc(dir, (char)c);
			} else {
				if (depth == 0)
					buf_addc(dir, *p);
				p++;
			}
		}
		if (p >= end)
			return -1;
		p++;
		*has_dir = dir->len > 0;
	}
	*pp = p;
	return 0;
}

/* Skip one argument: up to the ", " that ends it (outside strings and brackets). */
static const char *
skip_arg(const char *p, const char *end)
{
	struct buf scratch = BUF_INIT;
	int depth = 0, trunc;
	const void *c;

	while (p < end) {
		if (*p == '"') {
			buf_clear(&scratch);
			if (lex_string(&p, end, &scratch, &trunc) != 0)
				break;
			continue;
		}
		if (starts(p, end, "/*")) {
			if ((c = memmem(p + 2, (size_t)(end - p - 2), "*/", 2)) == NULL) {
				p = end;	/* an unclosed comment: nothing follows */
				break;
			}
			p = (const char *)c + 2;
			continue;
		}
		if (*p == '[' || *p == '{' || *p == '(')
			depth++;
		else if (*p == ']' || *p == '}' || *p == ')')
			depth--;
		else if (depth == 0 && starts(p, end, ", "))
			break;
		p++;
	}
	buf_free(&scratch);
	return p;
}

void
stracelog_lex_exec_free(struct stracelog_exec *x)
{
	if (x == NULL)
		return;
	buf_free(&x->argv);
	free(x->exe);
	free(x);
}

struct stracelog_exec *
stracelog_lex_exec(const struct stracelog_line *l, enum sl_call kind)
{
	struct buf path = BUF_INIT, dir = BUF_INIT;
	struct stracelog_exec *x = xcalloc(1, sizeof *x);
	const char *p = l->args, *end = l->args + l->argslen;
	int has_dir = 0, has_path = 0, empty_path_flag = 0;

	if (kind == SC_EXECVEAT) {
		if (lex_dirfd(&p, end, &dir, &has_dir) != 0 || !starts(p, end, ", "))
			goto bad;
		p += 2;
	}
	if (starts(p, end, "NULL") || starts(p, end, "0x"))
		p = skip_word(p, end);
	else if (lex_string(&p, end, &path, &x->truncated) == 0)
		has_path = 1;
	else
		goto bad;
	if (!starts(p, end, ", "))
		goto bad;
	p += 2;
	if (lex_argv(&p, end, &x->argv, &x->truncated) != 0)
		goto bad;
	if (kind == SC_EXECVEAT) {
		/* ", envp, flags" */
		if (starts(p, end, ", "))
			p = skip_arg(p + 2, end);
		if (starts(p, end, ", ")) {
			p += 2;
			empty_path_flag = memmem(p, (size_t)(end - p), "AT_EMPTY_PATH", 13) != NULL ||
			    (starts(p, end, "0x") && (lex_hex(p + 2, end) & AT_EMPTY_PATH_BIT));
		}
	}
	if (has_path && path.len > 0 && (path.p[0] == '/' || !has_dir))
		x->exe = xstrdup(path.p);
	else if (has_path && path.len > 0)
		xasprintf(&x->exe, "%s/%s", dir.p, path.p);
	else if (has_path && has_dir && empty_path_flag)
		x->exe = xstrdup(dir.p);
	buf_free(&path);
	buf_free(&dir);
	return x;
bad:
	buf_free(&path);
	buf_free(&dir);
	stracelog_lex_exec_free(x);
	return NULL;
}

int
stracelog_lex_clone_thread(const char *args, size_t len)
{
	const char *p;

	if (memmem(args, len, "CLONE_THREAD", 12) != NULL)
		return 1;
	/* -X raw: flags=0x50f00 */
	if ((p = memmem(args, len, "flags=0x", 8)) != NULL)
		return (lex_hex(p + 8, args + len) & CLONE_THREAD_BIT) != 0;
	return 0;
}

int
stracelog_lex_exit_code(const char *args, size_t len)
{
	const char *p = args, *end = args + len;
	long long v = 0;
	int neg = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (starts(p, end, "0x")) {
		int d;

		for (p += 2; p < end && (d = hex_value(*p)) >= 0; p++)
			v = ((v << 4) | d) & 0xffffffffLL;
	} else if (lex_number(p, end, 0xffffffffLL, &v) == NULL)
		v = 0;
	return (int)((neg ? -v : v) & 0xff);
}

int
stracelog_lex_errno(const char *name, size_t len)
{
	char s[32];
	int e;

	if (len == 0 || len >= sizeof s)
		return 0;
	memcpy(s, name, len);
	s[len] = '\0';
	e = errno_parse(s);
	return e > 0 ? e : 0;
}
