"""ETL: read health planning documents and extract their quantified targets.

The rooms of the pipeline, in the order a document goes through them:

    reading/     a file of any format → the document's text (decoding, HTML, Word, PDF, chrome)
    layout/      the text → a cleaned view, sections, clauses, sentences; the document's own facts
    extraction/  sentences → the values they state, and a decision for every other number
    tables.py    indicator tables → one value per indicator and year
    tagging/     themes and the canonical indicator dictionary
    pipeline.py  every document of a folder → validated tables, published through store/
    preview.py   one file → its rows, without touching any data folder

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
