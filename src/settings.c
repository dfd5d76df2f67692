/*
 * settings.c: the settings file (see settings.h for the rules, and ptop(1),
 * FILES, for the format as users see it).
 *
 * Every line of the file is kept as it was read, bytes and all; a line that
 * holds a setting also records where its key and value lie, so that a setter
 * can replace the value and keep the person's spacing.  Values are checked
 * once at load (for the warning) and parsed again by each accessor, which
 * falls back to the default on anything it cannot use: the lines are the
 * only state.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fmt.h"
#include "settings.h"
#include "xmalloc.h"

/* A settings file is a few hundred bytes; anything this big is something else. */
#define SETTINGS_MAX_SIZE	(1024 * 1024)

#define SETTINGS_HEADER \
	"# ptop settings: one \"key = value\" per line; ptop(1), FILES, lists the keys."

struct settings_line {
	char *text;		/* the line without its newline; may hold any byte */
	size_t len;
	char *key;		/* a setting's key (NUL-terminated copy), else NULL */
	char *value;		/* its value, spaces trimmed (NUL-terminated copy) */
	size_t voff, vlen;	/* where the value lies in text */
};

struct settings {
	char *path;		/* NULL: settings_new() */
	int read_errno;		/* the file exists but could not be read: never overwrite it */
	struct settings_line *lines;
	size_t nlines, cap;
	char *warning;
	struct buf *first;	/* while loading: the first problem found */
	unsigned problems;
};

static const char *const settings_col_names[SETTINGS_NCOLS] = {
	[SETTINGS_COL_PID] = "PID",
	[SETTINGS_COL_PPID] = "PPID",
	[SETTINGS_COL_STATE] = "STATE",
	[SETTINGS_COL_START] = "START",
	[SETTINGS_COL_TIME] = "TIME",
	[SETTINGS_COL_CPU] = "CPU",
	[SETTINGS_COL_UTIME] = "UTIME",
	[SETTINGS_COL_STIME] = "STIME",
	[SETTINGS_COL_MAXRSS] = "MAXRSS",
	[SETTINGS_COL_THREADS] = "THREADS",
	[SETTINGS_COL_EXE] = "EXE",
	[SETTINGS_COL_CWD] = "CWD",
	[SETTINGS_COL_COMMAND] = "COMMAND",
};

/* The words each keyed choice accepts, in enum order (NULL-terminated). */
static const char *const settings_bool_words[] = { "off", "on", NULL };
static const char *const settings_scheme_words[] = { "default", "light", NULL };
static const char *const settings_glyph_words[] = { "unicode", "ascii", NULL };
static const char *const settings_pane_words[] = { "below", "beside", "hidden", NULL };
static const char *const settings_order_words[] = { "ascending", "descending", NULL };

enum settings_kind { SETTINGS_WORD, SETTINGS_BOOL, SETTINGS_COLUMN, SETTINGS_COLUMNS };

static const struct settings_key {
	const char *name;
	enum settings_kind kind;
	const char *const *words;	/* SETTINGS_WORD and SETTINGS_BOOL */
	const char *def;
} settings_keys[] = {
	{ "columns", SETTINGS_COLUMNS, NULL, "PID,STATE,START,TIME,CPU,MAXRSS,COMMAND" },
	{ "color", SETTINGS_BOOL, settings_bool_words, "on" },
	{ "color_scheme", SETTINGS_WORD, settings_scheme_words, "default" },
	{ "tree_glyphs", SETTINGS_WORD, settings_glyph_words, "unicode" },
	{ "pane", SETTINGS_WORD, settings_pane_words, "below" },
	{ "follow", SETTINGS_BOOL, settings_bool_words, "off" },
	{ "highlight", SETTINGS_BOOL, settings_bool_words, "on" },
	{ "sort", SETTINGS_COLUMN, NULL, "START" },
	{ "sort_order", SETTINGS_WORD, settings_order_words, "ascending" },
};
#define SETTINGS_NKEYS (sizeof settings_keys / sizeof settings_keys[0])

const char *
settings_col_name(enum settings_col col)
{
	if ((unsigned)col >= SETTINGS_NCOLS)
		return "?";
	return settings_col_names[col];
}

int
settings_col_parse(const char *name)
{
	int i;

	for (i = 0; i < SETTINGS_NCOLS; i++) {
		if (strcasecmp(name, settings_col_names[i]) == 0)
			return i;
	}
	return -1;
}

