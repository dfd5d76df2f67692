/*
 * pty_helpers.h: the test's end of a pane's pty.  Include after cmocka.h.
 */
#ifndef PTOP_TEST_PTY_HELPERS_H
#define PTOP_TEST_PTY_HELPERS_H

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>

/*
 * Open the slave of the one pty this process has open (a pane's master is
 * private: it is found through the fd table), with extra open flags; raw
 * makes it a raw terminal.
 */
static int
pty_open_slave(int flags, int raw)
{
	struct termios t;
	char name[128];
	int fd;

	for (fd = 3; fd < 256; fd++)
		if (ptsname_r(fd, name, sizeof name) == 0)
			break;
	assert_true(fd < 256);
	fd = open(name, O_RDWR | O_NOCTTY | flags);
	assert_true(fd >= 0);
	if (raw) {
		tcgetattr(fd, &t);
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

#endif
