/*
 * test_output.c: opening the files ptop writes (output.h): new files 0600
 * whatever the umask, no symbolic link followed, only the user's own
 * single-link regular files reused, devices left alone, and a FIFO without
 * a reader waited for only until a signal says stop.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loop.h"
#include "output.h"

static char dir[64];

static int
setup(void **state)
{
	strcpy(dir, "/tmp/ptop-unit-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static const char *
path_in(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void
test_new_file_0600_any_umask(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;
	mode_t old = umask(0);
	struct stat st;

	assert_int_equal(output_open(&o, path_in("new"), &why), 0);
	umask(old);
	assert_true(o.created);
	assert_int_equal(write(o.fd, "x", 1), 1);
	assert_int_equal(output_close(&o), 0);
	assert_int_equal(stat(path_in("new"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void
test_own_file_truncated(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;
	struct stat st;

	write_file(path_in("old"), "old content\n", 0644);
	assert_int_equal(output_open(&o, path_in("old"), &why), 0);
	assert_false(o.created);
	assert_int_equal(output_close(&o), 0);
	assert_int_equal(stat(path_in("old"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 0);
}

/* A link planted where the output goes: refused, its target untouched. */
static void
test_symlink_refused(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;
	struct stat st;

	write_file(path_in("important"), "keep me\n", 0644);
	assert_int_equal(symlink(path_in("important"), path_in("trace")), 0);
	assert_int_equal(output_open(&o, path_in("trace"), &why), -1);
	assert_non_null(strstr(why, "symbolic link"));
	assert_int_equal(o.fd, -1);
	assert_int_equal(stat(path_in("important"), &st), 0);
	assert_int_equal(st.st_size, 8);
	assert_int_equal(st.st_mode & 07777, 0644);
	/* A dangling link is not created through either. */
	assert_int_equal(symlink(path_in("nowhere"), path_in("dangling")), 0);
	assert_int_equal(output_open(&o, path_in("dangling"), &why), -1);
	assert_int_equal(access(path_in("nowhere"), F_OK), -1);
}

static void
test_others_file_refused(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;
	struct stat st;

	write_file(path_in("theirs"), "their data\n", 0666);
	if (chown(path_in("theirs"), 65534, 65534) != 0)
		skip();		/* not root: cannot make a file of another user */
	assert_int_equal(output_open(&o, path_in("theirs"), &why), -1);
	assert_non_null(strstr(why, "another user"));
	assert_int_equal(stat(path_in("theirs"), &st), 0);
	assert_int_equal(st.st_size, 11);
	assert_int_equal(st.st_mode & 07777, 0666);
}

static void
test_hard_link_refused(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;

	write_file(path_in("a"), "shared\n", 0644);
	assert_int_equal(link(path_in("a"), path_in("b")), 0);
	assert_int_equal(output_open(&o, path_in("b"), &why), -1);
	assert_non_null(strstr(why, "hard link"));
	assert_int_equal(file_size(path_in("a")), 7);
}

static void
test_devices_and_dirs(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;
	struct stat before, after;

	assert_int_equal(stat("/dev/null", &before), 0);
	assert_int_equal(output_open(&o, "/dev/null", &why), 0);
	assert_false(o.created);
	output_discard(&o);	/* never removes what it did not make */
	assert_int_equal(stat("/dev/null", &after), 0);
	assert_int_equal(before.st_mode, after.st_mode);
	assert_int_equal(output_open(&o, dir, &why), -1);
	assert_int_equal(output_open(&o, path_in("no/such/dir"), &why), -1);
	assert_non_null(strstr(why, "No such file"));
}

static void
test_discard_removes_what_it_made(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;

	assert_int_equal(output_open(&o, path_in("made"), &why), 0);
	output_discard(&o);
	assert_int_equal(access(path_in("made"), F_OK), -1);
	write_file(path_in("kept"), "x", 0600);
	assert_int_equal(output_open(&o, path_in("kept"), &why), 0);
	output_discard(&o);
	assert_int_equal(access(path_in("kept"), F_OK), 0);
}

/* A FIFO with a reader: opened at once, writes reach the reader. */
static void
test_fifo_with_reader(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;
	char buf[8] = { 0 };
	int rd;

	assert_int_equal(mkfifo(path_in("fifo"), 0600), 0);
	rd = open(path_in("fifo"), O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_int_equal(output_open(&o, path_in("fifo"), &why), 0);
	/* Blocking again, as the trace writer expects. */
	assert_false(fcntl(o.fd, F_GETFL) & O_NONBLOCK);
	assert_int_equal(write(o.fd, "hi", 2), 2);
	assert_int_equal(read(rd, buf, sizeof buf), 2);
	assert_string_equal(buf, "hi");
	output_close(&o);
	close(rd);
}

/* No reader ever: SIGINT (blocked, as ptop blocks it) ends the wait. */
static void
test_fifo_without_reader_interrupted(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;
	pid_t me = getpid(), kid;
	int st;

	assert_int_equal(mkfifo(path_in("lonely"), 0600), 0);
	loop_block_signals();
	if ((kid = fork()) == 0) {
		usleep(300 * 1000);
		kill(me, SIGINT);
		_exit(0);
	}
	assert_int_equal(output_open(&o, path_in("lonely"), &why), -1);
	assert_int_equal(o.signal, SIGINT);
	assert_non_null(strstr(why, "interrupted"));
	assert_int_equal(waitpid(kid, &st, 0), kid);
	sigprocmask(SIG_SETMASK, loop_orig_mask(), NULL);
}

/* A reader that comes later: the wait ends with the FIFO open. */
static void
test_fifo_reader_comes_later(void **state)
{
	struct output o = OUTPUT_INIT;
	const char *why = NULL;
	char buf[8] = { 0 };
	pid_t kid;
	int p[2], st;

	assert_int_equal(mkfifo(path_in("late"), 0600), 0);
	assert_int_equal(pipe(p), 0);
	loop_block_signals();
	if ((kid = fork()) == 0) {
		int fd;
		ssize_t n;

		usleep(300 * 1000);
		fd = open(path_in("late"), O_RDONLY);
		n = read(fd, buf, sizeof buf);
		(void)!write(p[1], buf, n > 0 ? (size_t)n : 0);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(output_open(&o, path_in("late"), &why), 0);
	assert_int_equal(write(o.fd, "late", 4), 4);
	output_close(&o);
	assert_int_equal(read(p[0], buf, sizeof buf), 4);
	assert_memory_equal(buf, "late", 4);
	assert_int_equal(waitpid(kid, &st, 0), kid);
	close(p[0]);
	sigprocmask(SIG_SETMASK, loop_orig_mask(), NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file_0600_any_umask, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_file_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_others_file_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hard_link_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_devices_and_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discard_removes_what_it_made, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_with_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_without_reader_interrupted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_reader_comes_later, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
