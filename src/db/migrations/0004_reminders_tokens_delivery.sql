CREATE TABLE "check_in_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"week_key" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_sends" (
	"user_id" uuid NOT NULL,
	"week_key" text NOT NULL,
	"outbox_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_sends_user_id_week_key_pk" PRIMARY KEY("user_id","week_key"),
	CONSTRAINT "reminder_sends_week_key_shape" CHECK ("reminder_sends"."week_key" ~ '^[0-9]{4}-W[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "last_response" text;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "check_in_tokens" ADD CONSTRAINT "check_in_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_sends" ADD CONSTRAINT "reminder_sends_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_sends" ADD CONSTRAINT "reminder_sends_outbox_id_email_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."email_outbox"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "check_in_tokens_token_hash_key" ON "check_in_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "check_in_tokens_user_id_idx" ON "check_in_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "check_in_tokens_expires_at_idx" ON "check_in_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "reminder_sends_outbox_id_idx" ON "reminder_sends" USING btree ("outbox_id");