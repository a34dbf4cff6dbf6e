CREATE TABLE "mail_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" integer NOT NULL,
	"registration_id" uuid,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recipient" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_token" text,
	"message_id" text,
	"raw" text,
	"transport" text,
	"file" text,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "presence_samples" (
	"event_id" integer NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"process" text NOT NULL,
	"attendees" integer NOT NULL,
	CONSTRAINT "presence_samples_event_id_minute_process_pk" PRIMARY KEY("event_id","minute","process")
);
--> statement-breakpoint
CREATE TABLE "registration_settings" (
	"event_id" integer PRIMARY KEY NOT NULL,
	"opens_at" text,
	"closes_at" text,
	"capacity" integer,
	"approval" text DEFAULT 'automatic' NOT NULL,
	"priority_type" text,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"purpose" text,
	"consent_text" text,
	"invitation_time" text DEFAULT '08:00' NOT NULL,
	"reminder" boolean DEFAULT false NOT NULL,
	"retention_days" integer DEFAULT 90 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" integer NOT NULL,
	"email" text,
	"name" text,
	"organisation" text,
	"job_title" text,
	"organisation_type" text NOT NULL,
	"lang" text NOT NULL,
	"status" text NOT NULL,
	"consent_text" text,
	"consent_at" timestamp with time zone,
	"contact_consent" boolean DEFAULT false NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"invite_token_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"erased_at" timestamp with time zone,
	CONSTRAINT "registrations_invite_token_hash_unique" UNIQUE("invite_token_hash")
);
--> statement-breakpoint
ALTER TABLE "attendees" ADD COLUMN "registration_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "organiser_secret_hash" text;--> statement-breakpoint
ALTER TABLE "mail_jobs" ADD CONSTRAINT "mail_jobs_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_jobs" ADD CONSTRAINT "mail_jobs_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presence_samples" ADD CONSTRAINT "presence_samples_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_settings" ADD CONSTRAINT "registration_settings_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_jobs_dedupe" ON "mail_jobs" USING btree ("event_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "mail_jobs_due" ON "mail_jobs" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "mail_jobs_event" ON "mail_jobs" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_event_email" ON "registrations" USING btree ("event_id","email");--> statement-breakpoint
CREATE INDEX "registrations_event" ON "registrations" USING btree ("event_id","created_at");--> statement-breakpoint
ALTER TABLE "attendees" ADD CONSTRAINT "attendees_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE set null ON UPDATE no action;