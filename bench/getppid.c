/* bench/getppid: the cost of one syscall, in a tight loop, inside a
 * container (bench/seccomp.sh): getppid(), which podman's profile allows
 * without looking at the arguments (so the kernel's seccomp action cache
 * may answer it without running the filter), and personality(0xffffffff),
 * which the profile allows only for some argument values (so the filter
 * runs on every call). Static; prints "key value" lines, the best of 5
 * rounds in ns per call.
 *
 *   getppid [N]      N calls per round (default 1000000)
 *   getppid pause    wait forever (to read the installed filter) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	double best[2] = { 1e18, 1e18 };

	if (argc > 1 && !strcmp(argv[1], "pause"))
		for (;;)
			pause();
	if (n <= 0)
		n = 1000000;
	for (int round = 0; round < 5; round++) {
		double t0 = now_ns();
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
		double t1 = now_ns();
		for (long i = 0; i < n; i++)
			syscall(SYS_personality, 0xffffffffUL);
		double t2 = now_ns();
		if ((t1 - t0) / n < best[0])
			best[0] = (t1 - t0) / n;
		if ((t2 - t1) / n < best[1])
			best[1] = (t2 - t1) / n;
	}
	printf("getppid_ns %.1f\npersonality_ns %.1f\n", best[0], best[1]);
	return 0;
}
