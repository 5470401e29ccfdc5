#!/usr/bin/env bash
# Every test of LicenseBot, on a fresh machine too: finds (or, where apt exists, installs) what the tests need —
# Debian's Chromium for the browser tests, Node.js/npm for the dev console's card renderer, PostgreSQL for the
# PostgreSQL storage tests (a throwaway server, unless LICENSEBOT_TEST_POSTGRES names one) — then runs
# `dotnet test` on the whole solution. Arguments go to dotnet test (e.g. ./test.sh --filter FullyQualifiedName~Csv).
#   LICENSEBOT_CHROMIUM       a Chromium/Chrome binary to use instead of Debian's /usr/bin/chromium
#   LICENSEBOT_TEST_POSTGRES  an Npgsql connection string of a server where the tests may create databases
set -euo pipefail
cd "$(dirname "$0")"

fail() { echo "./test.sh: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

# install WHAT PACKAGE...: Debian packages through apt where it exists; otherwise one line saying what to install.
install() {
  local what=$1; shift
  if command -v apt-get >/dev/null 2>&1; then
    echo "./test.sh: installing $what (apt-get install $*)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
      || fail "missing $what, and could not install it: run 'sudo apt-get install -y $*', then ./test.sh again."
  else
    fail "missing $what: install it (Debian/Ubuntu: apt-get install -y $*), then run ./test.sh again."
  fi
}

command -v dotnet >/dev/null 2>&1 || fail "missing the .NET 10 SDK: install it (https://dotnet.microsoft.com/download), then run ./test.sh again."

# Browser tests: Microsoft.Playwright drives a Chromium that is already on the machine (no browser downloads).
if [ -n "${LICENSEBOT_CHROMIUM:-}" ]; then
  [ -x "$LICENSEBOT_CHROMIUM" ] || fail "LICENSEBOT_CHROMIUM=$LICENSEBOT_CHROMIUM is not an executable Chromium: fix the path, or unset it to use Debian's chromium (apt-get install -y chromium)."
elif [ ! -x /usr/bin/chromium ]; then
  install "Chromium (for the browser tests)" chromium
fi

# The dev console's card renderer (npm adaptivecards, from BotHost/package-lock.json) is embedded at build by npm.
command -v npm >/dev/null 2>&1 || install "Node.js and npm (for the dev console's card renderer)" nodejs npm

# PostgreSQL storage tests: a throwaway server unless one is given.
if [ -z "${LICENSEBOT_TEST_POSTGRES:-}" ]; then
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || install "PostgreSQL (for the PostgreSQL storage tests)" postgresql
  . .ci/postgres.sh
  trap stop_test_postgres EXIT
  start_test_postgres
fi

# DevConsoleRenderer=true: a build without the renderer would fail its tests, so fail the build instead.
dotnet test LicenseBot.sln -p:DevConsoleRenderer=true "$@"
