#ifndef EARMARK_CATALOG_FEEDIN_H
#define EARMARK_CATALOG_FEEDIN_H

/*
 * A feed's bytes read a block at a time for libxml2's I/O callbacks, from a
 * buffer or a file, with HTML named references replaced (see feedin.c);
 * never included outside catalog/.
 */

#include <stddef.h>

struct feedin {
	const char	*buf;		/* The source when fd is -1. */
	size_t		 len;
	size_t		 off;		/* Bytes of buf taken. */
	int		 fd;		/* The source, or -1. */
	size_t		 total;		/* Bytes read, capped at PARSE_MAX_INPUT. */
	char		*raw;		/* Read, not yet filtered. */
	size_t		 rawlen;
	size_t		 rawcap;
	char		*out;		/* Filtered, handed out from outoff. */
	size_t		 outlen;
	size_t		 outoff;
	int		 in_cdata;	/* The last block ended inside CDATA. */
	int		 eof;
	char		*err;		/* Why reading failed, or NULL. */
};

void feedin_init(struct feedin *in, const char *buf, size_t len, int fd);
void feedin_clear(struct feedin *in);
/* The first bytes of the source, unfiltered, without taking them; NULL on failure. */
const char *feedin_peek(struct feedin *in, size_t *len);
/* 1 when the whole source is valid UTF-8, 0 when not, -1 when it cannot be told. */
int feedin_utf8(struct feedin *in);
/* An xmlInputReadCallback: up to len filtered bytes, 0 at the end, -1 on failure. */
int feedin_io_read(void *ctx, char *buf, int len);

#endif
