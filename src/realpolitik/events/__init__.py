"""Events: who did what to whom, coded in CAMEO and PLOVER.

`cameo` holds the code tables (names, Goldstein weights, quad/penta classes, PLOVER types);
`classifier` the learned second opinion for a sentence's event class.
"""

from .cameo import (
    CameoCode,
    PloverType,
    cameo_info,
    goldstein,
    plover_for,
    plover_v05_to_current,
)
from .classifier import LABELS, EventTypeClassifier, Prediction

__all__ = [
    "LABELS",
    "CameoCode",
    "EventTypeClassifier",
    "PloverType",
    "Prediction",
    "cameo_info",
    "goldstein",
    "plover_for",
    "plover_v05_to_current",
]
