"""PLOVER types and CAMEO codes: which type a code maps to, its quad class and intensity."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from khaldun.errors import DataFileError


@dataclass(frozen=True, slots=True)
class Ontology:
    types: tuple[str, ...]
    old_labels: dict[str, str]
    prefix_type: dict[str, str]
    quad_by_root: dict[str, int]
    intensity_by_root: dict[str, float]
    nearest_codes: dict[str, list[str]]

    def type_of(self, cameo: str) -> str | None:
        """The PLOVER type of a CAMEO code: the longest matching prefix decides."""
        for length in range(len(cameo), 1, -1):
            found = self.prefix_type.get(cameo[:length])
            if found:
                return found
        return None

    def accepts(self, event: str, cameo: str) -> bool:
        """Whether a CAMEO code may stand beside a PLOVER type: it maps there, or it is the
        nearest CAMEO code for a PLOVER mode that CAMEO lacks (see nearest_codes)."""
        return self.type_of(cameo) == event or cameo in self.nearest_codes.get(event, ())

    def quad(self, cameo: str) -> int:
        return self.quad_by_root[cameo[:2]]

    def intensity(self, cameo: str) -> float:
        return self.intensity_by_root[cameo[:2]]

    def plover_label(self, label: str) -> str | None:
        """A current PLOVER type for a label, mapping the older labels; None if unknown."""
        label = label.strip().upper()
        label = self.old_labels.get(label, label)
        return label if label in self.types else None


@cache
def ontology() -> Ontology:
    raw = json.loads(resources.files("khaldun.events").joinpath("data", "ontology.json")
                     .read_text("utf-8"))
    onto = Ontology(types=tuple(raw["types"]), old_labels=raw["old_labels"],
                    prefix_type=raw["cameo_prefix_type"], quad_by_root=raw["quad_by_root"],
                    intensity_by_root=raw["intensity_by_root"],
                    nearest_codes=raw["nearest_codes"])
    bad = set(onto.prefix_type.values()) - set(onto.types)
    if bad:
        raise DataFileError(f"ontology.json maps CAMEO codes to unknown types {sorted(bad)}")
    return onto
