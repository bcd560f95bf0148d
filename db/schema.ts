// Drizzle schema for TAT Bot. Field names follow the TAT Quick Guide; rule ids (R…) point to
// ../shared/spec/tat-rules.md. CHECK constraints back the rules the database can hold on its own.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// ---------- reference data (seeded from db/reference/*.json, editable by admins) ----------

export const states = pgTable(
  'states',
  {
    code: text('code').primaryKey(), // USPS code: CA, GU, …
    name: text('name').notNull(),
    region: smallint('region').notNull(), // ACF region I–X as 1–10
    kind: text('kind', { enum: ['state', 'district', 'territory'] }).notNull(),
  },
  (t) => [check('states_region_range', sql`${t.region} between 1 and 10`)],
);

export const centers = pgTable('centers', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
});

export const goalCategories = pgTable('goal_categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sortOrder: smallint('sort_order').notNull(),
});

export const strategicAreaOptions = pgTable(
  'strategic_area_options',
  {
    id: serial('id').primaryKey(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => goalCategories.code),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('strategic_area_options_unique').on(t.categoryCode, t.name)],
);

export const focusOptions = pgTable(
  'focus_options',
  {
    id: serial('id').primaryKey(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => goalCategories.code),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('focus_options_unique').on(t.categoryCode, t.name)],
);

export const deliveryMethods = pgTable('delivery_methods', {
  code: text('code').primaryKey(),
  label: text('label').notNull(),
  sortOrder: smallint('sort_order').notNull(),
});

export const otherCollaboratorOptions = pgTable('other_collaborator_options', {
  code: text('code').primaryKey(),
  label: text('label').notNull(),
});

/** One row: the hash of the db/reference/*.json files last loaded, so a start skips an unchanged sync. */
export const referenceDataLoads = pgTable(
  'reference_data_loads',
  {
    id: smallint('id').primaryKey().default(1),
    contentHash: text('content_hash').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('reference_data_loads_single_row', sql`${t.id} = 1`)],
);

// ---------- people ----------

export const STAFF_ROLES = ['provider', 'specialist', 'admin'] as const;

export const staff = pgTable(
  'staff',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    title: text('title').notNull(),
    email: text('email').notNull(),
    centerId: integer('center_id')
      .notNull()
      .references(() => centers.id),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    slackUserId: text('slack_user_id'),
    teamsUserId: text('teams_user_id'),
    timeZone: text('time_zone').notNull().default('America/New_York'),
    // Working hours as minutes after local midnight: nudges are only sent inside them.
    workStartMinute: smallint('work_start_minute').notNull().default(540),
    workEndMinute: smallint('work_end_minute').notNull().default(1020),
    reminderMode: text('reminder_mode', { enum: ['separate', 'digest', 'off'] })
      .notNull()
      .default('separate'),
    reminderDailyCap: smallint('reminder_daily_cap').notNull().default(10),
    preferredChannel: text('preferred_channel', { enum: ['slack', 'teams', 'console'] }),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('staff_email_lower').on(sql`lower(${t.email})`),
    uniqueIndex('staff_slack_user').on(t.slackUserId),
    uniqueIndex('staff_teams_user').on(t.teamsUserId),
    check(
      'staff_work_hours',
      sql`${t.workStartMinute} >= 0 and ${t.workEndMinute} <= 1440 and ${t.workStartMinute} < ${t.workEndMinute}`,
    ),
  ],
);

export const staffStates = pgTable(
  'staff_states',
  {
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    stateCode: text('state_code')
      .notNull()
      .references(() => states.code),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.stateCode] }), index('staff_states_state').on(t.stateCode)],
);

