/* Shared by the libFuzzer targets of test/fuzz (see test/json.mk). */
#ifndef RUNLET_JSON_FUZZ_H
#define RUNLET_JSON_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* arena.c: what is left of this input's allocations, freed */
void fz_reset(void);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
