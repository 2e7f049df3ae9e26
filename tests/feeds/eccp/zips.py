"""Checks shared by the pack tests: a zip holds exactly what its index.json lists."""

import hashlib
import io
import json
import zipfile

from feeds.eccp import schema


def open_zip(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None  # every member's CRC checks out
    return archive


def listed_entries(index: dict) -> list[dict]:
    if index["kind"] == "page":
        return index["files"]
    return [entry for item in index["items"] for entry in item["files"]] + index["files"]


def assert_zip_matches_index(data: bytes) -> tuple[zipfile.ZipFile, dict]:
    archive = open_zip(data)
    index = json.loads(archive.read("index.json"))
    assert schema.schema_errors(index, schema.INDEX) == []
    entries = listed_entries(index)
    names = archive.namelist()
    assert len(names) == len(set(names)), "duplicate member names"
    assert sorted(names) == sorted([entry["path"] for entry in entries] + ["index.json"])
    for entry in entries:
        content = archive.read(entry["path"])
        assert len(content) == entry["size"], entry["path"]
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["path"]
    for name in names:
        if name.endswith("post.json"):
            assert schema.schema_errors(json.loads(archive.read(name))) == [], name
    return archive, index
