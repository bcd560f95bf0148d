-- R4 month-end planning reads which activities have a summary of TA delivered in a month from this
-- marker, one row per (month, activity) with at least one summarized delivery ending in that month,
-- instead of hashing every summarized delivery of the month (issue 13). A trigger on deliveries keeps
-- it, whichever code writes a delivery: inserts add markers once per statement (bulk loads stay
-- fast); an update or delete that takes a summary away rechecks the old month. The services only
-- ever add summaries; a summary removed by hand while another is added to the same month in a
-- concurrent transaction could leave the marker out (no service does either).
-- Writers wait while the markers are built (the migrations run in one transaction), so no delivery
-- written by a process still on the old code is missed between the backfill and the triggers.
LOCK TABLE "deliveries" IN SHARE ROW EXCLUSIVE MODE;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "activity_summary_months" (
	"month" date NOT NULL,
	"activity_id" integer NOT NULL,
	CONSTRAINT "activity_summary_months_first_day" CHECK (extract(day from "month") = 1)
);--> statement-breakpoint
-- Keys and the foreign key after the backfill: one pass each instead of a check per row (a program
-- with 10M deliveries has ~7M markers).
INSERT INTO "activity_summary_months" ("month", "activity_id")
	SELECT DISTINCT date_trunc('month', d.end_date)::date, d.activity_id FROM "deliveries" d WHERE d.summary IS NOT NULL;--> statement-breakpoint
ALTER TABLE "activity_summary_months" ADD CONSTRAINT "activity_summary_months_pk" PRIMARY KEY ("month", "activity_id");--> statement-breakpoint
ALTER TABLE "activity_summary_months" ADD CONSTRAINT "activity_summary_months_activity_id_activities_id_fk"
	FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE CASCADE;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "activity_summary_months_activity" ON "activity_summary_months" ("activity_id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION "activity_summary_months_recheck"(aid integer, day date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	m date := date_trunc('month', day)::date;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.activity_id = aid AND d.summary IS NOT NULL
			AND d.end_date >= m AND d.end_date < (m + interval '1 month')::date) THEN
		DELETE FROM activity_summary_months WHERE "month" = m AND activity_id = aid;
	END IF;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "deliveries_summary_months_inserted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO activity_summary_months ("month", activity_id)
		SELECT DISTINCT date_trunc('month', n.end_date)::date, n.activity_id FROM inserted n WHERE n.summary IS NOT NULL
		ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "deliveries_summary_months_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.summary IS NOT NULL THEN
		INSERT INTO activity_summary_months ("month", activity_id)
			VALUES (date_trunc('month', NEW.end_date)::date, NEW.activity_id) ON CONFLICT DO NOTHING;
	END IF;
	IF OLD.summary IS NOT NULL AND (TG_OP = 'DELETE' OR NEW.summary IS NULL OR NEW.activity_id <> OLD.activity_id
			OR date_trunc('month', NEW.end_date) <> date_trunc('month', OLD.end_date)) THEN
		PERFORM activity_summary_months_recheck(OLD.activity_id, OLD.end_date);
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "deliveries_summary_months_inserted" ON "deliveries";--> statement-breakpoint
CREATE TRIGGER "deliveries_summary_months_inserted" AFTER INSERT ON "deliveries"
	REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "deliveries_summary_months_inserted"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "deliveries_summary_months_changed" ON "deliveries";--> statement-breakpoint
CREATE TRIGGER "deliveries_summary_months_changed" AFTER DELETE OR UPDATE OF "activity_id", "end_date", "summary"
	ON "deliveries" FOR EACH ROW EXECUTE FUNCTION "deliveries_summary_months_changed"();--> statement-breakpoint
-- The month's summarized deliveries are no longer read by date range (the marker replaces them).
DROP INDEX IF EXISTS "deliveries_summarized_end";
