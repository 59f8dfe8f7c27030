"""ETL: read health planning documents and extract their quantified targets.

The rooms of the pipeline, in the order a document goes through them:

    reading/     a file of any format → the document's text (decoding, HTML, Word, PDF, chrome)
    layout/      the text → a cleaned view, sections, clauses, sentences; the document's own facts
    extraction/  sentences → the values they state, and a decision for every other number
    tables.py    indicator tables → one value per indicator and year
    tagging/     themes and the canonical indicator dictionary
    pipeline.py  every document of a folder → validated tables, published through store/
    preview.py   one file → its rows, without touching any data folder
    importing.py documents added to or removed from a data folder, with a rebuild, or nothing

The dashboard and other callers use only what this module exports.
"""


def build_all(*args, **kwargs):
    """Rebuild a data folder from its sources and publish it (etl.pipeline.build_all)."""
    from etl.pipeline import build_all as build

    return build(*args, **kwargs)


def preview_file(*args, **kwargs):
    """The rows one document would add, read without touching any data folder (etl.preview)."""
    from etl.preview import preview_file as preview

    return preview(*args, **kwargs)


def add_documents(*args, **kwargs):
    """Add files and their metadata rows to a data folder and rebuild (etl.importing)."""
    from etl.importing import add_documents as add

    return add(*args, **kwargs)


def remove_document(*args, **kwargs):
    """Remove one document from a data folder and rebuild (etl.importing)."""
    from etl.importing import remove_document as remove

    return remove(*args, **kwargs)


# Names of etl.importing the dashboard uses, loaded on first use so that opening the dashboard
# does not load the readers.
_IMPORTING_NAMES = {"NewDocument", "importing_disabled", "check_new_row", "MAX_UPLOAD_MB"}


def __getattr__(name):
    if name in _IMPORTING_NAMES:
        from etl import importing

        return getattr(importing, name)
    raise AttributeError(f"module 'etl' has no attribute {name!r}")
