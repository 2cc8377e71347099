"""Scale corpus generator and benchmarks for policygraph.

``python -m bench.generate --docs N --out bench/generated/N`` writes a deterministic corpus of
national lists and local plans in the five sample layouts, plus the ground truth of which
national measure every local item restates. ``python -m bench.run`` measures load, ingest,
query, API and browser figures on it and appends them to bench/RESULTS.md.
"""
