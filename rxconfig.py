"""Reflex configuration, taken from strengthsapp.settings (environment variables)."""

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from strengthsapp.build_plugins import VendorChunkPlugin
from strengthsapp.settings import get_settings
from strengthsapp.styles import THEME

settings = get_settings()

config = rx.Config(
    app_name="strengthsapp",
    api_url=settings.public_url,
    deploy_url=settings.public_url,
    backend_host=settings.bind_host,
    trusted_proxy_hops=settings.trusted_proxy_hops,
    # Never "*": with credentials, Reflex would reflect any Origin.
    cors_allowed_origins=settings.cors_allowed_origins,
    redis_url=settings.redis_url,
    # Without Redis (one worker) states live in memory: they are a cache of the database,
    # which a reconnecting screen reloads on its own, and the default (disk) pickles every
    # changed state to a file after each event.
    state_manager_mode=rx.constants.StateManagerMode.REDIS
    if settings.redis_url
    else rx.constants.StateManagerMode.MEMORY,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # VendorChunkPlugin: node_modules in two scripts, not dozens: far fewer requests on a phone.
    plugins=[rx.plugins.RadixThemesPlugin(theme=THEME), VendorChunkPlugin()],
    # A sitemap would only list pages that need sign-in.
    disable_plugins=[SitemapPlugin],
)
