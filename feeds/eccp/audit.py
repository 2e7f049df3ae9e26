"""ECCP exports in Wagtail's audit log (the action is registered in feeds/wagtail_hooks.py)."""

from wagtail.log_actions import log

EXPORT_ACTION = "clusterpost.eccp_export"


def log_export(page, *, user=None, scope: str, file: str, items: int, warnings: int,
               forced: bool = False, via: str = "admin"):
    return log(instance=page, action=EXPORT_ACTION, user=user, data={
        "scope": scope, "file": file, "items": items, "warnings": warnings,
        "forced": forced, "via": via,
    })
