import { describe, expect, it } from 'vitest'
import type { ClockLog, WireCommand } from '../../../server/contract/clock'
import type { ScreenInfo } from '../../../server/contract/clock'
import { clockDisplay } from '../../../client/src/lib/clock-display'
import * as moderation from '../../../client/src/lib/moderation'
import {
  availability,
  CLOCK_SHORTCUTS,
  commandForKey,
  inputFor,
  keyTargetOf,
  labelKeyOf,
  rehearsalQuestions,
  type KeyPress,
  type KeyTarget,
} from '../../../client/src/moderate/clock/clock-commands'
import { formatMs, pageKey, sortScreens } from '../../../client/src/moderate/clock/screens'
import { at, item, referenceSegments, segment } from './fixtures'

const paris = (time: string) => at(`2020-05-19T${time}+02:00`)
const cmd = (type: string, time: string, extra: Partial<WireCommand> = {}): WireCommand => ({ type, at: paris(time), ...extra })
const read = (commands: WireCommand[], time: string, segments = referenceSegments) =>
  clockDisplay(segments, { speed: 1, commands } satisfies ClockLog, paris(time))

describe('which commands apply', () => {
  it('before the start: start or rehearse, nothing else', () => {
    const allowed = availability(read([], '14:00:00'))
    expect(
      Object.entries(allowed)
        .filter(([, ok]) => ok)
        .map(([name]) => name)
        .sort(),
    ).toEqual(['rehearsal', 'start'])
  })

  it('on the first segment: no previous; on the last: no next', () => {
    expect(availability(read([cmd('start', '15:00:00')], '15:01:00'))).toMatchObject({
      previous: false,
      next: true,
      pauseResume: true,
      end: true,
      reset: true,
      start: false,
    })
    expect(availability(read([cmd('start', '15:00:00'), cmd('goto', '15:01:00', { segment: 3 })], '15:02:00'))).toMatchObject({
      previous: true,
      next: false,
    })
  })

  it('does not offer to remove a minute that is not there', () => {
    const short = [segment(0, '2020-05-19T13:00:00Z', '2020-05-19T13:00:50Z')]
    expect(availability(read([cmd('start', '15:00:00')], '15:00:10', short)).adjustMinus).toBe(false)
    expect(availability(read([cmd('start', '15:00:00')], '15:00:10')).adjustMinus).toBe(true)
  })

  it('after the end: reset only', () => {
    const allowed = availability(read([cmd('start', '15:00:00'), cmd('end', '15:10:00')], '15:11:00'))
    expect(
      Object.entries(allowed)
        .filter(([, ok]) => ok)
        .map(([name]) => name),
    ).toEqual(['reset'])
    expect(Object.values(availability(null)).some(Boolean)).toBe(false)
  })
})

describe('what each command sends', () => {
  const running = read([cmd('start', '15:00:00')], '15:01:00')
  const paused = read([cmd('start', '15:00:00'), cmd('pause', '15:01:00')], '15:02:00')

  it('maps buttons to the contract', () => {
    expect(inputFor('start', null)).toEqual({ type: 'start' })
    expect(inputFor('rehearsal', null)).toEqual({ type: 'start', speed: 60 })
    expect(inputFor('pauseResume', running)).toEqual({ type: 'pause' })
    expect(inputFor('pauseResume', paused)).toEqual({ type: 'resume' })
    expect(inputFor('adjustPlus', running)).toEqual({ type: 'adjust', seconds: 60 })
    expect(inputFor('adjustMinus', running)).toEqual({ type: 'adjust', seconds: -60 })
    expect(inputFor('reset', running)).toEqual({ type: 'reset' })
    expect(inputFor('reset', running, true)).toEqual({ type: 'reset', reopenAnswered: true })
    expect(labelKeyOf('pauseResume', paused)).toBe('clock.cmd.resume')
    expect(labelKeyOf('pauseResume', running)).toBe('clock.cmd.pause')
  })
})

