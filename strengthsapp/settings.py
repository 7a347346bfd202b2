"""One Settings object, read once from the environment.

In development the secret key and the VAPID key pair are generated on first use and kept
in `.strengthsapp/secrets.json` (mode 600) so sessions and push subscriptions survive a
restart. In production they must come from the environment; we refuse to start otherwise.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'strengthsapp.db'}"
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev", "development"}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class SettingsError(RuntimeError):
    """A setting is missing or unsafe; the message says how to fix it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    environment: Environment = Field(default=Environment.DEVELOPMENT, alias="APP_ENV")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")
    public_url: str = Field(default="http://127.0.0.1:3000", alias="PUBLIC_URL")
    bind_host: str = Field(default="127.0.0.1", alias="BIND_HOST")
    # Behind a TLS proxy, how many X-Forwarded-For hops to trust for the client's address
    # (sign-in throttling counts per address).
    trusted_proxy_hops: int = Field(default=0, alias="TRUSTED_PROXY_HOPS", ge=0, le=5)
    # The port to listen on; by default the one in PUBLIC_URL (behind a proxy, set both).
    listen_port: int | None = Field(default=None, alias="PORT", ge=1, le=65535)
    secret_key: str = Field(default="", alias="SECRET_KEY")
    vapid_private_key: str = Field(default="", alias="VAPID_PRIVATE_KEY")
    vapid_public_key: str = Field(default="", alias="VAPID_PUBLIC_KEY")
    # None means "on in development, off in production".
    demo_mode: bool | None = Field(default=None, alias="DEMO_MODE")
    # The demo people's password; made up (and printed) on the first run if not set.
    demo_password: str = Field(default="", alias="DEMO_PASSWORD")
    state_dir: Path = Field(default=PROJECT_DIR / ".strengthsapp", alias="STRENGTHSAPP_STATE_DIR")
    # The agency's language: for a device that asks for none the app speaks, and for a new
    # account whose invitation named none ("en" or "es", strengthsapp.i18n.LOCALES).
    default_locale: str = Field(default="en", alias="DEFAULT_LOCALE")
    # How long after a client asks for her account to be deleted it is done: until then
    # she can change her mind (services.deletion).
    deletion_wait_days: int = Field(default=14, alias="DELETION_WAIT_DAYS", ge=1, le=365)

    @field_validator("default_locale")
    @classmethod
    def _a_language_we_speak(cls, value: str) -> str:
        from strengthsapp.i18n import LOCALES, known

        if known(value) is None:
            raise ValueError(f"DEFAULT_LOCALE must be one of {', '.join(LOCALES)}, not {value!r}")
        return str(known(value))

    @field_validator("public_url")
    @classmethod
    def _public_url_is_an_origin(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError(f"PUBLIC_URL must look like https://app.example.org, not {value!r}")
        return f"{parts.scheme}://{parts.netloc}"

    @field_validator("redis_url", mode="before")
    @classmethod
    def _empty_redis_is_none(cls, value: str | None) -> str | None:
        return value or None

    @model_validator(mode="after")
    def _secrets(self) -> Settings:
        if self.environment is Environment.PRODUCTION:
            missing = [
                name
                for name, value in (
                    ("SECRET_KEY", self.secret_key),
                    ("VAPID_PRIVATE_KEY", self.vapid_private_key),
                    ("VAPID_PUBLIC_KEY", self.vapid_public_key),
                )
                if value.strip().lower() in PLACEHOLDER_SECRETS
            ]
            if missing:
                raise SettingsError(
                    f"APP_ENV=production needs real values for {', '.join(missing)}; "
                    "generate them with `make secrets` and set them in the environment."
                )
            if len(self.secret_key) < 32:
                raise SettingsError("SECRET_KEY must be at least 32 characters in production.")
        else:
            stored = _load_or_create_dev_secrets(self.state_dir)
            self.secret_key = self.secret_key or stored["secret_key"]
            self.vapid_private_key = self.vapid_private_key or stored["vapid_private_key"]
            self.vapid_public_key = self.vapid_public_key or stored["vapid_public_key"]
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def demo_enabled(self) -> bool:
        return (not self.is_production) if self.demo_mode is None else self.demo_mode

    @property
    def cors_allowed_origins(self) -> list[str]:
        return [self.public_url]

    @property
    def port(self) -> int:
        if self.listen_port:
            return self.listen_port
        parts = urlsplit(self.public_url)
        return parts.port or (443 if parts.scheme == "https" else 80)


def generate_vapid_keys() -> tuple[str, str]:
    """A P-256 key pair as (private, public), base64url without padding, as Web Push wants."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return _b64url(private), _b64url(public)


def generate_secrets() -> dict[str, str]:
    private, public = generate_vapid_keys()
    return {
        "secret_key": secrets.token_urlsafe(48),
        "vapid_private_key": private,
        "vapid_public_key": public,
    }


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _load_or_create_dev_secrets(state_dir: Path) -> dict[str, str]:
    path = state_dir / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    state_dir.mkdir(parents=True, exist_ok=True)
    values = generate_secrets()
    # Write aside, then link into place: two processes (or threads) starting together agree
    # on one set. The aside name is unique to each caller.
    tmp = state_dir / f".secrets.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle)
    try:
        os.link(tmp, path)
    except FileExistsError:
        values = json.loads(path.read_text())
    finally:
        tmp.unlink()
    return values


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
