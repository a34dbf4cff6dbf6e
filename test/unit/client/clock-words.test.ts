// One clock vocabulary: ahead/behind, the end against the plan and overtime come from one reading of the clock
// and one function's words (outlookWords), in every phase. The régie and the stage show exactly these strings.
import { describe, expect, it } from 'vitest'
import { type ClockDisplay, clockDisplay } from '../../../client/src/lib/clock-display'
import { formatTimeText, outlookWords } from '../../../client/src/lib/clock-format'
import { type Lang, translate } from '../../../client/src/lib/i18n'
import type { ClockLog, WireCommand } from '../../../server/contract/clock'
import { at, segment } from './fixtures'

const NBSP = '\u00a0'
const paris = (time: string) => `2020-05-19T${time}+02:00`
/** The DAECT agenda: three talks that push, a Q&A that absorbs down to 10 min. */
const AGENDA = [
  segment(0, paris('15:00:00'), paris('15:45:00')),
  segment(1, paris('15:45:00'), paris('16:15:00')),
  segment(2, paris('16:15:00'), paris('17:00:00')),
  segment(3, paris('17:00:00'), paris('17:30:00'), { kind: 'qa', overrun: 'absorb', minDurationSeconds: 600 }),
]

const cmd = (type: string, time: string, extra: Partial<WireCommand> = {}): WireCommand => ({ type, at: at(paris(time)), ...extra })
const live = (...commands: WireCommand[]): ClockLog => ({ speed: 1, commands })

interface Read {
  display: ClockDisplay
  schedule: string
  end: string | null
  /** The word and digits beside the stage's timer. */
  timer: string
}

function read(log: ClockLog, instant: number, lang: Lang = 'fr'): Read {
  const display = clockDisplay(AGENDA, log, instant)!
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params)
  const words = outlookWords(display.outlook, t, (ms) => formatTimeText(lang, 'Europe/Paris', ms))
  const label = display.mode === 'ended' ? t('clock.ended') : t(display.labelKey)
  return { display, ...words, timer: `${label} ${display.timerText}`.trim().replaceAll(NBSP, ' ') }
}
const readAt = (log: ClockLog, time: string, lang: Lang = 'fr') => read(log, at(paris(time)), lang)
const plain = (text: string | null) => text?.replaceAll(NBSP, ' ') ?? null

