"""Seeded plan documents built from the grammar of real ones, for timing the build.

Each document is a government web page saved as text: page chrome around it (breadcrumb,
publishing line, footer), a title, sections 一、二、…, clauses numbered 1. 2. … (work points) or
（一）（二）… (plans), sentences stating targets in every phrasing of the targets guide, sentences
whose numbers are not targets, and — for plans — an indicator table in the flattened layout
(one tab-led cell per line, a blank line between rows). The sentence frames are written for the
benchmark; none is copied from a real plan.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

from bench import phrasing
from bench.regions import table_regions

CN_DIGITS = "零一二三四五六七八九"
SOURCES_HEADER = ["doc_id", "file", "region", "region_code", "region_level", "province", "parent_region",
                  "plan_year", "horizon_year", "doc_type", "title", "issuer", "date", "url"]

# Things a plan builds or covers (for counts, ranges, lists and full coverage).
FACILITIES = ["家庭医生工作室", "社区护理站", "健康小屋", "中医馆", "托育服务点", "老年友善医疗机构",
              "标准化预防接种门诊", "心理健康服务站", "健康主题公园", "院前急救站点",
              "医养结合服务中心", "儿童早期发展基地", "基层特色专科", "智慧健康驿站"]
VEHICLES = [("负压救护车", "辆"), ("流动体检车", "辆"), ("巡回医疗车", "辆")]
STANDARDS = ["国家基本标准", "省级规范化建设标准", "服务能力推荐标准"]
PAST_REPORTS = ["上年确定的{n}项重点任务全部完成", "去年{n}项民生实事如期交付"]


def write_corpus(out_dir: Path, n_documents: int, seed: int = 11) -> dict:
    """Write n documents and their sources.csv under out_dir; return their count and size."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed)
    # Real cities and districts: the build checks every region against the region table.
    regions = table_regions()
    catalogue = phrasing.load_catalogue(0)
    rows, total_bytes = [], 0
    for i in range(n_documents):
        region = regions[rng.randrange(len(regions))]
        is_plan = rng.random() < 0.3
        plan_year = rng.randint(2018, 2026)
        horizon = plan_year + 3 if is_plan else plan_year
        doc_type = "实施意见" if is_plan else rng.choice(["工作要点", "工作计划"])
        title = (f"{region.name}关于推进卫生健康高质量发展的实施意见" if is_plan
                 else f"{plan_year}年{region.name}卫生健康{doc_type}")
        issuer = f"{region.name}{'人民政府办公室' if is_plan else '卫生健康局'}"
        date = f"{plan_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = document_text(rng, catalogue, region.name, title, issuer, date, plan_year, horizon, is_plan)
        name = f"{i:05d}_{rng.getrandbits(40):010x}.txt"
        data = text.encode("utf-8")
        (out_dir / name).write_bytes(data)
        total_bytes += len(data)
        rows.append([f"bench-{i:05d}", name, region.name, region.code, region.level, region.province, region.parent,
                     plan_year, horizon, doc_type, title, issuer, date, ""])
    with open(out_dir / "sources.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SOURCES_HEADER)
        writer.writerows(rows)
    return {"documents": n_documents, "bytes": total_bytes}


def document_text(rng, catalogue, region, title, issuer, date, plan_year, horizon, is_plan) -> str:
    lines = ["当前位置：首页 > 政务公开 > 规划计划", "", title, "",
             f"发布日期：{date}  浏览次数：{rng.randint(50, 3000)}  信息来源：{issuer}", ""]
    if is_plan:
        lines += [f"{region[:2]}政办发〔{plan_year}〕{rng.randint(1, 40)}号", ""]
    lines.append(f"    为推动{region}卫生健康事业高质量发展，不断增强人民群众的获得感，结合本地实际，"
                 f"现就{plan_year}年{'至' + str(horizon) + '年' if is_plan else ''}重点工作安排如下。")
    themes = list(phrasing.SECTION_TITLES)
    rng.shuffle(themes)
    clause_number = 0
    for s, theme in enumerate(themes[: rng.randint(5, 7)]):
        lines += ["", f"{phrasing.CN_NUMERALS[s]}、{rng.choice(phrasing.SECTION_TITLES[theme])}", ""]
        for k in range(rng.randint(4, 6)):
            clause_number += 1
            number = f"（{phrasing.CN_NUMERALS[k]}）" if is_plan else f"{clause_number}."
            title_text = rng.choice(phrasing.CLAUSE_TITLES[theme])
            sentences = [_sentence(rng, catalogue, theme, horizon) for _ in range(rng.randint(3, 5))]
            lines.append(f"{number}{title_text}。" + "".join(sentences))
    if is_plan:
        lines += ["", f"附件：{region}卫生健康高质量发展主要指标", " 附件", "",
                  f"{region}卫生健康高质量发展主要指标", ""]
        lines += _flattened_table(rng, catalogue, plan_year, horizon)
    lines += ["", "分享：", f"主办单位：{issuer}  网站标识码：{rng.randint(10**9, 10**10 - 1)}", ""]
    return "\n".join(lines)


def _flattened_table(rng, catalogue, plan_year, horizon) -> list[str]:
    """The layout of an indicator table copied out of a web page: one tab-led cell per line."""
    years = [plan_year - 1, horizon - 1, horizon]
    lines = ["\t类别", "\t序号", "\t指  标", *[f"\t{y}年" for y in years], "\t性质", ""]
    picked = rng.sample(catalogue, 12)
    for seq, indicator in enumerate(picked, start=1):
        category = phrasing.CATEGORIES[(seq - 1) // 4] if (seq - 1) % 4 == 0 else ""
        unit = f"（{indicator.unit}）" if indicator.unit else ""
        cells = [category, str(seq), f"{indicator.name}{unit}"]
        if rng.random() < 0.15:
            cells.append(rng.choice(phrasing.QUALITATIVE_TEXTS))      # one merged cell over the years
        else:
            base = _value(rng, indicator)
            step = (indicator.high - indicator.low) * 0.04 * (-1 if indicator.direction == "down" else 1)
            values = [base + step * k for k in range(3)]
            symbol = "≤" if indicator.direction == "down" else "≥"
            cells += [_number(values[0], indicator.decimals)] + [
                (symbol if rng.random() < 0.4 else "") + _number(v, indicator.decimals) for v in values[1:]]
        cells.append("约束性" if rng.random() < 0.25 else "预期性")
        lines += [f"\t{c}" for c in cells] + [""]
    return lines


def _value(rng, indicator) -> float:
    return indicator.low + (indicator.high - indicator.low) * rng.random()


def _number(value: float, decimals: int) -> str:
    return str(int(round(value))) if decimals == 0 else phrasing.format_number(round(value, 1))


def _cn(n: int) -> str:
    return CN_DIGITS[n] if n < 10 else str(n)


def _sentence(rng, catalogue, theme, horizon) -> str:
    """One sentence: mostly a target in one of the guide's phrasings, sometimes none."""
    of_theme = [i for i in catalogue if theme in i.themes] or catalogue
    # Rates that should rise, so that 以上/不低于 read as a sensible commitment.
    rates = ([i for i in of_theme if i.unit == "%" and i.direction == "up"]
             or [i for i in catalogue if i.unit == "%" and i.direction == "up"])
    rate = rng.choice(rates)
    pct = phrasing.format_number(round(rng.uniform(rate.low, rate.high), 1))
    facility = rng.choice(FACILITIES)
    n = rng.randint(2, 60)
    lead = rng.choice(["", f"到{horizon}年，", "全年", "力争", f"{horizon}年底前，"])
    frames = [
        lambda: f"{lead}新增{facility}{n}个以上。",
        lambda: f"{lead}{rate.name}达{pct}%以上。",
        lambda: f"{rate.name}不低于{pct}%。",
        lambda: f"{lead}{rate.name}至少达到{pct}%。",
        lambda: f"规范提升{facility}服务，打造示范{facility}{n}个。",
        lambda: f"{rng.randint(6, 9)}0%以上基层医疗卫生机构建成{facility}。",
        lambda: f"完成城乡居民免费健康体检{rng.randint(5, 90)}万人以上，做好检后随访。",
        lambda: f"孕产妇死亡率控制在{rng.randint(5, 12)}.{rng.randint(0, 9)}/10万以下。",
        lambda: f"婴儿死亡率控制在{rng.randint(2, 5)}‰以内。",
        lambda: f"5岁以下儿童死亡率保持在千分之{_cn(rng.randint(3, 7))}以下。",
        lambda: f"孕产妇死亡率控制在十万分之{_cn(rng.randint(6, 9))}以下。",
        lambda: "居民健康素养水平提升一个百分点以上。",
        lambda: f"儿童青少年总体近视率力争下降0.{rng.randint(3, 9)}个百分点。",
        lambda: f"建成{FACILITIES[0]}、{FACILITIES[1]}、{FACILITIES[2]}各{n % 4 + 2}-{n % 4 + 5}个。",
        lambda: f"{facility}覆盖一半以上村（社区）。",
        lambda: f"力争{rate.name}进入全省前{rng.choice(['三', '五', '十'])}。",
        lambda: f"力争主要健康指标进入全国前{rng.choice([50, 100])}。",
        lambda: (f"{rates[0].name}、{rates[-1].name}分别达{pct}%、"
                 f"{phrasing.format_number(round(rng.uniform(60, 95), 1))}%以上。"),
        lambda: f"高血压和糖尿病患者规范管理率均达到{rng.randint(60, 80)}%以上。",
        lambda: f"新增{facility}{n}个、{VEHICLES[n % 3][0]}{n % 9 + 2}{VEHICLES[n % 3][1]}。",
        lambda: f"实现{facility}镇（街道）全覆盖。",
        lambda: f"乡镇卫生院和社区卫生服务中心全部达到{rng.choice(STANDARDS)}。",
        lambda: rng.choice(phrasing.FILLER_SENTENCES)[0],
        lambda: "，".join([rng.choice(PAST_REPORTS).format(n=n), "为今年工作打下良好基础。"]),
    ]
    return rng.choice(frames)()
