# The base of our images: Debian (DEBIAN_SUITE) minbase from Debian's own packages with mmdebstrap,
# without documentation, manuals and translations, apt's lists removed. One layer, from scratch.
mmdebstrap --variant=minbase --mode=root \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*.log' \
  "$DEBIAN_SUITE" "$WORK/rootfs.tar" \
  "deb http://deb.debian.org/debian $DEBIAN_SUITE main" \
  "deb http://deb.debian.org/debian $DEBIAN_SUITE-updates main" \
  "deb http://deb.debian.org/debian-security $DEBIAN_SUITE-security main"
from_scratch "$WORK/rootfs.tar" \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd '["/bin/bash"]' \
  --label "org.opencontainers.image.description=Debian $DEBIAN_SUITE minbase"
