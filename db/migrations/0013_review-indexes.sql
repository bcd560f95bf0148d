-- R3 review day (issue 13): each State's count of incomplete records without hashing every activity.
-- Unsummarized deliveries in activity order (a merge join with activities by id), the month's
-- entered summaries with what makes them late (index-only), the summaries with language warnings
-- (few), each activity's State by id (index-only joins from deliveries to their State), and a
-- State's activities in id order (the review rows are each State's first records by activity).
CREATE INDEX IF NOT EXISTS "deliveries_unsummarized_activity" ON "deliveries" USING btree ("activity_id") INCLUDE ("due_date") WHERE "deliveries"."summary" is null;--> statement-breakpoint
DROP INDEX IF EXISTS "deliveries_summary_entered";--> statement-breakpoint
CREATE INDEX "deliveries_summary_entered" ON "deliveries" USING btree ("summary_entered_at") INCLUDE ("activity_id", "due_date", "end_date");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "deliveries_warned_entered" ON "deliveries" USING btree ("summary_entered_at") WHERE jsonb_typeof("deliveries"."summary_warnings") = 'array' and jsonb_array_length("deliveries"."summary_warnings") > 0;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "activities_id_state" ON "activities" USING btree ("id") INCLUDE ("state_code");
--> statement-breakpoint
DROP INDEX IF EXISTS "activities_state";--> statement-breakpoint
CREATE INDEX "activities_state" ON "activities" USING btree ("state_code", "id");
