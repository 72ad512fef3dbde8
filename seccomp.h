/* linux.seccomp compiled to a classic BPF program, without libseccomp. */
#ifndef RUNLET_SECCOMP_H
#define RUNLET_SECCOMP_H

#include <stdbool.h>
#include <stdint.h>

#include "oci.h"

struct sock_filter;

struct seccomp_filter {
	struct sock_filter *insn;
	unsigned short len;
	unsigned flags; /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
	bool notify;    /* NOTIFY rules: the load returns a listener fd */
};

/* Pure: the program for s (its native architecture always included), or
 * -EINVAL with the error recorded ("linux.seccomp...: what"). Refuses when
 * built with CFG_SECCOMP=0. */
int seccomp_compile(const struct oci_seccomp *s, struct seccomp_filter *out);
/* Install it on the calling thread (seccomp(2), or prctl where the kernel
 * has no seccomp(2) and no flags are asked for). Returns 0, or the
 * listener fd when the filter has NOTIFY rules. */
int seccomp_load(const struct seccomp_filter *f);
/* Send the spec's seccomp state and the listener fd to listenerPath. */
int seccomp_send_listener(const struct oci_seccomp *s, const char *state_json, int pid, int fd);
/* 1 << enum sc_arch for each architecture this build has a table for. */
uint32_t seccomp_arches(void);

#endif
