# make check-oldkernel: the whole integration suite again with
# test/oldkernel in front of runlet (clone3, openat2, the new mount API,
# close_range and the pidfd calls fail with ENOSYS), as on an old kernel.
# make check runs it first (about a minute more).
check-oldkernel: runlet test/init test/hello test/recvtty test/ptyrun test/oldkernel test/seccomp-listener $(UNIT)
	@sh scripts/deps.sh test
	OLDKERNEL=1 sh test/run.sh

CHECK_EXTRA += check-oldkernel
.PHONY: check-oldkernel
