/*
 * test_tracefile.c: the JSON Lines writer (escaping, b64 for bytes that are
 * not UTF-8, one line per event) and the reader (round trip into
 * a tree, damaged files refused with a line number, a cut last line dropped).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "ptree.h"
#include "tracefile.h"

static char tmpl[64];
static struct bus tbus;

static const char *
json_of(const char *s, size_t len)
{
	static struct buf b;

	buf_clear(&b);
	json_bytes(&b, s, len);
	return b.p;
}

#define J(lit) json_of(lit, sizeof(lit) - 1)

static void
test_json_escaping(void **state)
{
	assert_string_equal(J("plain"), "\"plain\"");
	assert_string_equal(J("a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(J("l1\nl2\tx\r"), "\"l1\\nl2\\tx\\r\"");
	assert_string_equal(J("\033[0m"), "\"\\u001b[0m\"");
	assert_string_equal(J("del\x7f"), "\"del\\u007f\"");
	assert_string_equal(J("c1\xc2\x9b"), "\"c1\\u009b\"");
	assert_string_equal(J("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	/* Bidi overrides and isolates ("Trojan Source"), zero-width, BOM. */
	assert_string_equal(J("a\xe2\x80\xae" "b"), "\"a\\u202eb\"");
	assert_string_equal(J("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"),
	    "\"\\u202a\\u202b\\u202c\\u202d\"");
	assert_string_equal(J("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9"),
	    "\"\\u2066\\u2067\\u2068\\u2069\"");
	assert_string_equal(J("\xe2\x80\x8b\xef\xbb\xbf\xe2\x80\xa8"), "\"\\u200b\\ufeff\\u2028\"");
	/* Printable neighbours stay as they are. */
	assert_string_equal(J("\xe2\x80\xb0\xe2\x81\xb0"), "\"\xe2\x80\xb0\xe2\x81\xb0\"");
	assert_string_equal(J(""), "\"\"");
	/* Not UTF-8: exact bytes in base64. */
	assert_string_equal(J("\xff"), "{\"b64\":\"/w==\"}");
	assert_string_equal(J("a\x9b" "b"), "{\"b64\":\"YZti\"}");
	assert_string_equal(J("\xfe\xff\x00"), "{\"b64\":\"/v8A\"}");
}