describe('the clock’s words in every phase', () => {
  it('before the start: on time, then behind once the planned start has passed; no end line yet', () => {
    const early = readAt(live(), '14:50:00')
    expect([early.timer, early.schedule, early.end]).toEqual(['Début dans 10:00', "À l'heure", null])
    const late = readAt(live(), '15:05:00')
    expect(late.schedule).toBe('En retard de 5 min sur le programme')
  })

  it('running the first segment on time: on time, and the end on time', () => {
    const r = readAt(live(cmd('start', '15:00:00')), '15:10:00')
    expect(r.timer).toBe('Temps restant 35:00')
    expect(r.schedule).toBe("À l'heure")
    expect(plain(r.end)).toBe('Fin estimée : 17 h 30, à l’heure prévue')
  })

  it('running the second segment late: behind, and the end on time because the Q&A absorbs the same minutes', () => {
    // The issue's « En retard de 2 min » beside « Fin estimée (À l'heure) ».
    const r = readAt(live(cmd('start', '15:00:00'), cmd('next', '15:47:00')), '15:50:00')
    expect(r.schedule).toBe('En retard de 2 min sur le programme')
    expect(plain(r.end)).toBe('Fin estimée : 17 h 30, à l’heure prévue (la séance de questions-réponses absorbe 2 min de retard)')
    expect(r.display.outlook).toMatchObject({
      schedule: { kind: 'behind', minutes: 2 },
      end: { drift: { kind: 'onTime' } },
      absorbedMinutes: 2,
    })
  })

  it('running the third segment early: ahead, and the end early by the same minutes', () => {
    const r = readAt(live(cmd('start', '15:00:00'), cmd('next', '15:40:00'), cmd('next', '16:05:00')), '16:10:00')
    expect(r.schedule).toBe('En avance de 10 min sur le programme')
    expect(plain(r.end)).toBe('Fin estimée : 17 h 20, 10 min avant l’heure prévue')
  })

  it('wrap-up: the word « Conclure », still on time', () => {
    const r = readAt(live(cmd('start', '15:00:00')), '15:41:00')
    expect([r.timer, r.schedule]).toEqual(['Conclure 04:00', "À l'heure"])
  })

  it('overtime: the overrun is the delay, minute for minute, until the Q&A can no longer absorb it', () => {
    const r = readAt(live(cmd('start', '15:00:00')), '15:47:00')
    expect(r.timer).toBe('Dépassement +02:00')
    expect(r.schedule).toBe('En retard de 2 min sur le programme')
    expect(plain(r.end)).toContain('à l’heure prévue (la séance de questions-réponses absorbe 2 min de retard)')
    // 25 min over: the Q&A keeps its 10-minute minimum (it absorbs 20), the end is 5 min late.
    const far = readAt(live(cmd('start', '15:00:00')), '16:10:00')
    expect(far.schedule).toBe('En retard de 25 min sur le programme')
    expect(plain(far.end)).toBe(
      'Fin estimée : 17 h 35, 5 min après l’heure prévue (la séance de questions-réponses absorbe 20 min de retard)',
    )
  })

  it('in the Q&A that absorbed the delay: on time until its own overtime, then late on both lines', () => {
    const log = live(cmd('start', '15:00:00'), cmd('next', '15:55:00'), cmd('next', '16:25:00'), cmd('next', '17:10:00'))
    const inQa = readAt(log, '17:20:00')
    expect([inQa.timer, inQa.schedule, plain(inQa.end)]).toEqual([
      'Temps restant 10:00',
      "À l'heure",
      'Fin estimée : 17 h 30, à l’heure prévue',
    ])
    const over = readAt(log, '17:31:00')
    expect([over.timer, over.schedule, plain(over.end)]).toEqual([
      'Dépassement +01:00',
      'En retard de 1 min sur le programme',
      'Fin estimée : 17 h 31, 1 min après l’heure prévue',
    ])
  })

  it('paused: the pause is delay, on both lines', () => {
    const r = readAt(live(cmd('start', '15:00:00'), cmd('pause', '15:10:00')), '15:14:00')
    expect(r.display.phase).toBe('paused')
    expect(r.schedule).toBe('En retard de 4 min sur le programme')
    expect(plain(r.end)).toBe('Fin estimée : 17 h 30, à l’heure prévue (la séance de questions-réponses absorbe 4 min de retard)')
  })

  it('ended: says how the run ended, never « ahead » or « behind » as if it were still running', () => {
    const early = readAt(live(cmd('start', '15:00:00'), cmd('next', '15:45:00'), cmd('end', '16:00:00')), '16:30:00')
    expect([early.timer, early.schedule, plain(early.end)]).toEqual([
      'Terminé',
      'Terminé 90 min avant l’heure prévue',
      'Fin réelle : 16 h 00',
    ])
    const late = readAt(live(cmd('start', '15:00:00'), cmd('goto', '15:45:00', { segment: 3 }), cmd('end', '17:35:00')), '18:00:00')
    expect(late.schedule).toBe('Terminé avec 5 min de retard')
    const onTime = readAt(live(cmd('start', '15:00:00'), cmd('goto', '15:45:00', { segment: 3 }), cmd('end', '17:30:20')), '18:00:00')
    expect(onTime.schedule).toBe('Terminé à l’heure prévue')
  })

  it('in English too', () => {
    const log = live(cmd('start', '15:00:00'), cmd('next', '15:47:00'))
    const r = readAt(log, '15:50:00', 'en')
    expect([r.schedule, r.end]).toEqual([
      '2 min behind schedule',
      'Expected end: 17:30, on time (the Q&A session absorbs 2 min of the delay)',
    ])
    expect(readAt(live(cmd('start', '15:00:00'), cmd('end', '15:30:00')), '16:00:00', 'en').schedule).toBe('Ended 120 min early')
    expect(readAt(live(cmd('start', '15:00:00')), '15:47:00', 'en').timer).toBe('Overtime +02:00')
  })
})