// R7/R8: requesters are unique by e-mail (case-insensitive) and need approval by the CCDF
// Administrator or the RPM before they can be attached to an activity.
export const requesters = pgTable(
  'requesters',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    title: text('title').notNull(),
    stateCode: text('state_code').references(() => states.code),
    region: smallint('region'),
    isCcdfAdministrator: boolean('is_ccdf_administrator').notNull().default(false),
    isCcdfStaff: boolean('is_ccdf_staff').notNull().default(false),
    // R7/R8: the Regional Program Manager of `region` (a regional contact, usually without a State).
    isRpm: boolean('is_rpm').notNull().default(false),
    approvalStatus: text('approval_status', { enum: ['pending', 'approved'] })
      .notNull()
      .default('pending'),
    approvedBy: text('approved_by'),
    // 'directory': put on record by a TAT administrator's contacts import (R26), not by a person.
    approvedByRole: text('approved_by_role', { enum: ['ccdf_administrator', 'rpm', 'directory'] }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    // R7: the recorded contact (CCDF Administrator or RPM) who approved; null for older free-text rows.
    approvedByRequesterId: integer('approved_by_requester_id').references((): AnyPgColumn => requesters.id),
    proposedByStaffId: integer('proposed_by_staff_id').references(() => staff.id),
    slackUserId: text('slack_user_id'),
    /** Microsoft Entra object id, once they wrote to the bot in Teams or installed it (R17 feedback). */
    teamsUserId: text('teams_user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('requesters_email_lower').on(sql`lower(${t.email})`),
    uniqueIndex('requesters_teams_user').on(t.teamsUserId),
    index('requesters_state').on(t.stateCode),
    check('requesters_state_or_region', sql`${t.stateCode} is not null or ${t.region} is not null`),
    check(
      'requesters_approval_recorded',
      sql`${t.approvalStatus} = 'pending' or (${t.approvedBy} is not null and ${t.approvedByRole} is not null and ${t.approvedAt} is not null)`,
    ),
  ],
);

// ---------- goals (R21) ----------

export const READINESS = ['least', 'somewhat', 'most'] as const;

export const goals = pgTable(
  'goals',
  {
    id: serial('id').primaryKey(),
    stateCode: text('state_code')
      .notNull()
      .references(() => states.code),
    categoryCode: text('category_code')
      .notNull()
      .references(() => goalCategories.code),
    relatedCategoryCode: text('related_category_code').references(() => goalCategories.code),
    title: text('title').notNull(),
    readiness: text('readiness', { enum: READINESS }).notNull(),
    startDate: date('start_date').notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedByStaffId: integer('closed_by_staff_id').references(() => staff.id),
    createdByStaffId: integer('created_by_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('goals_state').on(t.stateCode, t.categoryCode),
    // The goals import's natural key (State + title); not unique: a State may repeat a title by hand.
    index('goals_state_title_lower').on(t.stateCode, sql`lower(${t.title})`),
    check(
      'goals_related_differs',
      sql`${t.relatedCategoryCode} is null or ${t.relatedCategoryCode} <> ${t.categoryCode}`,
    ),
    check('goals_closed_has_time', sql`${t.status} = 'open' or ${t.closedAt} is not null`),
  ],
);

export const goalStrategicAreas = pgTable(
  'goal_strategic_areas',
  {
    id: serial('id').primaryKey(),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('goal_strategic_areas_unique').on(t.goalId, t.name)],
);

export const goalNotes = pgTable(
  'goal_notes',
  {
    id: serial('id').primaryKey(),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['update', 'completion'] }).notNull(),
    noteDate: date('note_date').notNull(),
    text: text('text').notNull(),
    authorStaffId: integer('author_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('goal_notes_goal').on(t.goalId)],
);

// ---------- TA activities ----------

export const PRIORITIES = ['low', 'medium', 'high'] as const;
export const ACTIVITY_TYPES = ['universal', 'targeted', 'tailored'] as const;
export const ACTIVITY_STATUSES = ['planning_in_progress', 'approved', 'on_hold', 'denied'] as const;
export const COMPLETION_STATUSES = ['open', 'closed', 'cancelled'] as const;
export const PLAN_STAGES = ['initial', 'intermediate', 'final', 'archived_final'] as const;

export const activities = pgTable(
  'activities',
  {
    id: serial('id').primaryKey(), // the TA request #
    stateCode: text('state_code')
      .notNull()
      .references(() => states.code),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id),
    strategicAreaId: integer('strategic_area_id')
      .notNull()
      .references(() => goalStrategicAreas.id),
    focus: text('focus').notNull(),
    otherFocusNotes: text('other_focus_notes'),
    dateOpened: date('date_opened').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
    enteredLate: boolean('entered_late').notNull().default(false), // R2
    priority: text('priority', { enum: PRIORITIES }).notNull(),
    primaryCenterId: integer('primary_center_id')
      .notNull()
      .references(() => centers.id),
    primaryStaffId: integer('primary_staff_id')
      .notNull()
      .references(() => staff.id),
    otherCollaboratorDetails: text('other_collaborator_details'),
    activityType: text('activity_type', { enum: ACTIVITY_TYPES }).notNull(),
    activityStatus: text('activity_status', { enum: ACTIVITY_STATUSES })
      .notNull()
      .default('planning_in_progress'),
    outcomePlan: text('outcome_plan').notNull(),
    completionStatus: text('completion_status', { enum: COMPLETION_STATUSES }).notNull().default('open'),
    completionDate: date('completion_date'),
    outcomeReport: text('outcome_report'),
    feedbackRequestedAt: timestamp('feedback_requested_at', { withTimezone: true }),
    // R8: set when no requester is the CCDF Administrator or their staff.
    indirectRequest: boolean('indirect_request').notNull().default(false),
    indirectApprovedBy: text('indirect_approved_by'),
    indirectApprovedAt: timestamp('indirect_approved_at', { withTimezone: true }),
    // R8: the recorded contact who approved the indirect request.
    indirectApprovedByRequesterId: integer('indirect_approved_by_requester_id').references(
      () => requesters.id,
    ),
    createdByStaffId: integer('created_by_staff_id').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('activities_state').on(t.stateCode, t.id),
    index('activities_goal').on(t.goalId, t.strategicAreaId),
    index('activities_primary_open').on(t.primaryStaffId).where(sql`${t.completionStatus} = 'open'`),
    // Migration 0011 adds INCLUDE (primary_staff_id, state_code, date_opened, focus): the reminder
    // planner reads it index-only (drizzle's index builder has no INCLUDE).
    index('activities_open_approved')
      .on(t.id)
      .where(sql`${t.completionStatus} = 'open' and ${t.activityStatus} = 'approved'`),
    check(
      'activities_other_focus', // R5
      sql`(${t.focus} = 'Other') = (${t.otherFocusNotes} is not null and length(trim(${t.otherFocusNotes})) > 0)`,
    ),
    check('activities_outcome_plan', sql`length(trim(${t.outcomePlan})) > 0`), // R10
    check(
      'activities_closed_complete', // R20
      sql`${t.completionStatus} <> 'closed' or (${t.completionDate} is not null and ${t.outcomeReport} is not null and ${t.completionDate} >= ${t.dateOpened})`,
    ),
    check(
      'activities_completion_date',
      sql`${t.completionStatus} = 'open' or ${t.completionDate} is not null`,
    ),
  ],
);

export const activityRequesters = pgTable(
  'activity_requesters',
  {
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    requesterId: integer('requester_id')
      .notNull()
      .references(() => requesters.id),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.requesterId] }),
    index('activity_requesters_r').on(t.requesterId),
  ],
);

