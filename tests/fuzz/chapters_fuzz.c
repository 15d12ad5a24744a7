#include "config.h"

#include <stdlib.h>

#include "catalog/parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chapter_list	 l = { NULL, 0 };
	char			*err = NULL;

	chapters_parse_json((const char *)data, size, &l, &err);
	chapter_list_clear(&l);
	free(err);
	fuzz_sanitize(data, size);
	return (0);
}
