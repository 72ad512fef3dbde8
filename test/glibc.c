/* What the glibc builds of test/asan.mk (ASan+UBSan, valgrind) link in
 * place of alloc.c and fmt.c: nothing for alloc.c (glibc's malloc, whose
 * free() frees, so that the sanitizers and valgrind see every block; util.c
 * has the no-op alloc_mark/alloc_release); and runlet's own printf family,
 * fmt.c, in place of glibc's, as runlet has it in place of musl's, so that
 * they check the formatter runlet ships.
 *
 * fmt.c's body is for musl only (#ifndef __GLIBC__): its headers are
 * included first here, so that its own includes are no-ops and
 * __GLIBC__ can be dropped; __NO_INLINE__ keeps glibc's extern inline
 * vprintf out of them. */
#define __NO_INLINE__ 1
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#undef __GLIBC__
#include "../fmt.c"