export const activityCollaboratingCenters = pgTable(
  'activity_collaborating_centers',
  {
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    centerId: integer('center_id')
      .notNull()
      .references(() => centers.id),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.centerId] }),
    index('activity_collab_centers_c').on(t.centerId),
  ],
);

export const activityCollaboratingStaff = pgTable(
  'activity_collaborating_staff',
  {
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.staffId] }), index('activity_collab_staff_s').on(t.staffId)],
);

export const activityOtherCollaborators = pgTable(
  'activity_other_collaborators',
  {
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    collaboratorCode: text('collaborator_code')
      .notNull()
      .references(() => otherCollaboratorOptions.code),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.collaboratorCode] })],
);

// R11: typed, dated plan description notes. Only one current final plan per activity.
export const planDescriptions = pgTable(
  'plan_descriptions',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: PLAN_STAGES }).notNull(),
    noteDate: date('note_date').notNull(),
    text: text('text').notNull(),
    authorStaffId: integer('author_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('plan_descriptions_activity').on(t.activityId, t.id),
    uniqueIndex('plan_descriptions_one_final').on(t.activityId).where(sql`${t.stage} = 'final'`),
  ],
);

// A delivery of TA: one day or a range; the summary is due by R1 from the last day.
export const deliveries = pgTable(
  'deliveries',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    methods: text('methods').array().notNull(),
    dueDate: date('due_date').notNull(),
    summary: text('summary'),
    summaryDate: date('summary_date'),
    summaryEnteredAt: timestamp('summary_entered_at', { withTimezone: true }),
    summaryWarnings: jsonb('summary_warnings').$type<string[]>(),
    // R14: who wrote the summary (it may come after the delivery, by someone else).
    summaryAuthorStaffId: integer('summary_author_staff_id').references(() => staff.id),
    createdByStaffId: integer('created_by_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('deliveries_activity').on(t.activityId, t.endDate),
    // The reminder planner: unsummarized deliveries by due date (migration 0011 adds INCLUDE (id,
    // end_date), so the due part is index-only).
    index('deliveries_unsummarized_due').on(t.dueDate, t.activityId).where(sql`${t.summary} is null`),
    // R3 review counts (migration 0013 adds INCLUDE (activity_id, due_date, end_date) here, and
    // activities_id_state: activities (id) INCLUDE (state_code)).
    index('deliveries_summary_entered').on(t.summaryEnteredAt),
    index('deliveries_unsummarized_activity').on(t.activityId).where(sql`${t.summary} is null`),
    index('deliveries_warned_entered')
      .on(t.summaryEnteredAt)
      .where(
        sql`jsonb_typeof(${t.summaryWarnings}) = 'array' and jsonb_array_length(${t.summaryWarnings}) > 0`,
      ),
    // Missing monthly notes (R4): the month's deliveries, read by date range.
    index('deliveries_end_date').on(t.endDate),
    check('deliveries_range', sql`${t.endDate} >= ${t.startDate}`),
    check('deliveries_methods', sql`cardinality(${t.methods}) > 0`),
    check(
      'deliveries_summary_dated',
      sql`(${t.summary} is null) = (${t.summaryDate} is null) and (${t.summary} is null) = (${t.summaryEnteredAt} is null)`,
    ),
  ],
);

