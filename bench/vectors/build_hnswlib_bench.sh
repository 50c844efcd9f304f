#!/bin/sh
# Builds bench/vectors/hnswlib_bench (native hnswlib, the peer of `docent bench vectors --peer`) from Debian's
# libhnswlib-dev headers (apt-get install libhnswlib-dev; or `apt-get download libhnswlib-dev && dpkg -x
# libhnswlib-dev_*.deb DIR` and HNSWLIB_INCLUDE=DIR/usr/include). Usage: bench/vectors/build_hnswlib_bench.sh [OUTPUT]
set -eu
here=$(dirname "$0")
out=${1:-$here/hnswlib_bench}
include=${HNSWLIB_INCLUDE:-/usr/include}
if [ ! -f "$include/hnswlib/hnswlib.h" ]; then
    echo "hnswlib headers not found under $include (install Debian's libhnswlib-dev or set HNSWLIB_INCLUDE)" >&2
    exit 1
fi
${CXX:-g++} -O3 -march=native -DNDEBUG -std=c++17 -pthread -I"$include" -o "$out" "$here/hnswlib_bench.cpp"
echo "built $out ($(${CXX:-g++} --version | head -1), -O3 -march=native)"