static char *
write_trace(void)
{
	static const char args1[] = "sh\0-c\0echo \"hi\"\n\0x\xe2\x80\xae" "y\0";
	static const char args2[] = "bad\xff\0\0\033[31m\0";
	struct tracefile *tf;
	struct trace_info info;
	struct event ev;
	struct sink s;
	int fd;

	strcpy(tmpl, "/tmp/ptop-unit-XXXXXX");
	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	tf = tracefile_new(fd, tmpl);
	s = tracefile_sink(tf);
	bus_init(&tbus);
	bus_add(&tbus, &s);

	memset(&info, 0, sizeof info);
	info.mode = TRACE_LAUNCH;
	info.argv.data = args1;
	info.argv.len = sizeof args1 - 1;
	info.cwd = "/home/u";
	info.start = 1700000000.25;
	bus_begin(&tbus, &info);

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_SPAWN; ev.id = 1; ev.pid = 10; ev.t_us = 5;
	bus_emit(&tbus, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC; ev.id = 1; ev.pid = 10; ev.t_us = 7;
	ev.argv.data = args1; ev.argv.len = sizeof args1 - 1;
	ev.exe = "/bin/sh"; ev.cwd = "/home/u";
	bus_emit(&tbus, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_SPAWN; ev.id = 2; ev.pid = 11; ev.parent = 1; ev.t_us = 1000000;
	bus_emit(&tbus, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC; ev.id = 2; ev.pid = 11; ev.t_us = 1000001;
	ev.argv.data = args2; ev.argv.len = sizeof args2 - 1;
	ev.exe = "/x/bad\xff"; ev.cwd = NULL;
	bus_emit(&tbus, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT; ev.id = 2; ev.pid = 11; ev.t_us = 2500000; ev.signal = 11; ev.core = 1;
	ev.utime_us = 1234567; ev.stime_us = 1; ev.maxrss_kb = 4096; ev.nthreads = 2;
	bus_emit(&tbus, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_THREADS; ev.id = 1; ev.pid = 10; ev.t_us = 2600000; ev.nthreads = 4;
	bus_emit(&tbus, &ev);	/* live-only: not written */
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT; ev.id = 1; ev.pid = 10; ev.t_us = 3000000; ev.code = 3;
	bus_emit(&tbus, &ev);
	tracefile_set_status(tf, 3);
	bus_end(&tbus);
	assert_int_equal(tracefile_close(tf), 0);
	bus_init(&tbus);
	return tmpl;
}

static void
test_writer_lines(void **state)
{
	const char *path = write_trace();
	struct stat st;
	char line[4096];
	FILE *fp;
	int n = 0;
	cJSON *o;

	assert_int_equal(stat(path, &st), 0);
	fp = fopen(path, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) != NULL) {
		assert_int_equal(line[strlen(line) - 1], '\n');
		/* The bidi override in argv is escaped, never written raw. */
		assert_null(strstr(line, "\xe2\x80\xae"));
		if (n == 0 || n == 2)
			assert_non_null(strstr(line, "\"x\\u202ey\""));
		o = cJSON_Parse(line);
		assert_non_null(o);
		if (n == 0) {
			assert_string_equal(cJSON_GetObjectItem(o, "ptop")->valuestring, "trace");
			assert_string_equal(cJSON_GetObjectItem(o, "mode")->valuestring, "launch");
			assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "argv"), 2)->valuestring,
			    "echo \"hi\"\n");
		}
		if (n == 5) {
			assert_string_equal(cJSON_GetObjectItem(o, "ev")->valuestring, "exit");
			assert_string_equal(cJSON_GetObjectItem(o, "signal")->valuestring, "SIGSEGV");
			assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "core")));
			assert_true(cJSON_GetObjectItem(o, "utime")->valuedouble == 1.234567);
		}
		cJSON_Delete(o);
		n++;
	}
	fclose(fp);
	/* header, 2 spawns, 2 execs, 2 exits, end: threads is not written */
	assert_int_equal(n, 8);
	unlink(path);
}

static void
test_round_trip(void **state)
{
	const char *path = write_trace();
	struct ptree *pt = ptree_new();
	const struct exec_rec *x;
	static const char args1[] = "sh\0-c\0echo \"hi\"\n\0x\xe2\x80\xae" "y\0";
	static const char args2[] = "bad\xff\0\0\033[31m\0";
	struct sink s = ptree_sink(pt);

	bus_init(&tbus);
	bus_add(&tbus, &s);
	assert_int_equal(tracefile_read(path, &tbus), 0);
	bus_init(&tbus);
	assert_int_equal(ptree_size(pt), 2);
	assert_true(ptree_finished(pt));
	assert_true(ptree_info(pt)->start == 1700000000.25);
	assert_string_equal(ptree_info(pt)->cwd, "/home/u");
	x = ptree_node(pt, 1)->exec;
	assert_non_null(x);
	assert_int_equal(exec_arglen(x), sizeof args1 - 1);
	assert_memory_equal(x->args, args1, sizeof args1 - 1);
	x = ptree_node(pt, 2)->exec;
	assert_non_null(x);
	assert_int_equal(exec_arglen(x), sizeof args2 - 1);
	assert_memory_equal(x->args, args2, sizeof args2 - 1);
	assert_string_equal(ptree_str(pt, x->exe), "/x/bad\xff");
	assert_int_equal(x->cwd, 0);
	assert_int_equal(ptree_node(pt, 2)->parent, 1);
	assert_true(ptree_node(pt, 2)->flags & NODE_SIGNALED);
	assert_true(ptree_node(pt, 2)->flags & NODE_CORE);
	assert_int_equal(ptree_node(pt, 2)->status, 11);
	assert_int_equal(ptree_node(pt, 2)->utime_ms, 1234);
	assert_int_equal(ptree_node(pt, 2)->start_us, 1000000);
	assert_int_equal(ptree_node(pt, 2)->end_us, 2500000);
	assert_int_equal(ptree_node(pt, 1)->status, 3);
	ptree_free(pt);
	unlink(path);
}

