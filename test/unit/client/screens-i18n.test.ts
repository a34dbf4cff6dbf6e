import { describe, expect, it } from 'vitest'
import { translate } from '../../../client/src/lib/i18n'
import { clockFr } from '../../../client/src/lib/messages.clock.fr'
import { fr } from '../../../client/src/lib/messages.fr'
import { screensEn } from '../../../client/src/lib/messages.screens.en'
import { screensFr } from '../../../client/src/lib/messages.screens.fr'
import { xFr } from '../../../client/src/lib/messages.x.fr'

describe('the live screens’ dictionaries', () => {
  it('are complete in both languages, with the same placeholders, and merged into the app', () => {
    expect(Object.keys(screensEn).sort()).toEqual(Object.keys(screensFr).sort())
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
    for (const key of Object.keys(screensFr) as (keyof typeof screensFr)[]) {
      expect(screensEn[key], key).not.toBe('')
      expect(placeholders(screensEn[key]), key).toEqual(placeholders(screensFr[key]))
    }
    expect(translate('fr', 'tabs.ask')).toBe('Poser une question')
    expect(translate('en', 'news.onAir', { text: 'Q ?' })).toBe('On air: “Q ?”.')
  })

  it('do not redefine a key of the other dictionaries', () => {
    expect(Object.keys(screensFr).filter((key) => key in fr || key in clockFr || key in xFr)).toEqual([])
  })

  it('use the glossary words', () => {
    expect(screensFr['ask.status.pending']).toContain('en attente de modération')
    expect(screensFr['ask.status.approved']).toContain('publiée')
    expect(screensFr['ask.status.on_air']).toContain("à l'antenne")
    expect(screensEn['ask.status.dismissed']).toContain('not published')
  })
})
