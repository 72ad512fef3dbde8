/* A classic BPF interpreter and checker for seccomp programs, for the
 * test-only tools (seccomp-diff, fuzz-seccomp, bench/seccomp-stats): it
 * runs runlet's programs and libseccomp's alike, so it takes every
 * instruction the kernel's seccomp checker (seccomp_check_filter) allows,
 * not only the few runlet emits. Header-only: static inline functions. */
#ifndef RUNLET_TEST_BPF_H
#define RUNLET_TEST_BPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define BPF_BAD 0xdeadbeefu /* a program the kernel would refuse, or a fault */

/* What the kernel's checkers say of p: NULL, or why it is refused. Every
 * opcode in seccomp's list, jumps inside the program (all forward), loads
 * of seccomp_data aligned and in range, scratch memory indices < 16, a
 * constant divisor not 0, the last instruction a `ret`. */
static inline const char *bpf_check(const struct sock_filter *p, size_t len)
{
	if (len == 0 || len > BPF_MAXINSNS)
		return "length 0 or over BPF_MAXINSNS";
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &p[pc];
		size_t left = len - pc - 1;

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k >= sizeof(struct seccomp_data) || i->k % 4)
				return "load outside seccomp_data, or unaligned";
			break;
		case BPF_LD | BPF_W | BPF_LEN:
		case BPF_LDX | BPF_W | BPF_LEN:
		case BPF_LD | BPF_IMM:
		case BPF_LDX | BPF_IMM:
		case BPF_MISC | BPF_TAX:
		case BPF_MISC | BPF_TXA:
		case BPF_RET | BPF_K:
		case BPF_RET | BPF_A:
		case BPF_ALU | BPF_NEG:
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (i->k >= BPF_MEMWORDS)
				return "scratch memory index out of range";
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_MOD | BPF_K:
			if (i->k == 0)
				return "division by a constant 0";
			break;
		case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
		case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
		case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
		case BPF_ALU | BPF_DIV | BPF_X: case BPF_ALU | BPF_MOD | BPF_X:
		case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
		case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
		case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
		case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
		case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
			break;
		case BPF_JMP | BPF_JA:
			if (i->k >= left)
				return "ja out of the program";
			break;
		case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
			if (i->jt >= left || i->jf >= left)
				return "conditional jump out of the program";
			break;
		default:
			return "opcode seccomp does not allow";
		}
	}
	if (BPF_CLASS(p[len - 1].code) != BPF_RET)
		return "does not end in ret";
	return NULL;
}

/* The verdict of a checked program for d; *steps (if given) gets the
 * number of instructions executed. */
static inline uint32_t bpf_run(const struct sock_filter *p, size_t len, const struct seccomp_data *d, int *steps)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	size_t pc = 0;
	int n = 0;

	while (pc < len) {
		const struct sock_filter *i = &p[pc++];
		n++;
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k >= sizeof(*d) || i->k % 4)
				return BPF_BAD;
			memcpy(&a, (const char *)d + i->k, 4);
			break;
		case BPF_LD | BPF_W | BPF_LEN: a = sizeof(*d); break;
		case BPF_LDX | BPF_W | BPF_LEN: x = sizeof(*d); break;
		case BPF_LD | BPF_IMM: a = i->k; break;
		case BPF_LDX | BPF_IMM: x = i->k; break;
		case BPF_LD | BPF_MEM: a = mem[i->k % BPF_MEMWORDS]; break;
		case BPF_LDX | BPF_MEM: x = mem[i->k % BPF_MEMWORDS]; break;
		case BPF_ST: mem[i->k % BPF_MEMWORDS] = a; break;
		case BPF_STX: mem[i->k % BPF_MEMWORDS] = x; break;
		case BPF_MISC | BPF_TAX: x = a; break;
		case BPF_MISC | BPF_TXA: a = x; break;
		case BPF_ALU | BPF_NEG: a = -a; break;
		case BPF_ALU | BPF_ADD | BPF_K: a += i->k; break;
		case BPF_ALU | BPF_ADD | BPF_X: a += x; break;
		case BPF_ALU | BPF_SUB | BPF_K: a -= i->k; break;
		case BPF_ALU | BPF_SUB | BPF_X: a -= x; break;
		case BPF_ALU | BPF_MUL | BPF_K: a *= i->k; break;
		case BPF_ALU | BPF_MUL | BPF_X: a *= x; break;
		case BPF_ALU | BPF_DIV | BPF_K: if (!i->k) return BPF_BAD; a /= i->k; break;
		case BPF_ALU | BPF_DIV | BPF_X: if (!x) return 0; a /= x; break; /* the kernel returns 0 */
		case BPF_ALU | BPF_MOD | BPF_K: if (!i->k) return BPF_BAD; a %= i->k; break;
		case BPF_ALU | BPF_MOD | BPF_X: if (!x) return 0; a %= x; break;
		case BPF_ALU | BPF_AND | BPF_K: a &= i->k; break;
		case BPF_ALU | BPF_AND | BPF_X: a &= x; break;
		case BPF_ALU | BPF_OR | BPF_K: a |= i->k; break;
		case BPF_ALU | BPF_OR | BPF_X: a |= x; break;
		case BPF_ALU | BPF_XOR | BPF_K: a ^= i->k; break;
		case BPF_ALU | BPF_XOR | BPF_X: a ^= x; break;
		case BPF_ALU | BPF_LSH | BPF_K: a = i->k < 32 ? a << i->k : 0; break;
		case BPF_ALU | BPF_LSH | BPF_X: a = x < 32 ? a << x : 0; break;
		case BPF_ALU | BPF_RSH | BPF_K: a = i->k < 32 ? a >> i->k : 0; break;
		case BPF_ALU | BPF_RSH | BPF_X: a = x < 32 ? a >> x : 0; break;
		case BPF_JMP | BPF_JA: pc += i->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += a == i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JEQ | BPF_X: pc += a == x ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += a > i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGT | BPF_X: pc += a > x ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += a >= i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGE | BPF_X: pc += a >= x ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += (a & i->k) ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JSET | BPF_X: pc += (a & x) ? i->jt : i->jf; break;
		case BPF_RET | BPF_K:
			if (steps)
				*steps = n;
			return i->k;
		case BPF_RET | BPF_A:
			if (steps)
				*steps = n;
			return a;
		default: return BPF_BAD;
		}
	}
	return BPF_BAD;
}

/* The longest path through a checked program (every jump is forward, so
 * the program is a DAG): an upper bound on the instructions any syscall
 * executes, infeasible paths included. */
static inline int bpf_longest_path(const struct sock_filter *p, size_t len)
{
	int *d = calloc(len + 1, sizeof(int)), best;

	for (size_t pc = len; pc-- > 0;) {
		const struct sock_filter *i = &p[pc];
		int m = 0;

		if (BPF_CLASS(i->code) == BPF_RET)
			m = 0;
		else if (i->code == (BPF_JMP | BPF_JA))
			m = d[pc + 1 + i->k];
		else if (BPF_CLASS(i->code) == BPF_JMP) {
			m = d[pc + 1 + i->jt];
			if (d[pc + 1 + i->jf] > m)
				m = d[pc + 1 + i->jf];
		} else
			m = d[pc + 1];
		d[pc] = m + 1;
	}
	best = d[0];
	free(d);
	return best;
}

#endif
