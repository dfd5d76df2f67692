/*
 * log.c: messages for the user and the debug log.  See log.h for the rules
 * (hooks before exit, holding messages while curses owns the terminal).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LOG_MAX_HOOKS 8

const char *log_progname = "ptop";

static FILE *log_debug_file;
static int log_holding;
static char *log_held;
static size_t log_held_len;
static pid_t log_hooks_owner;
static void (*log_hooks[LOG_MAX_HOOKS])(void);
static int log_nhooks;
static int log_in_fatal;

void
log_open_debug(const char *path)
{
	if (log_debug_file != NULL)
		fclose(log_debug_file);
	log_debug_file = fopen(path, "ae");
	if (log_debug_file == NULL)
		fatal("cannot open debug log '%s'", path);
	setvbuf(log_debug_file, NULL, _IOLBF, 0);
}

void
log_close_debug(void)
{
	if (log_debug_file != NULL)
		fclose(log_debug_file);
	log_debug_file = NULL;
}

int
log_debug_enabled(void)
{
	return log_debug_file != NULL;
}

void
log_debug(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	if (log_debug_file == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(log_debug_file, "%ld.%06ld ", (long)ts.tv_sec, ts.tv_nsec / 1000);
	va_start(ap, fmt);
	vfprintf(log_debug_file, fmt, ap);
	va_end(ap);
	fputc('\n', log_debug_file);
}

/* Write one finished line to stderr, or keep it while holding. */
static void
log_emit(const char *line)
{
	size_t len = strlen(line);
	char *p;

	if (log_debug_file != NULL)
		fprintf(log_debug_file, "message: %s", line);
	if (!log_holding) {
		fputs(line, stderr);
		fflush(stderr);
		return;
	}
	p = realloc(log_held, log_held_len + len + 1);
	if (p == NULL)
		return;	/* dropping a warning beats dying for it */
	log_held = p;
	memcpy(log_held + log_held_len, line, len + 1);
	log_held_len += len;
}

static void
log_vmsg(int with_errno, int saved_errno, const char *fmt, va_list ap)
{
	char msg[4096], line[4200];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (with_errno)
		snprintf(line, sizeof line, "%s: %s: %s\n", log_progname, msg,
		    strerror(saved_errno));
	else
		snprintf(line, sizeof line, "%s: %s\n", log_progname, msg);
	log_emit(line);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(0, 0, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(1, saved_errno, fmt, ap);
	va_end(ap);
	errno = saved_errno;
}

void
log_hold(void)
{
	log_holding = 1;
}

void
log_release(void)
{
	log_holding = 0;
	if (log_held != NULL) {
		fputs(log_held, stderr);
		fflush(stderr);
	}
	free(log_held);
	log_held = NULL;
	log_held_len = 0;
}

void
log_atfatal(void (*fn)(void))
{
	if (log_nhooks == 0)
		log_hooks_owner = getpid();
	if (log_nhooks < LOG_MAX_HOOKS)
		log_hooks[log_nhooks++] = fn;
}

static void __attribute__((noreturn))
log_die(void)
{
	int i;

	/* A hook that itself dies must not recurse into the hooks. */
	if (!log_in_fatal && getpid() == log_hooks_owner) {
		log_in_fatal = 1;
		for (i = log_nhooks - 1; i >= 0; i--)
			log_hooks[i]();
	}
	log_release();
	exit(1);
}

void
fatal(const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(1, saved_errno, fmt, ap);
	va_end(ap);
	log_die();
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(0, 0, fmt, ap);
	va_end(ap);
	log_die();
}
