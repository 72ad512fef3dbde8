/* libFuzzer: the file of `update --resources FILE`: json_parse_resources
 * (what cmd_update does next reads and writes the container's cgroup). */
#include "../../oci.h"
#include "../../util.h"
#include "json-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct oci_config cfg;

	json_parse_resources((const char *)data, size, &cfg);
	rt_clear();
	fz_reset();
	return 0;
}
