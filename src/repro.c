/*
 * repro.c: a shell command that reruns an exec.  See repro.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "repro.h"

/* The command as it is built: printf assignments first, then the words. */
struct repro_out {
	struct buf pre;
	struct buf words;
	int nvars;
};

static int
repro_plain_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    strchr("_@%+=:,./-", c) != NULL;
}

/* Bidirectional controls: a pasted line would read in another order than it runs. */
static int
repro_bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/* 0 plain, 1 printable (single quotes do), 2 anything else (printf). */
static int
repro_kind(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n;
	uint32_t cp;
	int plain = len > 0;

	for (i = 0; i < len; i += n) {
		n = 1;
		if (u[i] < 0x20 || u[i] == 0x7f)
			return 2;
		if (u[i] < 0x80) {
			plain &= repro_plain_byte(u[i]);
			continue;
		}
		plain = 0;
		if ((n = utf8_decode(u + i, len - i, &cp)) == 0 || cp < 0xa0 || repro_bidi(cp))
			return 2;
	}
	return plain ? 0 : 1;
}

static void
repro_squote(struct buf *b, const char *s, size_t len)
{
	size_t i;

	buf_addc(b, '\'');
	for (i = 0; i < len; i++) {
		if (s[i] == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, s[i]);
	}
	buf_addc(b, '\'');
}

/* A word the shell cannot take quoted: printf builds it in a variable. */
static void
repro_printf_word(struct repro_out *o, struct buf *to, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	o->nvars++;
	buf_printf(&o->pre, "w%d=$(printf '", o->nvars);
	for (i = 0; i < len; i++) {
		if (u[i] == '%')
			buf_adds(&o->pre, "%%");
		else if (u[i] == '\\')
			buf_adds(&o->pre, "\\\\");
		else if (u[i] == '\'')
			buf_adds(&o->pre, "'\\''");
		else if (u[i] >= 0x20 && u[i] < 0x7f)
			buf_addc(&o->pre, (char)u[i]);
		else
			buf_printf(&o->pre, "\\%03o", u[i]);
	}
	/* A command substitution drops trailing newlines: keep them behind an x. */
	buf_printf(&o->pre, "x') && w%d=${w%d%%x} && ", o->nvars, o->nvars);
	buf_printf(to, "\"$w%d\"", o->nvars);
}

/* One word onto to, after a space if to has words already. */
static void
repro_word_to(struct repro_out *o, struct buf *to, const char *s, size_t len)
{
	if (to->len > 0)
		buf_addc(to, ' ');
	switch (repro_kind(s, len)) {
	case 0:
		buf_add(to, s, len);
		break;
	case 1:
		repro_squote(to, s, len);
		break;
	default:
		repro_printf_word(o, to, s, len);
		break;
	}
}

static void
repro_word(struct repro_out *o, const char *s, size_t len)
{
	repro_word_to(o, &o->words, s, len);
}

/* The name of an entry: up to its first '=' (-1: it has none). */
static long
repro_name_len(const char *s, size_t len)
{
	const char *eq = memchr(s, '=', len);

	return eq != NULL ? (long)(eq - s) : -1;
}

/* Is there an entry in env with this name (and, with value, these exact bytes)? */
static int
repro_has(const struct argv_buf *env, const char *s, size_t len, int value)
{
	size_t pos = 0, elen;
	long nlen = repro_name_len(s, len);
	const char *e;

	while ((e = argv_next(env, &pos, &elen)) != NULL) {
		if (value) {
			if (elen == len && memcmp(e, s, len) == 0)
				return 1;
		} else if (repro_name_len(e, elen) == nlen && memcmp(e, s, (size_t)nlen) == 0)
			return 1;
	}
	return 0;
}

/* Entries env(1) cannot set: no '=', or a name set twice (the last one wins). */
static int
repro_env_lossy(const struct argv_buf *env)
{
	struct argv_buf rest;
	size_t pos = 0, len;
	const char *e;

	while ((e = argv_next(env, &pos, &len)) != NULL) {
		if (repro_name_len(e, len) < 0)
			return 1;
		rest.data = env->data + pos;
		rest.len = pos < env->len ? env->len - pos : 0;
		if (repro_has(&rest, e, len, 0))
			return 1;
	}
	return 0;
}

/*
 * argv[0] names the program (cc for /usr/bin/cc): running the path gives
 * it the path there, which programs do not mind.  Else ("-bash", a name
 * of its own) the rerun is not exact.
 */
