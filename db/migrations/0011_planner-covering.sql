-- Reminder planning reads only indexes (issue 13): the due part and the month part are index-only
-- scans. INCLUDE columns are what the planner's rows carry, so no heap page is read for them.
DROP INDEX IF EXISTS "deliveries_unsummarized_due";--> statement-breakpoint
CREATE INDEX "deliveries_unsummarized_due" ON "deliveries" USING btree ("due_date","activity_id") INCLUDE ("id","end_date") WHERE "deliveries"."summary" is null;--> statement-breakpoint
DROP INDEX IF EXISTS "activities_open_approved";--> statement-breakpoint
CREATE INDEX "activities_open_approved" ON "activities" USING btree ("id") INCLUDE ("primary_staff_id","state_code","date_opened","focus") WHERE "activities"."completion_status" = 'open' and "activities"."activity_status" = 'approved';--> statement-breakpoint
-- R4: the activities with a summary of TA delivered in a month, read by date range.
CREATE INDEX IF NOT EXISTS "deliveries_summarized_end" ON "deliveries" USING btree ("end_date","activity_id") WHERE "deliveries"."summary" is not null;
