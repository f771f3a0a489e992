# A Selenium Grid Chrome node: our Grid image with Debian's Chromium and chromedriver, headless.
mkdir -p "$WORK/ctx"
cp "$HERE/Containerfile" "$WORK/ctx/"
bud "$WORK/ctx" "$WORK/ctx/Containerfile"
