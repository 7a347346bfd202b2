"""invite kinds, session claims, sign-in throttle

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:46:53.206800
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('signinthrottle',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('first_failure_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_signinthrottle'))
    )
    with op.batch_alter_table('invite', schema=None) as batch_op:
        # Invites made before this revision were all account invites.
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='account'))
        batch_op.add_column(sa.Column('grant_terms', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('target_user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_invite_target_user_id_user'), 'user', ['target_user_id'], ['id'])

    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('claim_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_session_claim_hash'), ['claim_hash'])



def downgrade() -> None:
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_session_claim_hash'), type_='unique')
        batch_op.drop_column('claim_expires_at')
        batch_op.drop_column('claim_hash')

    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invite_target_user_id_user'), type_='foreignkey')
        batch_op.drop_column('target_user_id')
        batch_op.drop_column('grant_terms')
        batch_op.drop_column('kind')

    op.drop_table('signinthrottle')
