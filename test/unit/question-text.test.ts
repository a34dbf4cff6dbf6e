import { describe, expect, it } from 'vitest'
import { normaliseLabel, normaliseText, textLength } from '../../server/questions/question-text'

describe('question text', () => {
  it('composes accents (NFC) so that é typed two ways is one character', () => {
    const decomposed = 'Coope\u0301ration'
    expect(normaliseText(decomposed)).toBe('Coopération')
    expect(textLength(normaliseText(decomposed))).toBe(11)
  })

  it('removes control characters and bidi overrides, keeps line breaks', () => {
    expect(normaliseText('a\u0000b\u202Ec\u2066d\r\ne\u0007')).toBe('abcd\ne')
    expect(normaliseText('un\n\n\n\n\ndeux  \n')).toBe('un\n\ndeux')
  })

  it('counts emoji as one character each', () => {
    expect(textLength('👍🏽🇫🇷')).toBe(4) // skin-tone modifier and two regional indicators are code points
    expect(textLength('abc')).toBe(3)
  })

  it('folds labels to one line and turns blank into null', () => {
    expect(normaliseLabel('  Ville\nde   Lyon ')).toBe('Ville de Lyon')
    expect(normaliseLabel('  \u202E ')).toBeNull()
    expect(normaliseLabel(undefined)).toBeNull()
  })
})
