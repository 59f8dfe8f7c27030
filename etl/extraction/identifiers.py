"""Numbers that identify or date something rather than measure it, and lines that are contact
details or advertising: every number inside them is decided at once, with its reason.

Phone numbers, dates and times, web addresses, index and registration numbers, postal codes and
long codes have shapes of their own, whatever page they come from; a line naming a hotline,
address, copyright or registration is a page's contact block or an advertisement.
"""
from __future__ import annotations

import re

# (pattern, reason) — reasons are keys of lexicon.SKIP_REASONS_ZH.
_IDENTIFIER_PATTERNS = [
    (r"(?:https?://|www\.)[\w./?=&%#:~+-]+|[\w.+-]+@[\w-]+\.[\w.-]+", "web address"),
    # 400-650-6508, 010-58769018, (0571)87654321, 13912345678, 0571-8765 4321
    (r"(?<![\d.])(?:400|800)[-\s]?\d{3}[-\s]?\d{4}(?!\d)", "phone number"),
    (r"(?<![\d.])[(（]?0\d{2,3}[)）]?[-\s]?\d{7,8}(?:[-转]\d{1,5})?(?!\d)", "phone number"),
    (r"(?<![\d.])1[3-9]\d{9}(?!\d)", "phone number"),
    (r"(?<![\d.])\d{3,4}-\d{7,8}(?!\d)", "phone number"),
    # 2023-04-25, 2023/4/25, 2023.04.25, 2023年4月25日, 4月25日, 17:10, 2018/12/11 22:30:15
    (r"(?<!\d)(?:19|20)\d\d\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d)", "date"),
    (r"(?<!\d)(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?", "date"),
    (r"(?<![\d.])\d{1,2}\s*月\s*\d{1,2}\s*[日号]", "date"),
    (r"(?<![\d.])\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?(?!\d)(?!\s*%)", "time of day"),
    # 嘉政办发〔2024〕5号, 〔2024〕: a document number and the year in its brackets.
    (r"(?:[\u4e00-\u9fff]{1,8})?[〔\[［]\s*(?:19|20)\d\d\s*[〕\]］](?:\s*第?\s*\d+\s*号)?", "document number"),
    # 索引号 002482365/2023-00095, 京ICP备09012209号, 邮编 100020, 网站标识码 3301000012
    # (ASCII letters only around the digits: 备案率达到95% is no registration number.)
    (r"(?:ICP|公网安备|备案号?|标识码|索引号|邮编|邮政编码)\s*[:：]?\s*[A-Za-z0-9/\-]*\d[A-Za-z0-9/\-]*号?",
     "registration number"),
    # 全国统一托育服务热线：12356, 拨打12320: service numbers named as such.
    (r"(?:热线|专线|服务电话|咨询电话|拨打)\s*[:：]?\s*1\d{2,4}(?![\d.%])", "phone number"),
    (r"(?<![\d.])\d{6,}(?:[/-]\d+)*(?![\d.%‰\u4e00-\u9fff])", "long code"),
]
_IDENTIFIER_RE = re.compile("|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(_IDENTIFIER_PATTERNS)))
_REASONS = {f"g{i}": reason for i, (_, reason) in enumerate(_IDENTIFIER_PATTERNS)}

# Words of a page's contact block: with a phone number or address beside them, or two of them
# together, the line is contact details (a plan may well name its 12320 热线 in a target).
_CONTACT_WORDS_RE = re.compile(
    r"热线|电话|专线|传真|邮编|邮政编码|地址|联系我们|联系方式|客服|QQ|微信号|微信公众号|邮箱|E-?mail|"
    r"技术支持|主办单位|承办单位|咨询服务|免费咨询|扫码|二维码|点击进入|点击查看|阅读原文|上一篇|下一篇",
    re.IGNORECASE)
# Words that make a line copyright, registration or advertising on their own.
_FOOTER_WORDS_RE = re.compile(
    r"Copyright|©|版权所有|版权声明|All Rights Reserved|ICP备|公网安备|广告|内容合作|商务合作|招商加盟|"
    # promotions between news items: 【推广】体检套餐限时特惠 低至299元, 种植牙5980元起
    r"[【\[［(（]推广[】\]］)）]|推广链接|赞助|限时(?:特惠|优惠|抢购)|特惠价?|优惠价|低至\d|\d元起|团购|抢购",
    re.IGNORECASE)
_CONTACT_IDENTIFIERS = {"phone number", "web address", "registration number"}
_MAX_CONTACT_LINE = 160


def identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every phone number, date, time, address, code in text."""
    spans = []
    for m in _IDENTIFIER_RE.finditer(text):
        spans.append((m.start(), m.end(), _REASONS[m.lastgroup]))
    return spans


def is_contact_or_advert(line: str) -> bool:
    """A line of contact details, copyright or advertising (a page footer that survived)."""
    stripped = line.strip()
    if len(stripped) > _MAX_CONTACT_LINE or stripped.endswith("。"):
        return False
    if _FOOTER_WORDS_RE.search(stripped):
        return True
    words = set(_CONTACT_WORDS_RE.findall(stripped))
    if not words:
        return False
    return len(words) >= 2 or any(reason in _CONTACT_IDENTIFIERS for _, _, reason in identifier_spans(stripped))
