#ifndef EARMARK_FUZZ_H
#define EARMARK_FUZZ_H

/*
 * What every fuzz target shares: the libFuzzer entry point's prototype and
 * a pass of text_sanitize over the raw input. Include after config.h.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "catalog/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void
fuzz_sanitize(const uint8_t *data, size_t size)
{
	free(text_sanitize((const char *)data, size));
}

#endif
