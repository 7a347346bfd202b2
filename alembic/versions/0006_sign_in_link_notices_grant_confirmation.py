"""sign-in link notices, grant invitations the client confirms

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 23:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'pushnotice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('endpoint', sa.String(length=2048), nullable=False),
        sa.Column('p256dh', sa.String(length=200), nullable=False),
        sa.Column('auth', sa.String(length=100), nullable=False),
        sa.Column('topic', sa.String(length=32), nullable=False),
        sa.Column('body', sa.String(length=300), nullable=False),
        sa.Column('url', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_by', sa.String(length=80), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('result', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_pushnotice_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pushnotice')),
    )
    with op.batch_alter_table('pushnotice', schema=None) as batch_op:
        batch_op.create_index('ix_pushnotice_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pushnotice_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seen_by_target_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_invite_target_user_id'), ['target_user_id'], unique=False)
    # Invitations made before: as they were, usable (the client made them, or was there).
    op.execute("UPDATE invite SET confirmed_at = created_at WHERE kind = 'grant'")


def downgrade() -> None:
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invite_target_user_id'))
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('seen_by_target_at')

    with op.batch_alter_table('pushnotice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pushnotice_user_id'))
        batch_op.drop_index('ix_pushnotice_status_next_attempt_at')

    op.drop_table('pushnotice')
