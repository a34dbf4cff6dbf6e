// Each page carries only the dictionary parts it registers (client/src/<page>/messages.ts). Every key that the
// page's modules name — a literal such as 'tabs.ask', a plural base such as 'votes', or a template such as
// `status.${status}` — must be in those parts, in French and in English; otherwise the page would show the key.
import { describe, expect, it } from 'vitest'
import { keysByPart, keysOfPage } from '../../../client/build/page-keys'
import type { MessageParts } from '../../../client/src/lib/i18n'
import { clockFr } from '../../../client/src/lib/messages.clock.fr'
import { fr } from '../../../client/src/lib/messages.fr'
import { organiserFr } from '../../../client/src/lib/messages.organiser.fr'
import { screensFr } from '../../../client/src/lib/messages.screens.fr'
import { xFr } from '../../../client/src/lib/messages.x.fr'
import { adminMessages } from '../../../client/src/admin/messages'
import { attendeeMessages } from '../../../client/src/attendee/messages'
import { moderateMessages } from '../../../client/src/moderate/messages'
import { organiseMessages } from '../../../client/src/organise/messages'
import { registerMessages } from '../../../client/src/register/messages'
import { reportMessages } from '../../../client/src/report/messages'
import { screenMessages } from '../../../client/src/screen/messages'
import { stageMessages } from '../../../client/src/stage/messages'

const PAGES = {
  admin: adminMessages,
  attendee: attendeeMessages,
  moderate: moderateMessages,
  organise: organiseMessages,
  register: registerMessages,
  report: reportMessages,
  screen: screenMessages,
  stage: stageMessages,
}
const allKeys = new Set([fr, clockFr, xFr, organiserFr, screensFr].flatMap((part) => Object.keys(part)))

it('French is in the page, English fetched when chosen', () => {
  for (const parts of Object.values(PAGES)) {
    expect(Array.isArray(parts.fr)).toBe(true)
    expect(typeof parts.en).toBe('function')
  }
})

describe('per-page dictionaries', () => {
  for (const [page, parts] of Object.entries(PAGES)) {
    it(`${page}: every key its modules name is registered, in French and in English`, async () => {
      const load = (parts: MessageParts | (() => Promise<MessageParts>)) => (typeof parts === 'function' ? parts() : parts)
      const fr = new Set((await load(parts.fr)).flatMap((part) => Object.keys(part)))
      const en = new Set((await load(parts.en)).flatMap((part) => Object.keys(part)))
      const named = keysOfPage(page, allKeys)
      expect(named.size).toBeGreaterThan(10)
      expect([...named].filter((key) => !fr.has(key)).sort()).toEqual([])
      expect([...named].filter((key) => !en.has(key)).sort()).toEqual([])
    })
  }
})

describe('words of the parts loaded later', () => {
  it("the attendee page carries the questions' words; the side column and the ask tab bring theirs", () => {
    const { first, later } = keysByPart('attendee', allKeys)
    const part = (file: string) => [...later].find(([root]) => root.endsWith(file))?.[1] ?? new Set<string>()
    expect(first).toContain('published.title')
    expect(first).not.toContain('clock.remaining')
    expect(first).not.toContain('ask.submit')
    expect(part('AttendeeSide.svelte')).toContain('clock.remaining')
    expect(part('AskPanel.svelte')).toContain('ask.submit')
    // A word of the first download is not sent again with a later part.
    expect(part('AskPanel.svelte')).not.toContain('error.unexpected')
  })
})
