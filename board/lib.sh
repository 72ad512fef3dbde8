# board/lib.sh: sourced by board/toolchain.sh and board/test.sh. POSIX sh.
#
# Foreign-architecture .debs (musl-dev, busybox-static, the kernel) come
# through a private apt root under $BOARD_CACHE/apt-<arch>-<suite>: its own
# sources.list, lists and dpkg status. The host's apt and dpkg are never told
# about the architecture (`dpkg --add-architecture` would make every host
# `apt-get update` depend on that architecture's mirror being consistent).

set -eu

BOARD_SRC=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BOARD_SRC/.." && pwd)
BOARD_CACHE=${BOARD_CACHE:-$REPO/build/cache}
case $BOARD_CACHE in /*) ;; *) BOARD_CACHE=$REPO/$BOARD_CACHE ;; esac
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

log() {
	printf '%s: %s\n' "${0##*/} ${BOARD:-}" "$*" >&2
}

die() {
	log "$*"
	exit 1
}

# read_board NAME: set the BOARD_* variables from board/NAME/board.mk.
read_board() {
	BOARD=$1
	_mk=$BOARD_SRC/$BOARD/board.mk
	[ -f "$_mk" ] || die "no board '$BOARD' (boards: $(cd "$BOARD_SRC" && ls */board.mk | sed 's|/board.mk||' | tr '\n' ' '))"
	BOARD_MUSL_SRC=0 BOARD_NATIVE=0 BOARD_KERNEL='' BOARD_QEMU='' BOARD_QEMU_PKG=''
	eval "$(sed -n "s/^\(BOARD_[A-Z0-9_]*\)[[:space:]]*:=[[:space:]]*\(.*\)\$/\1='\2'/p" "$_mk")"
	BC=$BOARD_CACHE/$BOARD
	mkdir -p "$BC"
}

# host_pkgs PKG...: apt-get install the host (amd64) packages not installed.
host_pkgs() {
	_miss=
	for _p in "$@"; do
		[ "$(dpkg-query -W -f='${Status}' "$_p" 2>/dev/null)" = "install ok installed" ] ||
			_miss="$_miss $_p"
	done
	[ -n "$_miss" ] || return 0
	[ "$(id -u)" = 0 ] || die "missing packages:$_miss (run as root to install them)"
	log "apt-get install$_miss"
	# A stale foreign index on a mirror makes update exit 100 while the
	# main indexes are fine: install anyway, and let that fail if it must.
	apt-get update -qq || log "apt-get update: exit $? (continuing)"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $_miss >/dev/null
}

# fapt_init ARCH SUITE [deb-src]: the private apt root for ARCH from SUITE
# (in $FA); its index is refreshed when older than 12 hours.
fapt_init() {
	FA=$BOARD_CACHE/apt-$1-$2${3:+-src}
	mkdir -p "$FA/lists/partial" "$FA/archives/partial" "$FA/debs"
	[ -f "$FA/status" ] || : >"$FA/status"
	_t=deb
	[ -n "${3:-}" ] && _t=deb-src
	{
		echo "$_t [arch=$1 signed-by=$KEYRING] $MIRROR $2 main"
		[ "$2" != bookworm ] || [ -n "${3:-}" ] ||
			echo "$_t [arch=$1 signed-by=$KEYRING] $MIRROR $2-updates main"
	} >"$FA/sources.list"
	cat >"$FA/apt.conf" <<EOF
Dir::State "$FA";
Dir::State::Lists "$FA/lists";
Dir::State::status "$FA/status";
Dir::Cache "$FA";
Dir::Cache::Archives "$FA/archives";
Dir::Etc::SourceList "$FA/sources.list";
Dir::Etc::SourceParts "$FA/none";
APT::Architecture "$1";
APT::Architectures { "$1"; };
APT::Sandbox::User "root";
Debug::NoLocking "1";
Acquire::Languages "none";
EOF
	if [ -z "$(find "$FA/lists" -maxdepth 1 -name '*_Packages*' -mmin -720 2>/dev/null)" ] &&
		[ -z "$(find "$FA/lists" -maxdepth 1 -name '*_Sources*' -mmin -720 2>/dev/null)" ]; then
		log "apt-get update ($1 $2${3:+ source}, private root $FA)"
		fapt update -qq || log "private apt-get update: exit $? (continuing)"
	fi
}

fapt() {
	apt-get -c "$FA/apt.conf" "$@"
}

fapt_cache() {
	apt-cache -c "$FA/apt.conf" "$@"
}

# fetch_deb PKG: print the path of PKG's .deb in the private root's cache,
# downloading it once.
fetch_deb() {
	_v=$(fapt_cache policy "$1" | sed -n 's/^ *Candidate: //p')
	[ -n "$_v" ] && [ "$_v" != "(none)" ] || die "no package $1 in $FA"
	_a=$(fapt_cache show "$1=$_v" | sed -n 's/^Architecture: //p' | head -n 1)
	# apt-get download spells the epoch's colon %3a.
	_f=$FA/debs/${1}_$(echo "$_v" | sed 's/:/%3a/')_$_a.deb
	if [ ! -f "$_f" ]; then
		log "download $1 $_v ($_a)"
		(cd "$FA/debs" && fapt download -qq "$1" >/dev/null)
	fi
	[ -f "$_f" ] || die "apt-get download $1 did not give $_f"
	echo "$_f"
}
