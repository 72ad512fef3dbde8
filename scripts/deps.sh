#!/bin/sh
# Install the Debian packages a step needs, only when missing.
#   deps.sh build   compiler (musl-gcc), jsmn header, kernel UAPI headers
#   deps.sh test    what the test suite uses
#   deps.sh bench   runc, crun, hyperfine, GNU time
set -e
need=""
want() { # want PACKAGE TEST-COMMAND...
	pkg=$1; shift
	"$@" >/dev/null 2>&1 || need="$need $pkg"
}
have() { command -v "$1"; }
case "${1:-build}" in
build)
	want musl-tools have musl-gcc
	want libjsmn-dev test -f /usr/include/jsmn.h
	want linux-libc-dev test -f /usr/include/linux/capability.h
	want make have make
	;;
test)
	want iproute2 have ip
	want util-linux have unshare
	want procps have ps
	# a real engine driving runlet (test/cases/engines.sh)
	want podman have podman
	# podman --init and pods' infra image (podman only recommends it)
	want catatonit test -x /usr/libexec/podman/catatonit
	# podman's default network (the tests were written against netavark,
	# not CNI)
	want netavark test -x /usr/lib/podman/netavark
	# netavark's bridge network sets up its NAT with iptables (podman
	# only suggests it; without it: "netavark: No such file or directory")
	want iptables test -x /usr/sbin/iptables
	# podman container checkpoint asks criu's version before the runtime:
	# without criu podman refuses before runlet is asked
	want criu test -x /usr/sbin/criu
	want containerd have containerd
	# a terminal for ctr run -t (essential in Debian; util-linux's script)
	want bsdutils have script
	# the reference runtime: RUNTIME=/usr/sbin/runc, and runc's own template
	want runc test -x /usr/sbin/runc
	want jq have jq
	# the rootfs of the engine configs run (test/cases/engineconfigs.sh):
	# a static busybox, alone in it
	want busybox-static sh -c "dpkg-query -W -f='\${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'"
	# the features document against the runtime-spec's JSON schema
	# (test/cases/features.sh)
	want python3-jsonschema python3 -c 'import jsonschema'
	# a squashfs to hold runlet (escape.sh: no sealed copy needed there)
	want squashfs-tools have mksquashfs
	# the unit tests again under ASan+UBSan (a host glibc build) and
	# valgrind; libFuzzer for `make fuzz`; libseccomp only as the
	# reference the seccomp compiler is compared against (never linked
	# into runlet)
	want clang have clang
	want libclang-rt-14-dev sh -c 'ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a'
	want valgrind have valgrind
	# make analyze (on demand): clang's analyzer and cppcheck
	want clang-tools have scan-build
	want cppcheck have cppcheck
	want libseccomp-dev test -f /usr/include/seccomp.h
	;;
bench)
	want hyperfine have hyperfine
	want crun have crun
	want runc have runc
	want time test -x /usr/bin/time
	want jq have jq
	want python3 have python3
	;;
*) echo "deps.sh: unknown step '$1'" >&2; exit 2 ;;
esac
[ -n "$need" ] || exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$need (run as root to install them)" >&2
	exit 1
fi
echo "deps.sh: installing$need" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need >/dev/null
