"""account deletion: a client's request to have her account deleted, when it is due, and
whether she changed her mind or it was done

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'accountdeletion',
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_accountdeletion_client_id_user')),
        sa.PrimaryKeyConstraint('client_id', name=op.f('pk_accountdeletion')),
    )
    with op.batch_alter_table('accountdeletion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accountdeletion_due_at'), ['due_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('accountdeletion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accountdeletion_due_at'))
    op.drop_table('accountdeletion')
