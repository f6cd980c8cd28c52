#!/bin/sh
# Installs the safeguide release this site was made with into ./.safeguide-bin/ (Linux, x86_64),
# after checking its SHA-256 checksum. Every publishing file of this site runs it first.
# To move to a newer safeguide, change SAFEGUIDE_VERSION below (or set it in the service's settings).
set -eu
version="${SAFEGUIDE_VERSION:-@VERSION@}"
releases="${SAFEGUIDE_RELEASES:-@RELEASES@}"
archive="safeguide-x86_64-unknown-linux-musl.tar.gz"
bin_dir="$(pwd)/.safeguide-bin"

if [ -x "$bin_dir/safeguide" ] && "$bin_dir/safeguide" --version | grep -q "^safeguide $version\$"; then
  echo "safeguide $version is already installed in $bin_dir"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "Downloading safeguide $version"
curl --fail --silent --show-error --location --retry 3 -o "$work/$archive" "$releases/v$version/$archive"
curl --fail --silent --show-error --location --retry 3 -o "$work/$archive.sha256" "$releases/v$version/$archive.sha256"

expected="$(cut -d ' ' -f 1 < "$work/$archive.sha256")"
actual="$(sha256sum "$work/$archive" | cut -d ' ' -f 1)"
if [ "$expected" != "$actual" ]; then
  echo "The download of safeguide $version does not match its checksum: not installing it." >&2
  exit 1
fi

mkdir -p "$work/unpacked" "$bin_dir"
tar -xzf "$work/$archive" -C "$work/unpacked"
found="$(find "$work/unpacked" -type f -name safeguide | head -n 1)"
if [ -z "$found" ]; then
  echo "The safeguide $version archive holds no safeguide program." >&2
  exit 1
fi
cp "$found" "$bin_dir/safeguide"
chmod +x "$bin_dir/safeguide"
"$bin_dir/safeguide" --version
