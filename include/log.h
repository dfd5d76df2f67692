/*
 * log: fatal errors, warnings and the debug log.
 *
 * fatal()/fatalx() run the registered cleanup hooks (restore the terminal,
 * detach tracees, finish the trace file) and then exit(1); only the process
 * that registered a hook runs it, so a forked child dying before exec never
 * touches the parent's terminal.  While the UI owns the screen, warnings are
 * held in memory and printed by log_release() after the terminal is restored.
 * The debug log goes to a file (-v FILE or PTOP_DEBUG=FILE), never to a tty.
 */
#ifndef PTOP_LOG_H
#define PTOP_LOG_H

#include <stdarg.h>

#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))

/* Program name used as the message prefix ("ptop"). */
extern const char *log_progname;

void log_open_debug(const char *path);
void log_close_debug(void);
int log_debug_enabled(void);
void log_debug(const char *fmt, ...) PRINTFLIKE(1, 2);

/* "ptop: message" on stderr (or held while the screen is taken). */
void log_warnx(const char *fmt, ...) PRINTFLIKE(1, 2);
/* Same, with ": strerror(errno)" appended. */
void log_warn(const char *fmt, ...) PRINTFLIKE(1, 2);

/* Hold warnings in memory instead of writing them (curses owns stderr's tty). */
void log_hold(void);
/* Stop holding and print what was held. */
void log_release(void);

/* Register a hook run (latest first) by fatal()/fatalx() before exiting. */
void log_atfatal(void (*fn)(void));

void fatal(const char *fmt, ...) PRINTFLIKE(1, 2) __attribute__((noreturn));
void fatalx(const char *fmt, ...) PRINTFLIKE(1, 2) __attribute__((noreturn));

#endif
