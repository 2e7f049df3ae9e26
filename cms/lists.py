"""Controlled vocabularies for classification, shared by the CMS and the ECCP export."""

import pycountry

# The EU's 14 industrial ecosystems (European Commission, Industrial Strategy 2021 update).
INDUSTRIAL_ECOSYSTEMS = [
    "Aerospace & Defence",
    "Agri-food",
    "Construction",
    "Cultural & Creative Industries",
    "Digital",
    "Electronics",
    "Energy Intensive Industries",
    "Energy Renewables",
    "Health",
    "Mobility-Transport-Automotive",
    "Proximity, Social Economy and Civil Security",
    "Retail",
    "Textiles",
    "Tourism",
]

# Emerging industries as used on the European Cluster Collaboration Platform.
EMERGING_INDUSTRIES = [
    "Advanced packaging",
    "Biopharmaceuticals",
    "Blue growth industries",
    "Creative industries",
    "Digital industries",
    "Environmental industries",
    "Experience industries",
    "Logistical services",
    "Medical devices",
    "Mobility technologies",
    "Personalised medicine",
]

# Target audiences of events (the ECCP event form offers the same).
EVENT_AUDIENCES = [
    "SMEs",
    "Start-ups",
    "Large companies",
    "Cluster organisations",
    "Research and technology organisations",
    "Universities",
    "Investors",
    "Public authorities",
]

COUNTRY_CHOICES = sorted(
    ((country.alpha_2, country.name) for country in pycountry.countries), key=lambda c: c[1]
)
COUNTRY_NAMES = dict(COUNTRY_CHOICES)


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get((code or "").upper(), code or "")
