// A screen's presence (pure): its name in the control room's list, and whether it still hears the server.

/** No packet from the server for this long: the link is shown as lost (the countdown goes on locally). */
const CONTACT_LOST_MS = 5_000

export function contactLost(localMs: number, lastContactMs: number, thresholdMs = CONTACT_LOST_MS): boolean {
  return localMs - lastContactMs > thresholdMs
}

/** The `?label=` of a screen's address (« Pupitre 1 »), spaces tidied, cut to what the report accepts; null when absent. */
export function screenLabel(search: string): string | null {
  const label = new URLSearchParams(search).get('label')?.replace(/\s+/g, ' ').trim()
  return label ? label.slice(0, 60) : null
}
