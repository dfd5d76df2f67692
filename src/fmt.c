/*
 * fmt.c: quoting, escaping and number formatting.  See fmt.h.
 */
#include "config.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "fmt.h"

size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2; c &= 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3; c &= 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4; c &= 0x07; min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	while (len > 0) {
		if (*p < 0x80) {
			p++;
			len--;
			continue;
		}
		if ((n = utf8_decode(p, len, &cp)) == 0)
			return 0;
		p += n;
		len -= n;
	}
	return 1;
}

/*
 * C0 and C1 controls (U+009B is CSI to many terminals), DEL, and the
 * invisible format characters that change how the text around them is shown:
 * zero-width ones, bidirectional marks, embeddings, overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069: the "Trojan Source" reordering), line and
 * paragraph separators, the BOM.  Fixed, not from the locale, so that a trace
 * file is the same wherever it is written.
 */
int
fmt_cp_hidden(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 1;
	return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

/* What must not reach a terminal raw: the above, and what the locale cannot print. */
static int
fmt_cp_unsafe(uint32_t cp)
{
	return fmt_cp_hidden(cp) || (cp >= 0x80 && !iswprint((wint_t)cp));
}

/* Length of the next character if it can be written raw, else 0. */
static size_t
fmt_safe_char(const unsigned char *p, size_t len, int flags)
{
	uint32_t cp;
	size_t n;

	if (*p < 0x80)
		return fmt_cp_unsafe(*p) ? 0 : 1;
	if (flags & FMT_ASCII)
		return 0;
	n = utf8_decode(p, len, &cp);
	return n != 0 && !fmt_cp_unsafe(cp) ? n : 0;
}

static void
fmt_escape_byte(struct buf *b, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 0xf] };

	switch (c) {
	case '\n': buf_add(b, "\\n", 2); return;
	case '\t': buf_add(b, "\\t", 2); return;
	case '\r': buf_add(b, "\\r", 2); return;
	case '\033': buf_add(b, "\\e", 2); return;
	case '\a': buf_add(b, "\\a", 2); return;
	case '\b': buf_add(b, "\\b", 2); return;
	case '\f': buf_add(b, "\\f", 2); return;
	case '\v': buf_add(b, "\\v", 2); return;
	}
	buf_add(b, e, 4);
}

/*
 * Body of $'...' or of an escaped path: safe characters raw, the rest as
 * escapes; in quote mode, \ and ' are escaped as $'' requires.
 */
static void
fmt_escaped_body(struct buf *b, const char *s, size_t len, int flags, int quote)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i;

	for (i = 0; i < len; i += n) {
		n = fmt_safe_char(p + i, len - i, flags);
		if (n == 0) {
			fmt_escape_byte(b, p[i]);
			n = 1;
		} else if (quote && (p[i] == '\\' || p[i] == '\'')) {
			buf_addc(b, '\\');
			buf_addc(b, (char)p[i]);
		} else if (!quote && p[i] == '\\') {
			buf_add(b, "\\\\", 2);
		} else
			buf_add(b, p + i, n);
	}
}

void
fmt_escape(struct buf *b, const char *s, size_t len, int flags)
{
	fmt_escaped_body(b, s, len, flags, 0);
}

static int
fmt_shell_plain(unsigned char c)
{
	return isalnum(c) || (c != '\0' && strchr("@%+=:,./-_", c) != NULL);
}

void
fmt_quote(struct buf *b, const char *arg, size_t len, int flags)
{
	const unsigned char *p = (const unsigned char *)arg;
	int plain = 1, escape = 0;
	size_t i, n;

	if (len == 0) {
		buf_add(b, "''", 2);
		return;
	}
	for (i = 0; i < len; i += n) {
		n = fmt_safe_char(p + i, len - i, flags);
		if (n == 0) {
			escape = 1;
			break;
		}
		if (n == 1 && !fmt_shell_plain(p[i]))
			plain = 0;
	}
	if (escape) {
		buf_add(b, "$'", 2);
		fmt_escaped_body(b, arg, len, flags, 1);
		buf_addc(b, '\'');
	} else if (plain) {
		buf_add(b, arg, len);
	} else {
		buf_addc(b, '\'');
		for (i = 0; i < len; i++) {
			if (p[i] == '\'')
				buf_add(b, "'\\''", 4);
			else
				buf_addc(b, (char)p[i]);
		}
		buf_addc(b, '\'');
	}
}

