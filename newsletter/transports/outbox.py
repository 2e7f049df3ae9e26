"""The local default: every message becomes one .eml file in OUTBOX_DIR."""

import os
import uuid
from pathlib import Path

from django.conf import settings

from .base import OutgoingMessage, SendResult, TemporaryError, Transport


class OutboxTransport(Transport):
    name = "outbox"
    calls_ready = True

    def __init__(self, directory: Path | str | None = None):
        self.directory = Path(directory or settings.OUTBOX_DIR)

    def send(self, message: OutgoingMessage) -> SendResult:
        file_id = uuid.uuid4().hex
        target = self.directory / f"{file_id}.eml"
        temporary = self.directory / f".{file_id}.tmp"
        message.about_to_leave()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader never sees half a message.
            with open(temporary, "wb") as handle:
                handle.write(message.raw)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            raise TemporaryError(f"Could not write to the outbox {self.directory}: {exc}") from exc
        return SendResult(provider_message_id=file_id)
