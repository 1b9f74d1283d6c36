"""How vocabulary values are named in choosers: harms indented under the harm they belong
to, regions with the other names people know them by, organisations by name."""

from __future__ import annotations

from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy


def harm_choice(taxonomy: Taxonomy, harm: str) -> str:
    """'   ↳ Online grooming': a harm's label, indented one step per broader harm."""
    harms = taxonomy.harms
    return ("   ↳ " * len(harms.ancestors(harm))) + harms.label(harm)


def region_choice(taxonomy: Taxonomy, name: str) -> str:
    """'Viet Nam (VN, VNM, Vietnam, ...)': a region with up to four of its other names."""
    region = taxonomy.regions[name]
    extra = [a for a in region.aliases if a != name][:4]
    return f"{name} ({', '.join(extra)})" if extra else name


def organisation_choices(catalogue: Catalogue) -> list[str]:
    """The organisations' ids, in the order of their names."""
    ordered = sorted(catalogue.organisations, key=lambda o: (o.name.casefold(), o.id))
    return [o.id for o in ordered]
