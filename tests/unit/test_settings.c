/*
 * test_settings.c: the settings file.  Round trips that keep comments,
 * spacing and unknown keys; damaged, missing, unreadable and odd files
 * (a directory, a FIFO, 2 MiB) that give one warning and the defaults;
 * atomic saves that create the directory, make the file 0600, leave no
 * temporary file behind, keep a symlinked file's link, and fail cleanly
 * where the directory cannot be written (checked as uid 65534 when the
 * tests run as root, since root writes anywhere).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#define _GNU_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "settings.h"

#define NOBODY 65534

static char dir[64];
static char path[128];

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int
setup(void **state)
{
	strcpy(dir, "/tmp/ptop-settings-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/ptoprc", dir);
	return 0;
}

static int
teardown(void **state)
{
	chmod(dir, 0700);
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *p, const char *text, size_t len)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

#define WRITE(p, lit) write_file(p, lit, sizeof(lit) - 1)

/* The file's whole content (static buffer). */
static const char *
slurp(const char *p)
{
	static char text[8192];
	int fd = open(p, O_RDONLY);
	ssize_t n;

	assert_true(fd >= 0);
	n = read(fd, text, sizeof text - 1);
	assert_true(n >= 0);
	text[n] = '\0';
	close(fd);
	return text;
}

/* Entries of d other than . and .. */
static int
count_entries(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	}
	closedir(dp);
	return n;
}

static void
assert_defaults(const struct settings *s)
{
	enum settings_col cols[SETTINGS_NCOLS];
	static const enum settings_col want[] = { SETTINGS_COL_PID, SETTINGS_COL_STATE,
		SETTINGS_COL_START, SETTINGS_COL_TIME, SETTINGS_COL_CPU, SETTINGS_COL_MAXRSS,
		SETTINGS_COL_COMMAND };

	assert_int_equal(settings_columns(s, cols, SETTINGS_NCOLS), 7);
	assert_memory_equal(cols, want, sizeof want);
	assert_int_equal(settings_color(s), 1);
	assert_int_equal(settings_color_scheme(s), SETTINGS_SCHEME_DEFAULT);
	assert_int_equal(settings_tree_glyphs(s), SETTINGS_GLYPHS_UNICODE);
	assert_int_equal(settings_pane(s), SETTINGS_PANE_BELOW);
	assert_int_equal(settings_follow(s), 0);
	assert_int_equal(settings_sort(s), SETTINGS_COL_START);
	assert_int_equal(settings_sort_descending(s), 0);
	assert_int_equal(settings_highlight(s), 1);
}

static void
test_new_is_defaults(void **state)
{
	struct settings *s = settings_new();

	assert_defaults(s);
	assert_null(settings_warning(s));
	assert_null(settings_file(s));
	/* Tied to no file: saving needs a path. */
	errno = 0;
	assert_int_equal(settings_save(s, NULL), -1);
	assert_int_equal(errno, ENOENT);
	settings_free(s);
}

static void
test_default_path(void **state)
{
	char *p;

	setenv("HOME", "/home/someone", 1);
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	p = settings_default_path();
	assert_string_equal(p, "/cfg/ptop/ptoprc");
	free(p);
	/* A relative XDG_CONFIG_HOME is invalid (XDG spec): HOME decides. */
	setenv("XDG_CONFIG_HOME", "rel", 1);
	p = settings_default_path();
	assert_string_equal(p, "/home/someone/.config/ptop/ptoprc");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = settings_default_path();
	assert_string_equal(p, "/home/someone/.config/ptop/ptoprc");
	free(p);
	unsetenv("HOME");
	assert_null(settings_default_path());
}

