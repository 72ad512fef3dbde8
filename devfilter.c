/* The cgroup v2 device filter: linux.resources.devices assembled into a
 * BPF_PROG_TYPE_CGROUP_DEVICE program by runlet itself (no libbpf), and
 * attached to the container's cgroup. The rules keep cgroup v1's meaning:
 * the last rule that matches decides, and nothing matched is a denial. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "cgroup.h"
#include "util.h"

struct prog {
	struct bpf_insn *i;
	size_t n, cap;
};

static void emit(struct prog *p, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->i = xrealloc(p->i, p->cap * sizeof(*p->i));
	}
	p->i[p->n++] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
}

/* One rule: jumps to the next rule (patched at the end of the block)
 * unless type, access, major and minor all match; then returns. Returns
 * false for a rule that matches everything: nothing after it can run
 * (and the verifier refuses unreachable code). */
static bool rule(struct prog *p, char type, const char *access, int64_t major, int64_t minor, bool allow)
{
	size_t jumps[4];
	int nj = 0, acc = 0;

	for (const char *a = access; *a; a++)
		acc |= *a == 'm' ? BPF_DEVCG_ACC_MKNOD : *a == 'r' ? BPF_DEVCG_ACC_READ : BPF_DEVCG_ACC_WRITE;
	if (type != 'a') {
		jumps[nj++] = p->n;
		emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 0,
		     type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
	}
	if ((acc & 7) != 7) {
		/* any access asked for that the rule does not name: not ours */
		jumps[nj++] = p->n;
		emit(p, BPF_JMP | BPF_JSET | BPF_K, BPF_REG_3, 0, 0, ~acc & 7);
	}
	if (major >= 0) {
		jumps[nj++] = p->n;
		emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, 0, (int32_t)major);
	}
	if (minor >= 0) {
		jumps[nj++] = p->n;
		emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 0, (int32_t)minor);
	}
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, allow);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	for (int k = 0; k < nj; k++)
		p->i[jumps[k]].off = (int16_t)(p->n - jumps[k] - 1);
	return nj > 0;
}

/* Parse a v1-style rule string ("c 1:3 rwm", "a") into rule(). */
static bool rule_str(struct prog *p, const char *s, bool allow)
{
	char type = s[0], acc[4] = "rwm";
	long long maj = -1, min = -1;

	if (type != 'a') {
		const char *q = s + 2;
		if (*q != '*')
			maj = strtoll(q, NULL, 10);
		q = strchr(q, ':') + 1;
		if (*q != '*')
			min = strtoll(q, NULL, 10);
		snprintf(acc, sizeof(acc), "%s", strchr(q, ' ') + 1);
	}
	return rule(p, type, acc, maj, min, allow);
}

int devfilter_attach(const char *cgroup_dir, const struct oci_dev_rule *rules, size_t n,
		     const char *const *defaults, size_t ndefaults)
{
	struct prog p = { 0 };
	union bpf_attr attr;
	char log[1024] = "";
	int prog, cg, r = 0;

	/* r2 = device type, r3 = access, r4 = major, r5 = minor */
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 0, 0);
	emit(&p, BPF_ALU | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
	emit(&p, BPF_ALU | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff);
	emit(&p, BPF_ALU | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16);
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1, 4, 0);
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1, 8, 0);
	/* last rule first: the first match wins here */
	bool more = true;
	for (size_t k = ndefaults; more && k-- > 0;)
		more = rule_str(&p, defaults[k], true);
	for (size_t k = n; more && k-- > 0;)
		more = rule(&p, rules[k].type, rules[k].access, rules[k].major, rules[k].minor, rules[k].allow);
	if (more) {
		emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
		emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uintptr_t)p.i;
	attr.insn_cnt = (uint32_t)p.n;
	attr.license = (uintptr_t) "GPL";
	attr.log_buf = (uintptr_t)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (prog < 0 && errno == ENOSPC) { /* the log was too small: load without it */
		attr.log_buf = 0;
		attr.log_size = attr.log_level = 0;
		prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	}
	free(p.i);
	if (prog < 0)
		return rt_fail(errno, "linux.resources.devices: load the cgroup v2 device filter%s%.200s",
			       log[0] ? ": " : "", log);
	cg = openat(AT_FDCWD, cgroup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)cg;
	attr.attach_bpf_fd = (uint32_t)prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (cg < 0 || syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof(attr)) < 0)
		r = rt_fail(errno, "linux.resources.devices: attach the device filter to %s", cgroup_dir);
	if (cg >= 0)
		close(cg);
	close(prog); /* the cgroup keeps it */
	return r;
}
