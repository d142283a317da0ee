CREATE TYPE "public"."check_in_source" AS ENUM('web', 'email', 'api', 'import');--> statement-breakpoint
CREATE TYPE "public"."cycle_status" AS ENUM('DRAFT', 'ACTIVE', 'COMPLETED');--> statement-breakpoint
CREATE TYPE "public"."key_result_kind" AS ENUM('INCREASE', 'DECREASE', 'STAY_ABOVE', 'STAY_BELOW', 'MILESTONE');--> statement-breakpoint
CREATE TYPE "public"."key_result_status" AS ENUM('ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED', 'DROPPED');--> statement-breakpoint
CREATE TYPE "public"."objective_level" AS ENUM('COMPANY', 'TEAM', 'INDIVIDUAL');--> statement-breakpoint
CREATE TYPE "public"."objective_status" AS ENUM('ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'member');--> statement-breakpoint
CREATE TABLE "check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key_result_id" uuid NOT NULL,
	"author_user_id" uuid,
	"previous_value" double precision NOT NULL,
	"new_value" double precision NOT NULL,
	"confidence" smallint,
	"note" text DEFAULT '' NOT NULL,
	"source" "check_in_source" DEFAULT 'web' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "check_ins_values_finite" CHECK (abs(previous_value) < 'Infinity'::double precision AND abs(new_value) < 'Infinity'::double precision),
	CONSTRAINT "check_ins_confidence_range" CHECK ("check_ins"."confidence" IS NULL OR "check_ins"."confidence" BETWEEN 1 AND 10),
	CONSTRAINT "check_ins_note_length" CHECK (length("check_ins"."note") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "cycles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"status" "cycle_status" DEFAULT 'DRAFT' NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycles_end_after_start" CHECK ("cycles"."end_date" > "cycles"."start_date"),
	CONSTRAINT "cycles_name_length" CHECK (length(btrim("cycles"."name")) BETWEEN 1 AND 80),
	CONSTRAINT "cycles_closed_when_completed" CHECK (("cycles"."status" = 'COMPLETED') = ("cycles"."closed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "key_result_checkpoints" (
	"key_result_id" uuid NOT NULL,
	"date" date NOT NULL,
	"planned_value" double precision NOT NULL,
	CONSTRAINT "key_result_checkpoints_key_result_id_date_pk" PRIMARY KEY("key_result_id","date"),
	CONSTRAINT "key_result_checkpoints_value_finite" CHECK (abs(planned_value) < 'Infinity'::double precision)
);
--> statement-breakpoint
CREATE TABLE "key_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"objective_id" uuid NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" "key_result_kind" DEFAULT 'INCREASE' NOT NULL,
	"start_value" double precision DEFAULT 0 NOT NULL,
	"target_value" double precision NOT NULL,
	"current_value" double precision DEFAULT 0 NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	"confidence" smallint DEFAULT 5 NOT NULL,
	"status" "key_result_status" DEFAULT 'ON_TRACK' NOT NULL,
	"progress_raw" double precision DEFAULT 0 NOT NULL,
	"progress" double precision DEFAULT 0 NOT NULL,
	"expected_progress" double precision DEFAULT 0 NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"status_details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status_changed_at" timestamp with time zone,
	"forecast" jsonb,
	"stale" boolean DEFAULT false NOT NULL,
	"last_check_in_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_results_title_length" CHECK (length(btrim("key_results"."title")) BETWEEN 1 AND 200),
	CONSTRAINT "key_results_unit_length" CHECK (length("key_results"."unit") <= 20),
	CONSTRAINT "key_results_values_finite" CHECK (abs(start_value) < 'Infinity'::double precision AND abs(target_value) < 'Infinity'::double precision AND abs(current_value) < 'Infinity'::double precision AND abs(weight) < 'Infinity'::double precision AND abs(progress_raw) < 'Infinity'::double precision),
	CONSTRAINT "key_results_direction" CHECK (("key_results"."kind" = 'INCREASE' AND "key_results"."target_value" > "key_results"."start_value")
       OR ("key_results"."kind" = 'DECREASE' AND "key_results"."target_value" < "key_results"."start_value")
       OR ("key_results"."kind" = 'MILESTONE' AND "key_results"."start_value" = 0 AND "key_results"."target_value" = 1 AND "key_results"."current_value" IN (0, 1))
       OR "key_results"."kind" IN ('STAY_ABOVE', 'STAY_BELOW')),
	CONSTRAINT "key_results_weight_positive" CHECK ("key_results"."weight" > 0 AND "key_results"."weight" <= 100),
	CONSTRAINT "key_results_confidence_range" CHECK ("key_results"."confidence" BETWEEN 1 AND 10),
	CONSTRAINT "key_results_progress_range" CHECK ("key_results"."progress" BETWEEN 0 AND 100),
	CONSTRAINT "key_results_expected_range" CHECK ("key_results"."expected_progress" BETWEEN 0 AND 100),
	CONSTRAINT "key_results_version_positive" CHECK ("key_results"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"parent_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"level" "objective_level" NOT NULL,
	"owner_team_id" uuid,
	"owner_user_id" uuid,
	"status" "objective_status" DEFAULT 'ON_TRACK' NOT NULL,
	"progress" double precision DEFAULT 0 NOT NULL,
	"expected_progress" double precision DEFAULT 0 NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objectives_owner_matches_level" CHECK (("objectives"."level" = 'TEAM' AND "objectives"."owner_team_id" IS NOT NULL AND "objectives"."owner_user_id" IS NULL)
       OR ("objectives"."level" IN ('COMPANY', 'INDIVIDUAL') AND "objectives"."owner_user_id" IS NOT NULL AND "objectives"."owner_team_id" IS NULL)),
	CONSTRAINT "objectives_not_own_parent" CHECK ("objectives"."parent_id" IS NULL OR "objectives"."parent_id" <> "objectives"."id"),
	CONSTRAINT "objectives_title_length" CHECK (length(btrim("objectives"."title")) BETWEEN 1 AND 200),
	CONSTRAINT "objectives_description_length" CHECK (length("objectives"."description") <= 5000),
	CONSTRAINT "objectives_progress_range" CHECK ("objectives"."progress" BETWEEN 0 AND 100),
	CONSTRAINT "objectives_expected_range" CHECK ("objectives"."expected_progress" BETWEEN 0 AND 100),
	CONSTRAINT "objectives_version_positive" CHECK ("objectives"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "org_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"reminder_weekday" smallint DEFAULT 1 NOT NULL,
	"reminder_hour" smallint DEFAULT 9 NOT NULL,
	"at_risk_ratio" double precision DEFAULT 0.7 NOT NULL,
	"off_track_ratio" double precision DEFAULT 0.4 NOT NULL,
	"stale_after_days" smallint DEFAULT 14 NOT NULL,
	"leadership_recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_settings_single_row" CHECK ("org_settings"."id" = 1),
	CONSTRAINT "org_settings_name_length" CHECK (length(btrim("org_settings"."name")) BETWEEN 1 AND 120),
	CONSTRAINT "org_settings_reminder_weekday" CHECK ("org_settings"."reminder_weekday" BETWEEN 1 AND 7),
	CONSTRAINT "org_settings_reminder_hour" CHECK ("org_settings"."reminder_hour" BETWEEN 0 AND 23),
	CONSTRAINT "org_settings_ratios" CHECK ("org_settings"."off_track_ratio" > 0 AND "org_settings"."off_track_ratio" < "org_settings"."at_risk_ratio" AND "org_settings"."at_risk_ratio" <= 1),
	CONSTRAINT "org_settings_stale_days" CHECK ("org_settings"."stale_after_days" BETWEEN 1 AND 365)
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"parent_team_id" uuid,
	"lead_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_length" CHECK (length(btrim("teams"."name")) BETWEEN 1 AND 120),
	CONSTRAINT "teams_not_own_parent" CHECK ("teams"."parent_team_id" IS NULL OR "teams"."parent_team_id" <> "teams"."id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"role" "user_role" DEFAULT 'member' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_shape" CHECK ("users"."email" ~ '^[^@\s]+@[^@\s]+$' AND length("users"."email") <= 254),
	CONSTRAINT "users_name_length" CHECK (length(btrim("users"."name")) BETWEEN 1 AND 120),
	CONSTRAINT "users_time_zone_present" CHECK (length("users"."time_zone") BETWEEN 1 AND 64)
);
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_key_result_id_key_results_id_fk" FOREIGN KEY ("key_result_id") REFERENCES "public"."key_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_result_checkpoints" ADD CONSTRAINT "key_result_checkpoints_key_result_id_key_results_id_fk" FOREIGN KEY ("key_result_id") REFERENCES "public"."key_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_objective_id_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."objectives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_parent_id_objectives_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."objectives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_owner_team_id_teams_id_fk" FOREIGN KEY ("owner_team_id") REFERENCES "public"."teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_parent_team_id_teams_id_fk" FOREIGN KEY ("parent_team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_lead_user_id_users_id_fk" FOREIGN KEY ("lead_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_ins_key_result_id_created_at_idx" ON "check_ins" USING btree ("key_result_id","created_at");--> statement-breakpoint
CREATE INDEX "check_ins_author_user_id_idx" ON "check_ins" USING btree ("author_user_id");--> statement-breakpoint
CREATE INDEX "check_ins_created_at_idx" ON "check_ins" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cycles_status_idx" ON "cycles" USING btree ("status");--> statement-breakpoint
CREATE INDEX "key_results_objective_id_idx" ON "key_results" USING btree ("objective_id");--> statement-breakpoint
CREATE INDEX "key_results_owner_user_id_idx" ON "key_results" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "objectives_cycle_id_idx" ON "objectives" USING btree ("cycle_id");--> statement-breakpoint
CREATE INDEX "objectives_parent_id_idx" ON "objectives" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "objectives_owner_team_id_idx" ON "objectives" USING btree ("owner_team_id");--> statement-breakpoint
CREATE INDEX "objectives_owner_user_id_idx" ON "objectives" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "team_members_user_id_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_lower_key" ON "teams" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "teams_parent_team_id_idx" ON "teams" USING btree ("parent_team_id");--> statement-breakpoint
CREATE INDEX "teams_lead_user_id_idx" ON "teams" USING btree ("lead_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));