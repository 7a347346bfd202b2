"""Reflex plugins that adjust how the frontend is built.

VendorChunkPlugin: the packages from node_modules go into two scripts, `framework` (React,
React DOM, React Router) and `vendor` (Radix, Emotion, Socket.IO, the lucide icons, ...),
instead of the couple of dozen small chunks Vite (rolldown) splits them into by default.
A phone then loads 10 scripts for Today instead of 31 (a blank Reflex page: 9). The
browser fetches at most six files at a time from one server over HTTP/1.1, and on a slow
mobile network every wave of fetches costs a round trip (about 0.56 s on Slow 4G), so the
count, not the bytes, was what kept the board slower than a blank Reflex page
(bench/board_load.py): its scripts now run as early as the blank page's. The bytes stay
the same (a little fewer: less per-chunk overhead); the app's own code keeps Vite's split
per page.

Reflex writes `.web/vite.config.js` from a template on every compile; the plugin edits
that text in `pre_compile`, after the template's own chunk group (env.json), and fails the
build if the template no longer has that group, rather than silently building the old way.
"""

from __future__ import annotations

import re
from typing import Any

from reflex_base import constants
from reflex_base.plugins.base import Plugin

# The one chunk group in Reflex 0.10's vite.config.js template (reflex_base.compiler.
# templates.vite_config_template). Ours go right after it, in the same list.
ENV_GROUP = re.compile(
    r'codeSplitting:\s*\{\s*groups:\s*\[\s*\{\s*test:\s*/env\.json/,\s*name:\s*"reflex-env",\s*\},'
)
MARKER = "// strengthsapp.build_plugins.VendorChunkPlugin"
# React, React DOM and React Router (with what they import) first, in a script of their own:
# it does not depend on the app at all (the blank Reflex app builds the very same file, same
# hash), so a returning phone keeps it across deploys until reflex.lock changes. Every other
# package (Radix, Emotion, Socket.IO, the lucide icons the app uses, ...) in `vendor`, which
# changes when the app starts using another component or icon.
VENDOR_GROUPS = f"""
            {MARKER}: the packages in two scripts, not dozens.
            {{
              test: /[\\\\/]node_modules[\\\\/](?:react|react-dom|scheduler|react-router)[\\\\/]/,
              name: "framework",
              priority: 1,
            }},
            {{
              test: /[\\\\/]node_modules[\\\\/]/,
              name: "vendor",
            }},"""


class VitePatchError(RuntimeError):
    """The generated Vite config is not what this plugin knows how to change."""


def add_vendor_chunk(vite_config: str) -> str:
    """The vite.config.js text with our two chunk groups after Reflex's env.json group.

    Raises:
        VitePatchError: if the env.json group is not found exactly once (Reflex changed
            its template: look at the new one and update ENV_GROUP and this plugin).
    """
    if MARKER in vite_config:
        return vite_config
    found = ENV_GROUP.findall(vite_config)
    if len(found) != 1:
        raise VitePatchError(
            f"VendorChunkPlugin cannot patch {constants.ReactRouter.VITE_CONFIG_FILE}: expected "
            "Reflex's env.json chunk group (build.rollupOptions.output.codeSplitting.groups) "
            f"exactly once, found it {len(found)} times. The Vite config template has changed "
            "(reflex_base/compiler/templates.py, vite_config_template); update "
            "strengthsapp/build_plugins.py to match it."
        )
    return ENV_GROUP.sub(lambda match: match.group(0) + VENDOR_GROUPS, vite_config, count=1)


class VendorChunkPlugin(Plugin):
    """Builds the frontend's node_modules into two scripts (see the module docstring)."""

    def pre_compile(self, **context: Any) -> None:
        context["add_modify_task"](constants.ReactRouter.VITE_CONFIG_FILE, add_vendor_chunk)
