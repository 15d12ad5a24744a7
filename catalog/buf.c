#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/internal.h"
#include "util/xmalloc.h"

int
buf_read_file(const char *path, size_t max, char **out, size_t *len, char **err)
{
	struct stat	 st;
	char		*buf;
	size_t		 n = 0;
	ssize_t		 got;
	int		 fd;

	*out = NULL;
	*len = 0;
	*err = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) == -1) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", path);
		close(fd);
		return (-1);
	}
	if ((uintmax_t)st.st_size > max) {
		*err = xasprintf("%s: larger than %zu bytes", path, max);
		close(fd);
		return (-1);
	}
	buf = xmalloc((size_t)st.st_size + 1);
	for (;;) {
		if (n == (size_t)st.st_size) {
			/* The file may have grown; read one more byte to see. */
			got = read(fd, buf + n, 1);
			if (got > 0) {
				*err = xasprintf("%s: changed while reading", path);
				goto fail;
			}
		} else
			got = read(fd, buf + n, (size_t)st.st_size - n);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			*err = xasprintf("%s: %s", path, strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return (0);

fail:
	free(buf);
	close(fd);
	return (-1);
}
