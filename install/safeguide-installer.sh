#!/bin/sh
# Installs safeguide on macOS or Linux: downloads the release for this computer, checks its
# SHA-256 checksum and puts the program in ~/.safeguide/bin (or $SAFEGUIDE_INSTALL_DIR).
#   curl --proto '=https' --tlsv1.2 -LsSf <releases>/latest/download/safeguide-installer.sh | sh
set -eu
version="${SAFEGUIDE_VERSION:-@VERSION@}"
releases="${SAFEGUIDE_RELEASES:-@RELEASES@}"
dest="${SAFEGUIDE_INSTALL_DIR:-$HOME/.safeguide/bin}"

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) target=x86_64-unknown-linux-musl ;;
  Darwin/arm64 | Darwin/aarch64) target=aarch64-apple-darwin ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  *)
    echo "There is no safeguide release for $(uname -s) on $(uname -m)." >&2
    echo "Build it from source instead: cargo install --git <repository>" >&2
    exit 1
    ;;
esac
archive="safeguide-$target.tar.gz"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d ' ' -f 1
  else shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "Downloading safeguide $version for $target"
curl --proto '=https,file' --fail --silent --show-error --location --retry 3 -o "$work/$archive" "$releases/v$version/$archive"
curl --proto '=https,file' --fail --silent --show-error --location --retry 3 -o "$work/$archive.sha256" "$releases/v$version/$archive.sha256"
if [ "$(cut -d ' ' -f 1 < "$work/$archive.sha256")" != "$(sha256 "$work/$archive")" ]; then
  echo "The download does not match its checksum: nothing was installed. Try again later." >&2
  exit 1
fi
mkdir -p "$work/unpacked" "$dest"
tar -xzf "$work/$archive" -C "$work/unpacked"
cp "$work/unpacked/safeguide-$target/safeguide" "$dest/safeguide"
chmod +x "$dest/safeguide"
echo "Installed $("$dest/safeguide" --version | head -n 1) in $dest"

case ":$PATH:" in
  *":$dest:"*) ;;
  *)
    for profile in "$HOME/.profile" "$HOME/.zshrc" "$HOME/.bashrc"; do
      if [ -f "$profile" ] || [ "$profile" = "$HOME/.profile" ]; then
        grep -qs "$dest" "$profile" || printf '\nexport PATH="%s:$PATH"\n' "$dest" >> "$profile"
      fi
    done
    echo "Open a new terminal window so that it finds safeguide (added $dest to your PATH)."
    ;;
esac
