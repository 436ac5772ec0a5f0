"""The second worked example: the bulletins of an HR-system supplier hit by extortion, for
``breachreport bulletin example --version N`` and the tests (unsigned; a supplier signs them with
its own key). The data are in ``domain.bulletin_example``; docs/cases/hr-supplier-extortion.md
tells the story, who sees what, and what each version brings.
"""

from __future__ import annotations

import json

from breachreport.domain.bulletin import Bulletin, example_bulletin
from breachreport.domain.bulletin_example import (
    BULLETIN_ID,
    CUSTOMERS,
    EKEBY,
    SJOHAMRA,
    SUPPLIER,
    VASTMARK,
    VERSIONS,
)

__all__ = [
    "BULLETIN_ID",
    "CUSTOMERS",
    "EKEBY",
    "SJOHAMRA",
    "SUPPLIER",
    "VASTMARK",
    "VERSIONS",
    "customer_profile",
    "example",
    "example_json",
]


def example(version: int) -> Bulletin:
    """Bulletin ``version`` (1, 2 or 3) of the example; InputError for any other."""
    return example_bulletin(version)


def example_json(version: int) -> str:
    """Bulletin ``version`` as the supplier would save it: indented JSON, UTF-8 text."""
    data = example_bulletin(version).model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def customer_profile(org_number: str) -> dict[str, str]:
    """The organisation profile of one of the example's customers (name, org number, sector),
    for a controller's data folder that imports the example's parts."""
    for number, name, sector in CUSTOMERS:
        if number == org_number:
            return {"name": name, "org_number": number, "sector": sector}
    raise KeyError(org_number)
