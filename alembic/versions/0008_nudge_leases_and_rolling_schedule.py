"""nudge leases and a rolling schedule: a claim's lease a live worker renews, how often a
delivery was sent again after a worker stopped, and how far each plan is scheduled

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('nudgedelivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resends', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index('ix_nudgedelivery_status_lease_until', ['status', 'lease_until'], unique=False)
    with op.batch_alter_table('nudgeplan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheduled_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_nudgeplan_active_scheduled_until', ['active', 'scheduled_until'], unique=False)
    # Claims made before leases existed: give them a lease that has run out, so a worker
    # takes them over at once instead of waiting out the old ten-minute timeout.
    op.execute("UPDATE nudgedelivery SET lease_until = claimed_at WHERE status = 'claimed'")


def downgrade() -> None:
    with op.batch_alter_table('nudgeplan', schema=None) as batch_op:
        batch_op.drop_index('ix_nudgeplan_active_scheduled_until')
        batch_op.drop_column('scheduled_until')
    with op.batch_alter_table('nudgedelivery', schema=None) as batch_op:
        batch_op.drop_index('ix_nudgedelivery_status_lease_until')
        batch_op.drop_column('resends')
        batch_op.drop_column('lease_until')
