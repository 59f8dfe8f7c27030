"""`health-targets-dashboard [streamlit options]`: the dashboard of an installed copy.

Streamlit reads .streamlit/config.toml only from the folder it is started in, and an installed
program is started anywhere: the project's settings (theme, headless server, no usage
statistics) are passed as options instead. Options given on the command line come after them,
so they win. The data folder is the same as the ETL's (store.paths.data_location). The server
starts with the allocator setting below, as scripts/dashboard.sh starts it.
"""
from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from store import paths

# glibc gives threads that allocate at the same time heaps of their own (up to 8 per core) and
# keeps what they free, and Streamlit runs every session's script in a thread of its own: two
# heaps keep the server's memory close to what it holds (README, "First look and memory").
SERVER_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2"}


def config_options(config: Path = paths.STREAMLIT_CONFIG) -> list[str]:
    """`--section.key=value` for every setting of a Streamlit config file."""
    if not config.is_file():
        return []
    settings = tomllib.loads(config.read_text(encoding="utf-8"))
    return [f"--{section}.{key}={_option_value(value)}"
            for section, values in settings.items() for key, value in values.items()]


def _option_value(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def command(argv: list[str]) -> list[str]:
    # -P: a folder named like one of the packages where the program is started cannot stand in
    # for it (Streamlit puts the dashboard's own folder on the path).
    return [sys.executable, "-P", "-m", "streamlit", "run", *config_options(), *argv,
            str(paths.DASHBOARD_FILE)]


def server_environment(environ=os.environ) -> dict[str, str]:
    """The settings above that the environment does not already set (a deployment's own win)."""
    return {key: value for key, value in SERVER_ENVIRONMENT.items() if key not in environ}


def main(argv: list[str] | None = None) -> int:
    # Streamlit's public command line, in this process's place: signals and the exit code are
    # the server's own. The allocator reads its settings when the process starts, hence exec.
    line = command(sys.argv[1:] if argv is None else argv)
    os.execve(line[0], line, {**os.environ, **server_environment()})
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
