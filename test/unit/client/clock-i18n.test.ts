import { describe, expect, it } from 'vitest'
import { translate, translatePlural } from '../../../client/src/lib/i18n'
import { clockEn } from '../../../client/src/lib/messages.clock.en'
import { clockFr } from '../../../client/src/lib/messages.clock.fr'
import { fr } from '../../../client/src/lib/messages.fr'

describe('the clock dictionaries', () => {
  it('are complete in both languages, with the same placeholders, and merged into the app', () => {
    expect(Object.keys(clockEn).sort()).toEqual(Object.keys(clockFr).sort())
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
    for (const key of Object.keys(clockFr) as (keyof typeof clockFr)[]) {
      expect(clockEn[key], key).not.toBe('')
      expect(placeholders(clockEn[key]), key).toEqual(placeholders(clockFr[key]))
    }
    expect(translate('fr', 'clock.wrapUp')).toBe('Conclure')
    expect(translate('en', 'message.ack')).toBe('Got it')
  })

  it('do not redefine a key of the base dictionaries', () => {
    expect(Object.keys(clockFr).filter((key) => key in fr)).toEqual([])
  })

  it('use the glossary words', () => {
    expect(clockFr['clock.remaining']).toBe('Temps restant')
    expect(clockFr['clock.overtime']).toBe('Dépassement')
    expect(clockFr['clock.wrapUp']).toBe('Conclure')
    expect(clockFr['message.box.title']).toBe("Message à l'intervenant")
    expect(clockEn['message.box.title']).toBe('Message to speaker')
    expect(translate('fr', 'clock.delta.behind', { minutes: 3 })).toBe('En retard de 3 min sur le programme')
    expect(translate('fr', 'clock.delta.ahead', { minutes: 2 })).toBe('En avance de 2 min sur le programme')
    expect(translate('en', 'clock.delta.behind', { minutes: 3 })).toBe('3 min behind schedule')
    expect(translate('fr', 'clock.rehearsal', { speed: 60 })).toBe('Répétition ×60')
    expect(translatePlural('fr', 'message.box.tooLong', 1)).toBe('1 caractère en trop')
    expect(translatePlural('en', 'message.box.tooLong', 3)).toBe('3 characters too many')
  })
})
