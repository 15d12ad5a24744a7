#include "config.h"

#include <stdlib.h>

#include "catalog/parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transcript	 t;
	char			*err = NULL, *out;

	/* Spread over an hour, then written back in every format. */
	transcript_init(&t);
	if (plain_parse((const char *)data, size, 3600000, &t, &err) == 0) {
		out = transcript_write(&t, "vtt");
		free(out);
		out = transcript_write(&t, "srt");
		free(out);
		out = transcript_to_json(&t);
		free(out);
	}
	transcript_clear(&t);
	free(err);
	fuzz_sanitize(data, size);
	return (0);
}
