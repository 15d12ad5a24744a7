#ifndef EARMARK_BENCH_WORDS_H
#define EARMARK_BENCH_WORDS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Deterministic English-like text for the benchmarks: a fixed vocabulary
 * (common English words first, then made-up words built from syllables)
 * drawn with a Zipf-like distribution from a seeded generator.
 */

#define WORDS_COUNT 4000	/* Words in the vocabulary. */

struct words {
	uint64_t state;		/* Generator state; the same seed gives the same text. */
};

void words_seed(struct words *w, uint64_t seed);
uint64_t words_next(struct words *w);
/* A number in [0, n). */
uint32_t words_below(struct words *w, uint32_t n);
/* The word of a rank (0 is the most common). */
const char *words_at(int rank);
/* A word drawn by the Zipf-like law. */
const char *words_draw(struct words *w);
/* Writes one sentence of lo to hi words into buf (capitalised, with a stop); returns its length. */
size_t words_sentence(struct words *w, char *buf, size_t size, int lo, int hi);

#endif
