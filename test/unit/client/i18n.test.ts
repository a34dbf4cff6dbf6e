import { describe, expect, it } from 'vitest'
import { formatDate, formatLocalDate, formatTime, formatTimeRange, zoneCity, zoneLabel } from '../../../client/src/lib/format'
import { formatList, formatNumber, initialLang, otherLang, translate, translatePlural } from '../../../client/src/lib/i18n'
import { en } from '../../../client/src/lib/messages.en'
import { fr } from '../../../client/src/lib/messages.fr'

const NNBSP = '\u202f'

describe('dictionaries', () => {
  it('are complete in both languages and use the glossary words', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort())
    for (const [key, value] of Object.entries(en)) expect(value, key).not.toBe('')
    expect(fr['status.pending']).toBe('en attente de modération')
    expect(fr['status.approved']).toBe('publiée')
    expect(fr['status.on_air']).toBe("à l'antenne")
    expect(fr['status.answered']).toBe('répondue')
    expect(fr['status.dismissed']).toBe('écartée')
    expect(fr['asker.dismissed']).toBe('non publiée')
    expect(fr['author.anonymous']).toBe('anonyme')
    expect(fr['ask.org']).toBe('Collectivité ou organisme')
    expect(fr['moderate.title']).toBe('Régie')
  })

  it('keeps placeholders identical across languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]))
    }
  })
})

describe('translate', () => {
  it('interpolates, formatting numbers for the language', () => {
    expect(translate('fr', 'ask.counter', { count: 12, max: 500 })).toBe('12 / 500 caractères')
    expect(translate('en', 'ask.counter', { count: 12, max: 500 })).toBe('12 / 500 characters')
    expect(translate('fr', 'ask.counter', { count: 1200, max: 2000 })).toBe(`1${NNBSP}200 / 2${NNBSP}000 caractères`)
  })

  it('picks plural forms with the language rules (French: 0 and 1 are singular)', () => {
    expect(translatePlural('fr', 'votes', 0)).toBe('0 soutien')
    expect(translatePlural('fr', 'votes', 1)).toBe('1 soutien')
    expect(translatePlural('fr', 'votes', 12)).toBe('12 soutiens')
    expect(translatePlural('en', 'votes', 0)).toBe('0 upvotes')
    expect(translatePlural('en', 'votes', 1)).toBe('1 upvote')
  })

  it('defaults to French, keeps a stored choice, and switches', () => {
    expect(initialLang(null)).toBe('fr')
    expect(initialLang('de')).toBe('fr')
    expect(initialLang('en')).toBe('en')
    expect(otherLang('fr')).toBe('en')
    expect(formatNumber('fr', 12345.5)).toBe(`12${NNBSP}345,5`)
    expect(formatList('fr', ['A', 'B', 'C'])).toBe('A, B et C')
  })
})

describe('dates and times in the event zone', () => {
  const start = '2020-05-19T15:00:00+02:00'

  it('shows 24-hour times in the event zone, whatever the viewer zone', () => {
    expect(formatTime('fr', 'Europe/Paris', start)).toBe('15:00')
    expect(formatTime('en', 'Europe/Paris', '2020-05-19T22:30:00Z')).toBe('00:30')
    expect(formatTime('fr', 'America/New_York', start)).toBe('09:00')
    expect(formatTimeRange('fr', 'Europe/Paris', start, '2020-05-19T15:45:00+02:00')).toBe('15:00–15:45')
  })

  it('writes dates in full', () => {
    expect(formatDate('fr', 'Europe/Paris', start)).toBe('mardi 19 mai 2020')
    expect(formatDate('en', 'Europe/Paris', start)).toMatch(/^Tuesday,? 19 May 2020$/)
    expect(formatLocalDate('fr', '2020-05-19')).toBe('mardi 19 mai 2020')
  })

  it('names the zone after its city', () => {
    expect(zoneCity('Europe/Paris')).toBe('Paris')
    expect(zoneCity('America/Argentina/Buenos_Aires')).toBe('Buenos Aires')
    expect(zoneCity('UTC')).toBeNull()
    expect(zoneCity('Etc/GMT+2')).toBeNull()
    expect(zoneLabel('fr', 'Europe/Paris')).toBe('heure de Paris')
    expect(zoneLabel('en', 'Europe/Paris')).toBe('Paris time')
    expect(zoneLabel('fr', 'Africa/Abidjan')).toBe("heure d'Abidjan")
    expect(zoneLabel('fr', 'America/New_York')).toBe('heure de New York')
    expect(zoneLabel('fr', 'UTC')).toBe('heure UTC')
  })
})
