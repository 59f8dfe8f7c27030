"""Command line: `python -m etl build` and `python -m etl extract FILE` (installed:
`health-targets-etl`).

Bad input ends with one line naming the file and the problem, and a non-zero exit code; the exit
codes are listed in --help. Progress and per-document notes go through logging, shown with
--verbose.
"""
from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
import time
from pathlib import Path

from store import fields, paths
from store.cells import neutralise

log = logging.getLogger("etl.__main__")  # not __name__: that is "__main__" under python -m

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2  # argparse's own code for a command line it cannot parse
EXIT_LOCKED = 3
EXIT_BAD_INPUT = 4

EXIT_MEANINGS = {
    EXIT_OK: "成功",
    EXIT_ERROR: "意外错误（一行说明）",
    EXIT_USAGE: "命令行用法有误",
    EXIT_LOCKED: "另一个构建正在使用该数据目录",
    EXIT_BAD_INPUT: "输入有误：文件无法读取、元数据有误、数据表缺失或不符合数据约定（一行说明，指明文件）",
}
# The codes each command can end with.
COMMAND_EXITS = {
    "build": [EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_LOCKED, EXIT_BAD_INPUT],
    "database": [EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_LOCKED, EXIT_BAD_INPUT],
    "extract": [EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_BAD_INPUT],
}
CONSOLE_SCRIPT = "health-targets-etl"
PROJECT_LOGGERS = ("etl", "store")


def _exit_codes(codes) -> str:
    return "退出码：\n" + "\n".join(f"  {code}  {EXIT_MEANINGS[code]}" for code in codes)


def _prog() -> str:
    return CONSOLE_SCRIPT if Path(sys.argv[0]).name == CONSOLE_SCRIPT else "python -m etl"


def _data_dir_default() -> str:
    folder = "当前目录下的 data/" if paths.INSTALLED else "项目的 data/"
    return f"环境变量 {paths.DATA_DIR_ENV}，否则{folder}"


def _parser() -> argparse.ArgumentParser:
    # --verbose is taken before or after the command; SUPPRESS keeps a subcommand from resetting
    # the count given before it.
    verbosity = argparse.ArgumentParser(add_help=False)
    verbosity.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                           help="显示每个文件的处理记录（-vv 更详细）")
    layout = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=_prog(), description=f"卫生健康规划目标：抽取与构建。数据目录默认：{_data_dir_default()}。",
        epilog=_exit_codes(EXIT_MEANINGS), formatter_class=layout)
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="显示每个文件的处理记录（-vv 更详细）")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help, parents=[verbosity],
                                   epilog=_exit_codes(COMMAND_EXITS[name]), formatter_class=layout)

    build = command("build", "从数据目录的 sources/ 重建全部输出")
    build.add_argument("--quiet", action="store_true", help="不显示进度条")
    build.add_argument("--out", type=Path, default=None,
                       help=f"数据目录（默认：{_data_dir_default()}）")
    build.add_argument("--sources", type=Path, default=None, help="源文件目录（含 sources.csv；默认：数据目录下的 sources/）")
    build.add_argument("--processes", type=int, default=None, help="并行进程数（默认：全部核心）")
    database = command("database", "为已有的 Parquet 数据表（如复制来的或生成的数据）写出看板用的 DuckDB 文件")
    database.add_argument("--data", type=Path, default=None, help="数据表所在目录（默认同 build）")
    extract = command("extract", "打印一个文件将抽取出的行，不改动 data/")
    extract.add_argument("file", type=Path)
    extract.add_argument("--region", help="地区（默认取元数据，或写作“未知”）")
    extract.add_argument("--level", choices=list(fields.REGION_LEVELS), help="地区层级（默认从文中判断）")
    extract.add_argument("--year", type=int, help="规划年份（默认取元数据，或从标题、发布日期中推断）")
    extract.add_argument("--horizon", type=int, help="目标年份（多年规划，默认等于规划年份）")
    extract.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    return parser


def _configure_logging(verbosity: int) -> None:
    # Warnings only by default, so the output stays the command's results and, on failure, one
    # line. --verbose opens the project's own loggers; the libraries' stay at warnings.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    if verbosity:
        for name in PROJECT_LOGGERS:
            logging.getLogger(name).setLevel(logging.INFO if verbosity == 1 else logging.DEBUG)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _configure_logging(args.verbose)
    try:
        if args.command == "build":
            return _build(args.quiet, args.sources, args.out, args.processes)
        if args.command == "database":
            return _database(args.data or paths.data_location())
        return _extract(args)
    except Exception as problem:  # one clear line, never a traceback, for any bad input
        return _fail(problem)


