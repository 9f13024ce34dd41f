"""hubflow: planning system for regional multimodal freight."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger("hubflow").addHandler(logging.NullHandler())
