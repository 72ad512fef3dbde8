/* fmt.c for the glibc builds of test/asan.mk. Its body is for musl only
 * (#ifndef __GLIBC__); compiled here it replaces glibc's printf family in
 * those builds as it replaces musl's in runlet, so that ASan, UBSan and
 * valgrind check the formatter runlet ships, not glibc's. fmt.c's headers
 * are included first, so its own includes are no-ops; __NO_INLINE__ keeps
 * glibc's extern inline vprintf out of them. */
#define __NO_INLINE__ 1
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#undef __GLIBC__
#include "../fmt.c"
