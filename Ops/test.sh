#!/usr/bin/env bash
# The project's test command (README): installs what is missing, checks the committed
# generated code matches Protos/ (when protoc is present), builds once in debug and runs
# every test suite, including the end-to-end suites that start the real governd binary.
set -euo pipefail
cd "$(dirname "$0")/.."
Ops/setup.sh
if [ "${CI:-}" = "true" ]; then
    # The committed generated code must match Protos/ (builds the protoc plugins once).
    Ops/generate-protos.sh --check
fi
swift build --build-tests
swift test --skip-build "$@"
