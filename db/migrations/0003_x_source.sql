ALTER TABLE "x_sources" ADD COLUMN "start_time" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "x_sources" ADD COLUMN "window_restart_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "x_sources" ADD COLUMN "window_restart_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "x_sources" ADD COLUMN "usage_capped_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "items_x_waiting_for_cap" ON "items" USING btree ("event_id","posted_at","created_at","x_post_id") WHERE "items"."source" = 'x' AND "items"."status" = 'pending' AND "items"."held" AND "items"."flags" @> '["x_cap"]'::jsonb;--> statement-breakpoint
CREATE INDEX "items_x_created" ON "items" USING btree ("event_id","created_at") WHERE "items"."source" = 'x';--> statement-breakpoint
CREATE INDEX "moderation_log_x_cap_release" ON "moderation_log" USING btree ("event_id","at","item_id") WHERE "moderation_log"."action" = 'x_cap_release';