/*
 * test_repro.c: the command that reruns an exec, run for real by /bin/sh
 * (dash: a POSIX shell without $'...') on tests/prog/imgdump, which writes
 * back the argv, environment and cwd it got.  Hostile words: leading '-',
 * '=', newlines (trailing ones too), quotes, backslashes, '%', invalid
 * UTF-8, escape sequences, bidi controls, in argv, names, values and cwd.
 * The command itself must hold no control byte and no bidi control.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "fmt.h"
#include "repro.h"

static char dir[64], dump[128], exe[1024];

static int
setup(void **state)
{
	const char *pd = getenv("PROGDIR");

	if (pd == NULL)
		pd = "tests/prog";
	snprintf(exe, sizeof exe, "%s/imgdump", pd);
	if (exe[0] != '/') {
		char cwd[512];

		snprintf(exe, sizeof exe, "%s/%s/imgdump", getcwd(cwd, sizeof cwd), pd);
	}
	if (access(exe, X_OK) != 0)
		skip();
	strcpy(dir, "/tmp/ptop-repro-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(dump, sizeof dump, "%s/dump", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* Run the command with /bin/sh in environment env (NULL-terminated). */
static void
run_sh(const char *cmd, char *const env[])
{
	pid_t kid;
	int st;

	if ((kid = fork()) == 0) {
		execle("/bin/sh", "sh", "-c", cmd, (char *)NULL, env);
		_exit(127);
	}
	assert_int_equal(waitpid(kid, &st, 0), kid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("the command failed (status %d): %s", st, cmd);
}

/* Section i (0 argv, 1 env, 2 cwd) of the dump. */
static void
section(struct buf *out, int i)
{
	static char data[65536];
	FILE *fp = fopen(dump, "rb");
	uint64_t len = 0;
	size_t n;

	assert_non_null(fp);
	n = fread(data, 1, sizeof data, fp);
	fclose(fp);
	buf_clear(out);
	for (size_t at = 0; at + 8 <= n; i--) {
		memcpy(&len, data + at, 8);
		if (i == 0) {
			buf_add(out, data + at + 8, (size_t)len);
			return;
		}
		at += 8 + (size_t)len;
	}
	fail_msg("no section %d in the dump", i);
}

/* No byte a terminal or a line editor acts on, no bidi control. */
static void
assert_clean(const char *cmd)
{
	const unsigned char *u = (const unsigned char *)cmd;
	size_t i;

	for (i = 0; u[i] != '\0'; i++) {
		if (u[i] < 0x20 || u[i] == 0x7f)
			fail_msg("control byte %#x in: %s", u[i], cmd);
		if (u[i] == 0xe2 && u[i + 1] == 0x80 && (u[i + 2] >= 0xaa && u[i + 2] <= 0xae))
			fail_msg("bidi control in: %s", cmd);
	}
	if (!utf8_valid(cmd, strlen(cmd)))
		fail_msg("invalid UTF-8 in: %s", cmd);
}

/* NUL-terminated entries from a NULL-terminated list. */
static void
pack(struct buf *b, char *const *list)
{
	buf_clear(b);
	for (; *list != NULL; list++)
		buf_add(b, *list, strlen(*list) + 1);
}

static char hostile_cwd[256];

static void
make_cwd(void)
{
	snprintf(hostile_cwd, sizeof hostile_cwd, "%s/it's a \"dir\"\nwith -x=1 %%s \\ $HOME", dir);
	assert_int_equal(mkdir(hostile_cwd, 0700), 0);
}

static char *const hostile_argv[] = {
	"PROG", "-rf", "--", "a=b", "line1\nline2", "trailing\n\n", "it's", "\"dq\"", "back\\slash",
	"100%", "$(reboot)", "`id`", "caf\xc3\xa9", "bad\xff\xfe", "\033[31mred\033[0m",
	"\xe2\x80\xae" "evil", "", " spaced ", "*", NULL,
};

static char *const hostile_env[] = {
	"PATH=/usr/bin:/bin", "-x=minus name", "EQ=a=b=c", "NL=two\nlines\n", "Q=it's \"q\"",
	"BAD=\xff\xfe", "ESC=\033]52;c;SGVsbG8=\007", "EMPTY=", "BIDI=\xe2\x80\xae" "abc",
	"PCT=%s%d\\n", NULL,
};

/* Everything reproduced exactly with env -i. */
static void
test_full_env(void **state)
{
	struct buf cmd = BUF_INIT, argv = BUF_INIT, env = BUF_INIT, got = BUF_INIT;
	struct repro r;
	char *av[32];
	char *const none[] = { NULL };
	int i, flags;

	make_cwd();
	av[0] = exe;
	av[1] = dump;
	for (i = 1; hostile_argv[i] != NULL; i++)
		av[i + 1] = hostile_argv[i];
	av[i + 1] = NULL;
	pack(&argv, av);
	pack(&env, hostile_env);
	memset(&r, 0, sizeof r);
	r.cwd = hostile_cwd;
	r.exe = exe;
	r.argv.data = argv.p;
	r.argv.len = argv.len;
	r.env.data = env.p;
	r.env.len = env.len;
	flags = repro_command(&cmd, &r);
	assert_int_equal(flags, 0);
	assert_clean(cmd.p);
	run_sh(cmd.p, none);
	section(&got, 0);
	assert_int_equal(got.len, argv.len);
	assert_memory_equal(got.p, argv.p, argv.len);
	section(&got, 1);
	assert_int_equal(got.len, env.len);
	assert_memory_equal(got.p, env.p, env.len);	/* env -i keeps the order too */
	section(&got, 2);
	assert_string_equal(got.p, hostile_cwd);
	buf_free(&cmd);
	buf_free(&argv);
	buf_free(&env);
	buf_free(&got);
}

/* Does the NUL-separated list hold this entry? */
static int
holds(const struct buf *b, const char *e)
{
	size_t i = 0;

	while (i < b->len) {
		if (strcmp(b->p + i, e) == 0)
			return 1;
		i += strlen(b->p + i) + 1;
	}
	return 0;
}

/*
 * Only the difference from the shell's own environment: the same set in
 * the end, nothing more.  The cd before it makes the shell set and export
 * PWD and OLDPWD: the command sets or unsets both, even where the shell's
 * own environment had the same.
 */
static void
test_env_difference(void **state)
{
	struct buf cmd = BUF_INIT, argv = BUF_INIT, env = BUF_INIT, from = BUF_INIT, got = BUF_INIT;
	char *const mine[] = { "PATH=/usr/bin:/bin", "HOME=/gone", "EQ=old", "KEEP=same",
	    "PWD=/recorded", NULL };
	char *const want[] = { "PATH=/usr/bin:/bin", "EQ=new=2", "KEEP=same", "NEW=\n",
	    "PWD=/recorded", NULL };
	char *av[] = { exe, dump, "x", NULL };
	struct repro r;
	size_t n;
	int i;

	pack(&argv, av);
	pack(&env, want);
	pack(&from, mine);
	memset(&r, 0, sizeof r);
	r.exe = exe;
	r.argv.data = argv.p;
	r.argv.len = argv.len;
	r.env.data = env.p;
	r.env.len = env.len;
	r.from = &(struct argv_buf){ from.p, from.len };
	r.cwd = dir;
	assert_int_equal(repro_command(&cmd, &r), 0);
	assert_non_null(strstr(cmd.p, "-u HOME"));
	assert_non_null(strstr(cmd.p, "-u OLDPWD"));
	assert_non_null(strstr(cmd.p, "PWD=/recorded"));
	assert_null(strstr(cmd.p, "KEEP"));		/* unchanged: not repeated */
	assert_clean(cmd.p);
	run_sh(cmd.p, mine);
	section(&got, 1);
	for (i = 0, n = 0; want[i] != NULL; i++, n += strlen(want[i - 1]) + 1)
		if (!holds(&got, want[i]))
			fail_msg("the rerun lacks %s", want[i]);
	if (got.len != n)
		fail_msg("the rerun has more than it should: %zu bytes of entries, want %zu", got.len, n);
	assert_false(holds(&got, "HOME=/gone"));
	buf_free(&cmd);
	buf_free(&argv);
	buf_free(&env);
	buf_free(&from);
	buf_free(&got);
}

/* What cannot be exact is said, never silently wrong. */
static void
test_not_exact(void **state)
{
	struct buf cmd = BUF_INIT, argv = BUF_INIT, env = BUF_INIT;
	char *const av[] = { "-cc", "-c", "a.c", NULL };
	char *const dup[] = { "A=1", "A=2", NULL };
	char *const noeq[] = { "JUSTWORDS", NULL };
	struct repro r;

	pack(&argv, av);
	memset(&r, 0, sizeof r);
	r.exe = "/usr/bin/cc";
	r.argv.data = argv.p;
	r.argv.len = argv.len;
	assert_int_equal(repro_command(&cmd, &r), REPRO_ARGV0 | REPRO_NO_ENV);
	pack(&env, dup);
	r.env.data = env.p;
	r.env.len = env.len;
	buf_clear(&cmd);
	assert_int_equal(repro_command(&cmd, &r) & REPRO_ENV_LOST, REPRO_ENV_LOST);
	pack(&env, noeq);
	r.env.data = env.p;
	r.env.len = env.len;
	buf_clear(&cmd);
	assert_int_equal(repro_command(&cmd, &r) & REPRO_ENV_LOST, REPRO_ENV_LOST);
	assert_null(strstr(cmd.p, "JUSTWORDS"));	/* env(1) would run it */
	/* A program path with '=' runs through sh, never as an assignment. */
	r.exe = "/opt/a=b/tool";
	buf_clear(&cmd);
	repro_command(&cmd, &r);
	assert_non_null(strstr(cmd.p, "/bin/sh -c 'exec \"$0\" \"$@\"' /opt/a=b/tool"));
	buf_free(&cmd);
	buf_free(&argv);
	buf_free(&env);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_difference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_exact, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
