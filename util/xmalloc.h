#ifndef EARMARK_XMALLOC_H
#define EARMARK_XMALLOC_H

#include <stddef.h>

/* Allocation that never returns NULL: out of memory ends the program. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array to hold at least want elements of size, doubling. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formats into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A broken invariant: report where and abort. */
#define BUG() bug_at(__FILE__, __LINE__)
#define BUG_ON(cond) do { if (cond) bug_at(__FILE__, __LINE__); } while (0)
void bug_at(const char *file, int line) __attribute__((noreturn));

#endif
