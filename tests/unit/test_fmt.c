/*
 * test_fmt.c: shell quoting and terminal-safe escaping of argv, durations,
 * sizes, signal names, UTF-8 decoding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"

static char out[4096];

static const char *
quote(const char *s, size_t len, int flags)
{
	struct buf b = BUF_INIT;

	fmt_quote(&b, s, len, flags);
	strncpy(out, b.p, sizeof out - 1);
	buf_free(&b);
	return out;
}

#define Q(lit) quote(lit, sizeof(lit) - 1, 0)

static void
test_quote_plain_and_single(void **state)
{
	assert_string_equal(Q("ls"), "ls");
	assert_string_equal(Q("-Wl,--as-needed"), "-Wl,--as-needed");
	assert_string_equal(Q("a/b.c"), "a/b.c");
	assert_string_equal(Q(""), "''");
	assert_string_equal(Q("a b"), "'a b'");
	assert_string_equal(Q("$HOME"), "'$HOME'");
	assert_string_equal(Q("it's"), "'it'\\''s'");
	assert_string_equal(Q("*.c"), "'*.c'");
	/* Printable UTF-8 stays readable. */
	assert_string_equal(Q("caf\xc3\xa9"), "caf\xc3\xa9");
}

static void
test_quote_escapes_control(void **state)
{
	assert_string_equal(Q("a\nb"), "$'a\\nb'");
	assert_string_equal(Q("\033[31mred"), "$'\\e[31mred'");
	assert_string_equal(Q("tab\there"), "$'tab\\there'");
	assert_string_equal(Q("x\x7f"), "$'x\\x7f'");
	/* Invalid UTF-8 and a lone C1 byte. */
	assert_string_equal(Q("\x9b" "31m"), "$'\\x9b31m'");
	assert_string_equal(Q("\xff\xfe"), "$'\\xff\\xfe'");
	/* U+009B encoded in UTF-8 is CSI to some terminals: escaped. */
	assert_string_equal(Q("\xc2\x9b"), "$'\\xc2\\x9b'");
	/* Bidi override U+202E. */
	assert_string_equal(Q("a\xe2\x80\xae"), "$'a\\xe2\\x80\\xae'");
	/* Inside $'', backslash and quote are escaped. */
	assert_string_equal(Q("a'\\\n"), "$'a\\'\\\\\\n'");
}

static void
test_quote_ascii_mode(void **state)
{
	assert_string_equal(quote("caf\xc3\xa9", 5, FMT_ASCII), "$'caf\\xc3\\xa9'");
	assert_string_equal(quote("plain", 5, FMT_ASCII), "plain");
}

static void
test_argv_and_escape(void **state)
{
	static const char args[] = "sh\0-c\0echo hi\0\0";
	struct argv_buf a = { args, sizeof args - 1 };
	struct buf b = BUF_INIT;

	fmt_argv(&b, &a, 0);
	assert_string_equal(b.p, "sh -c 'echo hi' ''");
	assert_int_equal(argv_count(&a), 4);
	buf_clear(&b);
	fmt_escape(&b, "/tmp/a\nb\\c", 10, 0);
	assert_string_equal(b.p, "/tmp/a\\nb\\\\c");
	buf_free(&b);
}

static void
test_argv_without_final_nul(void **state)
{
	static const char args[] = "one\0two";
	struct argv_buf a = { args, sizeof args - 1 };
	size_t pos = 0, len;
	const char *s;

	s = argv_next(&a, &pos, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "one", 3);
	s = argv_next(&a, &pos, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "two", 3);
	assert_null(argv_next(&a, &pos, &len));
}