char *
settings_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *path;

	/* The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/')
		xasprintf(&path, "%s/ptop/ptoprc", xdg);
	else if (home != NULL && home[0] != '\0')
		xasprintf(&path, "%s/.config/ptop/ptoprc", home);
	else
		return NULL;
	return path;
}

static int
settings_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
settings_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-' || c == '.';
}

static const struct settings_key *
settings_find_key(const char *name)
{
	size_t i;

	for (i = 0; i < SETTINGS_NKEYS; i++) {
		if (strcasecmp(name, settings_keys[i].name) == 0)
			return &settings_keys[i];
	}
	return NULL;
}

/* The index of value among words (on/off also as yes/no, true/false, 1/0); -1 if none. */
static int
settings_word(const struct settings_key *k, const char *value)
{
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };
	int i;

	for (i = 0; k->words[i] != NULL; i++) {
		if (strcasecmp(value, k->words[i]) == 0)
			return i;
	}
	if (k->kind == SETTINGS_BOOL) {
		for (i = 0; i < 3; i++) {
			if (strcasecmp(value, yes[i]) == 0)
				return 1;
			if (strcasecmp(value, no[i]) == 0)
				return 0;
		}
	}
	return -1;
}

/*
 * Split a columns value (names separated by commas and/or spaces) into
 * cols; unknown names and repeats are skipped and, when bad is given, the
 * first such name is copied there.  Returns how many were kept.
 */
static size_t
settings_parse_columns(const char *value, enum settings_col *cols, size_t max,
    struct buf *bad)
{
	unsigned seen = 0;
	const char *p = value, *end;
	char name[32];
	size_t n = 0, len;
	int col;

	while (*p != '\0') {
		while (*p == ',' || settings_space(*p))
			p++;
		end = p;
		while (*end != '\0' && *end != ',' && !settings_space(*end))
			end++;
		len = (size_t)(end - p);
		if (len == 0)
			break;
		col = -1;
		if (len < sizeof name) {
			memcpy(name, p, len);
			name[len] = '\0';
			col = settings_col_parse(name);
		}
		if (col < 0 || (seen & (1u << col)) != 0) {
			if (bad != NULL && bad->len == 0)
				fmt_escape(bad, p, len, 0);
		} else {
			seen |= 1u << col;
			if (n < max)
				cols[n] = (enum settings_col)col;
			n++;
		}
		p = end;
	}
	return n < max ? n : max;
}

/*
 * Whether value can be used for k: 0 if so; otherwise -1 and why, ending
 * with what is used instead.
 */
static int
settings_check(const struct settings_key *k, const char *value, struct buf *why)
{
	enum settings_col cols[SETTINGS_NCOLS];
	struct buf bad = BUF_INIT;
	size_t n;
	int i;

	switch (k->kind) {
	case SETTINGS_BOOL:
	case SETTINGS_WORD:
		if (settings_word(k, value) >= 0)
			return 0;
		buf_printf(why, "%s: '", k->name);
		fmt_escape(why, value, strlen(value), 0);
		buf_adds(why, "' is not ");
		for (i = 0; k->words[i] != NULL; i++) {
			if (i > 0)
				buf_adds(why, k->words[i + 1] == NULL ? " or " : ", ");
			buf_adds(why, k->words[i]);
		}
		break;
	case SETTINGS_COLUMN:
		if (settings_col_parse(value) >= 0)
			return 0;
		buf_printf(why, "%s: no column named '", k->name);
		fmt_escape(why, value, strlen(value), 0);
		buf_adds(why, "'");
		break;
	case SETTINGS_COLUMNS:
		n = settings_parse_columns(value, cols, SETTINGS_NCOLS, &bad);
		if (bad.len == 0 && n > 0)
			return 0;
		if (n > 0) {
			buf_printf(why, "%s: unknown or repeated column '%s'; left out",
			    k->name, bad.p);
			buf_free(&bad);
			return -1;
		}
		buf_printf(why, "%s: no known column", k->name);
		if (bad.len > 0)
			buf_printf(why, " ('%s' is not one)", bad.p);
		buf_free(&bad);
		break;
	}
	buf_printf(why, "; using %s", k->def);
	return -1;
}

