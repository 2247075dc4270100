#!/usr/bin/env bash
# Usage: unsafe-names.sh DIR EXT...  Prints one line naming every DIR/*.EXT whose name make
# cannot handle (a space, or a character that means something to make or the shell), each
# with a name to rename it to; prints nothing when every name is safe.
set -euo pipefail
shopt -s nullglob
dir=$1
shift
found=()
for ext in "$@"; do
  for path in "$dir"/*."$ext"; do
    name=${path##*/}
    safe=${name//[[:space:]:;#%\$\\\"\'\`*?\[\]()<>&|=]/-}
    [ "$safe" = "$name" ] || found+=("rename \"$path\" to \"$dir/$safe\"")
  done
done
[ ${#found[@]} -eq 0 ] && exit 0
list=$(printf '%s; ' "${found[@]}")
echo "make cannot handle spaces or special characters in a report's name: ${list%; } (nothing was converted)"