/* settings_load(NULL) reads $XDG_CONFIG_HOME/ptop/ptoprc. */
static void
test_load_default_file(void **state)
{
	char sub[160], file[192];
	struct settings *s;

	snprintf(sub, sizeof sub, "%s/ptop", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(file, sizeof file, "%s/ptoprc", sub);
	WRITE(file, "follow=on\n");
	setenv("XDG_CONFIG_HOME", dir, 1);
	s = settings_load(NULL);
	assert_string_equal(settings_file(s), file);
	assert_int_equal(settings_follow(s), 1);
	assert_null(settings_warning(s));
	settings_free(s);
	unsetenv("XDG_CONFIG_HOME");
}

static void
test_missing_file(void **state)
{
	struct settings *s = settings_load(path);

	assert_null(settings_warning(s));
	assert_string_equal(settings_file(s), path);
	assert_defaults(s);
	assert_int_equal(count_entries(dir), 0);	/* reading creates nothing */
	settings_free(s);
}

/* Comments, blank lines, spacing, unknown keys and odd values survive a rewrite. */
static void
test_round_trip(void **state)
{
	static const char text[] =
	    "# my ptop\n"
	    "\n"
	    "  color   =   off   \n"
	    "future_key = some value # not a comment\n"
	    "\t# indented comment\n"
	    "Pane=beside\n"
	    "columns = pid, ppid ,EXE,cwd,command\n"
	    "follow = yes\r\n"
	    "sort = maxrss\n"
	    "sort_order = descending\n"
	    "tree_glyphs = ascii\n"
	    "color_scheme = light\n"
	    "future.other-key=\n"
	    "last = no newline at the end";
	enum settings_col cols[SETTINGS_NCOLS];
	struct settings *s;
	struct stat st;

	WRITE(path, text);
	s = settings_load(path);
	assert_null(settings_warning(s));
	assert_int_equal(settings_color(s), 0);
	assert_int_equal(settings_pane(s), SETTINGS_PANE_BESIDE);
	assert_int_equal(settings_follow(s), 1);
	assert_int_equal(settings_sort(s), SETTINGS_COL_MAXRSS);
	assert_int_equal(settings_sort_descending(s), 1);
	assert_int_equal(settings_tree_glyphs(s), SETTINGS_GLYPHS_ASCII);
	assert_int_equal(settings_color_scheme(s), SETTINGS_SCHEME_LIGHT);
	assert_int_equal(settings_columns(s, cols, SETTINGS_NCOLS), 5);
	assert_int_equal(cols[0], SETTINGS_COL_PID);
	assert_int_equal(cols[1], SETTINGS_COL_PPID);
	assert_int_equal(cols[2], SETTINGS_COL_EXE);
	assert_int_equal(cols[3], SETTINGS_COL_CWD);
	assert_int_equal(cols[4], SETTINGS_COL_COMMAND);
	assert_string_equal(settings_get(s, "future_key"), "some value # not a comment");
	assert_string_equal(settings_get(s, "FUTURE.OTHER-KEY"), "");
	assert_string_equal(settings_get(s, "last"), "no newline at the end");
	assert_null(settings_get(s, "nothing"));

	/* Unchanged, the file comes back byte for byte (plus the final newline). */
	assert_int_equal(settings_save(s, NULL), 0);
	assert_string_equal(slurp(path), "# my ptop\n"
	    "\n"
	    "  color   =   off   \n"
	    "future_key = some value # not a comment\n"
	    "\t# indented comment\n"
	    "Pane=beside\n"
	    "columns = pid, ppid ,EXE,cwd,command\n"
	    "follow = yes\r\n"
	    "sort = maxrss\n"
	    "sort_order = descending\n"
	    "tree_glyphs = ascii\n"
	    "color_scheme = light\n"
	    "future.other-key=\n"
	    "last = no newline at the end\n");

	/* Changed: values replaced in place, the person's spacing kept. */
	settings_set_color(s, 1);
	settings_set_pane(s, SETTINGS_PANE_HIDDEN);
	settings_set_follow(s, 0);
	settings_set_sort(s, SETTINGS_COL_TIME, 0);
	settings_set_tree_glyphs(s, SETTINGS_GLYPHS_UNICODE);
	settings_set_color_scheme(s, SETTINGS_SCHEME_DEFAULT);
	cols[0] = SETTINGS_COL_TIME;
	cols[1] = SETTINGS_COL_COMMAND;
	settings_set_columns(s, cols, 2);
	settings_set(s, "brand_new", "x\ny");
	assert_int_equal(settings_save(s, NULL), 0);
	settings_free(s);
	assert_string_equal(slurp(path), "# my ptop\n"
	    "\n"
	    "  color   =   on   \n"
	    "future_key = some value # not a comment\n"
	    "\t# indented comment\n"
	    "Pane=hidden\n"
	    "columns = TIME,COMMAND\n"
	    "follow = off\r\n"
	    "sort = TIME\n"
	    "sort_order = ascending\n"
	    "tree_glyphs = unicode\n"
	    "color_scheme = default\n"
	    "future.other-key=\n"
	    "last = no newline at the end\n"
	    "brand_new=x y\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	/* And it reads back as it was set. */
	s = settings_load(path);
	assert_null(settings_warning(s));
	assert_int_equal(settings_color(s), 1);
	assert_int_equal(settings_pane(s), SETTINGS_PANE_HIDDEN);
	assert_int_equal(settings_follow(s), 0);
	assert_int_equal(settings_sort(s), SETTINGS_COL_TIME);
	assert_int_equal(settings_columns(s, cols, SETTINGS_NCOLS), 2);
	assert_int_equal(cols[0], SETTINGS_COL_TIME);
	assert_string_equal(settings_get(s, "brand_new"), "x y");
	assert_string_equal(settings_get(s, "future_key"), "some value # not a comment");
	settings_free(s);
	assert_int_equal(count_entries(dir), 1);	/* no temporary file left */
}

/* The last of repeated keys is in force, and the one a setter changes. */
static void
test_repeated_key(void **state)
{
	struct settings *s;

	WRITE(path, "follow=on\nfollow=off\n");
	s = settings_load(path);
	assert_int_equal(settings_follow(s), 0);
	settings_set_follow(s, 1);
	assert_int_equal(settings_save(s, NULL), 0);
	settings_free(s);
	assert_string_equal(slurp(path), "follow=on\nfollow=on\n");
}

/* Damaged lines: one warning naming the first, the defaults where needed. */
static void
test_damaged_file(void **state)
{
	static const char text[] =
	    "follow = on\n"
	    "this line has no equals sign\n"
	    "color = maybe\n"
	    "= no key\n"
	    "bad key = 1\n"
	    "pane = \033[31mred\n"
	    "sort = NOPE\n"
	    "columns = PID, BOGUS, PID, TIME\n"
	    "nul\0byte = 1\n"
	    "sort_order = descending\n";
	enum settings_col cols[SETTINGS_NCOLS];
	struct settings *s;
	char want[256];

	write_file(path, text, sizeof text - 1);
	s = settings_load(path);
	snprintf(want, sizeof want, "%s:2: not \"key = value\"; line ignored (and 7 more problems)",
	    path);
	assert_non_null(settings_warning(s));
	assert_string_equal(settings_warning(s), want);
	assert_null(strchr(settings_warning(s), '\n'));
	/* Good lines are used, bad values give the defaults. */
	assert_int_equal(settings_follow(s), 1);
	assert_int_equal(settings_sort_descending(s), 1);
	assert_int_equal(settings_color(s), 1);
	assert_int_equal(settings_pane(s), SETTINGS_PANE_BELOW);
	assert_int_equal(settings_sort(s), SETTINGS_COL_START);
	assert_int_equal(settings_columns(s, cols, SETTINGS_NCOLS), 3);
	assert_int_equal(cols[0], SETTINGS_COL_PID);
	assert_int_equal(cols[1], SETTINGS_COL_TIME);
	assert_int_equal(cols[2], SETTINGS_COL_COMMAND);
	/* Rewriting keeps even the damaged lines, for the person to mend. */
	settings_set_follow(s, 0);
	assert_int_equal(settings_save(s, NULL), 0);
	settings_free(s);
	s = settings_load(path);
	assert_int_equal(settings_follow(s), 0);
	assert_non_null(strstr(settings_warning(s), "(and 7 more problems)"));
	settings_free(s);
}

/* Each kind of problem, alone: the message says what and where, escaped. */
static void
test_warning_texts(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "color = maybe\n", ":1: color: 'maybe' is not off or on; using on" },
		{ "\n\npane = \033[31mred\n",
		    ":3: pane: '\\e[31mred' is not below, beside or hidden; using below" },
		{ "sort = NOPE\n", ":1: sort: no column named 'NOPE'; using START" },
		{ "columns = PID, BOGUS\n",
		    ":1: columns: unknown or repeated column 'BOGUS'; left out" },
		{ "columns = ,\n", ":1: columns: no known column; using "
		    "PID,STATE,START,TIME,CPU,MAXRSS,COMMAND" },
		{ "bad key = 1\n", ":1: no key before '=' (letters, digits, _ . -); line ignored" },
		{ "#ok\njunk\n", ":2: not \"key = value\"; line ignored" },
	};
	struct settings *s;
	char want[256];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_file(path, cases[i].text, strlen(cases[i].text));
		s = settings_load(path);
		snprintf(want, sizeof want, "%s%s", path, cases[i].want);
		assert_non_null(settings_warning(s));
		assert_string_equal(settings_warning(s), want);
		settings_free(s);
	}
}