describe('a rehearsal at ×60 (the issue’s screens)', () => {
  const T = Date.UTC(2020, 4, 19, 9, 0) // the same day, in the morning: within the off-plan cut-off
  const rehearsal = (...commands: [string, number, Partial<WireCommand>?][]): ClockLog => ({
    speed: 60,
    commands: commands.map(([type, seconds, extra]) => ({ type, at: T + seconds * 1000, ...extra })),
  })
  // The régie jumps to the Q&A two (running) minutes in, and lets it run 52 s (running) past its 30 minutes.
  const jumped = rehearsal(['start', 0], ['goto', 2, { segment: 3 }])

  it('overtime on the Q&A while the agenda is far ahead: each line says what it measures, and they agree', () => {
    const r = read(jumped, T + 32_867)
    expect(r.timer).toBe('Dépassement +00:52')
    // « Ahead » is about the programme, and the projected end says the same number of minutes early.
    expect(r.schedule).toBe('En avance de 117 min sur le programme')
    expect(plain(r.end)).toMatch(/^Fin estimée : \d\d h \d\d, 117 min avant l’heure prévue$/)
  })

  it('after its end: how it ended, not « En avance de 115 min »', () => {
    const r = read(rehearsal(['start', 0], ['goto', 2, { segment: 3 }], ['end', 35]), T + 60_000)
    expect(r.schedule).toBe('Terminé 115 min avant l’heure prévue')
    expect(plain(r.end)).toMatch(/^Fin réelle : \d\d h \d\d$/)
  })

  it('paused in a rehearsal: the pause counts at rehearsal speed', () => {
    const r = read(rehearsal(['start', 0], ['pause', 10]), T + 12_000)
    expect(r.display.rehearsal).toBe(true)
    expect(r.schedule).toBe('En retard de 2 min sur le programme')
  })
})

describe('off the planned date', () => {
  it('quotes no minutes on either line', () => {
    const today = Date.UTC(2026, 4, 19, 13, 0)
    const r = read({ speed: 1, commands: [{ type: 'start', at: today }] }, today + 60_000)
    expect(r.schedule).toBe('Hors des horaires prévus')
    expect(plain(r.end)).toMatch(/^Fin estimée : \d\d h \d\d$/)
    const ended = read(
      {
        speed: 1,
        commands: [
          { type: 'start', at: today },
          { type: 'end', at: today + 60_000 },
        ],
      },
      today + 120_000,
    )
    expect(ended.schedule).toBe('Hors des horaires prévus')
    expect(plain(ended.end)).toMatch(/^Fin réelle : \d\d h \d\d$/)
  })
})

describe('the lines never contradict each other', () => {
  // Every minute of an eventful afternoon: a late start, a pause, time added, an overrun, an early move, the end.
  const log = live(
    cmd('start', '15:03:00'),
    cmd('pause', '15:20:00'),
    cmd('resume', '15:24:00'),
    cmd('adjust', '15:30:00', { seconds: 300 }),
    cmd('next', '16:02:00'),
    cmd('next', '16:20:00'),
    cmd('adjust', '16:30:00', { seconds: -600 }),
    cmd('next', '17:05:00'),
    cmd('end', '17:33:00'),
  )

  it('ahead/behind, the end and overtime agree at every minute', () => {
    /** Per segment in overtime: delay minus overtime, which must not move (each minute over is a minute late). */
    const baseline = new Map<number, number>()
    let overtimeMinutes = 0
    for (let minute = 14 * 60 + 50; minute <= 17 * 60 + 45; minute++) {
      const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`
      const { display } = readAt(log, time)
      const { outlook } = display
      const signed = (d: typeof outlook.schedule) => (d.kind === 'onTime' ? 0 : d.kind === 'behind' ? d.minutes : -d.minutes)
      const schedule = signed(outlook.schedule)
      const end = signed(outlook.end.drift)
      const context = `${time} ${JSON.stringify(outlook)}`
      if (display.phase === 'ended') {
        // One statement, twice: how the run ended.
        expect(end, context).toBe(schedule)
        expect(outlook.end.actual, context).toBe(true)
        continue
      }
      // The end is never later than the delay now, and the difference is exactly what the Q&A absorbs.
      expect(end, context).toBeLessThanOrEqual(Math.max(schedule, 0))
      if (schedule > 0) expect(schedule - Math.max(end, 0), context).toBe(outlook.absorbedMinutes)
      else expect([end, outlook.absorbedMinutes], context).toEqual([schedule, 0])
      // Overtime is delay, minute for minute: the timer's « Dépassement » and ahead/behind move together.
      if (display.mode === 'overtime' && display.index !== null) {
        const rest = display.scheduleDeltaMs - display.overtimeMs
        expect(rest, context).toBe(baseline.get(display.index) ?? rest)
        baseline.set(display.index, rest)
        overtimeMinutes += 1
      }
    }
    // The afternoon did go into overtime: the first talk (5 min), the shortened third one (10), the Q&A (3).
    expect(overtimeMinutes).toBe(18)
    expect([...baseline.keys()]).toEqual([0, 2, 3])
  })
})
