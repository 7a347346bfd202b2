"""board viewers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:13:55.033053
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('boardviewer',
    sa.Column('client_token', sa.String(length=100), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('board_client_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['board_client_id'], ['user.id'], name=op.f('fk_boardviewer_board_client_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_boardviewer_user_id_user')),
    sa.PrimaryKeyConstraint('client_token', name=op.f('pk_boardviewer'))
    )
    with op.batch_alter_table('boardviewer', schema=None) as batch_op:
        batch_op.create_index('ix_boardviewer_user_board', ['user_id', 'board_client_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('boardviewer', schema=None) as batch_op:
        batch_op.drop_index('ix_boardviewer_user_board')

    op.drop_table('boardviewer')