static void
test_durations_and_sizes(void **state)
{
	char b[32];

	assert_string_equal(fmt_duration(b, sizeof b, 0), "0.000s");
	assert_string_equal(fmt_duration(b, sizeof b, 4321), "0.004s");
	assert_string_equal(fmt_duration(b, sizeof b, 12345678), "12.35s");
	assert_string_equal(fmt_duration(b, sizeof b, 187000000), "3m07s");
	assert_string_equal(fmt_duration(b, sizeof b, 7500000000LL), "2h05m");
	assert_string_equal(fmt_duration(b, sizeof b, -1), "-");
	assert_string_equal(fmt_duration(b, sizeof b, 360000000000LL), "100h");
	/* Hours past INT_MAX are printed whole, not wrapped. */
	assert_string_equal(fmt_duration(b, sizeof b, INT64_MAX), "2562047788h");
	assert_string_equal(fmt_duration(b, sizeof b, INT64_MIN), "-");
	assert_string_equal(fmt_kib(b, sizeof b, 812), "812K");
	assert_string_equal(fmt_kib(b, sizeof b, 2048), "2.0M");
	assert_string_equal(fmt_kib(b, sizeof b, 512000), "500M");
	assert_string_equal(fmt_kib(b, sizeof b, 3 * 1024 * 1024), "3.0G");
}

static void
test_signals(void **state)
{
	assert_string_equal(signal_name(SIGKILL), "SIGKILL");
	assert_string_equal(signal_name(SIGSEGV), "SIGSEGV");
	assert_string_equal(signal_name(SIGRTMIN + 2), "SIGRTMIN+2");
	assert_int_equal(signal_parse("SIGKILL"), SIGKILL);
	assert_int_equal(signal_parse("term"), SIGTERM);
	assert_int_equal(signal_parse("9"), 9);
	assert_int_equal(signal_parse("SIGRTMIN+2"), SIGRTMIN + 2);
	assert_int_equal(signal_parse("SIGNOPE"), -1);
	assert_int_equal(signal_parse("0"), -1);
	/* Round trip for every signal. */
	for (int s = 1; s <= SIGRTMAX; s++)
		assert_int_equal(signal_parse(signal_name(s)), s);
}

static void
test_utf8(void **state)
{
	uint32_t cp;

	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0); /* overlong */
	assert_int_equal(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0); /* surrogate */
	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x82", 2, &cp), 0); /* truncated */
	assert_true(utf8_valid("h\xc3\xa9llo", 6));
	assert_false(utf8_valid("\xff", 1));
}

/* UTF-8 of a code point below U+10000 (enough for the format characters). */
static size_t
utf8_of(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	o[0] = (char)(0xe0 | cp >> 12);
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/*
 * Bidirectional embeddings, overrides and isolates ("Trojan Source") are
 * shown as escapes in quoted argv and in escaped paths, whatever the locale
 * says about them; printable neighbours stay raw.
 */
static void
test_bidi_escaped(void **state)
{
	static const uint32_t hidden[] = {
		0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
		0x200b, 0x200e, 0x200f, 0x2028, 0x2029, 0x2060, 0xfeff,
	};
	char arg[8], esc[32], want[40];
	struct buf b = BUF_INIT;
	size_t i, n;

	for (i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
		arg[0] = 'a';
		n = utf8_of(hidden[i], arg + 1);
		arg[1 + n] = 'b';
		assert_true(fmt_cp_hidden(hidden[i]));
		snprintf(esc, sizeof esc, "a\\x%02x\\x%02x\\x%02xb", (unsigned char)arg[1],
		    (unsigned char)arg[2], (unsigned char)arg[3]);
		snprintf(want, sizeof want, "$'%s'", esc);
		assert_string_equal(quote(arg, n + 2, 0), want);
		buf_clear(&b);
		fmt_escape(&b, arg, n + 2, 0);
		assert_string_equal(b.p, esc);
	}
	buf_free(&b);
	/* Neighbours that are ordinary printable characters stay raw. */
	assert_false(fmt_cp_hidden(0x2030));	/* per mille */
	assert_false(fmt_cp_hidden(0x2070));	/* superscript zero */
	assert_false(fmt_cp_hidden(0xe9));
	assert_true(fmt_cp_hidden(0x1b));
	assert_true(fmt_cp_hidden(0x9b));
	assert_string_equal(Q("\xe2\x80\xb0"), "\xe2\x80\xb0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_plain_and_single),
		cmocka_unit_test(test_quote_escapes_control),
		cmocka_unit_test(test_quote_ascii_mode),
		cmocka_unit_test(test_argv_and_escape),
		cmocka_unit_test(test_argv_without_final_nul),
		cmocka_unit_test(test_durations_and_sizes),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_bidi_escaped),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