// R4 planning: the months in which an activity has a summary of TA delivered (a delivery ending in
// the month, summarized). Kept by triggers on deliveries (migration 0012), never written by the
// services; month-end planning anti-joins it instead of hashing the month's deliveries.
export const activitySummaryMonths = pgTable(
  'activity_summary_months',
  {
    month: date('month').notNull(), // first day of the month
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'activity_summary_months_pk', columns: [t.month, t.activityId] }),
    index('activity_summary_months_activity').on(t.activityId),
    check('activity_summary_months_first_day', sql`extract(day from ${t.month}) = 1`),
  ],
);

// R4: "no TA this month" — ends the month's nudges for the activity.
export const noTaMonths = pgTable(
  'no_ta_months',
  {
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    month: date('month').notNull(), // first day of the month
    markedByStaffId: integer('marked_by_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.month] }),
    check('no_ta_months_first_day', sql`extract(day from ${t.month}) = 1`),
  ],
);

// R17
export const feedback = pgTable(
  'feedback',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    requesterId: integer('requester_id').references(() => requesters.id),
    fromName: text('from_name').notNull(),
    fromTitle: text('from_title').notNull(),
    noteDate: date('note_date').notNull(),
    text: text('text').notNull(),
    enteredByStaffId: integer('entered_by_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('feedback_activity').on(t.activityId), index('feedback_created').on(t.createdAt)],
);

// R18
export const responseNotes = pgTable(
  'response_notes',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    noteDate: date('note_date').notNull(),
    text: text('text').notNull(),
    authorStaffId: integer('author_staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('response_notes_activity').on(t.activityId), index('response_notes_date').on(t.noteDate)],
);

// R25: every change, who/when/what/channel.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorStaffId: integer('actor_staff_id').references(() => staff.id),
    actorRequesterId: integer('actor_requester_id').references(() => requesters.id),
    channel: text('channel').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('audit_log_entity').on(t.entity, t.entityId), index('audit_log_at').on(t.at)],
);

// ---------- conversation + delivery plumbing ----------

// Dialog state, one per (channel, workspace, conversation, user); `version` gives optimistic concurrency.
export const dialogStates = pgTable(
  'dialog_states',
  {
    channel: text('channel').notNull(),
    workspace: text('workspace').notNull(),
    conversation: text('conversation').notNull(),
    userKey: text('user_key').notNull(),
    dialog: text('dialog').notNull(),
    step: text('step').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.workspace, t.conversation, t.userKey] })],
);

