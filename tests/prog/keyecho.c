/*
 * keyecho: show, in hex, the bytes typed at this terminal.
 *
 *	keyecho [MARK]
 *
 * Puts its terminal (stdin) in raw mode, so that Ctrl-C, Ctrl-Z and
 * Ctrl-D arrive as bytes instead of signals or end of file, prints
 * "keyecho ready", then one line per read: "got:" and the bytes in hex
 * ("got: 1b 5b 41" for the Up arrow).  A lone 'q' ends it (exit 0); the
 * terminal modes are restored first.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int
main(void)
{
	struct termios saved, raw;
	unsigned char buf[256];
	char line[1024];
	ssize_t n, i;
	size_t len;

	if (tcgetattr(STDIN_FILENO, &saved) == -1) {
		perror("keyecho: tcgetattr");
		return 1;
	}
	raw = saved;
	cfmakeraw(&raw);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == -1) {
		perror("keyecho: tcsetattr");
		return 1;
	}
	/* Raw output too: lines end with \r\n. */
	printf("keyecho ready\r\n");
	fflush(stdout);
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0) {
		if (n == 1 && buf[0] == 'q')
			break;
		len = (size_t)snprintf(line, sizeof line, "got:");
		for (i = 0; i < n && len + 4 < sizeof line; i++)
			len += (size_t)snprintf(line + len, sizeof line - len, " %02x", buf[i]);
		printf("%s\r\n", line);
		fflush(stdout);
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return 0;
}
