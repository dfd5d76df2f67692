/*
 * test_pane.c: the command's terminal pane without curses: output lands in
 * libvterm cells with attributes, lines that scroll off go to the history
 * ring (capped), resizing keeps the screen, keys reach the pty as the
 * terminal sequences a program expects, and output read from a real pty is
 * complete however much arrives; history lines keep only what is not blank
 * yet read back whole; the --log copy gets every byte.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ev.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pane.h"

/* Text of a line (ASCII only), trailing blanks cut. */
static const char *
line_text(struct pane *p, int row, unsigned back)
{
	static char s[512];
	struct pane_cell cells[256];
	int i, n = pane_cols(p);

	pane_line(p, row, back, cells);
	for (i = 0; i < n && i < (int)sizeof s - 1; i++)
		s[i] = cells[i].ch ? (char)cells[i].ch : ' ';
	while (i > 0 && s[i - 1] == ' ')
		i--;
	s[i] = '\0';
	return s;
}

#define FEED(p, lit) pane_feed(p, lit, sizeof(lit) - 1)

static void
test_text_and_attributes(void **state)
{
	struct pane *p = pane_new(5, 20, 100);
	struct pane_cell cells[20];
	int r, c, v;

	FEED(p, "hello\r\n\033[1;31mred\033[0m \033[7mrev\033[m");
	assert_string_equal(line_text(p, 0, 0), "hello");
	assert_string_equal(line_text(p, 1, 0), "red rev");
	pane_line(p, 1, 0, cells);
	assert_true(cells[0].attrs & PANE_BOLD);
	assert_int_equal(cells[0].fg_type, PANE_COLOR_INDEXED);
	assert_int_equal(cells[0].fg, 1);
	assert_int_equal(cells[3].attrs, 0);
	assert_int_equal(cells[3].fg_type, PANE_COLOR_DEFAULT);
	assert_true(cells[4].attrs & PANE_REVERSE);
	pane_cursor(p, &r, &c, &v);
	assert_int_equal(r, 1);
	assert_int_equal(c, 7);
	assert_true(v);
	FEED(p, "\033]2;my title\007\033[?25l");
	assert_string_equal(pane_title(p), "my title");
	pane_cursor(p, &r, &c, &v);
	assert_false(v);
	pane_free(p);
}

static void
test_wide_characters(void **state)
{
	struct pane *p = pane_new(3, 10, 10);
	struct pane_cell cells[10];

	FEED(p, "\xe6\x97\xa5x");	/* U+65E5, two columns wide */
	pane_line(p, 0, 0, cells);
	assert_int_equal(cells[0].ch, 0x65e5);
	assert_int_equal(cells[0].width, 2);
	assert_int_equal(cells[2].ch, 'x');
	pane_free(p);
}

static void
test_history_ring(void **state)
{
	struct pane *p = pane_new(4, 12, 50);
	char line[32];
	int i;

	for (i = 0; i < 200; i++) {
		snprintf(line, sizeof line, "line %d\r\n", i);
		pane_feed(p, line, strlen(line));
	}
	/* 4 rows: the last three lines and the empty line after them. */
	assert_string_equal(line_text(p, 2, 0), "line 199");
	assert_string_equal(line_text(p, 3, 0), "");
	assert_int_equal(pane_history(p), 50);
	/* Scrolled back to the top of the history: the oldest kept line. */
	assert_string_equal(line_text(p, 0, 50), "line 147");
	assert_string_equal(line_text(p, 3, 50), "line 150");
	/* Scrolling back further than the history stops at its top. */
	assert_string_equal(line_text(p, 0, 9999), "line 147");
	assert_string_equal(line_text(p, 0, 1), "line 196");
	pane_free(p);
}

static void
test_resize(void **state)
{
	struct pane *p = pane_new(4, 10, 100);
	int i;

	for (i = 0; i < 6; i++)
		FEED(p, "abc\r\n");
	FEED(p, "end");
	pane_resize(p, 8, 30);
	assert_int_equal(pane_rows(p), 8);
	assert_int_equal(pane_cols(p), 30);
	/* Growing pulls the lines back from the history. */
	assert_int_equal(pane_history(p), 0);
	assert_string_equal(line_text(p, 0, 0), "abc");
	assert_string_equal(line_text(p, 5, 0), "abc");
	assert_string_equal(line_text(p, 6, 0), "end");
	assert_string_equal(line_text(p, 7, 0), "");
	FEED(p, " and more text past ten");
	pane_resize(p, 2, 5);
	assert_int_equal(pane_cols(p), 5);
	pane_free(p);
}

/* Open the slave of p's pty, raw, as the test's end of the terminal. */
static int
open_slave(struct pane *p)
{
	char name[128];
	struct termios t;
	int fd;

	/* The master is private: find the slave through the fd table. */
	for (fd = 3; fd < 256; fd++) {
		if (ptsname_r(fd, name, sizeof name) == 0)
			break;
	}
	assert_true(fd < 256);
	fd = open(name, O_RDWR | O_NOCTTY);
	assert_true(fd >= 0);
	tcgetattr(fd, &t);
	cfmakeraw(&t);
	tcsetattr(fd, TCSANOW, &t);
	return fd;
}

