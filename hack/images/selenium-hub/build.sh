# Selenium Grid (SELENIUM_VERSION) on our Debian base: Debian's Java 17 and the Grid jars hack/setup.sh
# resolved from Maven Central. Runs as seluser (1200:1201) like the official images; the entrypoint maps
# the official images' SE_* variables that the chart sets onto the Grid's flags.
[[ -s "$SELENIUM_DIR/.complete" ]] || { echo "Selenium Grid $SELENIUM_VERSION is not in the cache (run make setup)" >&2; exit 1; }
mkdir -p "$WORK/ctx"
cp -r "$SELENIUM_DIR/lib" "$WORK/ctx/lib"
cp "$HERE/Containerfile" "$HERE/grid.sh" "$WORK/ctx/"
bud "$WORK/ctx" "$WORK/ctx/Containerfile"
