#!/bin/sh
# json-seeds.sh OUT: the seed corpora of the json fuzz targets, taken from
# the fixtures now (so a fixture added is a seed at the next run), and a
# libFuzzer dictionary of the names json.c knows.
#   OUT/config     every config fixture: test/fixtures (engines, spec
#                  examples, schema tests good and bad, the spec's invalid
#                  examples), and ../shared's when beside the repository
#   OUT/process    the *.process.json fixtures and each config's "process"
#   OUT/resources  the *.resources.json fixtures and each config's
#                  "linux"."resources"
#   OUT/json.dict  field names, enum words and JSON tokens
set -eu
OUT=${1:?usage: json-seeds.sh OUT}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$OUT/config" "$OUT/process" "$OUT/resources"
mkdir -p "$OUT/config" "$OUT/process" "$OUT/resources"

{
	find "$REPO/test/fixtures" -name '*.json'
	for d in "$REPO/../shared/fixtures/engines" "$REPO/../shared/spec/schema-tests/config"; do
		[ -d "$d" ] && find "$d" -name '*.json'
	done
} | while IFS= read -r f; do
	# a name from the path, unique across the trees
	n=$(printf '%s' "${f#"$REPO"/}" | tr '/' '_')
	case $f in
	*.process.json) cp "$f" "$OUT/process/$n" ;;
	*.resources.json) cp "$f" "$OUT/resources/$n" ;;
	*)
		cp "$f" "$OUT/config/$n"
		if command -v jq >/dev/null 2>&1; then
			jq -e '.process // empty' "$f" >"$OUT/process/$n" 2>/dev/null || rm -f "$OUT/process/$n"
			jq -e '.linux.resources // empty' "$f" >"$OUT/resources/$n" 2>/dev/null || rm -f "$OUT/resources/$n"
		fi
		;;
	esac
done

# Words: the string literals of json.c (keys, and the \0-separated enum
# lists), caps.c and process.c (capability, rlimit, scheduler names).
{
	for w in '{' '}' '[' ']' ',' ':' '""' 'null' 'true' 'false' '-0' '1e1' '\u' '\ud800\udc00' \
		'18446744073709551615' '-9223372036854775808' '4294967295'; do
		printf '%s\n' "$w"
	done
	sed 's/\\0/"\n"/g' "$REPO/json.c" "$REPO/process.c" |
		grep -o '"[A-Za-z0-9_.]\{2,\}"' | tr -d '"' | sort -u
	grep -o '"[A-Z0-9_]\{2,\}"' "$REPO/caps.c" | tr -d '"' | sed 's/^/CAP_/'
} | sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/' >"$OUT/json.dict"
echo "json-seeds: $(ls "$OUT/config" | wc -l) config, $(ls "$OUT/process" | wc -l) process, $(ls "$OUT/resources" | wc -l) resources seeds; $(wc -l <"$OUT/json.dict") dictionary words"