describe('what the reset after a rehearsal offers to reopen', () => {
  const rehearsal: ClockLog = { speed: 60, commands: [cmd('start', '10:00:00'), cmd('next', '10:00:45')] }
  const questions = [
    item({ id: 'before', status: 'answered', answeredAt: '2020-05-19T07:59:00.000Z', answeredInRehearsal: true }),
    item({ id: 'in-rehearsal', status: 'answered', answeredAt: '2020-05-19T08:00:30.000Z', answeredInRehearsal: true }),
    item({ id: 'live-answer', status: 'answered', answeredAt: '2020-05-19T08:00:31.000Z', answeredInRehearsal: false }),
    item({ id: 'on-air', status: 'on_air' }),
    item({ id: 'published', status: 'approved' }),
  ]

  it('the answers of this rehearsal and the question on air; nothing after a live run or before a start', () => {
    expect(rehearsalQuestions(questions, rehearsal).map((q) => q.id)).toEqual(['in-rehearsal', 'on-air'])
    expect(rehearsalQuestions(questions, { ...rehearsal, speed: 1 })).toEqual([])
    expect(rehearsalQuestions(questions, { speed: 1, commands: [] })).toEqual([])
    expect(rehearsalQuestions(questions, null)).toEqual([])
  })
})

describe('keyboard shortcuts', () => {
  const body: KeyTarget = { editable: false, interactive: false, enclosed: false }
  const press = (key: string, overrides: Partial<KeyPress> = {}): KeyPress => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    repeat: false,
    defaultPrevented: false,
    target: body,
    ...overrides,
  })

  it('maps S, N, P, Space, + / − and F', () => {
    expect(commandForKey(press('s'))).toBe('start')
    expect(commandForKey(press('S'))).toBe('start')
    expect(commandForKey(press('n'))).toBe('next')
    expect(commandForKey(press('p'))).toBe('previous')
    expect(commandForKey(press(' '))).toBe('pauseResume')
    expect(commandForKey(press('+'))).toBe('adjustPlus')
    expect(commandForKey(press('='))).toBe('adjustPlus')
    expect(commandForKey(press('-'))).toBe('adjustMinus')
    expect(commandForKey(press('f'))).toBe('end')
  })

  it('has no key for the rehearsal or the reset', () => {
    expect(CLOCK_SHORTCUTS.rehearsal).toBeUndefined()
    expect(CLOCK_SHORTCUTS.reset).toBeUndefined()
  })

  it('never takes a key the question queue uses', () => {
    const queueKeys = Object.values(moderation)
      .filter((value): value is Record<string, string> => typeof value === 'object' && value !== null && !Array.isArray(value))
      .flatMap((record) => Object.values(record).filter((key): key is string => typeof key === 'string' && key.length === 1))
      .map((key) => key.toLowerCase())
    expect(queueKeys).toEqual(expect.arrayContaining(['a', 'd', 'o', 'r']))
    const clockKeys = Object.values(CLOCK_SHORTCUTS).flatMap((shortcut) => shortcut?.keys ?? [])
    expect(clockKeys.filter((key) => queueKeys.includes(key))).toEqual([])
    for (const key of ['a', 'd', 'o', 'r', 'ArrowUp', 'ArrowDown', 'e']) expect(commandForKey(press(key)), key).toBeNull()
  })

  it('does nothing while typing, with modifiers, on a held key, or when a card took the key', () => {
    const field: KeyTarget = { editable: true, interactive: true, enclosed: false }
    expect(commandForKey(press('n', { target: field }))).toBeNull()
    expect(commandForKey(press(' ', { target: field }))).toBeNull()
    expect(commandForKey(press('n', { ctrlKey: true }))).toBeNull()
    expect(commandForKey(press('n', { metaKey: true }))).toBeNull()
    expect(commandForKey(press('n', { altKey: true }))).toBeNull()
    expect(commandForKey(press('n', { repeat: true }))).toBeNull()
    expect(commandForKey(press('n', { defaultPrevented: true }))).toBeNull()
  })

  it('leaves forms and dialogs alone (a card being edited, the merge dialog, the message box)', () => {
    expect(commandForKey(press('n', { target: { editable: false, interactive: true, enclosed: true } }))).toBeNull()
    expect(commandForKey(press(' ', { target: { editable: false, interactive: false, enclosed: true } }))).toBeNull()
  })

  it('leaves Space to a focused button or card, but takes letters there', () => {
    const button: KeyTarget = { editable: false, interactive: true, enclosed: false }
    expect(commandForKey(press(' ', { target: button }))).toBeNull()
    expect(commandForKey(press('n', { target: button }))).toBe('next')
  })

  it('tells fields and controls apart', () => {
    const element = (tagName: string, attributes: Record<string, string> = {}, extra: object = {}) => ({
      tagName,
      tabIndex: -1,
      getAttribute: (name: string) => attributes[name] ?? null,
      ...extra,
    })
    expect(keyTargetOf(element('TEXTAREA'))).toEqual({ editable: true, interactive: true, enclosed: false })
    expect(keyTargetOf(element('INPUT'))).toEqual({ editable: true, interactive: true, enclosed: false })
    expect(keyTargetOf(element('INPUT', { type: 'search' }))).toEqual({ editable: true, interactive: true, enclosed: false })
    expect(keyTargetOf(element('SELECT'))).toEqual({ editable: true, interactive: true, enclosed: false })
    expect(keyTargetOf(element('INPUT', { type: 'checkbox' }))).toEqual({ editable: false, interactive: true, enclosed: false })
    expect(keyTargetOf(element('BUTTON'))).toEqual({ editable: false, interactive: true, enclosed: false })
    expect(keyTargetOf(element('DIV', {}, { isContentEditable: true }))).toEqual({ editable: true, interactive: true, enclosed: false })
    expect(keyTargetOf(element('LI', {}, { tabIndex: 0 }))).toEqual({ editable: false, interactive: true, enclosed: false })
    expect(keyTargetOf(element('DIV', { role: 'button' }))).toEqual({ editable: false, interactive: true, enclosed: false })
    expect(keyTargetOf(element('MAIN'))).toEqual({ editable: false, interactive: false, enclosed: false })
    expect(keyTargetOf(element('BODY', {}, { tabIndex: 0 }))).toEqual({ editable: false, interactive: false, enclosed: false })
    expect(keyTargetOf(null)).toEqual({ editable: false, interactive: false, enclosed: false })
    const inDialog = element('BUTTON', {}, { closest: (selectors: string) => (selectors.includes('dialog') ? {} : null) })
    expect(keyTargetOf(inDialog)).toEqual({ editable: false, interactive: true, enclosed: true })
    expect(keyTargetOf(element('LI', {}, { tabIndex: 0, closest: () => null }))).toEqual({
      editable: false,
      interactive: true,
      enclosed: false,
    })
  })
})

