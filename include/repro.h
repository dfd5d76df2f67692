/*
 * repro: a POSIX shell command that reruns an exec: its working directory,
 * its environment, its program and arguments.
 *
 *   cd -- '/src/x' && env -u 'OLDPWD' -- 'CFLAGS=-O0' '/usr/bin/cc' '-c' 'a.c'
 *
 * Every word is quoted for a POSIX shell (dash has no $'...'): bare when
 * plain, in single quotes when printable, else built by printf(1) into a
 * variable first (control characters, invalid UTF-8, bidi controls), so the
 * command copied to a clipboard holds no raw control byte a terminal or a
 * line editor would act on.  env(1) gets "--" before the assignments, so
 * no name or value is taken for an option (tracexec's advisory), and the
 * program is the executable's absolute path, so it is never taken for an
 * assignment; one holding '=' runs through sh -c 'exec "$0" "$@"'.
 */
#ifndef PTOP_REPRO_H
#define PTOP_REPRO_H

#include "buf.h"
#include "event.h"

struct repro {
	const char *cwd;		/* NULL: unknown, no cd */
	const char *exe;		/* the program; NULL: argv[0], found through PATH */
	struct argv_buf argv;
	struct argv_buf env;		/* its environment (data NULL: not recorded) */
	const struct argv_buf *from;	/* set only what differs from this one; NULL: env -i */
};

/* What repro_command could not reproduce exactly. */
#define REPRO_ARGV0	0x1	/* argv[0] is not the program's name ("-bash") */
#define REPRO_ENV_LOST	0x2	/* entries env(1) cannot set (no '=', duplicates) */
#define REPRO_NO_ENV	0x4	/* the environment was not recorded */

/* Append the command to out; returns REPRO_* flags for what is not exact. */
int repro_command(struct buf *out, const struct repro *r);

#endif
