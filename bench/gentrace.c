/*
 * gentrace.c: write a synthetic, build-shaped ptop trace of N processes to
 * stdout, for bench/scale.sh and bench/ui.sh.
 *
 *   gentrace [-e | -E] N [SEED]
 *
 * Shape: make -> (sh -c -> cc1 / as / ld ...) over nested directories, like
 * a recursive build: about 370 bytes of JSON per process, 1% of the
 * compilations fail, a few are killed, argv lengths and cwds vary.
 *
 * -e: every exec has an environment, encoded as ptop writes it (against
 * the one the process inherited, doc/trace-format.md): make's is a real
 * 60-variable, 3 KB one, written in full; most execs inherit theirs
 * unchanged ([[0,59]]); one sh in 16 adds CFLAGS for its subtree, and
 * every cc1 gets gcc's three COLLECT_* variables, one of them naming its
 * file (as gcc does).  Like argv, that name is one of 1,000: -E makes it
 * unique to each compilation instead (a build of as many files: every
 * cc1's environment is one of its own).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 88172645463325252ull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static double t;

/* A developer's environment: 60 variables, about 3 KB. */
static const char *const base_env[] = {
	"SHELL=/bin/bash", "COLORTERM=truecolor", "HISTCONTROL=ignoredups:erasedups",
	"XDG_SESSION_PATH=/org/freedesktop/DisplayManager/Session0", "LANGUAGE=en_US:en",
	"EDITOR=vim", "PWD=/home/user/src/project", "LOGNAME=user", "XDG_SESSION_TYPE=wayland",
	"MOTD_SHOWN=pam", "HOME=/home/user", "LANG=en_US.UTF-8",
	"LS_COLORS=rs=0:di=01;34:ln=01;36:mh=00:pi=40;33:so=01;35:do=01;35:bd=40;33;01:cd=40;"
	"33;01:or=40;31;01:mi=00:su=37;41:sg=30;43:ca=00:tw=30;42:ow=34;42:st=37;44:ex=01;32:"
	"*.tar=01;31:*.tgz=01;31:*.arc=01;31:*.arj=01;31:*.taz=01;31:*.lha=01;31:*.lz4=01;31:"
	"*.lzh=01;31:*.lzma=01;31:*.tlz=01;31:*.txz=01;31:*.tzo=01;31:*.t7z=01;31:*.zip=01;31:"
	"*.z=01;31:*.dz=01;31:*.gz=01;31:*.lrz=01;31:*.lz=01;31:*.lzo=01;31:*.xz=01;31:*.zst="
	"01;31:*.tzst=01;31:*.bz2=01;31:*.bz=01;31:*.tbz=01;31:*.tbz2=01;31:*.tz=01;31:*.deb="
	"01;31:*.rpm=01;31:*.jar=01;31:*.war=01;31:*.ear=01;31:*.sar=01;31:*.rar=01;31:*.alz="
	"01;31:*.ace=01;31:*.zoo=01;31:*.cpio=01;31:*.7z=01;31:*.rz=01;31:*.cab=01;31:*.wim="
	"01;31:*.swm=01;31:*.dwm=01;31:*.esd=01;31:*.avif=01;35:*.jpg=01;35:*.jpeg=01;35:"
	"*.mjpg=01;35:*.mjpeg=01;35:*.gif=01;35:*.bmp=01;35:*.pbm=01;35:*.pgm=01;35:*.ppm=01;35:"
	"*.tga=01;35:*.xbm=01;35:*.xpm=01;35:*.tif=01;35:*.tiff=01;35:*.png=01;35:*.svg=01;35:"
	"*.svgz=01;35:*.mng=01;35:*.pcx=01;35:*.mov=01;35:*.mpg=01;35:*.mpeg=01;35:*.m2v=01;35:"
	"*.mkv=01;35:*.webm=01;35:*.webp=01;35:*.ogm=01;35:*.mp4=01;35:*.m4v=01;35:*.mp4v=01;35:"
	"*.vob=01;35:*.qt=01;35:*.nuv=01;35:*.wmv=01;35:*.asf=01;35:*.rm=01;35:*.rmvb=01;35:"
	"*.flc=01;35:*.avi=01;35:*.fli=01;35:*.flv=01;35:*.gl=01;35:*.dl=01;35:*.xcf=01;35:"
	"*.xwd=01;35:*.yuv=01;35:*.cgm=01;35:*.emf=01;35:*.ogv=01;35:*.ogx=01;35:*.aac=00;36:",
	"XDG_CURRENT_DESKTOP=GNOME", "VTE_VERSION=7006",
	"WAYLAND_DISPLAY=wayland-0", "GNOME_TERMINAL_SCREEN=/org/gnome/Terminal/screen/5b1c_41a8",
	"SSH_AGENT_LAUNCHER=gnome-keyring", "XDG_SESSION_CLASS=user", "TERM=xterm-256color",
	"USER=user", "GNOME_TERMINAL_SERVICE=:1.112", "DISPLAY=:0", "SHLVL=2",
	"XDG_RUNTIME_DIR=/run/user/1000", "DEBUGINFOD_URLS=https://debuginfod.debian.net",
	"XDG_DATA_DIRS=/usr/share/gnome:/usr/local/share/:/usr/share/",
	"PATH=/home/user/.local/bin:/home/user/.cargo/bin:/usr/local/bin:/usr/bin:/bin:"
	"/usr/local/games:/usr/games",
	"GDMSESSION=gnome", "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus",
	"SSH_AUTH_SOCK=/run/user/1000/keyring/ssh", "OLDPWD=/home/user/src", "_=/usr/bin/make",
	"MAKEFLAGS=-j8", "MAKELEVEL=1", "MFLAGS=-j8", "MAKE_TERMOUT=/dev/pts/1",
	"MAKE_TERMERR=/dev/pts/1", "CC=gcc", "CXX=g++", "PKG_CONFIG_PATH=/home/user/.local/lib/pkgconfig",
	"GOPATH=/home/user/go", "CARGO_HOME=/home/user/.cargo", "RUSTUP_HOME=/home/user/.rustup",
	"NVM_DIR=/home/user/.nvm", "LESSOPEN=| /usr/bin/lesspipe %s", "LESSCLOSE=/usr/bin/lesspipe %s %s",
	"QT_IM_MODULE=ibus", "XMODIFIERS=@im=ibus", "GTK_MODULES=gail:atk-bridge",
	"SESSION_MANAGER=local/laptop:@/tmp/.ICE-unix/1912,unix/laptop:/tmp/.ICE-unix/1912",
	"DESKTOP_SESSION=gnome", "GPG_AGENT_INFO=/run/user/1000/gnupg/S.gpg-agent:0:1",
	"XAUTHORITY=/run/user/1000/.mutter-Xwaylandauth.5X1H32", "LC_TIME=en_GB.UTF-8",
	"LC_PAPER=en_GB.UTF-8", "LC_MEASUREMENT=en_GB.UTF-8", "TZ=Europe/Paris",
	"JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64",
	"CCACHE_DIR=/home/user/.cache/ccache",
	NULL,
};

