#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "util/xmalloc.h"

/*
 * The command line's parsing, apart from the screen so that its tests link
 * it alone: words, times, numbers, completion and the session's history.
 */

/* Longest first field of a time: 999999 s or min or h, far past any episode. */
#define TIME_DIGITS_MAX 6

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

int
cmdline_parse(const char *s, size_t len, struct cmdline *cl)
{
	size_t i = 0, start;

	memset(cl, 0, sizeof *cl);
	if (len > CMDLINE_MAX || memchr(s, '\0', len) != NULL)
		return -1;
	while (len > 0 && blank(s[len - 1]))
		len--;
	cl->line = xmalloc(len + 1);
	memcpy(cl->line, s, len);
	cl->line[len] = '\0';
	cl->words = xstrdup(cl->line);
	while (i < len && cl->argc < CMDLINE_ARGS) {
		while (i < len && blank(s[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !blank(s[i]))
			i++;
		cl->words[i] = '\0';
		cl->argv[cl->argc] = cl->words + start;
		cl->rest[cl->argc++] = cl->line + start;
	}
	if (cl->argc == 0) {
		cmdline_clear(cl);
		return -1;
	}
	return 0;
}

void
cmdline_clear(struct cmdline *cl)
{
	free(cl->line);
	free(cl->words);
	memset(cl, 0, sizeof *cl);
}

/* Reads 1 to max digits from s[*i]; -1 when there are none or too many. */
static long
digits(const char *s, size_t len, size_t *i, int max)
{
	long v = 0;
	int n = 0;

	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		if (++n > max)
			return -1;
		v = v * 10 + (s[(*i)++] - '0');
	}
	return n > 0 ? v : -1;
}

int
cmdline_time(const char *s, size_t len, int64_t *ms, int *sign)
{
	long field[3];
	int64_t frac = 0, scale = 100, t;
	size_t i = 0;
	int n = 0, k;

	*sign = 0;
	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		*sign = s[0] == '+' ? 1 : -1;
		i++;
	}
	for (;;) {
		/* Minutes and seconds after a colon are two digits at most, under 60. */
		field[n] = digits(s, len, &i, n == 0 ? TIME_DIGITS_MAX : 2);
		if (field[n] < 0 || (n > 0 && field[n] >= 60))
			return -1;
		n++;
		if (i == len || s[i] != ':')
			break;
		if (n == 3)
			return -1;
		i++;
	}
	if (i < len && s[i] == '.') {
		if (++i == len)
			return -1;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, scale /= 10)
			frac += (s[i] - '0') * scale;
	}
	if (i != len)
		return -1;
	t = 0;
	for (k = 0; k < n; k++)
		t = t * 60 + field[k];
	*ms = t * 1000 + frac;
	return 0;
}

int
cmdline_decimal(const char *s, size_t len, double lo, double hi, double *out)
{
	double v, scale = 0.1;
	size_t i = 0;
	long whole = digits(s, len, &i, 6);

	if (whole < 0)
		return -1;
	v = (double)whole;
	if (i < len && s[i] == '.') {
		if (++i == len)
			return -1;
		for (; i < len && s[i] >= '0' && s[i] <= '9' && scale > 1e-9; i++, scale /= 10)
			v += (s[i] - '0') * scale;
	}
	if (i != len || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
cmdline_matches(const char *word, size_t len, const char *const *names, int n,
    size_t *common, int *first)
{
	int i, count = 0;

	*common = len;
	*first = -1;
	for (i = 0; i < n; i++) {
		size_t k;

		if (names[i] == NULL || strncmp(names[i], word, len) != 0 ||
		    strlen(names[i]) < len)
			continue;
		if (count++ == 0) {
			*first = i;
			*common = strlen(names[i]);
			continue;
		}
		for (k = len; k < *common && names[i][k] == names[*first][k]; k++)
			;
		*common = k;
	}
	return count;
}

void
cmdline_history_add(struct cmdline_history *h, const char *line)
{
	h->pos = h->n;
	if (line[0] == '\0' || (h->n > 0 && strcmp(h->item[h->n - 1], line) == 0)) {
		h->pos = h->n;
		return;
	}
	if (h->n == CMDLINE_HISTORY) {
		free(h->item[0]);
		memmove(h->item, h->item + 1, (CMDLINE_HISTORY - 1) * sizeof h->item[0]);
		h->n--;
	}
	h->item[h->n++] = xstrdup(line);
	h->pos = h->n;
}

void
cmdline_history_start(struct cmdline_history *h)
{
	h->pos = h->n;
	free(h->draft);
	h->draft = NULL;
}

const char *
cmdline_history_move(struct cmdline_history *h, int dir, const char *typed)
{
	if (dir < 0) {
		if (h->pos == 0)
			return NULL;
		if (h->pos == h->n) {
			free(h->draft);
			h->draft = xstrdup(typed);
		}
		return h->item[--h->pos];
	}
	if (h->pos >= h->n)
		return NULL;
	if (++h->pos == h->n)
		return h->draft != NULL ? h->draft : "";
	return h->item[h->pos];
}

void
cmdline_history_free(struct cmdline_history *h)
{
	int i;

	for (i = 0; i < h->n; i++)
		free(h->item[i]);
	free(h->draft);
	memset(h, 0, sizeof *h);
}
