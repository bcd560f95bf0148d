ALTER TABLE "deliveries" ADD COLUMN IF NOT EXISTS "summary_author_staff_id" integer REFERENCES "public"."staff"("id");--> statement-breakpoint
UPDATE "deliveries" SET "summary_author_staff_id" = "created_by_staff_id" WHERE "summary" IS NOT NULL AND "summary_author_staff_id" IS NULL;
