"""The production build has the packages in two scripts (strengthsapp.build_plugins): a page
names about ten scripts, not the thirty-odd of Vite's default split."""

import re
import urllib.request

import pytest

pytestmark = pytest.mark.e2e

SCRIPT = re.compile(r'"/assets/([\w.\[\]-]+?)-[\w-]{8}\.js"')


def scripts_of(url: str) -> list[str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return sorted(set(SCRIPT.findall(response.read().decode())))


@pytest.mark.parametrize("page", ["/", "/goals", "/signin"])
def test_a_page_loads_the_packages_in_two_scripts(app_server, page):
    scripts = scripts_of(app_server.url + page)
    assert {"framework", "vendor", "entry.client"} <= set(scripts), scripts
    assert len(scripts) <= 12, scripts  # 31 for Today before the plugin
