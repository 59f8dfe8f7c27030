"""`health-targets-dashboard [streamlit options]`: the dashboard of an installed copy.

Streamlit reads .streamlit/config.toml only from the folder it is started in, and an installed
program is started anywhere: the project's settings (theme, headless server, no usage
statistics) are passed as options instead. Options given on the command line come after them,
so they win. The data folder is the same as the ETL's (store.paths.data_location).
"""
from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from store import paths


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


def main(argv: list[str] | None = None) -> int:
    # Streamlit's public command line, in this process's place: signals and the exit code are
    # the server's own.
    line = command(sys.argv[1:] if argv is None else argv)
    os.execv(line[0], line)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