describe('connected screens', () => {
  const screen = (id: string, page: ScreenInfo['page'], label?: string): ScreenInfo => ({
    id,
    page,
    role: page === 'moderator' ? 'moderator' : 'speaker',
    offsetMs: 1.25,
    rttMs: 3,
    samples: 6,
    reportedAt: 0,
    ...(label ? { label } : {}),
  })

  it("lists the speakers' screens first, then public screens and régies, by name", () => {
    const sorted = sortScreens([
      screen('1', 'moderator'),
      screen('2', 'screen'),
      screen('3', 'stage', 'Pupitre B'),
      screen('4', 'stage', 'Pupitre A'),
      screen('5', 'stage'),
    ])
    expect(sorted.map((s) => s.id)).toEqual(['4', '3', '5', '2', '1'])
    expect(pageKey('stage')).toBe('page.stage')
    expect(pageKey('attendee')).toBe('screens.page.attendee')
  })

  it('formats milliseconds in the language, signed for offsets', () => {
    expect(formatMs('fr', 12.34, true)).toBe('+12,3')
    expect(formatMs('en', -0.46, true)).toBe('-0.5')
    expect(formatMs('en', 0, true)).toBe('0.0')
    expect(formatMs('fr', 1234.5)).toBe('1\u202f234,5')
  })
})
