CREATE TABLE "activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"state_code" text NOT NULL,
	"goal_id" integer NOT NULL,
	"strategic_area_id" integer NOT NULL,
	"focus" text NOT NULL,
	"other_focus_notes" text,
	"date_opened" date NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"entered_late" boolean DEFAULT false NOT NULL,
	"priority" text NOT NULL,
	"primary_center_id" integer NOT NULL,
	"primary_staff_id" integer NOT NULL,
	"other_collaborator_details" text,
	"activity_type" text NOT NULL,
	"activity_status" text DEFAULT 'planning_in_progress' NOT NULL,
	"outcome_plan" text NOT NULL,
	"completion_status" text DEFAULT 'open' NOT NULL,
	"completion_date" date,
	"outcome_report" text,
	"feedback_requested_at" timestamp with time zone,
	"indirect_request" boolean DEFAULT false NOT NULL,
	"indirect_approved_by" text,
	"indirect_approved_at" timestamp with time zone,
	"created_by_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_other_focus" CHECK (("activities"."focus" = 'Other') = ("activities"."other_focus_notes" is not null and length(trim("activities"."other_focus_notes")) > 0)),
	CONSTRAINT "activities_outcome_plan" CHECK (length(trim("activities"."outcome_plan")) > 0),
	CONSTRAINT "activities_closed_complete" CHECK ("activities"."completion_status" <> 'closed' or ("activities"."completion_date" is not null and "activities"."outcome_report" is not null and "activities"."completion_date" >= "activities"."date_opened")),
	CONSTRAINT "activities_completion_date" CHECK ("activities"."completion_status" = 'open' or "activities"."completion_date" is not null)
);
--> statement-breakpoint
CREATE TABLE "activity_collaborating_centers" (
	"activity_id" integer NOT NULL,
	"center_id" integer NOT NULL,
	CONSTRAINT "activity_collaborating_centers_activity_id_center_id_pk" PRIMARY KEY("activity_id","center_id")
);
--> statement-breakpoint
CREATE TABLE "activity_collaborating_staff" (
	"activity_id" integer NOT NULL,
	"staff_id" integer NOT NULL,
	CONSTRAINT "activity_collaborating_staff_activity_id_staff_id_pk" PRIMARY KEY("activity_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "activity_other_collaborators" (
	"activity_id" integer NOT NULL,
	"collaborator_code" text NOT NULL,
	CONSTRAINT "activity_other_collaborators_activity_id_collaborator_code_pk" PRIMARY KEY("activity_id","collaborator_code")
);
--> statement-breakpoint
CREATE TABLE "activity_requesters" (
	"activity_id" integer NOT NULL,
	"requester_id" integer NOT NULL,
	CONSTRAINT "activity_requesters_activity_id_requester_id_pk" PRIMARY KEY("activity_id","requester_id")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_staff_id" integer,
	"actor_requester_id" integer,
	"channel" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "centers" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "centers_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"methods" text[] NOT NULL,
	"due_date" date NOT NULL,
	"summary" text,
	"summary_date" date,
	"summary_entered_at" timestamp with time zone,
	"summary_warnings" jsonb,
	"created_by_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_range" CHECK ("deliveries"."end_date" >= "deliveries"."start_date"),
	CONSTRAINT "deliveries_methods" CHECK (cardinality("deliveries"."methods") > 0),
	CONSTRAINT "deliveries_summary_dated" CHECK (("deliveries"."summary" is null) = ("deliveries"."summary_date" is null) and ("deliveries"."summary" is null) = ("deliveries"."summary_entered_at" is null))
);
--> statement-breakpoint
CREATE TABLE "delivery_methods" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"sort_order" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dialog_states" (
	"channel" text NOT NULL,
	"workspace" text NOT NULL,
	"conversation" text NOT NULL,
	"user_key" text NOT NULL,
	"dialog" text NOT NULL,
	"step" text NOT NULL,
	"data" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dialog_states_channel_workspace_conversation_user_key_pk" PRIMARY KEY("channel","workspace","conversation","user_key")
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"requester_id" integer,
	"from_name" text NOT NULL,
	"from_title" text NOT NULL,
	"note_date" date NOT NULL,
	"text" text NOT NULL,
	"entered_by_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "focus_options" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_code" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"goal_id" integer NOT NULL,
	"kind" text NOT NULL,
	"note_date" date NOT NULL,
	"text" text NOT NULL,
	"author_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_strategic_areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"goal_id" integer NOT NULL,
	"name" text NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" serial PRIMARY KEY NOT NULL,
	"state_code" text NOT NULL,
	"category_code" text NOT NULL,
	"related_category_code" text,
	"title" text NOT NULL,
	"readiness" text NOT NULL,
	"start_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_staff_id" integer,
	"created_by_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goals_related_differs" CHECK ("goals"."related_category_code" is null or "goals"."related_category_code" <> "goals"."category_code"),
	CONSTRAINT "goals_closed_has_time" CHECK ("goals"."status" = 'open' or "goals"."closed_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "no_ta_months" (
	"activity_id" integer NOT NULL,
	"month" date NOT NULL,
	"marked_by_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "no_ta_months_activity_id_month_pk" PRIMARY KEY("activity_id","month"),
	CONSTRAINT "no_ta_months_first_day" CHECK (extract(day from "no_ta_months"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "other_collaborator_options" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_descriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"stage" text NOT NULL,
	"note_date" date NOT NULL,
	"text" text NOT NULL,
	"author_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"key" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recipient_staff_id" integer NOT NULL,
	"subject" text NOT NULL,
	"kind" text NOT NULL,
	"slot" text NOT NULL,
	"status" text DEFAULT 'claimed' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"payload" jsonb
);
--> statement-breakpoint
CREATE TABLE "reminder_snoozes" (
	"staff_id" integer NOT NULL,
	"activity_id" integer NOT NULL,
	"until" date NOT NULL,
	CONSTRAINT "reminder_snoozes_staff_id_activity_id_pk" PRIMARY KEY("staff_id","activity_id")
);
--> statement-breakpoint
CREATE TABLE "requesters" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"title" text NOT NULL,
	"state_code" text,
	"region" smallint,
	"is_ccdf_administrator" boolean DEFAULT false NOT NULL,
	"is_ccdf_staff" boolean DEFAULT false NOT NULL,
	"approval_status" text DEFAULT 'pending' NOT NULL,
	"approved_by" text,
	"approved_by_role" text,
	"approved_at" timestamp with time zone,
	"proposed_by_staff_id" integer,
	"slack_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requesters_state_or_region" CHECK ("requesters"."state_code" is not null or "requesters"."region" is not null),
	CONSTRAINT "requesters_approval_recorded" CHECK ("requesters"."approval_status" = 'pending' or ("requesters"."approved_by" is not null and "requesters"."approved_by_role" is not null and "requesters"."approved_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "response_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"note_date" date NOT NULL,
	"text" text NOT NULL,
	"author_staff_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"email" text NOT NULL,
	"center_id" integer NOT NULL,
	"role" text NOT NULL,
	"slack_user_id" text,
	"teams_user_id" text,
	"time_zone" text DEFAULT 'America/New_York' NOT NULL,
	"work_start_minute" smallint DEFAULT 540 NOT NULL,
	"work_end_minute" smallint DEFAULT 1020 NOT NULL,
	"reminder_mode" text DEFAULT 'separate' NOT NULL,
	"reminder_daily_cap" smallint DEFAULT 10 NOT NULL,
	"preferred_channel" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_work_hours" CHECK ("staff"."work_start_minute" >= 0 and "staff"."work_end_minute" <= 1440 and "staff"."work_start_minute" < "staff"."work_end_minute")
);
--> statement-breakpoint
CREATE TABLE "staff_states" (
	"staff_id" integer NOT NULL,
	"state_code" text NOT NULL,
	CONSTRAINT "staff_states_staff_id_state_code_pk" PRIMARY KEY("staff_id","state_code")
);
--> statement-breakpoint
CREATE TABLE "states" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region" smallint NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "states_region_range" CHECK ("states"."region" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "strategic_area_options" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_code" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_state_code_states_code_fk" FOREIGN KEY ("state_code") REFERENCES "public"."states"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_strategic_area_id_goal_strategic_areas_id_fk" FOREIGN KEY ("strategic_area_id") REFERENCES "public"."goal_strategic_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_primary_center_id_centers_id_fk" FOREIGN KEY ("primary_center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_primary_staff_id_staff_id_fk" FOREIGN KEY ("primary_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_staff_id_staff_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_collaborating_centers" ADD CONSTRAINT "activity_collaborating_centers_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_collaborating_centers" ADD CONSTRAINT "activity_collaborating_centers_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_collaborating_staff" ADD CONSTRAINT "activity_collaborating_staff_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_collaborating_staff" ADD CONSTRAINT "activity_collaborating_staff_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_other_collaborators" ADD CONSTRAINT "activity_other_collaborators_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_other_collaborators" ADD CONSTRAINT "activity_other_collaborators_collaborator_code_other_collaborator_options_code_fk" FOREIGN KEY ("collaborator_code") REFERENCES "public"."other_collaborator_options"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_requesters" ADD CONSTRAINT "activity_requesters_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_requesters" ADD CONSTRAINT "activity_requesters_requester_id_requesters_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."requesters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_staff_id_staff_id_fk" FOREIGN KEY ("actor_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_requester_id_requesters_id_fk" FOREIGN KEY ("actor_requester_id") REFERENCES "public"."requesters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_created_by_staff_id_staff_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_requester_id_requesters_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."requesters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_entered_by_staff_id_staff_id_fk" FOREIGN KEY ("entered_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_options" ADD CONSTRAINT "focus_options_category_code_goal_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."goal_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_notes" ADD CONSTRAINT "goal_notes_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_notes" ADD CONSTRAINT "goal_notes_author_staff_id_staff_id_fk" FOREIGN KEY ("author_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_strategic_areas" ADD CONSTRAINT "goal_strategic_areas_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_state_code_states_code_fk" FOREIGN KEY ("state_code") REFERENCES "public"."states"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_category_code_goal_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."goal_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_related_category_code_goal_categories_code_fk" FOREIGN KEY ("related_category_code") REFERENCES "public"."goal_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_closed_by_staff_id_staff_id_fk" FOREIGN KEY ("closed_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_created_by_staff_id_staff_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "no_ta_months" ADD CONSTRAINT "no_ta_months_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "no_ta_months" ADD CONSTRAINT "no_ta_months_marked_by_staff_id_staff_id_fk" FOREIGN KEY ("marked_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_descriptions" ADD CONSTRAINT "plan_descriptions_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_descriptions" ADD CONSTRAINT "plan_descriptions_author_staff_id_staff_id_fk" FOREIGN KEY ("author_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_ledger" ADD CONSTRAINT "reminder_ledger_recipient_staff_id_staff_id_fk" FOREIGN KEY ("recipient_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_snoozes" ADD CONSTRAINT "reminder_snoozes_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_snoozes" ADD CONSTRAINT "reminder_snoozes_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requesters" ADD CONSTRAINT "requesters_state_code_states_code_fk" FOREIGN KEY ("state_code") REFERENCES "public"."states"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requesters" ADD CONSTRAINT "requesters_proposed_by_staff_id_staff_id_fk" FOREIGN KEY ("proposed_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_notes" ADD CONSTRAINT "response_notes_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_notes" ADD CONSTRAINT "response_notes_author_staff_id_staff_id_fk" FOREIGN KEY ("author_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_states" ADD CONSTRAINT "staff_states_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_states" ADD CONSTRAINT "staff_states_state_code_states_code_fk" FOREIGN KEY ("state_code") REFERENCES "public"."states"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategic_area_options" ADD CONSTRAINT "strategic_area_options_category_code_goal_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."goal_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_state" ON "activities" USING btree ("state_code");--> statement-breakpoint
CREATE INDEX "activities_goal" ON "activities" USING btree ("goal_id","strategic_area_id");--> statement-breakpoint
CREATE INDEX "activities_primary_open" ON "activities" USING btree ("primary_staff_id") WHERE "activities"."completion_status" = 'open';--> statement-breakpoint
CREATE INDEX "activities_open_approved" ON "activities" USING btree ("id") WHERE "activities"."completion_status" = 'open' and "activities"."activity_status" = 'approved';--> statement-breakpoint
CREATE INDEX "activity_collab_centers_c" ON "activity_collaborating_centers" USING btree ("center_id");--> statement-breakpoint
CREATE INDEX "activity_collab_staff_s" ON "activity_collaborating_staff" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "activity_requesters_r" ON "activity_requesters" USING btree ("requester_id");--> statement-breakpoint
CREATE INDEX "audit_log_entity" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "deliveries_activity" ON "deliveries" USING btree ("activity_id","end_date");--> statement-breakpoint
CREATE INDEX "deliveries_unsummarized_due" ON "deliveries" USING btree ("due_date","activity_id") WHERE "deliveries"."summary" is null;--> statement-breakpoint
CREATE INDEX "deliveries_summary_entered" ON "deliveries" USING btree ("summary_entered_at");--> statement-breakpoint
CREATE INDEX "feedback_activity" ON "feedback" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "feedback_created" ON "feedback" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "focus_options_unique" ON "focus_options" USING btree ("category_code","name");--> statement-breakpoint
CREATE INDEX "goal_notes_goal" ON "goal_notes" USING btree ("goal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "goal_strategic_areas_unique" ON "goal_strategic_areas" USING btree ("goal_id","name");--> statement-breakpoint
CREATE INDEX "goals_state" ON "goals" USING btree ("state_code","category_code");--> statement-breakpoint
CREATE INDEX "plan_descriptions_activity" ON "plan_descriptions" USING btree ("activity_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_descriptions_one_final" ON "plan_descriptions" USING btree ("activity_id") WHERE "plan_descriptions"."stage" = 'final';--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_ledger_key" ON "reminder_ledger" USING btree ("recipient_staff_id","subject","kind","slot");--> statement-breakpoint
CREATE INDEX "reminder_ledger_pending" ON "reminder_ledger" USING btree ("next_attempt_at") WHERE "reminder_ledger"."status" <> 'sent';--> statement-breakpoint
CREATE INDEX "reminder_ledger_recipient_day" ON "reminder_ledger" USING btree ("recipient_staff_id","claimed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "requesters_email_lower" ON "requesters" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "requesters_state" ON "requesters" USING btree ("state_code");--> statement-breakpoint
CREATE INDEX "response_notes_activity" ON "response_notes" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "response_notes_date" ON "response_notes" USING btree ("note_date");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_email_lower" ON "staff" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "staff_slack_user" ON "staff" USING btree ("slack_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_teams_user" ON "staff" USING btree ("teams_user_id");--> statement-breakpoint
CREATE INDEX "staff_states_state" ON "staff_states" USING btree ("state_code");--> statement-breakpoint
CREATE UNIQUE INDEX "strategic_area_options_unique" ON "strategic_area_options" USING btree ("category_code","name");