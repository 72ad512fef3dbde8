/* libFuzzer: the process file of `exec --process FILE` as exec takes it:
 * json_parse_process, the default cwd, then process_validate (as
 * runtime.c's exec_process and cmd_exec do, here over an otherwise empty
 * container config). */
#include <string.h>

#include "../../container.h"
#include "../../oci.h"
#include "../../util.h"
#include "json-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct oci_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	if (json_parse_process((const char *)data, size, &cfg.process) == 0) {
		cfg.has_process = true;
		if (!cfg.process.cwd)
			cfg.process.cwd = xstrdup("/");
		process_validate(&cfg);
	}
	rt_clear();
	fz_reset();
	return 0;
}
