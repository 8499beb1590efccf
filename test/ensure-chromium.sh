#!/bin/sh
# Before `npm test` (the pretest script): the browser suites drive Debian's Chromium at /usr/bin/chromium,
# never a downloaded browser. As root with apt-get, install it; otherwise say what to do, before anything runs.
set -e
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "the browser tests need Debian's Chromium: installing it (apt-get install chromium)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "the browser tests (test/console) need Chromium at $CHROMIUM: install Debian's package (sudo apt-get install chromium), then run npm test again" >&2
exit 1