def _fail(problem: Exception) -> int:
    from etl.pipeline import BuildError
    from etl.reading import SourceError
    from store.lock import BuildLocked

    if isinstance(problem, BuildLocked):
        print(f"错误：{problem}", file=sys.stderr)
        return EXIT_LOCKED
    if isinstance(problem, (SourceError, BuildError)):
        print(f"错误：{problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    log.debug("意外错误", exc_info=problem)
    print(f"错误：{type(problem).__name__}: {problem}", file=sys.stderr)
    return EXIT_ERROR


def _database(directory: Path) -> int:
    from store import database
    from store.lock import BuildLocked, build_lock

    directory = Path(directory)
    missing = [name for name in database.TABLES if not (directory / f"{name}.parquet").exists()]
    if missing:
        print(f"错误：{directory}: 缺少数据表 " + "、".join(f"{m}.parquet" for m in missing), file=sys.stderr)
        return EXIT_BAD_INPUT
    start = time.perf_counter()
    try:
        with build_lock(directory):
            path = database.write_serving_database_atomically(directory)
    except BuildLocked as problem:
        print(f"错误：{problem}", file=sys.stderr)
        return EXIT_LOCKED
    print(f"已写出 {path}（{time.perf_counter() - start:.1f} 秒）")
    return EXIT_OK


def _build(quiet: bool, sources: Path, out: Path, processes: int | None) -> int:
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    from etl.pipeline import build_all

    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar
        if quiet:
            return
        if bar is None:
            bar = tqdm(total=total, unit="文件", desc="构建", file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    started = time.perf_counter()
    with logging_redirect_tqdm():  # log lines printed above the bar, not through it
        try:
            summary = build_all(progress=progress, sources_dir=sources, out_dir=out, processes=processes)
        finally:
            if bar is not None:
                bar.close()
    _print_summary(summary, time.perf_counter() - started)
    return EXIT_OK


def _print_summary(summary: dict, seconds: float) -> None:
    """The build in words an official reads: codes (kinds, roles, review reasons) by their
    Chinese labels from store.fields, the largest counts first."""
    print(f"文件 {summary['documents']} 个，条目 {summary['clauses']} 条，目标与基线 {summary['targets']} 行"
          f"（用时 {seconds:.1f} 秒）")
    print(f"按{fields.column_label('kind')}：{_counts(summary['by_kind'], fields.KINDS)}")
    print(f"按{fields.column_label('role')}：{_counts(summary['by_role'], fields.ROLES)}")
    print(f"按{fields.column_label('themes')}：{_counts(summary['by_theme'])}")
    total = summary["targets"] or 1
    print(f"对应到标准指标：{summary['mapped']} / {summary['targets']} 行（{summary['mapped'] / total:.0%}）")
    if summary["largest_unmapped"]:
        print("未对应到标准指标、出现最多的指标：" + "；".join(
            f"{k}（{v} 行）" for k, v in summary["largest_unmapped"].items()))
    low = summary["review_low_confidence"]
    print(f"待核查：{summary['review']} 条（其中{fields.REVIEW_REASONS['low_confidence']} {low} 条，"
          "其余为含数字但未抽出目标的句子），清单见数据目录下的 review.parquet")
    for item in summary["review_sample"]:
        reason = fields.REVIEW_REASONS.get(item["reason"], item["reason"])
        print(f"  {item['doc_id']}  {reason}  「{item['number_text']}」 {item['note']}")
    if summary["review"] > len(summary["review_sample"]):
        print(f"  ……另有 {summary['review'] - len(summary['review_sample'])} 条")


def _counts(counts: dict, labels: dict | None = None) -> str:
    """`标签 数量` pairs, the largest first; a code without a label is shown as it is."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return "，".join(f"{(labels or {}).get(code, code)} {count}" for code, count in ordered) or "无"


def _extract(args) -> int:
    from etl.preview import preview_file
    from etl.sources import load_metadata

    path: Path = args.file
    listed = _listed_meta(path, load_metadata) if paths.SOURCES_METADATA.exists() else None
    preview = preview_file(path, region=args.region, level=args.level, year=args.year,
                           horizon=args.horizon, listed=listed)
    for note in preview.notes:
        print(f"提示：{note}", file=sys.stderr)  # part of the command's answer: shown unasked
    rows = preview.rows
    log.info("%s：%s，%s 年，%d 行", path.name, preview.meta.region, preview.meta.plan_year, len(rows))
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        # As Excel opens it: UTF-8 with a byte-order mark, CRLF rows, formula-like text inert.
        sys.stdout.write("\ufeff")
        writer = csv.DictWriter(sys.stdout, fieldnames=fields.TARGETS.columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            cells = {**row, "themes": "、".join(row["themes"])}
            writer.writerow({k: neutralise(v) if isinstance(v, str) else v for k, v in cells.items()})
    return EXIT_OK


def _listed_meta(path: Path, load_metadata):
    """The metadata row when FILE is one of the bundled sources."""
    try:
        same_folder = path.resolve().parent == paths.SOURCES_DIR.resolve()
    except OSError:
        return None
    if not same_folder:
        return None
    return next((m for m in load_metadata(paths.SOURCES_METADATA) if m.file == path.name), None)


if __name__ == "__main__":
    sys.exit(main())
