#!/usr/bin/env bash
# Installs what a fresh Debian machine with Swift needs to build, test and demo governd.
# Idempotent; safe to run again. Needs root (or sudo) for apt-get.
#
#   apt: libsqlite3-dev (GRDB links the system SQLite), sqlite3 (benchmarks, audit tamper
#        tests), protobuf-compiler (only for Ops/generate-protos.sh), chromium (the QBR pack's
#        headless-browser test renders it to PNG and PDF), python3-pip
#   pip: grpcio grpcio-tools (the Python client example and its test)
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need_apt=()
for pkg in libsqlite3-dev sqlite3 protobuf-compiler chromium; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
command -v python3 >/dev/null || need_apt+=(python3 python3-pip)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: apt-get install ${need_apt[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! python3 -c "import grpc, grpc_tools" 2>/dev/null; then
    echo "setup: pip install grpcio grpcio-tools"
    python3 -m pip install -q grpcio grpcio-tools 2>/dev/null \
        || python3 -m pip install -q --break-system-packages grpcio grpcio-tools
fi
command -v swift >/dev/null || { echo "setup: Swift 6.2+ is required on PATH (https://swift.org/install)" >&2; exit 1; }
echo "setup: ok"
