"""Freshness: references, reporting routes and the law that were last checked too long ago.

The build prints a notice (a deploy still goes out); `python -m vpguide validate --strict` fails, and a
scheduled workflow runs it every week.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from .model import Model

MAX_AGE = datetime.timedelta(days=365)


def today() -> datetime.date:
    """Today, or the date in VPGUIDE_TODAY (YYYY-MM-DD): a fixed clock for tests."""
    fixed = os.environ.get("VPGUIDE_TODAY")
    return datetime.date.fromisoformat(fixed) if fixed else datetime.date.today()


@dataclass(frozen=True)
class Stale:
    file: str
    what: str  # for example "reference 'photodna' (PhotoDNA)"
    checked: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.what} was last checked on {self.checked}, over 12 months ago: check it again"
        )


def stale_entries(model: Model, today: datetime.date) -> list[Stale]:
    def old(checked: str) -> bool:
        return today - datetime.date.fromisoformat(checked) > MAX_AGE

    out = [
        Stale(model.data_file("references.yaml"), f"reference {r.id!r} ({r.name})", r.checked)
        for r in model.references
        if old(r.checked)
    ]
    out += [
        Stale(model.data_file("jurisdictions.yaml"), f"jurisdiction {j.id!r} ({j.name})", j.checked)
        for j in model.jurisdictions
        if old(j.checked)
    ]
    for instrument in model.instruments:
        file = model.data_file("obligations.yaml")
        if old(instrument.checked):
            out.append(Stale(file, f"instrument {instrument.id!r} ({instrument.title})", instrument.checked))
        out += [
            Stale(file, f"provision {p.id!r} ({instrument.title}, {p.provision})", p.checked)
            for p in instrument.provisions
            if old(p.checked)
        ]
    return out