static int with_env;
static char env_item[1024];

/* The "env" member of an exec line: "" without -e. */
static const char *
env_inherit(unsigned count)
{
	if (!with_env)
		return "";
	snprintf(env_item, sizeof env_item, ",\"env\":[[0,%u]]", count - 1);
	return env_item;
}

static void
spawn(unsigned id, unsigned parent, unsigned pid)
{
	t += (rnd() % 300) / 1e6;
	if (parent)
		printf("{\"t\":%.6f,\"ev\":\"spawn\",\"id\":%u,\"pid\":%u,\"parent\":%u}\n", t, id, pid, parent);
	else
		printf("{\"t\":%.6f,\"ev\":\"spawn\",\"id\":%u,\"pid\":%u,\"parent\":null}\n", t, id, pid);
}

static void
exec_line(unsigned id, unsigned pid, const char *argv, const char *exe, unsigned dir,
    const char *env)
{
	t += (rnd() % 100) / 1e6;
	printf("{\"t\":%.6f,\"ev\":\"exec\",\"id\":%u,\"pid\":%u,\"argv\":[%s],\"exe\":\"%s\","
	    "\"cwd\":\"/home/user/src/project/lib/module%u\"%s}\n", t, id, pid, argv, exe, dir, env);
}

static void
exit_line(unsigned id, unsigned pid, int code, int killed)
{
	t += (rnd() % 2000) / 1e6;
	if (killed)
		printf("{\"t\":%.6f,\"ev\":\"exit\",\"id\":%u,\"pid\":%u,\"signal\":\"SIGKILL\","
		    "\"core\":false,\"utime\":0.%06u,\"stime\":0.%06u,\"maxrss\":%u,\"threads\":1}\n",
		    t, id, pid, rnd() % 1000000, rnd() % 100000, 2000 + rnd() % 60000);
	else
		printf("{\"t\":%.6f,\"ev\":\"exit\",\"id\":%u,\"pid\":%u,\"code\":%d,"
		    "\"utime\":0.%06u,\"stime\":0.%06u,\"maxrss\":%u,\"threads\":1}\n",
		    t, id, pid, code, rnd() % 1000000, rnd() % 100000, 2000 + rnd() % 60000);
}

