"""applied operations: every change made on a screen, at most once

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 23:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'appliedoperation',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('op_id', sa.String(length=36), nullable=False),
        sa.Column('board_client_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('body_hash', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('result', sa.JSON(), nullable=False),
        sa.Column('applied_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_appliedoperation_user_id_user')),
        sa.PrimaryKeyConstraint('user_id', 'op_id', name=op.f('pk_appliedoperation')),
    )
    with op.batch_alter_table('appliedoperation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appliedoperation_board_client_id'), ['board_client_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('appliedoperation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appliedoperation_board_client_id'))
    op.drop_table('appliedoperation')
