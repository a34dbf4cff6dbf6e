CREATE INDEX "moderation_log_item" ON "moderation_log" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "votes_attendee" ON "votes" USING btree ("attendee_id");