void
fmt_argv(struct buf *b, const struct argv_buf *argv, int flags)
{
	size_t pos = 0, len;
	const char *a;
	int first = 1;

	while ((a = argv_next(argv, &pos, &len)) != NULL) {
		if (!first)
			buf_addc(b, ' ');
		first = 0;
		fmt_quote(b, a, len, flags);
	}
}

char *
fmt_duration(char *out, size_t size, int64_t us)
{
	int64_t s;

	if (us < 0)
		snprintf(out, size, "-");
	else if (us < 10000000)
		snprintf(out, size, "%.3fs", us / 1e6);
	else if (us < 60000000)
		snprintf(out, size, "%.2fs", us / 1e6);
	else if ((s = us / 1000000) < 3600)
		snprintf(out, size, "%dm%02ds", (int)(s / 60), (int)(s % 60));
	else if (s < 100 * 3600)
		snprintf(out, size, "%dh%02dm", (int)(s / 3600), (int)(s / 60 % 60));
	else	/* any int64_t: hours do not fit an int past 2^31 */
		snprintf(out, size, "%lldh", (long long)(s / 3600));
	return out;
}

char *
fmt_kib(char *out, size_t size, uint64_t kib)
{
	if (kib < 1000)
		snprintf(out, size, "%uK", (unsigned)kib);
	else if (kib < 10 * 1024)
		snprintf(out, size, "%.1fM", kib / 1024.0);
	else if (kib < 1000 * 1024)
		snprintf(out, size, "%uM", (unsigned)(kib / 1024));
	else
		snprintf(out, size, "%.1fG", kib / (1024.0 * 1024));
	return out;
}

const char *
signal_name(int sig)
{
	static char names[72][24];	/* filled on first use; SIGRTMAX is 64 on Linux */
	static char other[32];
	const char *abbrev;
	char *name;

	if (sig <= 0 || sig >= 72) {
		snprintf(other, sizeof other, "SIG%d", sig);
		return other;
	}
	name = names[sig];
	if (name[0] == '\0') {
		if (sig < SIGRTMIN && (abbrev = sigabbrev_np(sig)) != NULL)
			snprintf(name, sizeof names[0], "SIG%s", abbrev);
		else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
			snprintf(name, sizeof names[0], "SIGRTMIN+%d", sig - SIGRTMIN);
		else
			snprintf(name, sizeof names[0], "SIG%d", sig);
	}
	return name;
}

int
signal_parse(const char *name)
{
	const char *abbrev;
	char *end;
	long n;
	int sig;

	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	if (name[0] >= '0' && name[0] <= '9') {
		n = strtol(name, &end, 10);
		return *end == '\0' && n > 0 && n <= SIGRTMAX ? (int)n : -1;
	}
	if (strncasecmp(name, "RTMIN+", 6) == 0) {
		n = strtol(name + 6, &end, 10);
		return *end == '\0' && n >= 0 && SIGRTMIN + n <= SIGRTMAX ? SIGRTMIN + (int)n : -1;
	}
	if (strcasecmp(name, "RTMIN") == 0)
		return SIGRTMIN;
	if (strcasecmp(name, "RTMAX") == 0)
		return SIGRTMAX;
	for (sig = 1; sig < SIGRTMIN; sig++)
		if ((abbrev = sigabbrev_np(sig)) != NULL && strcasecmp(abbrev, name) == 0)
			return sig;
	return -1;
}

const char *
errno_name(int err)
{
	static char other[32];
	const char *name = err > 0 ? strerrorname_np(err) : NULL;

	if (name != NULL)
		return name;
	snprintf(other, sizeof other, "E%d", err);
	return other;
}

/* Errno values are small: every one glibc names is below this. */
#define FMT_ERRNO_MAX 256

int
errno_parse(const char *name)
{
	const char *known;
	char *end;
	long n;
	int err;

	if (name[0] >= '0' && name[0] <= '9') {
		n = strtol(name, &end, 10);
		return *end == '\0' && n > 0 && n < FMT_ERRNO_MAX ? (int)n : -1;
	}
	for (err = 1; err < FMT_ERRNO_MAX; err++)
		if ((known = strerrorname_np(err)) != NULL && strcmp(known, name) == 0)
			return err;
	/* What errno_name writes for a number with no name (E2BIG is a name). */
	if (name[0] == 'E' && name[1] >= '0' && name[1] <= '9')
		return errno_parse(name + 1);
	return -1;
}
