import type { EventLinks } from '../contract/schemas'

/** The links to hand out; moderator, speaker and organiser links are secrets: share them privately. */
export function printLinks(title: string, links: EventLinks): void {
  console.log(`\n« ${title} »`)
  console.log(`  Registration (public):     ${links.attendee}/register`)
  console.log(`  Attendees (public):        ${links.attendee}`)
  console.log(`  Public screen:             ${links.screen}`)
  console.log(`  Moderator (secret, régie): ${links.moderator}`)
  console.log(`  Speaker (secret):          ${links.speaker}`)
  console.log(`  Organiser (secret):        ${links.organiser}\n`)
}
