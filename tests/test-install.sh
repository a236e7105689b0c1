#!/usr/bin/env bash
# test-install.sh BUILDDIR PREFIX: `meson install --destdir` into a temp
# folder, then checks that every file a system needs is there and passes the
# validators: desktop-file-validate, appstream-util validate-relax,
# glib-compile-schemas --strict and systemd-analyze verify (those installed).
set -uo pipefail

build=$1
prefix=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
root="$dest$prefix"
n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n $1"; }
skip () { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }
check () { local what=$1; shift; if "$@" >"$dest/.out" 2>&1; then ok "$what"; else not_ok "$what"; sed 's/^/# /' "$dest/.out"; fi; }

check "meson install --destdir" meson install -C "$build" --destdir "$dest" --no-rebuild --quiet

for file in \
    bin/quorum-server \
    bin/quorum \
    libexec/quorum-pdf-check \
    share/applications/vn.quorum.Quorum.desktop \
    share/metainfo/vn.quorum.Quorum.metainfo.xml \
    share/glib-2.0/schemas/vn.quorum.Quorum.gschema.xml \
    share/icons/hicolor/scalable/apps/vn.quorum.Quorum.svg \
    share/locale/vi/LC_MESSAGES/quorum.mo \
    lib/systemd/system/quorum-server.service \
    share/doc/quorum/ADMIN.md \
    share/doc/quorum/SECURITY.md; do
  if [ -e "$root/$file" ]; then ok "installed $file"; else not_ok "installed $file"; fi
done

check "the installed server runs" "$root/bin/quorum-server" --version

if command -v desktop-file-validate >/dev/null; then
  check "desktop-file-validate" desktop-file-validate "$root/share/applications/vn.quorum.Quorum.desktop"
else
  skip "desktop-file-validate" "desktop-file-utils is not installed"
fi
if command -v appstream-util >/dev/null; then
  check "appstream-util validate-relax" appstream-util validate-relax --nonet \
    "$root/share/metainfo/vn.quorum.Quorum.metainfo.xml"
else
  skip "appstream-util validate-relax" "appstream-util is not installed"
fi
check "glib-compile-schemas --strict" glib-compile-schemas --strict --dry-run "$root/share/glib-2.0/schemas"

# The unit names the installed binary; point it at the one in the destdir.
unit="$dest/quorum-server.service"
sed "s|$prefix/bin/quorum-server|$root/bin/quorum-server|" \
  "$root/lib/systemd/system/quorum-server.service" >"$unit"
for key in DynamicUser=yes StateDirectory=quorum ProtectSystem=strict ProtectHome=yes \
           NoNewPrivileges=yes PrivateTmp=yes 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
           SystemCallFilter=@system-service; do
  if grep -qx "$key" "$unit"; then ok "the unit sets $key"; else not_ok "the unit sets $key"; fi
done
if command -v systemd-analyze >/dev/null; then
  # It exits 0 on most mistakes (a bad assignment is "ignored"): any word counts.
  if systemd-analyze verify --man=no "$unit" >"$dest/.out" 2>&1 && [ ! -s "$dest/.out" ]; then
    ok "systemd-analyze verify"
  else
    not_ok "systemd-analyze verify"
    sed 's/^/# /' "$dest/.out"
  fi
else
  skip "systemd-analyze verify" "systemd is not installed"
fi

echo "1..$n"
exit $failed
