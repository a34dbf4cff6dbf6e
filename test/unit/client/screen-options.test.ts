import { describe, expect, it } from 'vitest'
import { screenOptions, shortAddress } from '../../../client/src/lib/screen-options'

describe('a public screen’s address', () => {
  it('is the venue’s full screen by default: solid, counts without reasons, where to ask', () => {
    expect(screenOptions('')).toEqual({ view: 'full', transparent: false, lang: null, reasons: false, stats: true, ask: true })
  })

  it('names the view, the language and the background', () => {
    expect(screenOptions('?view=clean&bg=transparent&lang=en')).toMatchObject({ view: 'clean', transparent: true, lang: 'en' })
    expect(screenOptions('?view=CLEAN&lang=de')).toMatchObject({ view: 'clean', transparent: false, lang: null })
    expect(screenOptions('?view=nonsense').view).toBe('full')
  })

  it('keys overlays over the video unless a solid background is asked for', () => {
    expect(screenOptions('?view=lower-third').transparent).toBe(true)
    expect(screenOptions('?view=timer&bg=solid').transparent).toBe(false)
  })

  it('shows dismissal reasons only when asked; hides counts or the address when asked', () => {
    expect(screenOptions('?reasons=1').reasons).toBe(true)
    expect(screenOptions('?reasons=oui').reasons).toBe(true)
    expect(screenOptions('?reasons=maybe').reasons).toBe(false)
    expect(screenOptions('?stats=0&ask=non')).toMatchObject({ stats: false, ask: false })
  })

  it('shortens the address as people type it', () => {
    expect(shortAddress('https://webinaires.example.fr/e/daect-2020-05-19/')).toBe('webinaires.example.fr/e/daect-2020-05-19')
    expect(shortAddress('http://127.0.0.1:3000/e/daect')).toBe('http://127.0.0.1:3000/e/daect')
  })
})
