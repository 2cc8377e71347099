// Benchmark only (bench/run.py, on a throw-away store): the least a write can do, one
// empty node per row. Its cost is the round trip, parameter encoding and parsing, and the
// append-only-file commit. Timed with 1 row and with many rows per query, it bounds what
// any batching can gain over one row per transaction on this engine.
// mode: write
// example: {"rows": [{"id": "x", "props": {"title": "科技创新券"}}]}
UNWIND $rows AS r
CREATE (:BenchRow)
