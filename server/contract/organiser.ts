// The organiser's and the operator's event set-up: editing an event and listing events (no curl needed).
import Type, { type Static } from 'typebox'
import { CreateEventInput, Slug } from './schemas'

/** Everything of CreateEventInput but the slug (links point at it) and the moderation settings (the régie's). */
export const UpdateEventInput = Type.Object(
  {
    title: CreateEventInput.properties.title,
    organiser: CreateEventInput.properties.organiser,
    timeZone: CreateEventInput.properties.timeZone,
    date: CreateEventInput.properties.date,
    segments: CreateEventInput.properties.segments,
  },
  { additionalProperties: false },
)
export type UpdateEventInput = Static<typeof UpdateEventInput>

export const EventSummary = Type.Object({
  slug: Slug,
  title: Type.String(),
  organiser: Type.String(),
  date: Type.String(),
  timeZone: Type.String(),
  registrations: Type.Integer(),
})
export type EventSummary = Static<typeof EventSummary>
