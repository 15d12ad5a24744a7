#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/feedin.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/*
 * A feed's bytes on their way to libxml2, a block at a time, with the HTML
 * named references XML does not know replaced. Blocks are cut just after a
 * '>', so that no reference and no "<![CDATA[" or "]]>" is ever split; the
 * only state kept between blocks is whether a CDATA section is open.
 */

#define FEEDIN_BLOCK	65536

/* Appends n bytes of add to the growing buffer *buf of *len bytes. */
static void
feedin_append(char **buf, size_t *len, const char *add, size_t n)
{
	*buf = xrealloc(*buf, *len + n + 1);
	memcpy(*buf + *len, add, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* True for the five references XML itself defines. */
static int
feedin_xml_ref(const char *name, size_t n)
{
	static const char	*xml[] = { "lt", "gt", "amp", "quot", "apos" };
	size_t			 i;

	for (i = 0; i < sizeof xml / sizeof xml[0]; i++) {
		if (strlen(xml[i]) == n && memcmp(name, xml[i], n) == 0)
			return (1);
	}
	return (0);
}

/* Moves i past the end of a CDATA section, noting in *in_cdata whether it ends here. */
static size_t
feedin_cdata_skip(const char *buf, size_t len, size_t i, int *in_cdata)
{
	for (; i + 2 < len && memcmp(buf + i, "]]>", 3) != 0; i++)
		/* nothing */;
	*in_cdata = i + 2 >= len;
	return (i);
}

/*
 * Copies buf with HTML named references that XML does not know (&nbsp;,
 * &eacute;) replaced by their characters, outside CDATA sections; NULL when
 * there are none.
 */
static char *
feedin_html_refs(const char *buf, size_t len, size_t *outlen, int *in_cdata)
{
	struct { char *s; size_t len; } w = { NULL, 0 };
	size_t	 i = 0, j, start = 0, dlen;
	char	*dec;

	if (*in_cdata)
		i = feedin_cdata_skip(buf, len, 0, in_cdata);
	for (; i < len; i++) {
		if (buf[i] == '<' && len - i >= 9 && memcmp(buf + i, "<![CDATA[", 9) == 0) {
			i = feedin_cdata_skip(buf, len, i + 9, in_cdata);
			continue;
		}
		if (buf[i] != '&')
			continue;
		for (j = i + 1; j < len && j - i < 40 &&
		    isalnum((unsigned char)buf[j]); j++)
			/* nothing */;
		if (j == i + 1 || j >= len || buf[j] != ';' ||
		    !isalpha((unsigned char)buf[i + 1]))
			continue;
		if (feedin_xml_ref(buf + i + 1, j - i - 1)) {
			i = j;
			continue;
		}
		dec = text_decode_refs(buf + i, j + 1 - i, &dlen);
		if (dlen != j + 1 - i || memcmp(dec, buf + i, dlen) != 0) {
			feedin_append(&w.s, &w.len, buf + start, i - start);
			feedin_append(&w.s, &w.len, dec, dlen);
			start = j + 1;
		}
		free(dec);
		i = j;
	}
	if (w.s == NULL)
		return (NULL);
	feedin_append(&w.s, &w.len, buf + start, len - start);
	*outlen = w.len;
	return (w.s);
}

void
feedin_init(struct feedin *in, const char *buf, size_t len, int fd)
{
	memset(in, 0, sizeof *in);
	in->buf = buf;
	in->len = len;
	in->fd = fd;
}

void
feedin_clear(struct feedin *in)
{
	free(in->raw);
	free(in->out);
	free(in->err);
	memset(in, 0, sizeof *in);
	in->fd = -1;
}

/* Adds the next block of the source to raw; 0 at the end, -1 on failure. */
static int
feedin_read(struct feedin *in)
{
	ssize_t	n;

	if (in->eof)
		return (0);
	if (in->rawlen + FEEDIN_BLOCK + 1 > in->rawcap) {
		in->rawcap = in->rawlen + FEEDIN_BLOCK + 1;
		in->raw = xrealloc(in->raw, in->rawcap);
	}
	if (in->fd == -1) {
		n = in->len - in->off < FEEDIN_BLOCK ? in->len - in->off : FEEDIN_BLOCK;
		memcpy(in->raw + in->rawlen, in->buf + in->off, n);
		in->off += n;
	} else {
		while ((n = read(in->fd, in->raw + in->rawlen, FEEDIN_BLOCK)) == -1 &&
		    errno == EINTR)
			/* nothing */;
		if (n == -1) {
			in->err = xasprintf("cannot read the feed: %s", strerror(errno));
			return (-1);
		}
	}
	if (n == 0) {
		in->eof = 1;
		return (0);
	}
	in->total += n;
	in->rawlen += n;
	if (in->total > PARSE_MAX_INPUT) {
		in->err = xasprintf("feed is larger than %u bytes", PARSE_MAX_INPUT);
		return (-1);
	}
	return (1);
}

/* Bytes of s that are whole, valid UTF-8 sequences. */
static size_t
feedin_utf8_prefix(const unsigned char *s, size_t len)
{
	size_t	i = 0, n, k;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			n = 1;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			n = 2;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			n = 3;
		else
			return (i);
		if (i + n >= len)
			return (i);
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return (i);
		}
		i += n + 1;
	}
	return (len);
}

