"""policygraph: how China's innovation-reform measures spread.

The core object lives in :mod:`policygraph.core`; the CLI in :mod:`policygraph.cli`.
"""

__version__ = "0.1.0"
