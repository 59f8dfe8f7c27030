"""The frame every page stands in: the data check and the sidebar filters shared by all pages,
and the hand-over that makes every page run inside the router (dashboard.py).

Streamlit still honours its legacy multipage mode while a `pages/` folder stands beside the
entrypoint, until some session has run `st.navigation` (Streamlit's documentation: "As soon as
any session of your app executes the st.navigation command, your app will ignore the pages/
directory"). The very first visit after a server start that asks for a page by its link
(/trajectory?theme=疾控), and Streamlit's test runner on every run, run that page file on its
own. The page then hands over to the router with st.switch_page, keeping its link's parameters,
and the router switches on to the page asked for; where Streamlit refuses the switch (filters
already bound to the link in that session) the page draws the same frame itself. Only public
Streamlit API is used.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from board import data_io
from board.markup import md
from board.filters import (
    PARAM_DOCS,
    PARAM_LEVELS,
    PARAM_NATURES,
    PARAM_QUANTIFIED,
    PARAM_REGIONS,
    PARAM_ROLES,
    PARAM_THEMES,
    PARAM_YEARS,
    Filters,
    document_options,
)
from board.labels import FEATURED_THEMES, NATURE_CHOICES, ROLE_LABELS
from store import connection
from store.freshness import current_sources, same_content

ENTRYPOINT = "dashboard.py"
FILTER_KEYS = [PARAM_THEMES, PARAM_REGIONS, PARAM_LEVELS, PARAM_YEARS, PARAM_DOCS, PARAM_NATURES,
               PARAM_ROLES, PARAM_QUANTIFIED]
_ROUTED: ContextVar[bool] = ContextVar("routed_by_dashboard", default=False)
_WANTED = "_page_asked_for_before_routing"
_ROUTER_SERVED = "_router_has_served_this_session"


# A message for the next page drawn (the import page says what it added on 总览).
NOTICE = "_notice_for_next_page"


def draw() -> None:
    """The frame: data ready (built on first start), sidebar filters chosen."""
    _draw_top()
    st.session_state[data_io.ACTIVE_FILTERS] = sidebar_filters()


def _draw_top() -> None:
    ensure_data()
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice, icon=":material/check_circle:")
    st.sidebar.caption("卫生健康规划目标看板")


def run_page(navigation) -> None:
    """The router's part: the frame, then the page chosen in st.navigation inside it.

    A session's first look at the default page, by a link without filters, draws the page
    before the sidebar's filters: they can only be their defaults then, and the browser gets
    to the chart before it draws the dozen filter widgets, a fifth of a second of its work on
    a 2-core machine (README, "First look and memory"). Every other run draws the filters
    first: they decide what the page shows."""
    if not _first_plain_look(navigation):
        draw()
        with routed():
            navigation.run()
        return
    _draw_top()
    st.session_state[data_io.ACTIVE_FILTERS] = Filters()
    with routed():
        navigation.run()
    chosen = sidebar_filters()
    if chosen != Filters():  # not expected with no filters in the link or the session
        st.session_state[data_io.ACTIVE_FILTERS] = chosen
        st.rerun()


def _first_plain_look(navigation) -> bool:
    return (navigation.url_path == "" and not st.session_state.get(_ROUTER_SERVED)
            and not any(key in st.query_params or key in st.session_state for key in FILTER_KEYS))


@contextmanager
def routed():
    """The router runs the chosen page inside this."""
    st.session_state[_ROUTER_SERVED] = True
    token = _ROUTED.set(True)
    try:
        yield
    finally:
        _ROUTED.reset(token)


def ensure_routed(page_file: str) -> None:
    """First line of every page: when the page runs outside the router, go through it.

    A session the router has already served draws the frame in place instead (Streamlit's
    test runner runs every switched-to page on its own; handing over again would drop the
    widget values the test just set)."""
    if _ROUTED.get():
        return
    if st.session_state.get(_ROUTER_SERVED):
        draw()
        return
    page = f"pages/{Path(page_file).name}"
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    st.session_state[_WANTED] = (page, params)
    try:
        st.switch_page(ENTRYPOINT, query_params=params)
    except StreamlitAPIException:
        # This session's filters are bound to the link already: stay, in the same frame.
        st.session_state.pop(_WANTED, None)
        draw()


def continue_to_page_asked_for() -> None:
    """In the router, after st.navigation: go on to the page a visit asked for by its link."""
    asked_for = st.session_state.pop(_WANTED, None)
    if asked_for is not None:
        st.switch_page(asked_for[0], query_params=asked_for[1])


def progress_reporter(bar, label):
    """Adapts the build's progress callback (a fraction, done/total, and/or a message)."""
    def report(*args, **kwargs):
        numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        messages = [str(a) for a in args if isinstance(a, str)] + [str(v) for v in kwargs.values()
                                                                   if isinstance(v, str)]
        fraction = None
        if len(numbers) >= 2 and numbers[1]:
            fraction = numbers[0] / numbers[1]
        elif len(numbers) == 1 and 0 <= numbers[0] <= 1:
            fraction = float(numbers[0])
        text = messages[0] if messages else None
        if fraction is not None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=text)
        elif text:
            label.write(text)
    return report


