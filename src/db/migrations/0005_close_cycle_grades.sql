CREATE TABLE "cycle_retrospectives" (
	"cycle_id" uuid PRIMARY KEY NOT NULL,
	"report" jsonb NOT NULL,
	"closed_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "final_value" double precision;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "grade" double precision;--> statement-breakpoint
ALTER TABLE "objectives" ADD COLUMN "grade" double precision;--> statement-breakpoint
ALTER TABLE "org_settings" ADD COLUMN "auto_close_after_days" smallint DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "cycle_retrospectives" ADD CONSTRAINT "cycle_retrospectives_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_retrospectives" ADD CONSTRAINT "cycle_retrospectives_closed_by_user_id_users_id_fk" FOREIGN KEY ("closed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cycle_retrospectives_closed_by_user_id_idx" ON "cycle_retrospectives" USING btree ("closed_by_user_id");--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_final_finite" CHECK ("key_results"."final_value" IS NULL OR abs("key_results"."final_value") < 'Infinity'::double precision);--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_grade_range" CHECK ("key_results"."grade" IS NULL OR "key_results"."grade" BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_grade_range" CHECK ("objectives"."grade" IS NULL OR "objectives"."grade" BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE "org_settings" ADD CONSTRAINT "org_settings_auto_close_days" CHECK ("org_settings"."auto_close_after_days" BETWEEN 0 AND 90);