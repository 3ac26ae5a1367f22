"""The `webhook` channel: a JSON POST, signed, in the shape WhatsApp gateways accept.

Body: ``{"id", "key", "to": {"nip", "name", "phone"}, "subject", "text", "items"}``.
Headers: ``X-Alur-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>`` and
``Idempotency-Key: <outbox key>``. Any 2xx answer is acceptance; anything else, or no
answer, is a `ChannelError`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from monitor.channels.base import Channel, ChannelError, Message
from monitor.config import MonitorConfig

__all__ = ["SIGNATURE_HEADER", "WebhookChannel", "signature"]

SIGNATURE_HEADER = "X-Alur-Signature"
TIMEOUT = 10.0


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookChannel(Channel):
    name = "webhook"

    def __init__(self, config: MonitorConfig) -> None:
        self.config = config

    def send(self, message: Message) -> None:
        url = self.config.webhook_url
        if not url:
            raise ChannelError("webhook_url belum diatur")
        data = {
            "id": message.id,
            "key": message.key,
            "to": {
                "nip": message.recipient_nip,
                "name": message.recipient_name,
                "phone": message.address,
            },
            "subject": message.subject,
            "text": message.body,
            "items": message.payload.get("items", []),
        }
        body = json.dumps(data, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": message.key}
        if self.config.webhook_secret:
            headers[SIGNATURE_HEADER] = signature(self.config.webhook_secret, body)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                answer.read()
        except urllib.error.HTTPError as exc:
            raise ChannelError(f"webhook menjawab HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ChannelError(f"webhook tidak dapat dihubungi: {reason}") from exc