static int
read_text(const char *text)
{
	char path[] = "/tmp/ptop-unit-XXXXXX";
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	rc = tracefile_read(path, &tbus);
	unlink(path);
	return rc;
}

#define HDR "{\"ptop\":\"trace\",\"version\":1,\"mode\":\"launch\",\"argv\":[\"x\"],\"cwd\":\"/\",\"start\":1}\n"

static void
test_reader_rejects_damage(void **state)
{
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);

	bus_init(&tbus);
	bus_add(&tbus, &s);
	assert_int_equal(read_text(""), -1);
	assert_int_equal(read_text("{\"hello\":1}\n"), -1);
	assert_int_equal(read_text("not json\n"), -1);
	/* The header is the first line: not after an empty one, not missing. */
	assert_int_equal(read_text("\n{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":1,\"parent\":null}\n"), -1);
	assert_int_equal(read_text("\n" HDR), -1);
	assert_int_equal(read_text("{\"ptop\":\"trace\",\"version\":2,\"start\":1,\"argv\":[]}\n"), -1);
	assert_int_equal(read_text(HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":2,\"pid\":1,\"parent\":null}\n"), -1);
	assert_int_equal(read_text(HDR "{\"t\":0,\"ev\":\"exit\",\"id\":1,\"pid\":1,\"code\":0}\n"), -1);
	assert_int_equal(read_text(HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":1,\"parent\":5}\n"), -1);
	assert_int_equal(read_text(HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":1,\"parent\":null}\n"
	    "{\"t\":0,\"ev\":\"exec\",\"id\":1,\"pid\":1,\"argv\":[{\"b64\":\"@@\"}]}\n"), -1);
	bus_init(&tbus);
	ptree_free(pt);
}

#define SPAWN1 "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":5,\"parent\":null}\n"
#define EXIT1(fields) "{\"t\":1,\"ev\":\"exit\",\"id\":1,\"pid\":5," fields "}\n"

/*
 * Numbers outside their field's range are refused, not cast (undefined
 * behaviour) or let through to overflow the time arithmetic later.
 */