int
main(int argc, char **argv)
{
	unsigned n, id = 0, pid = 1000, make_id, make_pid, dir = 0, sh, cc, k, nenv = 0, shenv;
	char args[512], envs[4096];
	size_t i, len = 0;

	if (argc > 1 && (strcmp(argv[1], "-e") == 0 || strcmp(argv[1], "-E") == 0)) {
		with_env = argv[1][1] == 'e' ? 1 : 2;
		argv++;
		argc--;
	}
	if (argc < 2 || (n = (unsigned)strtoul(argv[1], NULL, 10)) < 2) {
		fprintf(stderr, "usage: gentrace [-e | -E] N [SEED]\n");
		return 2;
	}
	if (argc > 2)
		rng += strtoull(argv[2], NULL, 10);
	for (i = 0; base_env[i] != NULL; i++) {
		len += (size_t)snprintf(envs + len, sizeof envs - len, "%s\"%s\"", i ? "," : "",
		    base_env[i]);
		nenv++;
	}
	if (with_env)
		snprintf(envs + len, sizeof envs - len, "]");
	printf("{\"ptop\":\"trace\",\"version\":1,\"mode\":\"launch\",\"argv\":[\"make\",\"-j8\"],"
	    "\"cwd\":\"/home/user/src/project\",\"start\":1764222040.123456}\n");
	make_id = ++id;
	make_pid = pid++;
	spawn(make_id, 0, make_pid);
	if (with_env) {
		memmove(envs + 8, envs, len + 2);
		memcpy(envs, ",\"env\":[", 8);
	}
	exec_line(make_id, make_pid, "\"make\",\"-j8\"", "/usr/bin/make", 0, with_env ? envs : "");
	while (id + 3 <= n) {
		if (rnd() % 64 == 0)
			dir++;
		/* make -> sh -c "cc ..." -> cc -> cc1 */
		sh = ++id;
		spawn(sh, make_id, pid);
		k = rnd() % 1000;
		snprintf(args, sizeof args, "\"/bin/sh\",\"-c\",\"gcc -DHAVE_CONFIG_H -I. -I../include -O2 -g "
		    "-Wall -Wextra -MT file%u.o -MD -MP -MF .deps/file%u.Tpo -c -o file%u.o file%u.c\"",
		    k, k, k, k);
		shenv = nenv;
		if (with_env && (sh * 2654435761u) >> 28 == 0) {
			/* This subtree is built with its own CFLAGS. */
			snprintf(env_item, sizeof env_item, ",\"env\":[[0,%u],\"CFLAGS=-O2 -g "
			    "-DMODULE=%u\"]", nenv - 1, dir);
			shenv++;
			exec_line(sh, pid, args, "/usr/bin/dash", dir, env_item);
		} else
			exec_line(sh, pid, args, "/usr/bin/dash", dir, env_inherit(nenv));
		cc = ++id;
		spawn(cc, sh, pid + 1);
		snprintf(args, sizeof args, "\"gcc\",\"-DHAVE_CONFIG_H\",\"-I.\",\"-I../include\",\"-O2\","
		    "\"-g\",\"-Wall\",\"-Wextra\",\"-c\",\"-o\",\"file%u.o\",\"file%u.c\"", k, k);
		exec_line(cc, pid + 1, args, "/usr/bin/x86_64-linux-gnu-gcc-12", dir, env_inherit(shenv));
		++id;
		spawn(id, cc, pid + 2);
		snprintf(args, sizeof args, "\"/usr/libexec/gcc/x86_64-linux-gnu/12/cc1\",\"-quiet\","
		    "\"-I.\",\"file%u.c\",\"-O2\",\"-o\",\"/tmp/ccX%u.s\"", k, rnd() % 100000);
		if (with_env)
			snprintf(env_item, sizeof env_item, ",\"env\":[[0,%u],\"COLLECT_GCC=gcc\","
			    "\"COLLECT_GCC_OPTIONS='-D' 'HAVE_CONFIG_H' '-I' '.' '-I' '../include' '-O2' "
			    "'-g' '-Wall' '-Wextra' '-c' '-o' 'file%u.o' '-mtune=generic' "
			    "'-march=x86-64'\",\"COLLECT_LTO_WRAPPER=/usr/libexec/gcc/x86_64-linux-gnu/"
			    "12/lto-wrapper\"]", shenv - 1, with_env == 1 ? k : id);
		exec_line(id, pid + 2, args, "/usr/libexec/gcc/x86_64-linux-gnu/12/cc1", dir,
		    with_env ? env_item : "");
		exit_line(id, pid + 2, rnd() % 100 == 0, rnd() % 500 == 0);
		exit_line(cc, pid + 1, 0, 0);
		exit_line(sh, pid, 0, 0);
		pid += 3;
		if (pid > 4000000)
			pid = 1000;
	}
	while (id < n) {
		++id;
		spawn(id, make_id, pid);
		exec_line(id, pid, "\"true\"", "/usr/bin/true", dir, env_inherit(nenv));
		exit_line(id, pid++, 0, 0);
	}
	exit_line(make_id, make_pid, 0, 0);
	printf("{\"t\":%.6f,\"ev\":\"end\",\"status\":0}\n", t);
	return 0;
}
