"""Mistakes a person can make when starting the app get one clear line, not a traceback."""

import os
import socket
import subprocess
import sys

from strengthsapp.settings import PROJECT_DIR

SETTINGS_VARIABLES = {
    "APP_ENV", "DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "PORT", "BIND_HOST", "SECRET_KEY",
    "VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "DEMO_MODE",
}  # fmt: skip


def manage(*args: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if k.upper() not in SETTINGS_VARIABLES}
    full_env = {**inherited, "STRENGTHSAPP_STATE_DIR": str(tmp_path / "state"), **env}
    return subprocess.run(
        [sys.executable, "-m", "strengthsapp.manage", *args],
        cwd=PROJECT_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("strengthsapp: ")
    for phrase in phrases:
        assert phrase in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unreachable_database_says_so(tmp_path):
    port = free_port()
    result = manage(
        "prepare",
        env={"DATABASE_URL": f"postgresql+psycopg://someone:s3cret@127.0.0.1:{port}/nowhere"},
        tmp_path=tmp_path,
    )
    assert_one_clear_line(result, "cannot reach the database", f"127.0.0.1:{port}", "DATABASE_URL")
    assert "s3cret" not in result.stderr


def test_a_malformed_database_url_says_so(tmp_path):
    result = manage("prepare", env={"DATABASE_URL": "not a url"}, tmp_path=tmp_path)
    assert_one_clear_line(result, "DATABASE_URL", "not a database URL")


def test_production_without_secrets_refuses_to_start(tmp_path):
    result = manage("prepare", env={"APP_ENV": "production"}, tmp_path=tmp_path)
    assert_one_clear_line(result, "SECRET_KEY", "make secrets")


def test_a_port_in_use_says_which_and_what_to_do(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = manage(
            "serve",
            env={"PUBLIC_URL": f"http://127.0.0.1:{port}", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
            tmp_path=tmp_path,
        )
    assert_one_clear_line(result, f"port {port}", "in use", f"PORT={port + 1}")


def test_a_failed_frontend_build_ends_with_a_clear_line(tmp_path):
    result = manage(
        "serve",
        env={
            "PUBLIC_URL": f"http://127.0.0.1:{free_port()}",
            "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            "REFLEX_WEB_WORKDIR": "/dev/null/web",  # cannot be created: the build fails
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("strengthsapp: the app did not start")
    assert "make clean run" in last


def test_prepare_migrates_and_loads_the_demo_once(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/app.db"}
    first = manage("prepare", env=env, tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "alex" in first.stdout and "Sam Rivera" in first.stdout
    password = first.stdout.split("Password for all of them: ")[1].split()[0]
    logins = tmp_path / "state" / "demo-logins.txt"
    assert password in logins.read_text()
    assert oct(logins.stat().st_mode & 0o777) == "0o600"
    second = manage("prepare", env=env, tmp_path=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Password for all" not in second.stdout and str(logins) in second.stdout

    from strengthsapp.db.engine import build_engine, session_scope
    from strengthsapp.services.sessions import sign_in

    with session_scope(build_engine(env["DATABASE_URL"])) as db:
        assert sign_in(db, login="alex", password=password, address="test").user.display_name == "Alex"


def test_production_does_not_load_demo_data(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
        "APP_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "VAPID_PRIVATE_KEY": "x" * 43,
        "VAPID_PUBLIC_KEY": "y" * 87,
    }
    result = manage("prepare", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Demo" not in result.stdout


def test_secrets_prints_values_for_the_environment(tmp_path):
    result = manage("secrets", env={}, tmp_path=tmp_path)
    names = {line.split("=", 1)[0] for line in result.stdout.splitlines()}
    assert names == {"SECRET_KEY", "VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
