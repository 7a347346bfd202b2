"""strengths linked to steps, worked-before from a win

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:40:53.714745
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('stepstrengthlink',
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('strength_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['step_id'], ['step.id'], name=op.f('fk_stepstrengthlink_step_id_step')),
    sa.ForeignKeyConstraint(['strength_id'], ['strengthentry.id'], name=op.f('fk_stepstrengthlink_strength_id_strengthentry')),
    sa.PrimaryKeyConstraint('step_id', 'strength_id', name=op.f('pk_stepstrengthlink'))
    )
    with op.batch_alter_table('strengthentry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_win_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_strengthentry_from_win_id'), ['from_win_id'])
        batch_op.create_foreign_key(batch_op.f('fk_strengthentry_from_win_id_win'), 'win', ['from_win_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('strengthentry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_strengthentry_from_win_id_win'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_strengthentry_from_win_id'), type_='unique')
        batch_op.drop_column('from_win_id')

    op.drop_table('stepstrengthlink')