/* Note a problem; only the first is told, with a count of the others. */
static void
settings_problem(struct settings *s, size_t lineno, const char *fmt, const char *what)
{
	if (s->problems++ > 0)
		return;
	fmt_escape(s->first, s->path, strlen(s->path), 0);
	if (lineno > 0)
		buf_printf(s->first, ":%zu", lineno);
	buf_adds(s->first, ": ");
	buf_printf(s->first, fmt, what);
}

static struct settings_line *
settings_add_line(struct settings *s, const char *text, size_t len)
{
	struct settings_line *l;

	if (s->nlines == s->cap) {
		s->cap = s->cap == 0 ? 16 : s->cap * 2;
		s->lines = xreallocarray(s->lines, s->cap, sizeof *s->lines);
	}
	l = &s->lines[s->nlines++];
	memset(l, 0, sizeof *l);
	l->text = xmalloc(len + 1);
	memcpy(l->text, text, len);
	l->text[len] = '\0';
	l->len = len;
	return l;
}

/* Find a line's key and value, and check them; lineno counts from 1. */
static void
settings_parse_line(struct settings *s, struct settings_line *l, size_t lineno)
{
	const struct settings_key *k;
	struct buf why = BUF_INIT;
	const char *t = l->text, *eq;
	size_t a = 0, b, v, e = l->len;

	while (a < e && settings_space(t[a]))
		a++;
	if (a == e || t[a] == '#')
		return;		/* blank or a comment */
	if (memchr(t, '\0', l->len) != NULL) {
		settings_problem(s, lineno, "%s", "not text (a NUL byte); line ignored");
		return;
	}
	eq = memchr(t + a, '=', e - a);
	if (eq == NULL) {
		settings_problem(s, lineno, "%s", "not \"key = value\"; line ignored");
		return;
	}
	b = (size_t)(eq - t);
	while (b > a && settings_space(t[b - 1]))
		b--;
	for (v = a; v < b && settings_key_char(t[v]); v++)
		;
	if (b == a || v != b) {
		settings_problem(s, lineno, "%s", "no key before '=' (letters, digits, _ . -); "
		    "line ignored");
		return;
	}
	v = (size_t)(eq - t) + 1;
	while (v < e && settings_space(t[v]))
		v++;
	while (e > v && settings_space(t[e - 1]))
		e--;
	l->key = xstrndup(t + a, b - a);
	l->value = xstrndup(t + v, e - v);
	l->voff = v;
	l->vlen = e - v;

	k = settings_find_key(l->key);
	if (k != NULL && settings_check(k, l->value, &why) != 0)
		settings_problem(s, lineno, "%s", why.p);
	buf_free(&why);
}

struct settings *
settings_new(void)
{
	return xcalloc(1, sizeof(struct settings));
}

/* Read the whole of fd (at most SETTINGS_MAX_SIZE bytes) into b; -1 with errno. */
static int
settings_read_fd(int fd, struct buf *b)
{
	ssize_t n;

	for (;;) {
		buf_reserve(b, 4096);
		n = read(fd, b->p + b->len, b->cap - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		b->len += (size_t)n;
		b->p[b->len] = '\0';
		if (b->len > SETTINGS_MAX_SIZE) {
			errno = EFBIG;
			return -1;
		}
	}
}

/* Read s->path into s's lines; problems go to s->first. */
static void
settings_read(struct settings *s)
{
	struct buf b = BUF_INIT;
	struct stat st;
	size_t off, lineno, len;
	const char *nl;
	int fd;

	/* O_NONBLOCK: a FIFO there must not hang the start. */
	fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return;		/* no file yet: the defaults, silently */
		s->read_errno = errno;
		settings_problem(s, 0, "cannot read: %s; using the defaults", strerror(errno));
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		s->read_errno = EINVAL;
		settings_problem(s, 0, "%s", "not a regular file; using the defaults");
		close(fd);
		return;
	}
	if (settings_read_fd(fd, &b) != 0) {
		s->read_errno = errno;
		settings_problem(s, 0, "cannot read: %s; using the defaults",
		    errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
		close(fd);
		buf_free(&b);
		return;
	}
	close(fd);

	for (off = 0, lineno = 1; off < b.len; lineno++) {
		nl = memchr(b.p + off, '\n', b.len - off);
		len = nl != NULL ? (size_t)(nl - (b.p + off)) : b.len - off;
		settings_parse_line(s, settings_add_line(s, b.p + off, len), lineno);
		off += len + (nl != NULL);
	}
	buf_free(&b);
}

struct settings *
settings_load(const char *path)
{
	struct settings *s = settings_new();
	struct buf first = BUF_INIT;

	s->path = path != NULL ? xstrdup(path) : settings_default_path();
	if (s->path == NULL)
		return s;
	s->first = &first;
	settings_read(s);
	s->first = NULL;
	if (s->problems > 1)
		buf_printf(&first, " (and %u more problem%s)", s->problems - 1,
		    s->problems > 2 ? "s" : "");
	if (s->problems > 0)
		s->warning = first.p;
	else
		buf_free(&first);
	return s;
}

void
settings_free(struct settings *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nlines; i++) {
		free(s->lines[i].text);
		free(s->lines[i].key);
		free(s->lines[i].value);
	}
	free(s->lines);
	free(s->path);
	free(s->warning);
	free(s);
}

