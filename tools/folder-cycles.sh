#!/usr/bin/env bash
# Folders of a project that use each other: see tools/folder-cycles.cs.
#   bash tools/folder-cycles.sh [--edges] [src/Warbler.X ...]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run tools/folder-cycles.cs -- "$@"