static void
test_reader_rejects_out_of_range(void **state)
{
	static const char *const bad[] = {
		HDR "{\"t\":1e300,\"ev\":\"spawn\",\"id\":1,\"pid\":5,\"parent\":null}\n",
		HDR "{\"t\":-1,\"ev\":\"spawn\",\"id\":1,\"pid\":5,\"parent\":null}\n",
		HDR "{\"t\":1e999,\"ev\":\"spawn\",\"id\":1,\"pid\":5,\"parent\":null}\n",
		HDR SPAWN1 "{\"t\":1e300,\"ev\":\"exit\",\"id\":1,\"pid\":5,\"code\":0}\n",
		HDR SPAWN1 "{\"t\":1e10,\"ev\":\"end\",\"status\":0}\n",
		HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":1e12,\"parent\":null}\n",
		HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":0,\"parent\":null}\n",
		HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":-3,\"parent\":null}\n",
		HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":2.5,\"parent\":null}\n",
		HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1.5,\"pid\":5,\"parent\":null}\n",
		HDR "{\"t\":0,\"ev\":\"attach\",\"id\":1,\"pid\":5,\"parent\":null,"
		    "\"argv\":[\"a\"],\"started\":1e300}\n",
		HDR "{\"t\":0,\"ev\":\"attach\",\"id\":1,\"pid\":5,\"parent\":null,"
		    "\"argv\":[\"a\"],\"started\":-1e300}\n",
		HDR SPAWN1 EXIT1("\"code\":256"),
		HDR SPAWN1 EXIT1("\"code\":1e10"),
		HDR SPAWN1 EXIT1("\"code\":-1"),
		HDR SPAWN1 EXIT1("\"code\":0.5"),
		HDR SPAWN1 EXIT1("\"signal\":99"),
		HDR SPAWN1 EXIT1("\"signal\":0"),
		HDR SPAWN1 EXIT1("\"signal\":1e10"),
		HDR SPAWN1 EXIT1("\"code\":0,\"maxrss\":1e30"),
		HDR SPAWN1 EXIT1("\"code\":0,\"maxrss\":-1"),
		HDR SPAWN1 EXIT1("\"code\":0,\"threads\":1e20"),
		HDR SPAWN1 EXIT1("\"code\":0,\"threads\":1.5"),
		HDR SPAWN1 EXIT1("\"code\":0,\"utime\":1e300"),
		HDR SPAWN1 EXIT1("\"code\":0,\"stime\":-5"),
		"{\"ptop\":\"trace\",\"version\":1,\"argv\":[],\"start\":1e300}\n",
		"{\"ptop\":\"trace\",\"version\":1,\"argv\":[],\"start\":-1}\n",
	};
	struct ptree *pt;
	struct sink s;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pt = ptree_new();
		s = ptree_sink(pt);
		bus_init(&tbus);
		bus_add(&tbus, &s);
		if (read_text(bad[i]) != -1)
			fail_msg("accepted: %s", bad[i]);
		bus_init(&tbus);
		ptree_free(pt);
	}
}

/* The edges of every range are valid values. */
static void
test_reader_accepts_edges(void **state)
{
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);

	bus_init(&tbus);
	bus_add(&tbus, &s);
	assert_int_equal(read_text("{\"ptop\":\"trace\",\"version\":1,\"argv\":[],\"start\":0}\n"
	    "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":2147483647,\"parent\":null}\n"
	    "{\"t\":0,\"ev\":\"attach\",\"id\":2,\"pid\":1,\"parent\":1,\"argv\":[],"
	    "\"started\":1e10}\n"
	    "{\"t\":1e9,\"ev\":\"exit\",\"id\":1,\"pid\":2147483647,\"code\":255,"
	    "\"utime\":1e9,\"stime\":0,\"maxrss\":1e15,\"threads\":2147483647}\n"
	    "{\"t\":1e9,\"ev\":\"exit\",\"id\":2,\"pid\":1,\"signal\":64}\n"), 0);
	bus_init(&tbus);
	assert_int_equal(ptree_node(pt, 1)->pid, 2147483647);
	assert_int_equal(ptree_node(pt, 1)->status, 255);
	assert_int_equal(ptree_node(pt, 1)->end_us, 1000000000000000LL);
	assert_int_equal(ptree_node(pt, 1)->maxrss_kb, UINT32_MAX);	/* saturated */
	assert_int_equal(ptree_node(pt, 2)->start_us, 10000000000000000LL);
	assert_int_equal(ptree_node(pt, 2)->status, 64);
	ptree_free(pt);
}

static void
test_reader_drops_cut_line(void **state)
{
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);

	bus_init(&tbus);
	bus_add(&tbus, &s);
	assert_int_equal(read_text(HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":1,\"parent\":null}\n"
	    "{\"t\":0.5,\"ev\":\"spawn\",\"id\":2,\"pid\":2,\"par"), 0);
	bus_init(&tbus);
	assert_int_equal(ptree_size(pt), 1);
	/* No exit was recorded: the process is marked as lost, not running. */
	assert_true(ptree_node(pt, 1)->flags & NODE_LOST);
	ptree_free(pt);
}

