// Room names: moderators, everyone else (attendees, speakers, public screens), and each attendee alone.
export function rooms(eventId: number) {
  return {
    all: `e${eventId}`,
    moderators: `e${eventId}:moderators`,
    speakers: `e${eventId}:speakers`,
    audience: `e${eventId}:audience`,
    attendee: (attendeeId: string) => `e${eventId}:attendee:${attendeeId}`,
  }
}
