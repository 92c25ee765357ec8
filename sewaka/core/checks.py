"""Sewaka's own system checks; `manage.py check --deploy` fails on unsafe production settings."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MIN_KEY_LENGTH = 50


def _weak(key: str) -> bool:
    return len(key) < MIN_KEY_LENGTH or len(set(key)) < 5


@register(Tags.security, "sewaka", deploy=True)
def check_keys(app_configs=None, **kwargs):
    published = getattr(settings, "PUBLISHED_KEYS", frozenset())
    errors = []
    keys = [
        ("SECRET_KEY", settings.SECRET_KEY),
        *(("SECRET_KEY_FALLBACKS", k) for k in settings.SECRET_KEY_FALLBACKS),
    ]
    for name, key in keys:
        if key in published:
            errors.append(
                Error(
                    f"{name} is the key published in Sewaka's repository.",
                    hint="Set SEWAKA_SECRET_KEY_FILE to a file with a long random string (see .env.example).",
                    id="sewaka.E001",
                )
            )
        elif _weak(key):
            errors.append(
                Error(
                    f"{name} is shorter than {MIN_KEY_LENGTH} characters or too uniform.",
                    hint="Generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                    id="sewaka.E002",
                )
            )
    hash_key = getattr(settings, "SEWAKA_HASH_KEY", "")
    if hash_key in published:
        errors.append(
            Error(
                "SEWAKA_HASH_KEY is the key published in Sewaka's repository.",
                hint="Set SEWAKA_HASH_KEY_FILE (when upgrading: the value of the current secret key).",
                id="sewaka.E003",
            )
        )
    elif _weak(hash_key):
        errors.append(
            Warning(
                f"SEWAKA_HASH_KEY is shorter than {MIN_KEY_LENGTH} characters or too uniform.",
                hint="A new hash key invalidates registered kiosks: register them again afterwards.",
                id="sewaka.W003",
            )
        )
    return errors


@register(Tags.security, "sewaka", deploy=True)
def check_mail(app_configs=None, **kwargs):
    if settings.EMAIL_BACKEND == "sewaka.core.mail.RedactedLogBackend":
        return [
            Warning(
                "E-mails are not delivered: no SMTP backend is configured.",
                hint="Set SEWAKA_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and SEWAKA_EMAIL_HOST.",
                id="sewaka.W005",
            )
        ]
    return []


@register("sewaka")
def check_proxies(app_configs=None, **kwargs):
    errors = []
    for spec in getattr(settings, "SEWAKA_TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(spec, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"SEWAKA_TRUSTED_PROXIES: {spec!r} is not an address or network.",
                    hint="Comma-separated addresses or CIDRs, e.g. 127.0.0.1,10.0.0.0/8.",
                    id="sewaka.E006",
                )
            )
    return errors


@register(Tags.security, "sewaka", deploy=True)
def check_proxy_deploy(app_configs=None, **kwargs):
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(
        settings, "SEWAKA_TRUSTED_PROXIES", []
    ):
        return [
            Warning(
                "SEWAKA_BEHIND_PROXY is on but SEWAKA_TRUSTED_PROXIES is empty: every visitor has the proxy's address "
                "and shares its rate limits.",
                hint="Set SEWAKA_TRUSTED_PROXIES to the proxy's address, e.g. 127.0.0.1.",
                id="sewaka.W007",
            )
        ]
    return []
