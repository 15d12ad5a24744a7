#include "config.h"

#include <stdlib.h>

#include "catalog/parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transcript	 t;
	char			*err = NULL;

	transcript_init(&t);
	vtt_parse((const char *)data, size, &t, &err);
	fuzz_words(&t, data, size);
	transcript_clear(&t);
	free(err);
	fuzz_sanitize(data, size);
	return (0);
}
