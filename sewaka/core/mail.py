"""An e-mail backend for production servers without a mail relay: it logs that an e-mail was due, nothing more.

Django's console backend prints whole messages (names, addresses, complaint texts) into the log; this one
writes one line per message with the recipients as keyed hashes and the subject.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend

from .ratelimit import hash_value

logger = logging.getLogger("sewaka.mail")


class RedactedLogBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages or []:
            recipients = ", ".join(hash_value(r.strip().lower())[:12] for r in message.recipients())
            logger.warning(
                "E-mail tidak dikirim (SMTP belum diatur): kepada %s, subjek %r", recipients, message.subject
            )
            count += 1
        return count
