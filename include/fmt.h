/*
 * fmt: turning process data into text a human (or a shell) can read safely.
 *
 * Everything that comes from a traced program (argv, paths) goes through
 * fmt_quote()/fmt_escape() before it reaches a terminal: control bytes,
 * escape sequences, C1 controls, bidi overrides and invalid UTF-8 become
 * visible escapes (\e, \n, \x9b) and never reach the terminal raw.
 */
#ifndef PTOP_FMT_H
#define PTOP_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "event.h"

#define FMT_ASCII	0x1	/* escape every non-ASCII byte (non-UTF-8 terminal) */

/* Decode one UTF-8 sequence; returns its length, or 0 if invalid/truncated. */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
int utf8_valid(const char *s, size_t len);
/*
 * A control character (C0, DEL, C1) or an invisible format character that
 * changes how the text around it reads (bidi overrides and isolates,
 * zero-width characters, line separators, BOM): escaped everywhere, in the
 * terminal and in trace files alike.
 */
int fmt_cp_hidden(uint32_t cp);

/* Append arg shell-quoted: bare, '...', or $'...' with escapes. */
void fmt_quote(struct buf *b, const char *arg, size_t len, int flags);
/* Append all arguments quoted, separated by spaces. */
void fmt_argv(struct buf *b, const struct argv_buf *argv, int flags);
/* Append s with unsafe characters escaped but no quoting (paths). */
void fmt_escape(struct buf *b, const char *s, size_t len, int flags);

/* "0.004s", "12.34s", "3m07s", "2h05m"; "-" for negative. */
char *fmt_duration(char *out, size_t size, int64_t us);
/* "812K", "12.3M", "1.2G". */
char *fmt_kib(char *out, size_t size, uint64_t kib);

/* "SIGSEGV", "SIGRTMIN+2"; never NULL (a static buffer for odd ones). */
const char *signal_name(int sig);
/* "SIGKILL", "KILL", "kill" or "9"; -1 if unknown. */
int signal_parse(const char *name);
/* "ENOENT"; never NULL ("E123" for a number with no name). */
const char *errno_name(int err);
/* "ENOENT" or "2"; -1 if unknown. */
int errno_parse(const char *name);

#endif
