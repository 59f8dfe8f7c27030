#!/usr/bin/env bash
# Start the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Two allocator heaps keep the server's memory close to what it holds (board/launch.py says why).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec .venv/bin/streamlit run dashboard.py "$@"
