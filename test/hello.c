/* The seed example's container program: a static hello world. */
#include <unistd.h>

int main(void)
{
	static const char msg[] = "hello world\n";
	return write(1, msg, sizeof(msg) - 1) == sizeof(msg) - 1 ? 0 : 1;
}
