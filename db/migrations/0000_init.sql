CREATE TABLE "attendees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"display_name" text,
	"organisation" text,
	"blocked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendees_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"event_id" integer NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "changes_event_id_seq_pk" PRIMARY KEY("event_id","seq")
);
--> statement-breakpoint
CREATE TABLE "clock_commands" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"args" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"organiser" text DEFAULT '' NOT NULL,
	"time_zone" text NOT NULL,
	"local_date" text NOT NULL,
	"settings" jsonb NOT NULL,
	"moderator_secret_hash" text NOT NULL,
	"speaker_secret_hash" text NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" integer NOT NULL,
	"source" text NOT NULL,
	"text" text NOT NULL,
	"original_text" text,
	"attendee_id" uuid,
	"anonymous" boolean DEFAULT false NOT NULL,
	"author_name" text,
	"author_organisation" text,
	"x_handle" text,
	"x_post_id" text,
	"x_name" text,
	"x_avatar_url" text,
	"posted_at" timestamp with time zone,
	"context_text" text,
	"url" text,
	"language" text,
	"segment_id" integer,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"dismiss_reason" text,
	"rank" double precision,
	"held" boolean DEFAULT false NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"similar" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"co_askers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"merged_into" uuid,
	"reply" text,
	"version" integer DEFAULT 1 NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"on_air_at" timestamp with time zone,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "moderation_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"planned_start" timestamp with time zone NOT NULL,
	"duration_seconds" integer NOT NULL,
	"speakers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"wrap_up_seconds" jsonb DEFAULT '[300,60]'::jsonb NOT NULL,
	"overrun" text DEFAULT 'push' NOT NULL,
	"min_duration_seconds" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "speaker_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" integer NOT NULL,
	"text" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"item_id" uuid NOT NULL,
	"attendee_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_item_id_attendee_id_pk" PRIMARY KEY("item_id","attendee_id")
);
--> statement-breakpoint
CREATE TABLE "x_sources" (
	"event_id" integer PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"query" text NOT NULL,
	"interval_seconds" integer DEFAULT 15 NOT NULL,
	"since_id" text,
	"next_token" text,
	"pending_newest_id" text,
	"last_poll_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"paused_until" timestamp with time zone,
	"meter_month" text DEFAULT '' NOT NULL,
	"posts_read" integer DEFAULT 0 NOT NULL,
	"users_read" integer DEFAULT 0 NOT NULL,
	"monthly_budget_usd" double precision,
	"cap_per_minute" integer DEFAULT 20 NOT NULL,
	"trusted_handles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"blocked_handles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"blocked_keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendees" ADD CONSTRAINT "attendees_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clock_commands" ADD CONSTRAINT "clock_commands_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_attendee_id_attendees_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_messages" ADD CONSTRAINT "speaker_messages_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_attendee_id_attendees_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "x_sources" ADD CONSTRAINT "x_sources_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clock_commands_event" ON "clock_commands" USING btree ("event_id","id");--> statement-breakpoint
CREATE INDEX "items_event_status" ON "items" USING btree ("event_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "items_idempotency" ON "items" USING btree ("attendee_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "items_x_post" ON "items" USING btree ("event_id","x_post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "items_one_on_air" ON "items" USING btree ("event_id") WHERE "items"."status" = 'on_air';--> statement-breakpoint
CREATE INDEX "moderation_log_event" ON "moderation_log" USING btree ("event_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "segments_event_position" ON "segments" USING btree ("event_id","position");--> statement-breakpoint
CREATE INDEX "speaker_messages_event" ON "speaker_messages" USING btree ("event_id","sent_at");