const char *
settings_warning(const struct settings *s)
{
	return s->warning;
}

const char *
settings_file(const struct settings *s)
{
	return s->path;
}

/* The line whose value is in force for key (the last one), or NULL. */
static struct settings_line *
settings_line_of(const struct settings *s, const char *key)
{
	size_t i;

	for (i = s->nlines; i-- > 0;) {
		if (s->lines[i].key != NULL && strcasecmp(s->lines[i].key, key) == 0)
			return &s->lines[i];
	}
	return NULL;
}

const char *
settings_get(const struct settings *s, const char *key)
{
	struct settings_line *l = settings_line_of(s, key);

	return l != NULL ? l->value : NULL;
}

void
settings_set(struct settings *s, const char *key, const char *value)
{
	struct settings_line *l = settings_line_of(s, key);
	struct buf b = BUF_INIT;
	char *v = xstrdup(value), *p;
	size_t tail;

	/* One line: a newline in a value would start another. */
	for (p = v; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	}
	if (l == NULL) {
		if (s->nlines == 0)
			settings_add_line(s, SETTINGS_HEADER, strlen(SETTINGS_HEADER));
		buf_printf(&b, "%s=%s", key, v);
		l = settings_add_line(s, b.p, b.len);
		buf_free(&b);
		l->key = xstrdup(key);
		l->voff = strlen(key) + 1;
	} else {
		/* Keep the person's spacing and anything after the value. */
		tail = l->voff + l->vlen;
		buf_add(&b, l->text, l->voff);
		buf_adds(&b, v);
		buf_add(&b, l->text + tail, l->len - tail);
		free(l->text);
		free(l->value);
		l->text = b.p;
		l->len = b.len;
	}
	l->value = v;
	l->vlen = strlen(v);
}

/* Create dir and its missing parents, mode 0700 (the XDG spec's). */
static int
settings_mkdirs(char *dir)
{
	char *p;

	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				*p = c;
				return -1;
			}
			*p = c;
		}
		if (*p == '\0')
			return 0;
	}
}

static int
settings_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write s's lines to a new file in target's directory and rename it over target. */
static int
settings_replace(const struct settings *s, const char *target)
{
	struct buf b = BUF_INIT;
	char *dir = xstrdup(target), *slash, *tmp;
	size_t i;
	int fd, dfd, saved, rc = -1;

	slash = strrchr(dir, '/');
	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (settings_mkdirs(dir) != 0) {
		free(dir);
		return -1;
	}
	/* O_EXCL on a fresh name: never opens what someone left there. */
	xasprintf(&tmp, "%s.XXXXXX", target);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		free(dir);
		errno = saved;
		return -1;
	}
	for (i = 0; i < s->nlines; i++) {
		buf_add(&b, s->lines[i].text, s->lines[i].len);
		buf_addc(&b, '\n');
	}
	if (settings_write_all(fd, b.p != NULL ? b.p : "", b.len) == 0 && fsync(fd) == 0) {
		if (close(fd) == 0 && rename(tmp, target) == 0)
			rc = 0;
		fd = -1;
	}
	saved = errno;
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	else if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		/* The rename itself survives a crash only once the directory is synced. */
		fsync(dfd);
		close(dfd);
	}
	buf_free(&b);
	free(tmp);
	free(dir);
	errno = saved;
	return rc;
}

