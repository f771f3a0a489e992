# The pod sandbox image: Kubernetes' own pause.c (from the k8s.io/kubernetes module, KUBERNETES_VERSION)
# compiled statically. containerd's sandbox_image names it, so nothing is pulled for a pod.
dir=$(cd "$WORK" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[[ -f "$dir/build/pause/linux/pause.c" ]] || { echo "no build/pause/linux/pause.c in k8s.io/kubernetes@$KUBERNETES_VERSION" >&2; exit 1; }
mkdir -p "$WORK/rootfs"
gcc -Os -Wall -Werror -static -DVERSION="$KUBERNETES_VERSION" -o "$WORK/rootfs/pause" "$dir/build/pause/linux/pause.c"
strip "$WORK/rootfs/pause"
from_scratch "$WORK/rootfs" --entrypoint '["/pause"]' --user 65535:65535 \
  --label "org.opencontainers.image.description=pause from Kubernetes $KUBERNETES_VERSION"
