/* The exec benchmark's container process: waits for a signal. */
#include <unistd.h>

int main(void)
{
	pause();
	return 0;
}
