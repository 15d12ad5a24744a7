#include "config.h"

#include <stdlib.h>

#include "catalog/parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opml	*o = NULL;
	char		*err = NULL, *s;

	if (opml_parse((const char *)data, size, &o, &err) == 0) {
		s = opml_write(o);
		free(s);
		s = opml_to_json(o);
		free(s);
	}
	opml_free(o);
	free(err);
	fuzz_sanitize(data, size);
	return (0);
}
