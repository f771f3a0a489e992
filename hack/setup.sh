#!/usr/bin/env bash
# Installs everything the local stack needs on a fresh Debian 12 machine (run as root), idempotently:
# Debian packages, npm packages, the pinned control plane and tools built from the Go module proxy, and
# Selenium Grid resolved from Maven Central. Everything heavy is cached in ~/.cache/newsroom-collector.
#   NEWSROOM_SETUP_SKIP=apt,npm,go,selenium,images   skip some parts (comma-separated)
#   NEWSROOM_NODE=kwok   skip the real node's images (built by default at port offset 0, where make up
#                        starts the real node: make images, about 25 min cold, seconds warm)
source "$(dirname "$0")/lib.sh"
umask 022
started=$SECONDS
setup_skipped() { [[ ",${NEWSROOM_SETUP_SKIP:-}," == *",$1,"* ]]; }

APT_PACKAGES=(
  postgresql rabbitmq-server chromium chromium-driver fonts-nanum prometheus jq wrk openssl curl ca-certificates
  openjdk-17-jre-headless maven faketime shellcheck
  # The real node and its images (hack/services/node.sh, hack/images.sh).
  containerd runc containernetworking-plugins iptables mmdebstrap buildah gcc libc6-dev
)

apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then log "apt: all packages installed"; return; fi
  ((EUID == 0)) || die "apt: missing packages (${missing[*]}); run hack/setup.sh as root"
  export DEBIAN_FRONTEND=noninteractive
  log "apt: installing ${missing[*]}"
  # The packages' own system-wide services (postgresql, rabbitmq, prometheus) are not started on
  # install: the local stack runs instances of its own (hack/up.sh).
  local policy=/usr/sbin/policy-rc.d own_policy=false
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; own_policy=true
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  log "apt: apt-get update"
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$CACHE/apt-install.log" 2>&1 ||
    { tail -n 30 "$CACHE/apt-install.log" >&2; die "apt-get install failed"; }
  if $own_policy; then rm -f "$policy"; trap - EXIT; fi
  log "apt: installed"
}

npm_packages() {
  command -v npm >/dev/null || die "npm: node/npm are missing on this machine"
  if [[ ! -d "$ROOT/node_modules" || ! -e "$ROOT/node_modules/.package-lock.json" ||
        "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]]; then
    log "npm: npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  else
    log "npm: node_modules is up to date"
  fi
}

go_tools() {
  command -v go >/dev/null || die "go: the Go toolchain is missing on this machine (needed to build the control plane)"
  log "go: control plane $KUBERNETES_VERSION, etcd $ETCD_VERSION, helm $HELM_VERSION, kwok $KWOK_VERSION"
  bash "$ROOT/hack/build-go-tools.sh" all
}

# Selenium Grid and its dependencies from Maven Central, copied into $SELENIUM_DIR/lib by Maven.
selenium() {
  if [[ -s "$SELENIUM_DIR/.complete" ]]; then log "selenium: Grid $SELENIUM_VERSION cached"; return; fi
  command -v mvn >/dev/null || die "selenium: mvn is missing"
  log "selenium: resolving Grid $SELENIUM_VERSION from Maven Central (about a minute)"
  rm -rf "$SELENIUM_DIR"; mkdir -p "$SELENIUM_DIR"
  cat >"$SELENIUM_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.newsroom</groupId>
  <artifactId>selenium-grid-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.seleniumhq.selenium</groupId>
      <artifactId>selenium-grid</artifactId>
      <version>$SELENIUM_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
  (cd "$SELENIUM_DIR" && mvn -B -q -f pom.xml \
     "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:copy-dependencies" \
     -DoutputDirectory=lib -DincludeScope=runtime >"$SELENIUM_DIR/mvn.log" 2>&1) ||
    { tail -n 30 "$SELENIUM_DIR/mvn.log" >&2; die "selenium: mvn could not resolve selenium-grid $SELENIUM_VERSION"; }
  [[ -s "$SELENIUM_DIR/lib/selenium-grid-$SELENIUM_VERSION.jar" ]] || die "selenium: selenium-grid-$SELENIUM_VERSION.jar missing after mvn"
  java -cp "$SELENIUM_DIR/lib/*" org.openqa.selenium.grid.Main hub --version >/dev/null 2>&1 ||
    die "selenium: the Grid does not start with $(java -version 2>&1 | head -n1)"
  date -Is >"$SELENIUM_DIR/.complete"
  log "selenium: Grid $SELENIUM_VERSION ready ($(find "$SELENIUM_DIR/lib" -mindepth 1 -maxdepth 1 | wc -l) jars)"
}

mkdir -p "$CACHE"
setup_skipped apt || apt_packages
for b in chromium chromedriver java; do command -v "$b" >/dev/null || die "$b is missing after the package install"; done
log "browser: $(chromium --version 2>/dev/null | head -n1), $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"
setup_skipped npm || npm_packages
setup_skipped selenium || selenium
setup_skipped go || go_tools
if [[ "$NODE_MODE" == real ]] && ! setup_skipped images; then
  log "images: building the real node's images (make images)"
  (cd "$ROOT" && npm run --silent build) || die "images: the TypeScript build failed"
  bash "$ROOT/hack/images.sh" build
fi
log "setup done ($((SECONDS - started))s)"
