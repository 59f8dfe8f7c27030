"""Why a source document cannot be read, in words an official can act on."""
from __future__ import annotations

from pathlib import Path

EMPTY_FILE = "文件为空"
BINARY_FILE = "不是文本文件（看起来是二进制数据）"
UNKNOWN_ENCODING = "无法识别的编码"
NOT_FOUND = "文件不存在"
CORRUPT_WORD_FILE = "无法打开 Word 文件（文件已损坏，或并不是 Word 文件）"
WORD_TOO_LARGE = "Word 文件过大（解压后超过 {limit} MB），无法读取；请拆分后再导入"
WORD_ZIP_BOMB = "Word 文件的压缩比异常（解压后膨胀超过 {ratio} 倍，疑似压缩炸弹），拒绝读取"
WORD_TOO_DEEP = "Word 文件的结构嵌套过深（超过 {limit} 层，疑似恶意构造），拒绝读取"
ENCRYPTED_WORD_FILE = "Word 文件设置了打开密码，请在 Word 中去掉密码并另存为 .docx 后再导入"
OLD_WORD_VERSION = "这是 Word 95 或更早版本的 .doc 文件，无法读取；请在 Word 中另存为 .docx 后再导入"
CORRUPT_DOC_FILE = "无法打开旧版 Word（.doc）文件（文件已损坏）；请在 Word 中另存为 .docx 后再导入"
ONLY_CHROME = "文件中只有网页导航和页脚，没有正文"
HTML_TOO_DEEP = "网页的元素嵌套过深（超过 {limit} 层，疑似恶意构造），拒绝读取"
FILE_TOO_LARGE = "文件过大（{size} MB，上限 {limit} MB）；请只保留规划正文和指标附件后再导入"
_USE_ANOTHER_VERSION = "请改用可以复制文字的 PDF，或该文件的 Word / 网页版本"
SCANNED_PDF = f"这是扫描版 PDF，没有文字层，无法读取文字；{_USE_ANOTHER_VERSION}"
PDF_WITHOUT_TEXT = f"PDF 中没有可读取的文字（文字可能已转成图形）；{_USE_ANOTHER_VERSION}"
PDF_WITHOUT_UNICODE = f"PDF 的字体没有文字编码，读出的是乱码；{_USE_ANOTHER_VERSION}"
ENCRYPTED_PDF = f"PDF 已加密，需要密码才能打开；{_USE_ANOTHER_VERSION}"
CORRUPT_PDF = "无法打开 PDF 文件（文件已损坏，或并不是 PDF 格式）"
IMAGE_NAMED_PDF = "这是一张图片（{kind}），不是 PDF 文件；" + _USE_ANOTHER_VERSION
PDF_TOO_LARGE = "PDF 文件过大（{size} MB，上限 {limit} MB）；请只保留规划正文和指标附件后再导入"
PDF_TOO_MANY_PAGES = "PDF 页数过多（{pages} 页，上限 {limit} 页）；请只保留规划正文和指标附件后再导入"


class SourceError(Exception):
    """A source document that cannot be read; str() is "<file name>: <reason>"."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(path, reason)
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


class Unreadable(Exception):
    """Raised inside a format reader; read_document turns it into a SourceError for the file."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def os_error_reason(path: Path, problem: OSError) -> str:
    if isinstance(problem, FileNotFoundError):
        return NOT_FOUND
    if isinstance(problem, IsADirectoryError) or path.is_dir():
        return "这是一个文件夹，不是文件"
    if isinstance(problem, PermissionError):
        return "没有读取这个文件的权限"
    return f"无法读取文件（{problem.strerror or problem}）"
