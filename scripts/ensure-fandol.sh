#!/usr/bin/env bash
# Install FandolFang-Regular.otf (a true 仿宋 for Simplified text; GPL with the font exception,
# so it may be embedded) from Debian's texlive-lang-chinese, without installing that package
# and the TeX Live it pulls in: download the .deb, take the one font out, remove the rest.
# The font goes to /usr/local/share/fonts as root (or with `sudo -n`), else to the user's fonts;
# once there, this does nothing (the installed font is the cache).
set -euo pipefail
FONT=FandolFang-Regular.otf
PACKAGE=texlive-lang-chinese
MEMBER=./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/$FONT

fc-list : file | grep -q "/$FONT:" && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); dest=/usr/local/share/fonts/fandol
elif sudo -n true 2>/dev/null; then sudo=(sudo -n); dest=/usr/local/share/fonts/fandol
else sudo=(); dest=${XDG_DATA_HOME:-$HOME/.local/share}/fonts/fandol
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get download needs the package lists; a fresh machine may not have them yet
if ! apt-get download -qq "$PACKAGE" 2>/dev/null; then
  if [ ${#sudo[@]} -gt 0 ] || [ "$(id -u)" -eq 0 ]; then
    "${sudo[@]}" apt-get update -qq
    apt-get download -qq "$PACKAGE" 2>/dev/null
  else
    echo "Cannot download the Debian package $PACKAGE (for $FONT)." >&2
    echo "Run: sudo apt-get update, then make setup again" >&2
    exit 1
  fi
fi
dpkg-deb --fsys-tarfile ./"$PACKAGE"_*.deb | tar -x "$MEMBER"
echo "Installing $FONT (from $PACKAGE) into $dest" >&2
"${sudo[@]}" mkdir -p "$dest"
"${sudo[@]}" install -m 0644 "$MEMBER" "$dest/$FONT"
"${sudo[@]}" fc-cache -f "$dest" >/dev/null
