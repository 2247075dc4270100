#!/usr/bin/env bash
# Install the named Debian packages that are missing: as root, or with `sudo -n`.
# Otherwise stop and print the exact command to run.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
cmd=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
# Without apt-utils, debconf says on stderr that it delays configuring (harmless, and
# apt-utils is no dependency of ours): keep every other line of stderr.
"${sudo[@]}" "${cmd[@]}" -qq >/dev/null 2> >(grep -v '^debconf: delaying package configuration' >&2)