static size_t
read_some(int fd, char *buf, size_t size)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	ssize_t n;

	if (poll(&pfd, 1, 2000) != 1)
		return 0;
	n = read(fd, buf, size);
	return n > 0 ? (size_t)n : 0;
}

static void
test_keys_reach_the_pty(void **state)
{
	struct pane *p = pane_new(5, 20, 10);
	char got[64];
	size_t n;
	int s;

	assert_int_equal(pane_open_pty(p), 0);
	s = open_slave(p);
	pane_send_char(p, 'a', 0);
	pane_send_char(p, 'c', PANE_MOD_CTRL);
	pane_send_key(p, PANE_KEY_UP, 0);
	pane_send_key(p, PANE_KEY_ENTER, 0);
	n = 0;
	while (n < 6) {
		size_t k = read_some(s, got + n, sizeof got - n);
		if (k == 0)
			break;
		n += k;
	}
	assert_int_equal(n, 6);
	assert_memory_equal(got, "a\003\033[A\r", 6);
	close(s);
	pane_free(p);
}

static int changed_calls;

static void
on_changed(void *arg)
{
	changed_calls++;
}

static void
test_reads_everything(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct pane *p = pane_new(10, 40, 10000);
	char line[64];
	int s, i, total = 0, len;

	assert_int_equal(pane_open_pty(p), 0);
	s = open_slave(p);
	pane_start(p, loop, on_changed, NULL);
	/* 20,000 lines, more than the pty buffer: the loop must keep reading. */
	for (i = 0; i < 20000; i++) {
		len = snprintf(line, sizeof line, "output line %05d\r\n", i);
		while (write(s, line, (size_t)len) != len)
			ev_run(loop, EVRUN_NOWAIT);
		total += len;
		if (i % 100 == 0)
			ev_run(loop, EVRUN_NOWAIT);
	}
	while (pane_bytes_read(p) < (uint64_t)total)
		ev_run(loop, EVRUN_ONCE);
	assert_int_equal(pane_bytes_read(p), total);
	assert_true(changed_calls > 0);
	assert_string_equal(line_text(p, 8, 0), "output line 19999");
	assert_int_equal(pane_history(p), 10000);
	assert_string_equal(line_text(p, 0, 10000), "output line 09991");
	/* The command's side closes: the pane says so and keeps its screen. */
	close(s);
	while (!pane_closed(p))
		ev_run(loop, EVRUN_ONCE);
	assert_string_equal(line_text(p, 8, 0), "output line 19999");
	pane_free(p);
	ev_loop_destroy(loop);
}


static void
test_history_lines_trimmed(void **state)
{
	struct pane *p = pane_new(2, 40, 10);
	struct pane_cell cells[40];
	int64_t before;

	/* Trailing blanks with a background colour are not blank. */
	FEED(p, "abc\033[41m   \033[m\r\nplain\r\n\r\nx");
	assert_int_equal(pane_history(p), 2);
	pane_line(p, 0, 2, cells);
	assert_int_equal(cells[0].ch, 'a');
	assert_int_equal(cells[5].bg_type, PANE_COLOR_INDEXED);
	assert_int_equal(cells[5].bg, 1);
	assert_int_equal(cells[6].bg_type, PANE_COLOR_DEFAULT);
	assert_int_equal(cells[39].ch, 0);
	assert_int_equal(cells[39].width, 1);
	assert_string_equal(line_text(p, 1, 2), "plain");
	/* pushed counts lines into the history, less those a resize takes back. */
	before = pane_pushed(p);
	FEED(p, "\r\ny\r\n");
	assert_int_equal(pane_pushed(p), before + 2);
	pane_resize(p, 4, 40);
	assert_int_equal(pane_pushed(p), before);
	pane_free(p);
}

static void
test_log_copy(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct pane *p = pane_new(5, 30, 100);
	char line[64], got[64];
	int s, pfd[2], i, total = 0, len, wakeups = 0;
	ssize_t n;

	assert_int_equal(pipe(pfd), 0);
	assert_int_equal(fcntl(pfd[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(pane_open_pty(p), 0);
	pane_set_log(p, pfd[1]);
	s = open_slave(p);
	pane_start(p, loop, on_changed, NULL);
	for (i = 0; i < 3; i++) {
		len = snprintf(line, sizeof line, "log line %d\r\n", i);
		assert_int_equal(write(s, line, (size_t)len), len);
		total += len;
	}
	while (pane_bytes_read(p) < (uint64_t)total && wakeups++ < 100)
		ev_run(loop, EVRUN_ONCE);
	n = read(pfd[0], got, sizeof got - 1);
	assert_true(n > 0);
	got[n] = '\0';
	assert_string_equal(got, "log line 0\r\nlog line 1\r\nlog line 2\r\n");
	close(s);
	pane_free(p);		/* closes the log */
	assert_int_equal(read(pfd[0], got, sizeof got), 0);
	close(pfd[0]);
	ev_loop_destroy(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_and_attributes),
		cmocka_unit_test(test_wide_characters),
		cmocka_unit_test(test_history_ring),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_keys_reach_the_pty),
		cmocka_unit_test(test_reads_everything),
		cmocka_unit_test(test_history_lines_trimmed),
		cmocka_unit_test(test_log_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
