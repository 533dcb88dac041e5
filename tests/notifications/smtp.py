"""A real SMTP server on loopback that counts what it receives."""

import asyncio
import email
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """Keeps the X-Escalade-Key of each accepted message.

    ``block_at`` = n makes the server hang on the n-th message before it
    accepts it, so a test can kill the sender mid-conversation.
    """

    def __init__(self, block_at: int | None = None) -> None:
        self.keys: list[str] = []
        self.lock = threading.Lock()
        self.block_at = block_at
        self.blocked = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        with self.lock:
            is_target = len(self.keys) + 1 == self.block_at
        if is_target and not self.blocked.is_set():
            self.blocked.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.keys.append(message["X-Escalade-Key"])
        return "250 Message accepted for delivery"

    def counts(self) -> Counter:
        with self.lock:
            return Counter(self.keys)


class MailSink:
    """Start, stop and start again on the same port."""

    def __init__(self, recorder: Recorder | None = None) -> None:
        self.port = free_port()
        self.recorder = recorder or Recorder()
        self.controller: Controller | None = None

    def start(self) -> "MailSink":
        self.controller = Controller(
            self.recorder, hostname="127.0.0.1", port=self.port
        )
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
