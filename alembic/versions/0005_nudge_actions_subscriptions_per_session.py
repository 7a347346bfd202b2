"""nudge actions, subscriptions per session

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 15:49:07.342893
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('nudgedelivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('acted_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('pushsubscription', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_pushsubscription_session_id'), ['session_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_pushsubscription_session_id_session'), 'session', ['session_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('pushsubscription', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_pushsubscription_session_id_session'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_pushsubscription_session_id'))
        batch_op.drop_column('session_id')

    with op.batch_alter_table('nudgedelivery', schema=None) as batch_op:
        batch_op.drop_column('acted_at')
        batch_op.drop_column('action')

