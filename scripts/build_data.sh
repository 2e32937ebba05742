#!/usr/bin/env bash
# Rebuild the bundled dataset `data/` from every report under tests/corpus/ (recursively, incl. legacy/).
#
#   scripts/build_data.sh            # rebuild data/
#   scripts/build_data.sh OUT_DIR    # build elsewhere (tests compare it with data/)
#
# The build goes into a fresh sibling folder and replaces OUT_DIR only when it succeeded, so an
# interrupted build never leaves a half-written data/. `disclosure ingest` exits 1 when some files
# failed (the corpus holds one letter that is not a report, by design): that is a successful build;
# any other non-zero exit aborts. PYTHON picks the interpreter (default: the venv's, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-data}"
out="${out%/}"
if [ -z "${PYTHON:-}" ]; then
  for candidate in .venv/bin/python python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
  done
fi
mkdir -p "$(dirname "$out")"
tmp="$(mktemp -d "${out}.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
rc=0
"$PYTHON" -m disclosure ingest tests/corpus --data "$tmp" --jobs "${JOBS:-2}" --quiet || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  echo "build_data: ingest failed with exit code $rc; $out left unchanged" >&2
  exit "$rc"
fi
if [ -e "$out" ]; then
  rm -rf "${out}.old"
  mv "$out" "${out}.old"
fi
mv "$tmp" "$out"
rm -rf "${out}.old"
trap - EXIT
echo "build_data: rebuilt $out" >&2
