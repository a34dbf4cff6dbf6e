// Room names: moderators, everyone else (attendees, speakers, public screens), and each attendee alone.
export function rooms(eventId: number) {
  return {
    moderators: `e${eventId}:moderators`,
    audience: `e${eventId}:audience`,
    attendee: (attendeeId: string) => `e${eventId}:attendee:${attendeeId}`,
  }
}
