#!/usr/bin/env bash
# Checks Docent's K-quant blocks (Q2_K to Q8_K) against llama.cpp's own ggml, both ways: the test
# KQuantTypesTests.TheK_QuantsMatchLlamaCppsGgmlBothWays loads libggml-base.so from node-llama-cpp's prebuilt
# Linux x64 npm package (fetched into a temporary folder, install scripts off) and compares decodes. Needs npm and
# network access to the npm registry; Linux x64 only. Run from the repository root.
set -euo pipefail
version="${GGML_PACKAGE_VERSION:-3.22.1}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
(cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts "@node-llama-cpp/linux-x64@$version" >/dev/null)
export DOCENT_GGML_BASE="$dir/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so"
test -f "$DOCENT_GGML_BASE"
dotnet build tests/Docent.Tests -c Release -v q -nologo
dotnet test tests/Docent.Tests -c Release --no-build --filter "FullyQualifiedName~TheK_QuantsMatchLlamaCppsGgmlBothWays" --logger "console;verbosity=normal"
