"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 12:17:09.823955
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
    sa.UniqueConstraint('slug', name=op.f('uq_agency_slug'))
    )
    op.create_table('lifedomain',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('icon', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_lifedomain_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lifedomain')),
    sa.UniqueConstraint('agency_id', 'key', name=op.f('uq_lifedomain_agency_id'))
    )
    with op.batch_alter_table('lifedomain', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lifedomain_agency_id'), ['agency_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_user_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index('ix_user_agency_role', ['agency_id', 'role'], unique=False)

    op.create_table('auditevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('board_client_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=120), nullable=False),
    sa.Column('allowed', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_auditevent_actor_id_user')),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_auditevent_agency_id_agency')),
    sa.ForeignKeyConstraint(['board_client_id'], ['user.id'], name=op.f('fk_auditevent_board_client_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auditevent'))
    )
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.create_index('ix_auditevent_agency_at', ['agency_id', 'at'], unique=False)
        batch_op.create_index('ix_auditevent_board_at', ['board_client_id', 'at'], unique=False)

    op.create_table('caseassignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('case_manager_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_manager_id'], ['user.id'], name=op.f('fk_caseassignment_case_manager_id_user')),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_caseassignment_client_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caseassignment'))
    )
    with op.batch_alter_table('caseassignment', schema=None) as batch_op:
        batch_op.create_index('ix_caseassignment_case_manager_until', ['case_manager_id', 'until'], unique=False)
        batch_op.create_index(batch_op.f('ix_caseassignment_client_id'), ['client_id'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('case_manager_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_manager_id'], ['user.id'], name=op.f('fk_contact_case_manager_id_user')),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_contact_client_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_client_on', ['client_id', 'on'], unique=False)

    op.create_table('goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('domain_key', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('achieved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_goal_client_id_user')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_goal_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal'))
    )
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.create_index('ix_goal_client_status_position', ['client_id', 'status', 'position'], unique=False)

    op.create_table('grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('grantee_id', sa.Integer(), nullable=False),
    sa.Column('relationship', sa.String(length=20), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_grant_client_id_user')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_grant_created_by_id_user')),
    sa.ForeignKeyConstraint(['grantee_id'], ['user.id'], name=op.f('fk_grant_grantee_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant'))
    )
    with op.batch_alter_table('grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grant_grantee_id'), ['grantee_id'], unique=False)

    op.create_table('invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('display_name_hint', sa.String(length=80), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('for_client_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_invite_agency_id_agency')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_invite_created_by_id_user')),
    sa.ForeignKeyConstraint(['for_client_id'], ['user.id'], name=op.f('fk_invite_for_client_id_user')),
    sa.ForeignKeyConstraint(['used_by_id'], ['user.id'], name=op.f('fk_invite_used_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invite')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invite_code_hash'))
    )
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invite_agency_id'), ['agency_id'], unique=False)

    op.create_table('pushsubscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=2048), nullable=False),
    sa.Column('p256dh', sa.String(length=200), nullable=False),
    sa.Column('auth', sa.String(length=100), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_pushsubscription_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pushsubscription')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_pushsubscription_endpoint'))
    )
    with op.batch_alter_table('pushsubscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pushsubscription_user_id'), ['user_id'], unique=False)

    op.create_table('quiethours',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Time(), nullable=False),
    sa.Column('end', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_quiethours_client_id_user')),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_quiethours'))
    )
    op.create_table('resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('support', sa.String(length=20), nullable=False),
    sa.Column('how_to_reach', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=False),
    sa.Column('service', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_resource_agency_id_agency')),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_resource_client_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource'))
    )
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_client_id'), ['client_id'], unique=False)

    op.create_table('session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_session_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_session_token_hash'))
    )
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_user_id'), ['user_id'], unique=False)

    op.create_table('strengthentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('domain_key', sa.String(length=40), nullable=False),
    sa.Column('column', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_strengthentry_author_id_user')),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_strengthentry_client_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strengthentry'))
    )
    with op.batch_alter_table('strengthentry', schema=None) as batch_op:
        batch_op.create_index('ix_strengthentry_client_domain', ['client_id', 'domain_key'], unique=False)

    op.create_table('suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_suggestion_by_id_user')),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_suggestion_client_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion'))
    )
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.create_index('ix_suggestion_client_status', ['client_id', 'status'], unique=False)

    op.create_table('goalresourcelink',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_goalresourcelink_goal_id_goal')),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_goalresourcelink_resource_id_resource')),
    sa.PrimaryKeyConstraint('goal_id', 'resource_id', name=op.f('pk_goalresourcelink'))
    )
    op.create_table('goalstrengthlink',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('strength_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_goalstrengthlink_goal_id_goal')),
    sa.ForeignKeyConstraint(['strength_id'], ['strengthentry.id'], name=op.f('fk_goalstrengthlink_strength_id_strengthentry')),
    sa.PrimaryKeyConstraint('goal_id', 'strength_id', name=op.f('pk_goalstrengthlink'))
    )
    op.create_table('priority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_priority_client_id_user')),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_priority_goal_id_goal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_priority')),
    sa.UniqueConstraint('client_id', 'rank', name=op.f('uq_priority_client_id'))
    )
    op.create_table('step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('who', sa.String(length=20), nullable=False),
    sa.Column('who_name', sa.String(length=80), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['done_by_id'], ['user.id'], name=op.f('fk_step_done_by_id_user')),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_step_goal_id_goal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step'))
    )
    with op.batch_alter_table('step', schema=None) as batch_op:
        batch_op.create_index('ix_step_goal_position', ['goal_id', 'position'], unique=False)

    op.create_table('win',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_win_client_id_user')),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_win_goal_id_goal')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_win_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_win'))
    )
    with op.batch_alter_table('win', schema=None) as batch_op:
        batch_op.create_index('ix_win_client_on', ['client_id', 'on'], unique=False)

    op.create_table('checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('feeling', sa.String(length=20), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('during_visit', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_checkin_client_id_user')),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_checkin_goal_id_goal')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_checkin_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['step_id'], ['step.id'], name=op.f('fk_checkin_step_id_step')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin'))
    )
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.create_index('ix_checkin_client_at', ['client_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_step_id'), ['step_id'], unique=False)

    op.create_table('cheer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('win_id', sa.Integer(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_cheer_by_id_user')),
    sa.ForeignKeyConstraint(['win_id'], ['win.id'], name=op.f('fk_cheer_win_id_win')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cheer'))
    )
    with op.batch_alter_table('cheer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cheer_win_id'), ['win_id'], unique=False)

    op.create_table('nudgeplan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('days', sa.JSON(), nullable=False),
    sa.Column('at_time', sa.Time(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_nudgeplan_client_id_user')),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_nudgeplan_goal_id_goal')),
    sa.ForeignKeyConstraint(['step_id'], ['step.id'], name=op.f('fk_nudgeplan_step_id_step')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nudgeplan'))
    )
    with op.batch_alter_table('nudgeplan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nudgeplan_client_id'), ['client_id'], unique=False)

    op.create_table('stepresourcelink',
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_stepresourcelink_resource_id_resource')),
    sa.ForeignKeyConstraint(['step_id'], ['step.id'], name=op.f('fk_stepresourcelink_step_id_step')),
    sa.PrimaryKeyConstraint('step_id', 'resource_id', name=op.f('pk_stepresourcelink'))
    )
    op.create_table('nudgedelivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=80), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['nudgeplan.id'], name=op.f('fk_nudgedelivery_plan_id_nudgeplan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nudgedelivery')),
    sa.UniqueConstraint('plan_id', 'due_at', name=op.f('uq_nudgedelivery_plan_id'))
    )
    with op.batch_alter_table('nudgedelivery', schema=None) as batch_op:
        batch_op.create_index('ix_nudgedelivery_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('nudgedelivery', schema=None) as batch_op:
        batch_op.drop_index('ix_nudgedelivery_status_next_attempt_at')

    op.drop_table('nudgedelivery')
    op.drop_table('stepresourcelink')
    with op.batch_alter_table('nudgeplan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nudgeplan_client_id'))

    op.drop_table('nudgeplan')
    with op.batch_alter_table('cheer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cheer_win_id'))

    op.drop_table('cheer')
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_step_id'))
        batch_op.drop_index(batch_op.f('ix_checkin_goal_id'))
        batch_op.drop_index('ix_checkin_client_at')

    op.drop_table('checkin')
    with op.batch_alter_table('win', schema=None) as batch_op:
        batch_op.drop_index('ix_win_client_on')

    op.drop_table('win')
    with op.batch_alter_table('step', schema=None) as batch_op:
        batch_op.drop_index('ix_step_goal_position')

    op.drop_table('step')
    op.drop_table('priority')
    op.drop_table('goalstrengthlink')
    op.drop_table('goalresourcelink')
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.drop_index('ix_suggestion_client_status')

    op.drop_table('suggestion')
    with op.batch_alter_table('strengthentry', schema=None) as batch_op:
        batch_op.drop_index('ix_strengthentry_client_domain')

    op.drop_table('strengthentry')
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_user_id'))

    op.drop_table('session')
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_client_id'))
        batch_op.drop_index(batch_op.f('ix_resource_agency_id'))

    op.drop_table('resource')
    op.drop_table('quiethours')
    with op.batch_alter_table('pushsubscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pushsubscription_user_id'))

    op.drop_table('pushsubscription')
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invite_agency_id'))

    op.drop_table('invite')
    with op.batch_alter_table('grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_grantee_id'))
        batch_op.drop_index(batch_op.f('ix_grant_client_id'))

    op.drop_table('grant')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_index('ix_goal_client_status_position')

    op.drop_table('goal')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_client_on')

    op.drop_table('contact')
    with op.batch_alter_table('caseassignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caseassignment_client_id'))
        batch_op.drop_index('ix_caseassignment_case_manager_until')

    op.drop_table('caseassignment')
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index('ix_auditevent_board_at')
        batch_op.drop_index('ix_auditevent_agency_at')

    op.drop_table('auditevent')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index('ix_user_agency_role')

    op.drop_table('user')
    with op.batch_alter_table('lifedomain', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lifedomain_agency_id'))

    op.drop_table('lifedomain')
    op.drop_table('agency')