# Past this many documents the 文件 picker lists only the chosen regions' documents.
MAX_DOCUMENT_OPTIONS = 500


@st.cache_resource(show_spinner=False)
def _failed_builds() -> dict[str, dict]:
    """Per data folder, the sources a build failed on and why (shared by every session of this
    server): the same sources are not built again on each page visit, only once they change."""
    return {}


def ensure_data() -> None:
    """Build the tables from the source documents when they are missing or out of date; when a
    build fails, keep serving the last good data under a banner that says why."""
    directory = connection.data_dir()
    failures = _failed_builds()
    key = str(directory)
    if connection.builds_from_sources(directory):
        failed = failures.get(key)
        if failed and not same_content(current_sources(Path(directory)), failed["sources"]):
            failures.pop(key, None)  # the sources changed since: the failure no longer applies
            failed = None
        if connection.needs_build(directory, failed_on=failed["sources"] if failed else None):
            _build(directory, failures, key)
    if connection.builds_from_sources(directory) and not connection.missing_tables(directory):
        _lay_out_database(str(directory), connection.data_version(directory))
    missing = connection.missing_tables(directory)
    failed = failures.get(key)
    if missing:
        reason = f"无法从规划文件生成数据：{md(failed['error'])}。" if failed else ""
        st.error(reason + "找不到数据表：" + "、".join(missing) + "。请检查 data/sources/ 下的文件，"
                 "或运行 `python -m etl build` 生成数据。")
        st.stop()
    if failed:
        st.warning(f"规划文件有改动，但重新生成数据失败：{md(failed['error'])}。"
                   "各页仍显示上次成功生成的数据；修正文件后刷新本页即可更新。", icon=":material/warning:")


def _build(directory: Path, failures: dict, key: str) -> None:
    from etl import build_all
    from store.lock import BuildLocked, SourcesBusy, sources_lock

    sources = current_sources(Path(directory))
    with st.status("正在从规划文件生成数据，请稍候…", expanded=True) as status:
        bar = st.progress(0.0)
        label = st.empty()
        try:
            # An import holds the sources while it swaps files in; it publishes its own build.
            with sources_lock(Path(directory)):
                build_all(progress=progress_reporter(bar, label))
        except (BuildLocked, SourcesBusy):
            # Another session or a command-line build is at it: serve what is there meanwhile.
            status.update(label="另一个数据生成正在进行，稍后刷新本页即可看到新数据", state="complete",
                          expanded=False)
            return
        except Exception as error:  # the page must explain, never show a traceback
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            failures[key] = {"sources": sources, "error": first_line}
            status.update(label="数据生成失败", state="error", expanded=False)
            return
        failures.pop(key, None)
        bar.progress(1.0)
        status.update(label="数据已生成", state="complete", expanded=False)


