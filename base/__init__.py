"""base/: what every layer may import, and which imports nothing of the project.

- :mod:`base.errors`: the one exception root (PolicyGraphError) and its subclasses,
  each with the exit code and HTTP status the CLI and the API give it.
- :mod:`base.config`: settings from the environment, file-size limit, project paths.

The layers above, from the top: api, then policygraph and viz, then graph, then loaders
and queries, then base (pyproject.toml ``[tool.importlinter]``; tests/unit/test_layers.py
runs the contracts). loaders/ and graph/ raise BadInputError and read settings from here,
never from policygraph/.
"""
