"""The build plugin puts node_modules in two chunks (framework, vendor), or stops the build if it
cannot."""

import re
import shutil
import subprocess

import pytest
from reflex_base import constants
from reflex_base.compiler.templates import vite_config_template

from rxconfig import config
from strengthsapp.build_plugins import (
    MARKER,
    VENDOR_GROUPS,
    VendorChunkPlugin,
    VitePatchError,
    add_vendor_chunk,
)


def reflex_vite_config() -> str:
    """What Reflex writes to .web/vite.config.js for a production build."""
    return vite_config_template(
        base="/", hmr=False, force_full_reload=False, experimental_hmr=False, sourcemap=False
    )


def chunk_groups(vite_config: str) -> str:
    start = vite_config.index("groups: [")
    return vite_config[start : vite_config.index("],", start)]


def test_the_package_groups_follow_reflexs_env_group_and_nothing_else_changes():
    stock = reflex_vite_config()
    patched = add_vendor_chunk(stock)

    groups = chunk_groups(patched)
    names = [groups.index(f'name: "{name}"') for name in ("reflex-env", "framework", "vendor")]
    assert names == sorted(names)
    assert "test: /[\\\\/]node_modules[\\\\/](?:react|react-dom|scheduler|react-router)[\\\\/]/," in groups
    assert "test: /[\\\\/]node_modules[\\\\/]/," in groups
    # React and the router go to `framework` first (higher priority), the rest to `vendor`.
    assert groups.index("priority: 1,") < names[2]
    assert patched.count(MARKER) == 1
    assert patched.replace(VENDOR_GROUPS, "", 1) == stock  # nothing else changed
    assert add_vendor_chunk(patched) == patched  # applied twice, still once


def group_tests(vite_config: str) -> dict[str, re.Pattern[str]]:
    """Each chunk group's name and its `test` regex (JavaScript's syntax is Python's here)."""
    found = re.findall(r"test: /(.+)/,\s*name: \"([\w-]+)\"", chunk_groups(vite_config))
    return {name: re.compile(pattern) for pattern, name in found}


@pytest.mark.parametrize(
    ("module", "group"),
    [
        ("/app/.web/node_modules/react/cjs/react.production.js", "framework"),
        ("/app/.web/node_modules/react-dom/cjs/react-dom-client.production.js", "framework"),
        ("/app/.web/node_modules/scheduler/index.js", "framework"),
        ("/app/.web/node_modules/react-router/dist/production/index.mjs", "framework"),
        ("C:\\app\\.web\\node_modules\\react\\index.js", "framework"),
        ("/app/.web/node_modules/react-remove-scroll/dist/es2015/index.js", "vendor"),
        ("/app/.web/node_modules/@radix-ui/themes/dist/esm/index.js", "vendor"),
        ("/app/.web/node_modules/lucide-react/dist/esm/icons/moon.js", "vendor"),
        ("/app/.web/node_modules/socket.io-client/build/esm/index.js", "vendor"),
        ("/app/.web/utils/state.js", None),
        ("/app/.web/app/routes/[goals]._index.jsx", None),
        ("/app/.web/env.json", "reflex-env"),
    ],
)
def test_which_group_takes_a_module(module, group):
    tests = group_tests(add_vendor_chunk(reflex_vite_config()))
    assert set(tests) == {"reflex-env", "framework", "vendor"}
    # framework has the higher priority, so it is asked before vendor (rolldown's order).
    order = ["reflex-env", "framework", "vendor"]
    assert next((name for name in order if tests[name].search(module)), None) == group


@pytest.mark.skipif(shutil.which("node") is None, reason="no Node.js to parse the config")
def test_the_patched_config_is_still_valid_javascript(tmp_path):
    config_file = tmp_path / "vite.config.mjs"
    config_file.write_text(add_vendor_chunk(reflex_vite_config()))
    result = subprocess.run(["node", "--check", str(config_file)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace('name: "reflex-env"', 'name: "env"'),  # the group was renamed
        lambda text: text.replace("codeSplitting", "advancedChunks"),  # the option was renamed
        lambda text: text.replace("groups: [", "groups: [\n            { test: /x/, name: 'x' },"),
        lambda text: text + text,  # twice: which one?
        lambda text: "",
    ],
)
def test_a_changed_template_stops_the_build_with_a_clear_message(change):
    with pytest.raises(VitePatchError, match=r"cannot patch vite\.config\.js.*template has changed"):
        add_vendor_chunk(change(reflex_vite_config()))


def test_the_plugin_asks_to_modify_the_vite_config_and_the_app_uses_it():
    tasks: list[tuple[str, object]] = []
    VendorChunkPlugin().pre_compile(add_modify_task=lambda path, fn: tasks.append((path, fn)))
    assert tasks == [(constants.ReactRouter.VITE_CONFIG_FILE, add_vendor_chunk)]
    assert any(isinstance(plugin, VendorChunkPlugin) for plugin in config.plugins)