@st.cache_resource(show_spinner=False)
def _lay_out_database(directory: str, version: str) -> bool:
    """The bundled data comes as Parquet files; the pages read faster from the database the
    build lays out beside them (store.database). Checked once per data version, not per run."""
    from store.database import refresh_serving_database

    try:
        return refresh_serving_database(Path(directory))
    except Exception:  # noqa: BLE001 - the Parquet files still answer every page
        return False


def _choose_theme(theme: str) -> None:
    st.session_state[PARAM_THEMES] = [theme]


def _clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def _document_options(documents, regions: list[str], labels: dict[str, str]) -> list[str]:
    # Documents already chosen (in this session or by a link) stay offered.
    ids_by_label = {label: doc_id for doc_id, label in labels.items()}
    chosen = set(st.session_state.get(PARAM_DOCS) or [])
    chosen |= {ids_by_label.get(value, value) for value in st.query_params.get_all(PARAM_DOCS)}
    return document_options(documents, regions, chosen, MAX_DOCUMENT_OPTIONS)


def sidebar_filters() -> Filters:
    options = data_io.options()
    themes = data_io.themes()
    labels = data_io.doc_labels()
    sidebar = st.sidebar
    sidebar.markdown("**筛选条件**")
    quick = sidebar.container(horizontal=True, gap="small")
    for theme in FEATURED_THEMES:
        quick.button(theme, key=f"quick_{theme}", on_click=_choose_theme, args=(theme,),
                     help=f"只看{theme}主题")
    chosen_themes = sidebar.multiselect("主题", themes, key=PARAM_THEMES, bind="query-params",
                                        placeholder="全部主题")
    region_labels = options["region_labels"]
    regions = sidebar.multiselect("地区", options["regions"], format_func=lambda code: region_labels.get(code, code),
                                  key=PARAM_REGIONS, bind="query-params", placeholder="全部地区")
    levels = sidebar.multiselect("层级", options["levels"], key=PARAM_LEVELS, bind="query-params",
                                 placeholder="市和区县")
    year_min = year_max = None
    low, high = options["year_min"], options["year_max"]
    if low is not None and high is not None and low < high:
        chosen = sidebar.slider("年份", int(low), int(high), (int(low), int(high)), step=1,
                                key=PARAM_YEARS, bind="query-params", format="%d")
        if tuple(chosen) != (low, high):
            year_min, year_max = int(chosen[0]), int(chosen[1])
    doc_ids = sidebar.multiselect("文件", _document_options(options["documents"], regions, labels),
                                  format_func=labels.get, key=PARAM_DOCS, bind="query-params",
                                  placeholder="全部文件")
    if len(labels) > MAX_DOCUMENT_OPTIONS and not regions:
        sidebar.caption(f"共 {len(labels):,} 份文件：先选择地区，再从该地区的文件中选择。")
    natures = sidebar.multiselect("性质", NATURE_CHOICES, key=PARAM_NATURES,
                                  bind="query-params", placeholder="不限",
                                  help="文件注明的指标性质；选择后只保留注明了该性质的数值")
    roles = sidebar.multiselect("目标/基线", list(ROLE_LABELS), format_func=ROLE_LABELS.get,
                                key=PARAM_ROLES, bind="query-params", placeholder="目标和基线")
    quantified = sidebar.toggle("仅量化目标", key=PARAM_QUANTIFIED, bind="query-params",
                                help="只保留写有具体数字的目标（不含定性表述和“全覆盖”）")
    sidebar.button("清除筛选", on_click=_clear_filters, icon=":material/filter_alt_off:")
    return Filters(themes=tuple(chosen_themes), regions=tuple(regions), levels=tuple(levels),
                   year_min=year_min, year_max=year_max, doc_ids=tuple(doc_ids),
                   natures=tuple(natures), roles=tuple(roles), quantified_only=bool(quantified))


