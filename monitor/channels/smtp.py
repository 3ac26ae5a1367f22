"""The `smtp` channel: e-mail through the office's mail server (`smtplib`).

One connection per delivery run, reused for every message; TLS as configured (`none`,
`starttls`, `ssl`); a login when a user is set. A refused connection or a refused message
is a `ChannelError`; the message stays in the outbox for the next attempt.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from monitor.channels.base import Channel, ChannelError, Message
from monitor.config import MonitorConfig

__all__ = ["SmtpChannel"]

TIMEOUT = 10.0


class SmtpChannel(Channel):
    name = "smtp"

    def __init__(self, config: MonitorConfig) -> None:
        self.config = config
        self._server: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        try:
            if c.smtp_tls == "ssl":
                server: smtplib.SMTP = smtplib.SMTP_SSL(c.smtp_host, c.smtp_port, timeout=TIMEOUT)
            else:
                server = smtplib.SMTP(c.smtp_host, c.smtp_port, timeout=TIMEOUT)
            if c.smtp_tls == "starttls":
                server.starttls()
            if c.smtp_user:
                server.login(c.smtp_user, c.smtp_password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelError(f"server surel {c.smtp_host}:{c.smtp_port} menolak: {exc}") from exc
        return server

    def send(self, message: Message) -> None:
        if not message.address:
            raise ChannelError(f"alamat surel NIP {message.recipient_nip} tidak diketahui")
        mail = EmailMessage()
        mail["From"] = self.config.smtp_from
        mail["To"] = f"{message.recipient_name} <{message.address}>"
        mail["Subject"] = message.subject
        mail["Message-ID"] = f"<{message.key.replace(':', '.')}@alur>"
        mail.set_content(message.body)
        if self._server is None:
            self._server = self._connect()
        try:
            self._server.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            self.close()  # a fresh connection for the next message
            raise ChannelError(f"surel ditolak: {exc}") from exc

    def close(self) -> None:
        if self._server is not None:
            try:
                self._server.quit()
            except (OSError, smtplib.SMTPException):
                pass  # the connection is gone already
            self._server = None
