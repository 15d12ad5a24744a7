#include "config.h"

#include <stdlib.h>

#include "catalog/parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed	*f = NULL;
	char		*err = NULL, *json;

	if (feed_parse((const char *)data, size, "https://example.com/feed/rss",
	    &f, &err) == 0) {
		json = feed_to_json(f);
		free(json);
	}
	feed_free(f);
	free(err);
	fuzz_sanitize(data, size);
	return (0);
}
