CREATE TABLE IF NOT EXISTS "reference_data_loads" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"content_hash" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reference_data_loads_single_row" CHECK ("reference_data_loads"."id" = 1)
);
