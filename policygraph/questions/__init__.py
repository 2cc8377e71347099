"""The read side: what each question answers, over named read queries.

    search      search and resolution (measures by wording, id or number; regions)
    leads       who leads measure X in region Y; the responsibility of a measure
    diffusion   trace, path and timeline of a national measure
    profiles    one measure, region, department, document or batch; coverage
    browse      the neighbourhood of a node
    common      orders, rules and helpers the questions share (with analysis, panel, exports)

Callers go through :class:`policygraph.core.PolicyGraph`, one method per question; each
function here takes a store (never opens one) and returns plain dicts ready for JSON.
"""
