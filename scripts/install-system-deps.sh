#!/usr/bin/env bash
# Installs the Debian packages Sealdesk's tests and demo use (idempotent; needs root or sudo).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
APT_PACKAGES=(
  poppler-utils qpdf mupdf-tools libnss3-tools openssl   # independent verifiers, NSS db, PKI tools
  fonts-noto-cjk                                         # CJK glyphs for seals and sample contracts
  fonts-wqy-microhei                                     # TrueType CJK font embedded in PDF verification reports
  softhsm2 opensc                                        # PKCS#11 tokens (SoftHSM2 + pkcs11-tool)
  gnome-keyring libsecret-tools dbus-x11                 # OS keychain over D-Bus
  chromium                                               # sample contracts (print-to-pdf), UI tests
  librsvg2-bin                                           # SVG seal previews in tests
  python3 make g++                                       # native modules (pkcs11js) via node-gyp
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing: ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
