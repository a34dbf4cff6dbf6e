// Room names: per event, one per channel, the screens that report their clock, and each attendee alone.
export function rooms(eventId: number) {
  return {
    all: `e${eventId}`,
    moderators: `e${eventId}:moderators`,
    speakers: `e${eventId}:speakers`,
    audience: `e${eventId}:audience`,
    screens: `e${eventId}:screens`,
    attendee: (attendeeId: string) => `e${eventId}:attendee:${attendeeId}`,
  }
}
