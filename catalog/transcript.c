#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/* Warnings kept per transcript; later ones are summarised in one note. */
#define TRANSCRIPT_MAX_WARNINGS 32

void
transcript_init(struct transcript *t)
{
	memset(t, 0, sizeof *t);
}

void
transcript_clear(struct transcript *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->lines[i].speaker);
		free(t->lines[i].text);
		free(t->lines[i].words);
	}
	free(t->lines);
	free(t->warnings);
	transcript_init(t);
}

int
transcript_add(struct transcript *t, int64_t start_ms, int64_t end_ms, char *speaker,
    char *text)
{
	struct transcript_line *l;

	if (t->n >= PARSE_MAX_LINES) {
		free(speaker);
		free(text);
		return -1;
	}
	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		if (t->cap > PARSE_MAX_LINES)
			t->cap = PARSE_MAX_LINES;
		t->lines = xreallocarray(t->lines, t->cap, sizeof *t->lines);
	}
	l = &t->lines[t->n++];
	l->start_ms = start_ms;
	l->end_ms = end_ms;
	l->speaker = speaker;
	l->text = text;
	l->words = NULL;
	l->nwords = 0;
	return 0;
}

/* Counts the notes already held in a warnings string. */
static size_t
transcript_warning_count(const char *w)
{
	size_t n = 0;

	if (w == NULL)
		return 0;
	for (n = 1; *w != '\0'; w++) {
		if (*w == '\n')
			n++;
	}
	return n;
}

void
transcript_warn(struct transcript *t, const char *fmt, ...)
{
	va_list ap;
	char note[512], *joined;
	size_t count;

	count = transcript_warning_count(t->warnings);
	if (count > TRANSCRIPT_MAX_WARNINGS)
		return;
	if (count == TRANSCRIPT_MAX_WARNINGS)
		snprintf(note, sizeof note, "further warnings omitted");
	else {
		va_start(ap, fmt);
		vsnprintf(note, sizeof note, fmt, ap);
		va_end(ap);
	}
	if (t->warnings == NULL)
		t->warnings = xstrdup(note);
	else {
		joined = xasprintf("%s\n%s", t->warnings, note);
		free(t->warnings);
		t->warnings = joined;
	}
}

int
transcript_index_at(const int64_t *starts, int n, int64_t t_ms)
{
	int lo = 0, hi = n, mid;

	/* Find the first start after t_ms; the line before it is current. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (starts[mid] <= t_ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}