// Exactly-once nudges: claim (recipient, subject, kind, slot) before sending.
export const reminderLedger = pgTable(
  'reminder_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipientStaffId: integer('recipient_staff_id')
      .notNull()
      .references(() => staff.id),
    subject: text('subject').notNull(),
    kind: text('kind').notNull(),
    slot: text('slot').notNull(),
    status: text('status', { enum: ['claimed', 'sent', 'failed'] })
      .notNull()
      .default('claimed'),
    attempts: smallint('attempts').notNull().default(0),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    payload: jsonb('payload').$type<Record<string, unknown>>(),
  },
  (t) => [
    uniqueIndex('reminder_ledger_key').on(t.recipientStaffId, t.subject, t.kind, t.slot),
    index('reminder_ledger_pending').on(t.nextAttemptAt).where(sql`${t.status} <> 'sent'`),
    index('reminder_ledger_recipient_day').on(t.recipientStaffId, t.claimedAt),
  ],
);

export const reminderSnoozes = pgTable(
  'reminder_snoozes',
  {
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    until: date('until').notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.activityId] })],
);

// Inbound platform events already handled (Slack retries, repeated event ids, Teams activity ids).
export const processedEvents = pgTable('processed_events', {
  key: text('key').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

// Where the Teams bot can reach a staff member proactively (nudges): the conversation reference
// Teams gave us the last time they talked to the bot in personal chat.
export const teamsConversations = pgTable('teams_conversations', {
  staffId: integer('staff_id')
    .primaryKey()
    .references(() => staff.id, { onDelete: 'cascade' }),
  tenantId: text('tenant_id'),
  conversationId: text('conversation_id').notNull(),
  serviceUrl: text('service_url').notNull(),
  reference: jsonb('reference').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// Where the Teams bot can reach a requester proactively (R17 feedback requests): their personal chat
// with the bot, from when they wrote to it or installed it (or one the bot opened with them).
export const teamsRequesterConversations = pgTable('teams_requester_conversations', {
  requesterId: integer('requester_id')
    .primaryKey()
    .references(() => requesters.id, { onDelete: 'cascade' }),
  tenantId: text('tenant_id'),
  conversationId: text('conversation_id').notNull(),
  serviceUrl: text('service_url').notNull(),
  reference: jsonb('reference').$type<Record<string, unknown>>().notNull(),
  /** The team whose install let the bot open this chat (forgotten with that install); null otherwise. */
  viaTeamId: text('via_team_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// Teams (teams, not chats) the app is installed in: the team's conversation reference lets the bot
// look a requester up in its roster by UPN and open a 1:1 chat with them (R17 feedback requests).
export const teamsTeamInstalls = pgTable('teams_team_installs', {
  teamId: text('team_id').primaryKey(),
  tenantId: text('tenant_id'),
  serviceUrl: text('service_url').notNull(),
  reference: jsonb('reference').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
