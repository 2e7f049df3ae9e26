"""The versioned JSON Schema of an ECCP pack's post.json.

A schema file never changes once released: a new shape is a new file (post-v2...) and
``CURRENT`` moves to it, so that packs written earlier can still be checked.
"""

import json
from functools import cache
from importlib.resources import files

from jsonschema import Draft202012Validator

CURRENT = "post-v1"
SCHEMA_ID = "urn:clusterpost:eccp:post:v1"
INDEX = "index-v1"
INDEX_SCHEMA_ID = "urn:clusterpost:eccp:index:v1"


@cache
def load(name: str = CURRENT) -> dict:
    schema = json.loads(files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load(name))


def schema_errors(document: dict, name: str = CURRENT) -> list[str]:
    """Every way ``document`` breaks the schema, as "where: what" lines; empty if valid."""
    out = []
    for error in sorted(_validator(name).iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(document)"
        out.append(f"{where}: {error.message}")
    return out
