"""One-off messages to a person's devices that are not nudges: someone made a sign-in link
for them. Made here, in the unit of work that made the link; sent by the nudge worker with
the same send path (push.webpush), each device once, retried as a nudge is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from strengthsapp.db.engine import for_this_worker
from strengthsapp.db.models import PushNotice, PushSubscription
from strengthsapp.db.types import id_of
from strengthsapp.domain.vocabulary import DeliveryStatus
from strengthsapp.push.webpush import SEND_TIMEOUT, Message, Sent, Target, backoff

MAX_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=10)


def tell_devices(db: Session, *, user_id: int, topic: str, body: str, url: str, now: datetime) -> int:
    """A notice to every device this person has nudges on now; returns how many. Called by
    the service that has something to tell them (invites.create_reset_link)."""
    devices = list(db.exec(select(PushSubscription).where(PushSubscription.user_id == user_id)))
    for device in devices:
        db.add(
            PushNotice(
                user_id=user_id, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth,
                topic=topic[:32], body=body[:300], url=url[:200], next_attempt_at=now, created_at=now,
            )
        )  # fmt: skip
    return len(devices)


def claim_notices(db: Session, *, worker: str, now: datetime, limit: int = 100) -> list[PushNotice]:
    """Due notices for this worker alone (SKIP LOCKED on PostgreSQL, one worker on SQLite);
    claims older than STALE_CLAIM (a worker that stopped) are due again."""
    db.exec(
        update(PushNotice)  # type: ignore[call-overload]
        .where(col(PushNotice.status) == DeliveryStatus.CLAIMED.value, col(PushNotice.claimed_at) < now - STALE_CLAIM)
        .values(status=DeliveryStatus.DUE.value, claimed_by="")
    )  # fmt: skip
    query = (
        select(PushNotice)
        .where(PushNotice.status == DeliveryStatus.DUE.value, col(PushNotice.next_attempt_at) <= now)
        .order_by(col(PushNotice.next_attempt_at))
        .limit(limit)
    )
    notices = list(db.exec(for_this_worker(db, query)))
    for notice in notices:
        notice.status, notice.claimed_by, notice.claimed_at = DeliveryStatus.CLAIMED.value, worker[:80], now
        db.add(notice)
    return notices


def notice_messages(notices: list[PushNotice]) -> list[Message]:
    """Each notice for its device, keyed by the notice's id (the worker sends them)."""
    return [
        Message(key=id_of(n), target=Target(endpoint=n.endpoint, p256dh=n.p256dh, auth=n.auth),
                payload={"title": "strengthsapp", "body": n.body, "url": n.url, "tag": n.topic},
                topic=n.topic, urgency="high")
        for n in notices
    ]  # fmt: skip


def record_notices(
    db: Session, *, results: dict[int, Sent], now: datetime, at_least: float = SEND_TIMEOUT
) -> dict[str, int]:
    """What each send did: sent; retried later (429, 5xx, no answer); dead (the device is
    gone); or failed."""
    counts: dict[str, int] = defaultdict(int)
    for notice in db.exec(select(PushNotice).where(col(PushNotice.id).in_(list(results)))):
        sent = results[id_of(notice)]
        notice.attempts += 1
        notice.result = f"{sent.outcome} {sent.status or ''} {sent.detail}".strip()[:2000]
        if sent.outcome == "sent":
            notice.status, notice.sent_at = DeliveryStatus.SENT.value, now
        elif sent.outcome == "retry" and notice.attempts < MAX_ATTEMPTS:
            notice.status, notice.claimed_by = DeliveryStatus.DUE.value, ""
            notice.next_attempt_at = now + timedelta(
                seconds=backoff(notice.attempts, sent.retry_after, at_least=at_least)
            )
        elif sent.outcome == "dead":
            notice.status = DeliveryStatus.DEAD.value
        else:
            notice.status = DeliveryStatus.FAILED.value
        counts[notice.status] += 1
        db.add(notice)
    return dict(counts)
