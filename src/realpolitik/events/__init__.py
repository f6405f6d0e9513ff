"""Events: who did what to whom, coded in CAMEO and PLOVER.

The spaCy component is `component` ("realpolitik_events"); for each sentence it runs, in
this order:

- `triggers`: the verbs and event nouns a verb pattern (`patterns`) codes;
- `arguments`: each trigger's source and target slots (`participants`: which actor fills
  a slot; `attackers`: the unnamed attackers of an attack with no named perpetrator);
- `framing`: promised, threatened, refused, asked-for and only stated acts as CAMEO codes
  them (its word lists and code tables are data, read by `lexicon`);
- `factuality`, `dates`, `places`: whether, when and where; `second_opinion`: the learned
  classifier (`classifier`) where a bare verb's default code gave the event.

`records` holds the typed `Event` and `Participant`; `state` the knowledge the component is
built with and the state of one document; `parse` the dependency-parse helpers; `cameo` the
code tables (names, Goldstein weights, quad/penta classes, PLOVER types).
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