/* Many chunks: a damaged line deep in the file stops the replay right there. */
static void
test_reader_many_chunks(void **state)
{
	char path[] = "/tmp/ptop-unit-XXXXXX";
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);
	FILE *fp;
	int fd = mkstemp(path), i;

	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs(HDR, fp);
	fputs("{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":1,\"parent\":null}\n", fp);
	for (i = 2; i <= 60000; i++) {
		fprintf(fp, "{\"t\":%d,\"ev\":\"spawn\",\"id\":%d,\"pid\":%d,\"parent\":1}\n", i, i, i);
		fprintf(fp, "{\"t\":%d,\"ev\":\"exec\",\"id\":%d,\"pid\":%d,\"argv\":[\"prog\",\"%d\"],"
		    "\"exe\":\"/bin/prog\",\"cwd\":\"/\"}\n", i, i, i, i);
		if (i == 50000)
			fputs("{\"t\":1,\"ev\":\"exit\",\"id\":999999,\"pid\":1,\"code\":0}\n", fp);
	}
	fclose(fp);
	bus_init(&tbus);
	bus_add(&tbus, &s);
	assert_int_equal(tracefile_read(path, &tbus), -1);
	bus_init(&tbus);
	/* Everything before the bad line, in order, and nothing after it. */
	assert_int_equal(ptree_size(pt), 50000);
	assert_string_equal(ptree_node(pt, 50000)->exec->args + 5, "50000");
	ptree_free(pt);
	unlink(path);
}

/* An argv of 3 MiB: one line longer than the reader's chunks. */
static void
test_reader_huge_line(void **state)
{
	char path[] = "/tmp/ptop-unit-XXXXXX";
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);
	size_t big = 3 * 1024 * 1024;
	char *arg = malloc(big + 1);
	FILE *fp;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	memset(arg, 'x', big);
	arg[big] = '\0';
	fp = fdopen(fd, "w");
	fputs(HDR, fp);
	fputs("{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":1,\"parent\":null}\n", fp);
	fprintf(fp, "{\"t\":0,\"ev\":\"exec\",\"id\":1,\"pid\":1,\"argv\":[\"a\",\"%s\",\"b\"]}\n", arg);
	fputs("{\"t\":1,\"ev\":\"exit\",\"id\":1,\"pid\":1,\"code\":4}\n", fp);
	fclose(fp);
	bus_init(&tbus);
	bus_add(&tbus, &s);
	assert_int_equal(tracefile_read(path, &tbus), 0);
	bus_init(&tbus);
	assert_int_equal(exec_arglen(ptree_node(pt, 1)->exec), big + 5);
	assert_memory_equal(ptree_node(pt, 1)->exec->args + 2, arg, big);
	assert_string_equal(ptree_node(pt, 1)->exec->args + 3 + big, "b");
	assert_int_equal(ptree_node(pt, 1)->status, 4);
	free(arg);
	ptree_free(pt);
	unlink(path);
}

static struct event got_fail;
static char got_path[64], got_argv[64];
static int got_nfail;

static void
capture_fail(void *ctx, const struct event *ev)
{
	if (ev->kind != EV_EXECFAIL)
		return;
	got_fail = *ev;
	got_nfail++;
	snprintf(got_path, sizeof got_path, "%s", ev->path != NULL ? ev->path : "(null)");
	memcpy(got_argv, ev->argv.data, ev->argv.len < sizeof got_argv ? ev->argv.len : 0);
}

