ALTER TABLE "requesters" ADD COLUMN IF NOT EXISTS "teams_user_id" text;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "requesters_teams_user" ON "requesters" USING btree ("teams_user_id");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "teams_requester_conversations" (
	"requester_id" integer PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"conversation_id" text NOT NULL,
	"service_url" text NOT NULL,
	"reference" jsonb NOT NULL,
	"via_team_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "teams_requester_conversations" ADD CONSTRAINT "teams_requester_conversations_requester_id_requesters_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."requesters"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "teams_team_installs" (
	"team_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"service_url" text NOT NULL,
	"reference" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
