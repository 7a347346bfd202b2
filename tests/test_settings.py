import json
import stat

import pytest

from strengthsapp.settings import DEFAULT_DATABASE_URL, Settings, SettingsError

REAL = {
    "SECRET_KEY": "k" * 48,
    "VAPID_PRIVATE_KEY": "private-key-from-the-vault",
    "VAPID_PUBLIC_KEY": "public-key-from-the-vault",
}


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("APP_ENV", "DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "DEMO_MODE", "PORT", *REAL):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STRENGTHSAPP_STATE_DIR", str(tmp_path / "state"))
    return monkeypatch


def test_development_generates_secrets_once_and_keeps_them_private(clean_env, tmp_path):
    first = Settings()
    second = Settings()
    assert len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key
    assert first.vapid_public_key == second.vapid_public_key
    path = tmp_path / "state" / "secrets.json"
    assert json.loads(path.read_text())["secret_key"] == first.secret_key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_vapid_keys_are_a_p256_pair_in_base64url(clean_env):
    settings = Settings()
    import base64

    public = base64.urlsafe_b64decode(settings.vapid_public_key + "==")
    private = base64.urlsafe_b64decode(settings.vapid_private_key + "==")
    assert len(public) == 65 and public[0] == 4
    assert len(private) == 32


def test_production_refuses_missing_secrets(clean_env):
    clean_env.setenv("APP_ENV", "production")
    with pytest.raises(SettingsError, match="SECRET_KEY, VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY"):
        Settings()


def test_production_refuses_placeholder_secret(clean_env):
    clean_env.setenv("APP_ENV", "production")
    for name, value in {**REAL, "SECRET_KEY": "change-me"}.items():
        clean_env.setenv(name, value)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings()


def test_production_accepts_real_secrets_and_turns_demo_off(clean_env):
    clean_env.setenv("APP_ENV", "production")
    for name, value in REAL.items():
        clean_env.setenv(name, value)
    settings = Settings()
    assert settings.is_production
    assert settings.demo_enabled is False


def test_demo_is_on_in_development_and_can_be_turned_off(clean_env):
    assert Settings().demo_enabled is True
    clean_env.setenv("DEMO_MODE", "false")
    assert Settings().demo_enabled is False


def test_defaults_are_a_local_sqlite_file_and_no_redis(clean_env):
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.redis_url is None
    assert settings.bind_host == "127.0.0.1"


def test_cors_allows_exactly_the_public_origin(clean_env):
    clean_env.setenv("PUBLIC_URL", "https://board.example.org/some/path")
    settings = Settings()
    assert settings.cors_allowed_origins == ["https://board.example.org"]
    assert settings.port == 443


def test_it_rejects_a_public_url_that_is_not_an_origin(clean_env):
    clean_env.setenv("PUBLIC_URL", "*")
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        Settings()


def test_port_follows_public_url_unless_set(clean_env):
    clean_env.setenv("PUBLIC_URL", "http://127.0.0.1:3456")
    assert Settings().port == 3456
    clean_env.setenv("PORT", "8080")
    assert Settings().port == 8080
