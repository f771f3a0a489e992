# Cluster DNS: CoreDNS (COREDNS_VERSION) built from the Go module proxy, static, in an image of its own.
mkdir -p "$WORK/rootfs" "$WORK/gobin"
(cd "$WORK" && GOBIN="$WORK/gobin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION")
mv "$WORK/gobin/coredns" "$WORK/rootfs/coredns"
"$WORK/rootfs/coredns" -version | grep -q "CoreDNS-${COREDNS_VERSION#v}"
from_scratch "$WORK/rootfs" --entrypoint '["/coredns"]' --user 65532:65532 \
  --label "org.opencontainers.image.description=CoreDNS $COREDNS_VERSION"
