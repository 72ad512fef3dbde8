/* Linked into build/asan/runlet only (test/asan.mk): the sanitizer options
 * built in, because engines run runlet with an environment of their own
 * (podman's conmon drops ASAN_OPTIONS). ASAN_OPTIONS/UBSAN_OPTIONS, when
 * set, still override these.
 *
 * Every report is fatal. detect_leaks=0: runlet frees nothing by design
 * (alloc.c's free() is a no-op, json.c's config has no destructor) and
 * leaves through exec, _exit and exit, so LeakSanitizer would list every
 * command's config and no defect. When ASAN_LOG_DIR exists (test/sanitize.sh
 * suite makes it), reports go to files there, so that one cannot be missed
 * when a test or an engine swallows runlet's stderr; otherwise to stderr. */
#include <unistd.h>

#ifndef ASAN_LOG_DIR
#define ASAN_LOG_DIR "/nonexistent"
#endif

#define ASAN_BASE "detect_leaks=0:halt_on_error=1:abort_on_error=0:strict_string_checks=1:" \
		  "detect_stack_use_after_return=1"
#define UBSAN_BASE "halt_on_error=1:print_stacktrace=1"
#define TO_FILE ":log_path=" ASAN_LOG_DIR "/report"

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
	return access(ASAN_LOG_DIR, W_OK) ? ASAN_BASE : ASAN_BASE TO_FILE;
}

const char *__ubsan_default_options(void)
{
	return access(ASAN_LOG_DIR, W_OK) ? UBSAN_BASE : UBSAN_BASE TO_FILE;
}
