#!/bin/sh
# board/toolchain.sh BOARD: make the musl-static cross toolchain for BOARD
# from Debian packages, installing what is missing; quick when all is there.
#
#   host (apt-get)      the cross gcc and linux-libc-dev-<arch>-cross
#                       (BOARD_HOST_PKGS in board/BOARD/board.mk)
#   private apt root    musl-dev:<arch>, unpacked into $BOARD_CACHE/BOARD/sysroot
#                       (riscv64: musl built from Debian's source package)
#   $BOARD_CACHE/BOARD  musl-gcc.specs pointing at that sysroot; inc/ with the
#                       kernel UAPI headers and jsmn.h (added with -idirafter:
#                       the specs say -nostdinc); toolchain.mk for the Makefile
#
# BOARD_CACHE defaults to build/cache (absolute paths are written into the
# specs: move the cache and this reruns).

. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: board/toolchain.sh BOARD"
read_board "$1"

# mk_specs INCDIR LIBDIR: a musl-gcc.specs (as Debian's musl-tools writes
# one) for a sysroot at other paths, static links only.
mk_specs() {
	cat >"$BC/musl-gcc.specs" <<EOF
%rename cpp_options old_cpp_options

*cpp_options:
-nostdinc -isystem $1 -isystem include%s %(old_cpp_options)

*cc1:
%(cc1_cpu) -nostdinc -isystem $1 -isystem include%s

*link_libgcc:
-L$2 -L .%s

*libgcc:
libgcc.a%s %:if-exists(libgcc_eh.a%s)

*startfile:
%{!shared: $2/Scrt1.o} $2/crti.o crtbeginS.o%s

*endfile:
crtendS.o%s $2/crtn.o

*link:
-nostdlib %{shared:-shared} %{static:-static} %{rdynamic:-export-dynamic}
EOF
}

# musl_from_deb: musl-dev:<arch> from the private apt root.
musl_from_deb() {
	fapt_init "$BOARD_DEB_ARCH" bookworm
	_deb=$(fetch_deb musl-dev)
	if [ "$(cat "$BC/sysroot/.from" 2>/dev/null)" != "$_deb" ]; then
		rm -rf "$BC/sysroot"
		dpkg-deb -x "$_deb" "$BC/sysroot"
		echo "$_deb" >"$BC/sysroot/.from"
	fi
}

# musl_from_source: musl from bookworm's source package (Debian's patches
# applied), cross-compiled and installed into the sysroot.
musl_from_source() {
	host_pkgs dpkg-dev make
	fapt_init amd64 bookworm src
	mkdir -p "$FA/src"
	if ! ls "$FA"/src/musl_*.dsc >/dev/null 2>&1; then
		log "apt-get source musl"
		(cd "$FA/src" && fapt source --download-only -qq musl >/dev/null)
	fi
	_dsc=$(ls "$FA"/src/musl_*.dsc | tail -n 1)
	[ "$(cat "$BC/sysroot/.from" 2>/dev/null)" != "$_dsc" ] || return 0
	_t0=$(date +%s)
	log "building musl from $(basename "$_dsc") (about a minute)"
	rm -rf "$BC/sysroot" "$BC/musl-build"
	mkdir -p "$BC/musl-build"
	(
		set -e
		dpkg-source -x "$_dsc" "$BC/musl-build/src"
		cd "$BC/musl-build/src"
		./configure --target="${BOARD_CROSS%-}" CROSS_COMPILE="$BOARD_CROSS" \
			--prefix=/usr --libdir="/usr/lib/$BOARD_MUSL" \
			--includedir="/usr/include/$BOARD_MUSL" --syslibdir=/lib --disable-shared
		make -j"$(nproc)"
		make install DESTDIR="$BC/sysroot"
	) >"$BC/musl-build.log" 2>&1 || die "musl build failed: see $BC/musl-build.log"
	echo "$_dsc" >"$BC/sysroot/.from"
	rm -rf "$BC/musl-build"
	log "musl built in $(($(date +%s) - _t0)) s"
}

# shellcheck disable=SC2086
host_pkgs $BOARD_HOST_PKGS libjsmn-dev

mkdir -p "$BC/inc"
ln -sfn /usr/include/jsmn.h "$BC/inc/jsmn.h"
if [ -z "$BOARD_CROSS" ]; then
	# The host's own musl-gcc and UAPI headers.
	_kh=/usr/include
	ln -sfn "$_kh/$(gcc -print-multiarch)/asm" "$BC/inc/asm"
	_cc="musl-gcc"
	_strip="strip"
else
	_kh=/usr/${BOARD_CROSS%-}/include
	ln -sfn "$_kh/asm" "$BC/inc/asm"
	if [ "$BOARD_MUSL_SRC" = 1 ]; then
		musl_from_source
	else
		musl_from_deb
	fi
	mk_specs "$BC/sysroot/usr/include/$BOARD_MUSL" "$BC/sysroot/usr/lib/$BOARD_MUSL"
	_cc="${BOARD_CROSS}gcc -specs $BC/musl-gcc.specs"
	_strip=${BOARD_CROSS}strip
fi
ln -sfn "$_kh/linux" "$BC/inc/linux"
ln -sfn "$_kh/asm-generic" "$BC/inc/asm-generic"

cat >"$BC/toolchain.mk.new" <<EOF
# Written by board/toolchain.sh $BOARD.
BOARD_CC := $_cc
BOARD_STRIP := $_strip
BOARD_INC := $BC/inc
EOF
if cmp -s "$BC/toolchain.mk.new" "$BC/toolchain.mk"; then
	rm "$BC/toolchain.mk.new"
	touch "$BC/toolchain.mk"
else
	mv "$BC/toolchain.mk.new" "$BC/toolchain.mk"
	log "toolchain ready: $_cc"
fi