static int
repro_same_name(const char *argv0, size_t len, const char *exe)
{
	const char *a = argv0, *slash;
	size_t i;

	if (argv0 == NULL)
		return 0;
	for (i = 0; i < len; i++)
		if (argv0[i] == '/')
			a = argv0 + i + 1;
	len -= (size_t)(a - argv0);
	slash = strrchr(exe, '/');
	exe = slash != NULL ? slash + 1 : exe;
	return strlen(exe) == len && memcmp(exe, a, len) == 0;
}

/*
 * The shell's cd sets PWD and OLDPWD and exports them (dash always, bash
 * once they are): after the command's cd, neither is what the shell had,
 * so a difference from its environment must set or unset both.
 */
static const char *const repro_cd_vars[] = { "PWD=", "OLDPWD=" };

static int
repro_cd_var(const struct repro *r, const char *s, size_t len)
{
	long nlen = repro_name_len(s, len);
	size_t i;

	if (r->cwd == NULL)
		return 0;
	if (nlen < 0)
		nlen = (long)len;
	for (i = 0; i < sizeof repro_cd_vars / sizeof repro_cd_vars[0]; i++)
		if (strlen(repro_cd_vars[i]) - 1 == (size_t)nlen &&
		    memcmp(s, repro_cd_vars[i], (size_t)nlen) == 0)
			return 1;
	return 0;
}

int
repro_command(struct buf *out, const struct repro *r)
{
	struct repro_out o = { BUF_INIT, BUF_INIT, 0 };
	struct buf cwd = BUF_INIT;
	size_t pos = 0, len, first_len = 0, i;
	const char *e, *first = NULL;
	int flags = 0;

	if (r->env.data == NULL)
		flags |= REPRO_NO_ENV;
	else if (repro_env_lossy(&r->env))
		flags |= REPRO_ENV_LOST;
	repro_word(&o, "env", 3);
	if (r->env.data != NULL && r->from == NULL)
		repro_word(&o, "-i", 2);
	if (r->env.data != NULL && r->from != NULL) {
		/* What it did not have: unset. */
		while ((e = argv_next(r->from, &pos, &len)) != NULL) {
			if (repro_name_len(e, len) <= 0 || repro_has(&r->env, e, len, 0) ||
			    repro_cd_var(r, e, len))
				continue;
			repro_word(&o, "-u", 2);
			repro_word(&o, e, (size_t)repro_name_len(e, len));
		}
		for (i = 0; r->cwd != NULL && i < sizeof repro_cd_vars / sizeof repro_cd_vars[0]; i++) {
			e = repro_cd_vars[i];
			if (repro_has(&r->env, e, strlen(e), 0))
				continue;
			repro_word(&o, "-u", 2);
			repro_word(&o, e, strlen(e) - 1);
		}
	}
	repro_word(&o, "--", 2);
	pos = 0;
	while (r->env.data != NULL && (e = argv_next(&r->env, &pos, &len)) != NULL) {
		if (repro_name_len(e, len) < 0)
			continue;	/* env(1) would take it for the command */
		if (r->from == NULL || !repro_has(r->from, e, len, 1) || repro_cd_var(r, e, len))
			repro_word(&o, e, len);
	}
	pos = 0;
	if ((e = argv_next(&r->argv, &pos, &len)) != NULL) {
		first = e;
		first_len = len;
	}
	if (r->exe != NULL && *r->exe != '\0') {
		if (strchr(r->exe, '=') != NULL) {
			/* env(1) would take it for an assignment. */
			repro_word(&o, "/bin/sh", 7);
			repro_word(&o, "-c", 2);
			repro_word(&o, "exec \"$0\" \"$@\"", 14);
		}
		repro_word(&o, r->exe, strlen(r->exe));
		if (!repro_same_name(first, first_len, r->exe))
			flags |= REPRO_ARGV0;
	} else if (first != NULL)
		repro_word(&o, first, first_len);
	while ((e = argv_next(&r->argv, &pos, &len)) != NULL)
		repro_word(&o, e, len);
	if (r->cwd != NULL)
		repro_word_to(&o, &cwd, r->cwd, strlen(r->cwd));
	buf_add(out, o.pre.p != NULL ? o.pre.p : "", o.pre.len);
	if (r->cwd != NULL) {
		buf_adds(out, "cd -- ");
		buf_add(out, cwd.p, cwd.len);
		buf_adds(out, " && ");
	}
	buf_add(out, o.words.p, o.words.len);
	buf_free(&o.pre);
	buf_free(&o.words);
	buf_free(&cwd);
	return flags;
}
