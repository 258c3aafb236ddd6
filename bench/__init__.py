"""The guihua benchmark: a corpus generator and one-command measurements.

    python -m bench --docs 1000          # or: guihua bench --docs 1000
    python -m bench.generate --docs 100 --out /tmp/corpus

See README.md ("Performance and scaling") for what it measures and the figures.
"""
