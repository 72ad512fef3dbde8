/* The seed bundle's process: the smallest useful container payload.
 * Built static with musl by bench/run.sh, so the rootfs is this one file. */
#include <stdio.h>

int main(void)
{
	puts("hello world");
	return 0;
}
