"""``ses_setup --check``: read the published DNS records (dnspython) and say what is
missing or different from what SES needs. Tests pass a stub resolver; nothing else here
reaches a network."""

from __future__ import annotations

from dataclasses import dataclass

import dns.exception
import dns.resolver


@dataclass(frozen=True)
class Finding:
    kind: str
    name: str
    wanted: str
    found: list[str]
    ok: bool
    why: str


def _normal(value: str) -> str:
    return value.strip().strip('"').rstrip(".").lower()


def _lookup(resolver, name: str, kind: str) -> list[str]:
    try:
        answer = resolver.resolve(name, kind)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.resolver.NoNameservers,
            dns.exception.Timeout):
        return []
    values = []
    for record in answer:
        if kind == "TXT":
            values.append(b"".join(record.strings).decode("utf-8", "replace"))
        elif kind == "MX":
            values.append(f"{record.preference} {record.exchange.to_text()}")
        else:
            values.append(record.to_text())
    return values


def _matches(kind: str, wanted: str, found: list[str]) -> bool:
    if kind == "TXT" and wanted.startswith('"v=spf1'):
        return any(_normal(v).startswith("v=spf1") and "include:amazonses.com" in _normal(v)
                   for v in found)
    if kind == "TXT" and wanted.startswith('"v=DMARC1'):
        return any(_normal(v).startswith("v=dmarc1") for v in found)
    if kind == "MX":
        host = _normal(wanted.split()[-1])
        return any(_normal(v.split()[-1]) == host for v in found)
    return _normal(wanted) in {_normal(v) for v in found}


def check(records, resolver=None) -> list[Finding]:
    """One Finding per record of ``SetupResult.dns`` (type, name, value, why)."""
    resolver = resolver or dns.resolver.Resolver()
    findings = []
    for kind, name, wanted, why in records:
        if "<token" in name:
            findings.append(Finding(kind, name, wanted, [], False,
                                    f"{why}: DKIM tokens unknown without AWS credentials"))
            continue
        found = _lookup(resolver, name, kind)
        findings.append(Finding(kind, name, wanted, found, _matches(kind, wanted, found), why))
    return findings
