ALTER TABLE "requesters" ADD COLUMN IF NOT EXISTS "is_rpm" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "requesters" ADD COLUMN IF NOT EXISTS "approved_by_requester_id" integer;
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN IF NOT EXISTS "indirect_approved_by_requester_id" integer;
--> statement-breakpoint
ALTER TABLE "requesters" ADD CONSTRAINT "requesters_approved_by_requester_id_requesters_id_fk" FOREIGN KEY ("approved_by_requester_id") REFERENCES "public"."requesters"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_indirect_approved_by_requester_id_requesters_id_fk" FOREIGN KEY ("indirect_approved_by_requester_id") REFERENCES "public"."requesters"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "goals_state_title_lower" ON "goals" USING btree ("state_code",lower("title"));
