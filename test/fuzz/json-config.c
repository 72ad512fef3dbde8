/* libFuzzer: config.json as `create` takes it: json_parse_config, then the
 * checks create makes before it changes anything (runtime.c's validate():
 * process_validate with the capability, scheduler and rlimit checks and
 * the seccomp compiler, the namespace, id map, time offset, sysctl and
 * hook checks, the LSM fields). What comes after (cgroup_plan, state
 * directory, clone) touches the host and is not run.
 *
 * runtime.c is included for its static validate(); its main() renamed. */
#define main runtime_main
#include "../../runtime.c"
#undef main

#include "json-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct oci_config cfg;
	struct container c = { .cfg = &cfg, .state_dirfd = -1, .fifo_fd = -1, .sync_fd = -1, .console_fd = -1, .relay_fd = -1 };
	/* a console socket given: a terminal config goes on to the checks after */
	struct opts o = { .console_socket = "console.sock" };

	if (json_parse_config((const char *)data, size, &cfg) == 0) {
		c.userns = cfg.ns[NS_USER].present;
		validate(&c, &o);
	}
	rt_clear();
	fz_reset();
	return 0;
}