int
settings_save(struct settings *s, const char *path)
{
	struct stat st;
	char *real = NULL;
	int rc, saved;

	if (path == NULL)
		path = s->path;
	if (path == NULL) {
		errno = ENOENT;
		return -1;
	}
	/* What could not be read must not be replaced by what was. */
	if (s->read_errno != 0 && s->path != NULL && strcmp(path, s->path) == 0) {
		errno = s->read_errno;
		return -1;
	}
	/* A symlinked file (a dotfile manager's): replace its target, keep the link. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		real = realpath(path, NULL);
		if (real == NULL)
			return -1;
		path = real;
	}
	rc = settings_replace(s, path);
	saved = errno;
	free(real);
	errno = saved;
	return rc;
}

/* The value in force for the key at k, or its default. */
static const char *
settings_value(const struct settings *s, const struct settings_key *k)
{
	const char *v = settings_get(s, k->name);

	return v != NULL ? v : k->def;
}

/* A word-valued key's index in its words; the default's when unusable. */
static int
settings_choice(const struct settings *s, const char *key)
{
	const struct settings_key *k = settings_find_key(key);
	int i = settings_word(k, settings_value(s, k));

	return i >= 0 ? i : settings_word(k, k->def);
}

static void
settings_set_choice(struct settings *s, const char *key, int i)
{
	const struct settings_key *k = settings_find_key(key);
	int n;

	for (n = 0; k->words[n] != NULL; n++)
		;
	if (i >= 0 && i < n)
		settings_set(s, k->name, k->words[i]);
}

size_t
settings_columns(const struct settings *s, enum settings_col *cols, size_t max)
{
	const struct settings_key *k = settings_find_key("columns");
	enum settings_col all[SETTINGS_NCOLS];
	size_t n, i;

	n = settings_parse_columns(settings_value(s, k), all, SETTINGS_NCOLS, NULL);
	if (n == 0)
		n = settings_parse_columns(k->def, all, SETTINGS_NCOLS, NULL);
	for (i = 0; i < n && all[i] != SETTINGS_COL_COMMAND; i++)
		;
	if (i == n)
		all[n++] = SETTINGS_COL_COMMAND;
	if (n > max)
		n = max;
	memcpy(cols, all, n * sizeof *cols);
	return n;
}

void
settings_set_columns(struct settings *s, const enum settings_col *cols, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_adds(&b, settings_col_name(cols[i]));
	}
	settings_set(s, "columns", b.p != NULL ? b.p : "");
	buf_free(&b);
}

int
settings_color(const struct settings *s)
{
	return settings_choice(s, "color");
}

void
settings_set_color(struct settings *s, int on)
{
	settings_set_choice(s, "color", on != 0);
}

enum settings_scheme
settings_color_scheme(const struct settings *s)
{
	return (enum settings_scheme)settings_choice(s, "color_scheme");
}

void
settings_set_color_scheme(struct settings *s, enum settings_scheme scheme)
{
	settings_set_choice(s, "color_scheme", (int)scheme);
}

enum settings_glyphs
settings_tree_glyphs(const struct settings *s)
{
	return (enum settings_glyphs)settings_choice(s, "tree_glyphs");
}

void
settings_set_tree_glyphs(struct settings *s, enum settings_glyphs glyphs)
{
	settings_set_choice(s, "tree_glyphs", (int)glyphs);
}

enum settings_pane
settings_pane(const struct settings *s)
{
	return (enum settings_pane)settings_choice(s, "pane");
}

void
settings_set_pane(struct settings *s, enum settings_pane pane)
{
	settings_set_choice(s, "pane", (int)pane);
}

int
settings_follow(const struct settings *s)
{
	return settings_choice(s, "follow");
}

void
settings_set_follow(struct settings *s, int on)
{
	settings_set_choice(s, "follow", on != 0);
}

int
settings_highlight(const struct settings *s)
{
	return settings_choice(s, "highlight");
}

void
settings_set_highlight(struct settings *s, int on)
{
	settings_set_choice(s, "highlight", on != 0);
}

enum settings_col
settings_sort(const struct settings *s)
{
	const struct settings_key *k = settings_find_key("sort");
	int col = settings_col_parse(settings_value(s, k));

	return (enum settings_col)(col >= 0 ? col : settings_col_parse(k->def));
}

int
settings_sort_descending(const struct settings *s)
{
	return settings_choice(s, "sort_order");
}

void
settings_set_sort(struct settings *s, enum settings_col col, int descending)
{
	settings_set(s, "sort", settings_col_name(col));
	settings_set_choice(s, "sort_order", descending != 0);
}
