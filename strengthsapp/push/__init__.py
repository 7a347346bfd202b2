"""Web Push, the transport: VAPID, RFC 8291 encryption, one call per device (webpush.py). No
database here: services.deliveries (nudges) and services.notices decide what to send."""