static void
test_missing_directory(void **state)
{
	char deep[192];
	struct settings *s;
	struct stat st;

	snprintf(deep, sizeof deep, "%s/a/b/ptoprc", dir);
	s = settings_load(deep);
	assert_null(settings_warning(s));
	settings_set_follow(s, 1);
	umask(0);	/* the modes must not depend on the umask */
	assert_int_equal(settings_save(s, NULL), 0);
	umask(022);
	settings_free(s);
	snprintf(deep, sizeof deep, "%s/a", dir);
	assert_int_equal(stat(deep, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	snprintf(deep, sizeof deep, "%s/a/b", dir);
	assert_int_equal(stat(deep, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(count_entries(deep), 1);
	snprintf(deep, sizeof deep, "%s/a/b/ptoprc", dir);
	assert_int_equal(stat(deep, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* A new file starts with a line saying what it is. */
	assert_string_equal(slurp(deep), "# ptop settings: one \"key = value\" per line; "
	    "ptop(1), FILES, lists the keys.\nfollow=on\n");
}

/* A path under a regular file: ENOTDIR, nothing created. */
static void
test_directory_is_a_file(void **state)
{
	char bad[192];
	struct settings *s;

	WRITE(path, "x");
	snprintf(bad, sizeof bad, "%s/ptop/ptoprc", path);
	s = settings_load(bad);
	/* An unusable path is not an error to report at start... */
	assert_non_null(settings_warning(s));
	assert_non_null(strstr(settings_warning(s), "cannot read: Not a directory"));
	settings_set_follow(s, 1);
	/* ...and saving there fails with a reason. */
	errno = 0;
	assert_int_equal(settings_save(s, NULL), -1);
	assert_int_equal(errno, ENOTDIR);
	settings_free(s);
	assert_string_equal(slurp(path), "x");
}

/*
 * Run fn as a user who cannot write (or read) root's 0755 (or 0600) files:
 * uid 65534 when running as root (root ignores modes), ourselves otherwise.
 * Returns fn's result (0 = as expected).
 */
static int
as_unprivileged(int (*fn)(void))
{
	pid_t pid;
	int st;

	if (geteuid() != 0)
		return fn();
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
			_exit(98);
		_exit(fn() == 0 ? 0 : 1);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static char ro_dir[160];

static int
save_into_ro_dir(void)
{
	char file[192];
	struct settings *s;
	int rc, err;

	snprintf(file, sizeof file, "%s/ptoprc", ro_dir);
	s = settings_load(file);
	if (settings_warning(s) != NULL)
		return 2;
	settings_set_follow(s, 1);
	errno = 0;
	rc = settings_save(s, NULL);
	err = errno;
	settings_free(s);
	if (rc != -1 || err != EACCES)
		return 3;
	/* A missing directory under it cannot be made either. */
	snprintf(file, sizeof file, "%s/sub/ptoprc", ro_dir);
	s = settings_load(file);
	settings_set_follow(s, 1);
	errno = 0;
	rc = settings_save(s, NULL);
	err = errno;
	settings_free(s);
	return rc == -1 && err == EACCES ? 0 : 4;
}

static void
test_unwritable_directory(void **state)
{
	snprintf(ro_dir, sizeof ro_dir, "%s/ro", dir);
	assert_int_equal(mkdir(ro_dir, 0700), 0);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(chmod(ro_dir, 0555), 0);
	assert_int_equal(as_unprivileged(save_into_ro_dir), 0);
	assert_int_equal(chmod(ro_dir, 0700), 0);
	assert_int_equal(count_entries(ro_dir), 0);	/* no temporary file left */
}

static int
load_unreadable(void)
{
	struct settings *s = settings_load(path);
	const char *w = settings_warning(s);
	char want[192];
	int rc = 0, err;

	snprintf(want, sizeof want, "%s: cannot read: Permission denied; using the defaults",
	    path);
	if (w == NULL || strcmp(w, want) != 0 || settings_follow(s) != 0)
		rc = 2;
	/* What could not be read is never replaced by the defaults. */
	settings_set_follow(s, 1);
	errno = 0;
	if (settings_save(s, NULL) != -1)
		rc = 3;
	err = errno;
	settings_free(s);
	if (rc == 0 && err != EACCES)
		rc = 4;
	return rc;
}

static void
test_unreadable_file(void **state)
{
	WRITE(path, "follow=on\n");
	assert_int_equal(chmod(path, 0), 0);
	assert_int_equal(chmod(dir, 0777), 0);	/* even where it could be replaced */
	assert_int_equal(as_unprivileged(load_unreadable), 0);
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(chmod(path, 0600), 0);
	assert_string_equal(slurp(path), "follow=on\n");
	assert_int_equal(count_entries(dir), 1);
}

/* A directory, a FIFO or something huge at the path: a warning, no hang. */
static void
test_not_a_settings_file(void **state)
{
	struct settings *s;
	char want[192];
	char *big;
	int fd;

	assert_int_equal(mkdir(path, 0700), 0);
	s = settings_load(path);
	snprintf(want, sizeof want, "%s: not a regular file; using the defaults", path);
	assert_string_equal(settings_warning(s), want);
	assert_defaults(s);
	settings_set_follow(s, 1);
	assert_int_equal(settings_save(s, NULL), -1);
	settings_free(s);
	assert_int_equal(rmdir(path), 0);

	assert_int_equal(mkfifo(path, 0600), 0);
	s = settings_load(path);
	assert_string_equal(settings_warning(s), want);
	settings_free(s);
	assert_int_equal(unlink(path), 0);

	big = calloc(1, 2 << 20);
	assert_non_null(big);
	memset(big, '#', 2 << 20);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, big, 2 << 20), 2 << 20);
	close(fd);
	free(big);
	s = settings_load(path);
	snprintf(want, sizeof want, "%s: cannot read: larger than 1 MiB; using the defaults",
	    path);
	assert_string_equal(settings_warning(s), want);
	settings_set_follow(s, 1);
	errno = 0;
	assert_int_equal(settings_save(s, NULL), -1);
	assert_int_equal(errno, EFBIG);
	settings_free(s);
}

/* A symlinked ptoprc (a dotfile manager's): the target changes, the link stays. */
static void
test_symlinked_file(void **state)
{
	char target[160];
	struct settings *s;
	struct stat st;

	snprintf(target, sizeof target, "%s/dotfile", dir);
	WRITE(target, "# kept\ncolor=on\n");
	assert_int_equal(symlink("dotfile", path), 0);
	s = settings_load(path);
	assert_null(settings_warning(s));
	settings_set_color(s, 0);
	assert_int_equal(settings_save(s, NULL), 0);
	settings_free(s);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(slurp(target), "# kept\ncolor=off\n");
	assert_int_equal(count_entries(dir), 2);
}

/*
 * Saving elsewhere (an explicit path) leaves the file it was read from
 * alone; a failed save leaves nothing behind.
 */
static void
test_save_elsewhere(void **state)
{
	char other[160];
	struct settings *s;

	snprintf(other, sizeof other, "%s/other", dir);
	WRITE(path, "follow=on\n");
	s = settings_load(path);
	settings_set_follow(s, 0);
	assert_int_equal(settings_save(s, other), 0);
	assert_string_equal(slurp(path), "follow=on\n");
	assert_string_equal(slurp(other), "follow=off\n");

	/* A rename that fails (a directory is in the way) leaves no temporary file. */
	snprintf(other, sizeof other, "%s/in-the-way", dir);
	assert_int_equal(mkdir(other, 0700), 0);
	strcat(other, "/x");
	WRITE(other, "");
	other[strlen(other) - 2] = '\0';
	errno = 0;
	assert_int_equal(settings_save(s, other), -1);
	assert_int_equal(errno, EISDIR);
	settings_free(s);
	assert_int_equal(count_entries(dir), 3);
}

static void
test_columns(void **state)
{
	enum settings_col cols[SETTINGS_NCOLS], two[2];
	struct settings *s = settings_new();
	int i;

	for (i = 0; i < SETTINGS_NCOLS; i++)
		assert_int_equal(settings_col_parse(settings_col_name((enum settings_col)i)), i);
	assert_int_equal(settings_col_parse("maxrss"), SETTINGS_COL_MAXRSS);
	assert_int_equal(settings_col_parse("nope"), -1);
	assert_string_equal(settings_col_name(SETTINGS_NCOLS), "?");

	/* COMMAND holds the tree: added last when left out. */
	settings_set(s, "columns", "cwd exe");
	assert_int_equal(settings_columns(s, cols, SETTINGS_NCOLS), 3);
	assert_int_equal(cols[0], SETTINGS_COL_CWD);
	assert_int_equal(cols[1], SETTINGS_COL_EXE);
	assert_int_equal(cols[2], SETTINGS_COL_COMMAND);
	/* Every column, COMMAND first. */
	settings_set(s, "columns", "COMMAND,PID,PPID,STATE,START,TIME,CPU,UTIME,STIME,MAXRSS,"
	    "THREADS,EXE,CWD");
	assert_int_equal(settings_columns(s, cols, SETTINGS_NCOLS), SETTINGS_NCOLS);
	assert_int_equal(cols[0], SETTINGS_COL_COMMAND);
	assert_int_equal(cols[12], SETTINGS_COL_CWD);
	/* max is respected. */
	assert_int_equal(settings_columns(s, two, 2), 2);
	assert_int_equal(two[1], SETTINGS_COL_PID);
	/* Nothing usable: the defaults. */
	settings_set(s, "columns", "NOPE");
	assert_int_equal(settings_columns(s, cols, SETTINGS_NCOLS), 7);
	settings_free(s);
}

/* highlight: on by default; off, and a bad value that warns and means on. */
static void
test_highlight(void **state)
{
	struct settings *s;

	WRITE(path, "# mine\nhighlight = no\n");
	s = settings_load(path);
	assert_null(settings_warning(s));
	assert_int_equal(settings_highlight(s), 0);
	settings_set_highlight(s, 1);
	settings_set_sort(s, SETTINGS_COL_MAXRSS, 1);
	assert_int_equal(settings_save(s, NULL), 0);
	settings_free(s);
	assert_string_equal(slurp(path), "# mine\nhighlight = on\nsort=MAXRSS\n"
	    "sort_order=descending\n");
	WRITE(path, "highlight = sometimes\n");
	s = settings_load(path);
	assert_non_null(strstr(settings_warning(s), ":1: highlight: 'sometimes' is not off or on"));
	assert_int_equal(settings_highlight(s), 1);
	settings_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_is_defaults),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test_setup_teardown(test_load_default_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warning_texts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_is_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_settings_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlinked_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_elsewhere, setup, teardown),
		cmocka_unit_test(test_columns),
		cmocka_unit_test_setup_teardown(test_highlight, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
