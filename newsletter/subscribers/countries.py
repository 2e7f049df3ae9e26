"""Countries as ISO 3166-1 alpha-2 codes (pycountry), and lenient lookup for imports."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=1)
def choices() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda c: c[1]))


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table = {}
    for country in pycountry.countries:
        for value in (country.alpha_2, country.alpha_3, country.name,
                      getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if value:
                table[value.casefold()] = country.alpha_2
    table["uk"] = "GB"
    return table


@lru_cache(maxsize=4096)
def to_code(value: str) -> str:
    """'Germany', 'DE', 'deu' -> 'DE'; '' -> ''. Raises ValueError for an unknown country."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return _table()[value.casefold()]
    except KeyError:
        raise ValueError(f"unknown country {value!r} (use an ISO code such as DE or a name)") from None
