#ifndef EARMARK_STRBUF_H
#define EARMARK_STRBUF_H

#include <stddef.h>

/* A growing NUL-terminated string; s is NULL until something is added. */
struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_printf(struct strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The string, handed to the caller (never NULL); the buffer is empty after. */
char *strbuf_finish(struct strbuf *b);

#endif
