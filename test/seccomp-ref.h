/* seccomp-ref.h: the syscall tables read the plain way, for the tests that
 * include seccomp.c (test/unit/seccomp.c, test/seccomp-diff.c) and check
 * the compiler's own lookups against them. Included after seccomp.c. */

/* The number of name k on archdef a, or -1. */
static int64_t arch_nr(const struct archdef *a, int k)
{
	uint16_t tmp[SC_NAMES];

	return sc_number(a, arch_numbers(a, tmp), k);
}

/* x86: name k through socketcall or ipc: the call, + 32 for ipc; or 0
 * (a scan of the table, apart from the compiler's lookup). */
static uint32_t mux_call(const struct archdef *a, int k)
{
#if SC_WANT_X86
	for (size_t p = 0; a->arch == SC_ARCH_X86 && p < ARRAY_SIZE(sc_x86_mux); p++)
		if ((sc_x86_mux[p] & 511) == k)
			return sc_x86_mux[p] >> 9;
#endif
	return 0;
}
