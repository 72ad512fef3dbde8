/* oldkernel [-m] [-x] RUNTIME ARGS...: run RUNTIME as on an older kernel,
 * where the newer syscalls do not exist: a seccomp filter makes them fail
 * with ENOSYS. The runtime must fall back, or fail clearly where a feature
 * truly needs one (idmapped and r* mounts). Every syscall added since
 * Linux 5.1 (424 on) has one number on all architectures but alpha, ia64
 * and mips (their tables are offset), so the numbers below hold on every
 * board (x86_64, i386, arm, aarch64, riscv64). Older still, by option
 * (the numbers of the build's architecture): -m memfd_create (Linux
 * 3.17), -x execveat (3.19), for runlet's sealed copy of itself (exe.c). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#if defined(__alpha__) || defined(__ia64__) || defined(__mips__)
#error "the syscall numbers below are those of the unified table (424 on)"
#endif

static const int newer[] = {
	435, /* clone3 */ 437, /* openat2 */ 442, /* mount_setattr */ 428, /* open_tree */
	429, /* move_mount */ 430, /* fsopen */ 436, /* close_range */ 434, /* pidfd_open */
	424, /* pidfd_send_signal */ 438, /* pidfd_getfd */
};

int main(int argc, char **argv)
{
	struct sock_filter f[64];
	int n = 0, nrs[sizeof(newer) / sizeof(newer[0]) + 2], nn = 0;

	for (size_t k = 0; k < sizeof(newer) / sizeof(newer[0]); k++)
		nrs[nn++] = newer[k];
	for (; argc > 1 && argv[1][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[1], "-m") && nn < (int)(sizeof(nrs) / sizeof(nrs[0])))
			nrs[nn++] = SYS_memfd_create;
		else if (!strcmp(argv[1], "-x") && nn < (int)(sizeof(nrs) / sizeof(nrs[0])))
			nrs[nn++] = SYS_execveat;
		else
			argc = 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: oldkernel [-m] [-x] RUNTIME ARGS...\n");
		return 2;
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (int k = 0; k < nn; k++) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nrs[k], 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { (unsigned short)n, f };
	/* With CAP_SYS_ADMIN (root) the filter loads as it is; only without
	 * it does the kernel want no_new_privs, which the containers would
	 * then inherit (noNewPrivileges: false could not be tested). */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0 &&
	    (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	     prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)) {
		perror("oldkernel: seccomp");
		return 1;
	}
	execv(argv[1], argv + 1);
	perror("oldkernel: exec");
	return 127;
}
