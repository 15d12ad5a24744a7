#ifndef EARMARK_FUZZ_H
#define EARMARK_FUZZ_H

/*
 * What every fuzz target shares: the libFuzzer entry point's prototype, a
 * pass of text_sanitize over the raw input, and checks of word times.
 * Include after config.h.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void
fuzz_sanitize(const uint8_t *data, size_t size)
{
	free(text_sanitize((const char *)data, size));
}

/*
 * Aborts unless every line's words keep the promises of parse.h and read
 * back the same from the stored form; also reads the raw input as that form.
 */
static inline void
fuzz_words(const struct transcript *t, const uint8_t *data, size_t size)
{
	const struct transcript_line *l;
	struct transcript_word *back;
	size_t i, k, n, tlen;
	char *s;

	for (i = 0; i < t->n; i++) {
		l = &t->lines[i];
		tlen = strlen(l->text);
		if (l->nwords > PARSE_MAX_WORDS || (l->nwords == 0) != (l->words == NULL))
			abort();
		for (k = 0; k < l->nwords; k++) {
			if (l->words[k].len == 0 || l->words[k].off + l->words[k].len > tlen ||
			    l->words[k].start_ms < l->start_ms ||
			    l->words[k].end_ms < l->words[k].start_ms ||
			    (k > 0 && (l->words[k].start_ms < l->words[k - 1].start_ms ||
			    l->words[k].off < l->words[k - 1].off + l->words[k - 1].len)))
				abort();
		}
		s = transcript_words_encode(l->words, l->nwords, l->start_ms);
		transcript_words_decode(s, s != NULL ? strlen(s) : 0, l->text, l->start_ms,
		    &back, &n);
		if (n != l->nwords ||
		    (n > 0 && memcmp(back, l->words, n * sizeof *back) != 0))
			abort();
		free(back);
		free(s);
	}
	transcript_words_decode((const char *)data, size, "I am \xc3\xa9 the text", 0, &back,
	    &n);
	free(back);
}

#endif
