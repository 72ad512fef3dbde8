/* Unit tests for json.c built without some features (the Makefile's rule
 * for this test turns CFG_SECCOMP, CFG_CAPS, CFG_HOOKS, CFG_RLIMITS,
 * CFG_IDMAP and cgroup support off): a compiled-out key is refused by
 * name, the flag named, when its value asks for anything, and passes when
 * it asks for nothing (null, "", [], {}; but capabilities {} asks to drop
 * them all, and seccomp {} for a filter). Its value is not read: a wrong
 * type inside is the same refusal. TAP output.
 *
 *   make build/unit/json_off.t && ./build/unit/json_off.t
 *
 * JSON here is written with single quotes, as in test/unit/json.c. */
#include <stdio.h>
#include <string.h>

#include "oci.h"
#include "util.h"

#if CFG_SECCOMP || CFG_CAPS || CFG_HOOKS || CFG_RLIMITS || CFG_IDMAP || CFG_CGROUPS
#error "build this test with the CFG_* flags of its Makefile rule"
#endif

static int n, failed;

/* doc (' for ") parsed as config.json, or with proc as --process: want
 * NULL, it passes; else it fails, with want in the message. */
static void check(const char *doc, bool proc, const char *want)
{
	static struct oci_config c;
	static struct oci_process p;
	char js[1024];
	size_t k;
	int r;
	bool ok;

	for (k = 0; doc[k] && k < sizeof(js) - 1; k++)
		js[k] = doc[k] == '\'' ? '"' : doc[k];
	js[k] = 0;
	rt_clear();
	r = proc ? json_parse_process(js, k, &p) : json_parse_config(js, k, &c);
	ok = want ? r < 0 && strstr(rt_error(), want) : r == 0;
	n++;
	printf("%sok %d - %s%s\n", ok ? "" : "not ", n, proc ? "--process " : "", doc);
	if (!ok) {
		failed++;
		printf("# got:  %d %s\n# want: %s\n", r, r < 0 ? rt_error() : "", want ? want : "success");
	}
}

#define DOC(x) "{'ociVersion':'1.0.2','root':{'path':'r'}," x "}"
#define NO_CG "not compiled in (CFG_CGROUP_V1=0, CFG_CGROUP_V2=0: no cgroup support)"

int main(void)
{
	check(DOC("'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ERRNO'}}"), false,
	      "config.json: linux.seccomp: not compiled in (CFG_SECCOMP=0)");
	check(DOC("'linux':{'seccomp':{}}"), false, "linux.seccomp: not compiled in (CFG_SECCOMP=0)");
	check(DOC("'linux':{'seccomp':{'defaultAction':5}}"), false, "linux.seccomp: not compiled in");
	check(DOC("'linux':{'seccomp':null}"), false, NULL);
	check(DOC("'process':{'cwd':'/','capabilities':{'bounding':['CAP_KILL']}}"), false,
	      "process.capabilities: not compiled in (CFG_CAPS=0)");
	check(DOC("'process':{'cwd':'/','capabilities':{}}"), false, "process.capabilities: not compiled in (CFG_CAPS=0)");
	check(DOC("'process':{'cwd':'/','capabilities':null}"), false, NULL);
	check(DOC("'process':{'cwd':'/','rlimits':[]}"), false, NULL);
	check(DOC("'process':{'cwd':'/','rlimits':[{'type':'RLIMIT_NOFILE','soft':1,'hard':1}]}"), false,
	      "process.rlimits: not compiled in (CFG_RLIMITS=0)");
	check("{'cwd':'/','capabilities':{'effective':[]}}", true, "--process: capabilities: not compiled in (CFG_CAPS=0)");
	check("{'cwd':'/','rlimits':[]}", true, NULL);
	check(DOC("'hooks':{}"), false, NULL);
	check(DOC("'hooks':{'prestart':[],'poststop':null}"), false, NULL);
	check(DOC("'hooks':{'prestart':[{'path':'/bin/true'}]}"), false, "hooks.prestart: not compiled in (CFG_HOOKS=0)");
	check(DOC("'hooks':{'poststop':1}"), false, "hooks.poststop: not compiled in (CFG_HOOKS=0)");
	check(DOC("'linux':{'resources':{}}"), false, NULL);
	check(DOC("'linux':{'resources':{'pids':{'limit':10}}}"), false, "linux.resources: " NO_CG);
	check(DOC("'linux':{'resources':{'devices':[{'allow':false,'access':'rwm'}]}}"), false, "linux.resources: " NO_CG);
	check(DOC("'linux':{'cgroupsPath':''}"), false, NULL);
	check(DOC("'linux':{'cgroupsPath':'/a'}"), false, "linux.cgroupsPath: " NO_CG);
	check(DOC("'mounts':[{'destination':'/a','uidMappings':[]}]"), false, NULL);
	check(DOC("'mounts':[{'destination':'/a','gidMappings':[{'containerID':0,'hostID':1,'size':1}]}]"), false,
	      "mounts[0].gidMappings: not compiled in (CFG_IDMAP=0)");
	/* the features this build has are read as ever */
	check(DOC("'process':{'cwd':'/','args':[1]}"), false, "process.args[0]: expected string, got number");
	printf("1..%d\n", n);
	return failed != 0;
}
