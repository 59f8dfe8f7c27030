"""Benchmarks at national scale: generated documents and tables, and timings of the build,
the dashboard's queries, its pages and a real browser.

`python -m bench` runs everything; `python -m bench --quick` is the small version CI runs.
Generated data goes to bench/out/, never to data/.
"""