/* A failed exec attempt survives the round trip: path, argv, errno by name. */
static void
test_execfail_round_trip(void **state)
{
	static const char args[] = "hostinfo\0-v\0";
	struct sink s = { NULL, capture_fail, NULL, NULL };
	struct trace_info info;
	struct tracefile *tf;
	struct event ev;
	char path[] = "/tmp/ptop-unit-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	tf = tracefile_new(fd, path);
	bus_init(&tbus);
	s = tracefile_sink(tf);
	bus_add(&tbus, &s);
	memset(&info, 0, sizeof info);
	info.argv.data = "sh";
	info.argv.len = 3;
	info.start = 1;
	bus_begin(&tbus, &info);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_SPAWN; ev.id = 1; ev.pid = 5;
	bus_emit(&tbus, &ev);
	ev.kind = EV_EXECFAIL; ev.t_us = 10; ev.path = "/usr/local/bin/hostinfo";
	ev.argv.data = args; ev.argv.len = sizeof args - 1; ev.err = ENOENT;
	bus_emit(&tbus, &ev);
	ev.path = NULL; ev.err = E2BIG;
	bus_emit(&tbus, &ev);
	bus_end(&tbus);
	assert_int_equal(tracefile_close(tf), 0);

	bus_init(&tbus);
	s = (struct sink){ NULL, capture_fail, NULL, NULL };
	bus_add(&tbus, &s);
	assert_int_equal(tracefile_read(path, &tbus), 0);
	assert_int_equal(got_nfail, 2);
	assert_int_equal(got_fail.err, E2BIG);
	assert_string_equal(got_path, "(null)");
	assert_int_equal(got_fail.id, 1);
	assert_memory_equal(got_argv, args, sizeof args - 1);
	assert_string_equal(errno_name(ENOENT), "ENOENT");
	assert_int_equal(errno_parse("EACCES"), EACCES);
	assert_int_equal(errno_parse("2"), 2);
	assert_int_equal(errno_parse("ENOSUCH"), -1);
	bus_init(&tbus);
	unlink(path);
}

/* Two different traces into two trees in one process: no global sinks. */
static void
test_two_traces_two_trees(void **state)
{
	static const char *texts[2] = {
		HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":10,\"parent\":null}\n"
		    "{\"t\":0,\"ev\":\"exec\",\"id\":1,\"pid\":10,\"argv\":[\"first\"]}\n",
		HDR "{\"t\":0,\"ev\":\"spawn\",\"id\":1,\"pid\":20,\"parent\":null}\n"
		    "{\"t\":0,\"ev\":\"exec\",\"id\":1,\"pid\":20,\"argv\":[\"second\"]}\n"
		    "{\"t\":1,\"ev\":\"spawn\",\"id\":2,\"pid\":21,\"parent\":1}\n",
	};
	struct ptree *pt[2];
	struct bus bus[2];
	struct sink s;
	char path[2][32];
	int i, fd;

	for (i = 0; i < 2; i++) {
		pt[i] = ptree_new();
		bus_init(&bus[i]);
		s = ptree_sink(pt[i]);
		bus_add(&bus[i], &s);
		strcpy(path[i], "/tmp/ptop-unit-XXXXXX");
		fd = mkstemp(path[i]);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, texts[i], strlen(texts[i])), (ssize_t)strlen(texts[i]));
		close(fd);
	}
	assert_int_equal(tracefile_read(path[1], &bus[1]), 0);
	assert_int_equal(tracefile_read(path[0], &bus[0]), 0);
	assert_int_equal(ptree_size(pt[0]), 1);
	assert_int_equal(ptree_size(pt[1]), 2);
	assert_string_equal(ptree_node(pt[0], 1)->exec->args, "first");
	assert_string_equal(ptree_node(pt[1], 1)->exec->args, "second");
	assert_int_equal(ptree_node(pt[1], 2)->pid, 21);
	for (i = 0; i < 2; i++) {
		assert_true(ptree_finished(pt[i]));
		ptree_free(pt[i]);
		unlink(path[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_writer_lines),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_reader_rejects_damage),
		cmocka_unit_test(test_reader_rejects_out_of_range),
		cmocka_unit_test(test_reader_accepts_edges),
		cmocka_unit_test(test_reader_drops_cut_line),
		cmocka_unit_test(test_reader_many_chunks),
		cmocka_unit_test(test_reader_huge_line),
		cmocka_unit_test(test_two_traces_two_trees),
		cmocka_unit_test(test_execfail_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