int
feedin_utf8(struct feedin *in)
{
	unsigned char	 block[FEEDIN_BLOCK + 4];
	size_t		 have = 0, ok;
	ssize_t		 n;
	off_t		 off = 0;

	if (in->fd == -1)
		return (feedin_utf8_prefix((const unsigned char *)in->buf, in->len) ==
		    in->len);
	for (;;) {
		n = pread(in->fd, block + have, FEEDIN_BLOCK, off);
		if (n == -1)
			return (-1);
		if (n == 0)
			return (have == 0);
		off += n;
		have += n;
		ok = feedin_utf8_prefix(block, have);
		if (have - ok > 3)
			return (0);
		memmove(block, block + ok, have - ok);
		have -= ok;
		if (off > (off_t)PARSE_MAX_INPUT)
			return (1);
	}
}

const char *
feedin_peek(struct feedin *in, size_t *len)
{
	if (in->rawlen == 0 && feedin_read(in) == -1)
		return (NULL);
	*len = in->rawlen;
	return (in->raw);
}

/* Filters raw up to its last '>' (all of it at the end) into out. */
static int
feedin_refill(struct feedin *in)
{
	const char	*gt;
	size_t		 cut = 0, old, flen;
	char		*f;

	if (in->rawlen > 0 && (gt = memrchr(in->raw, '>', in->rawlen)) != NULL)
		cut = (size_t)(gt - in->raw) + 1;
	while (!in->eof && (in->rawlen < FEEDIN_BLOCK || cut == 0)) {
		old = in->rawlen;
		if (feedin_read(in) == -1)
			return (-1);
		if ((gt = memrchr(in->raw + old, '>', in->rawlen - old)) != NULL)
			cut = (size_t)(gt - in->raw) + 1;
	}
	if (in->eof || cut == 0)
		cut = in->rawlen;
	free(in->out);
	in->out = NULL;
	in->outlen = in->outoff = 0;
	if (cut == 0)
		return (0);
	if ((f = feedin_html_refs(in->raw, cut, &flen, &in->in_cdata)) != NULL) {
		in->out = f;
		in->outlen = flen;
	} else {
		in->out = xmalloc(cut);
		memcpy(in->out, in->raw, cut);
		in->outlen = cut;
	}
	memmove(in->raw, in->raw + cut, in->rawlen - cut);
	in->rawlen -= cut;
	return (0);
}

int
feedin_io_read(void *ctx, char *buf, int len)
{
	struct feedin	*in = ctx;
	size_t		 n;

	if (len <= 0)
		return (0);
	if (in->outoff == in->outlen) {
		if (in->err != NULL || feedin_refill(in) != 0)
			return (-1);
		if (in->outlen == 0)
			return (0);
	}
	n = in->outlen - in->outoff;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, in->out + in->outoff, n);
	in->outoff += n;
	return ((int)n);
}
