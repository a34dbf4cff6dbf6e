import { describe, expect, it } from 'vitest'
import { cleanStrings, cleanText, textLength } from '../../server/contract/text'

describe('cleaning typed text', () => {
  it('composes accents (NFC) so that é typed two ways is one character', () => {
    const decomposed = 'Coope\u0301ration'
    expect(cleanText(decomposed)).toBe('Coopération')
    expect(textLength(cleanText(decomposed))).toBe(11)
  })

  it('removes NUL, C0/C1 controls and bidi overrides and isolates; keeps line breaks where several lines are allowed', () => {
    expect(cleanText('a\u0000b\u202Ec\u2066d\r\ne\u0007\u0085f\u2069\u200F', { multiline: true })).toBe('abcd\nef')
    expect(cleanText('un\n\n\n\n\ndeux  \n', { multiline: true })).toBe('un\n\ndeux')
    expect(cleanText('  deux   mots \t et\u00A0 trois\r\rfin ', { multiline: true })).toBe('deux mots et trois\n\nfin')
    expect(cleanText('ligne  \n  suivante', { multiline: true })).toBe('ligne\nsuivante')
  })

  it('folds a label to one line and trims', () => {
    expect(cleanText('  Ville\nde   Lyon ')).toBe('Ville de Lyon')
    expect(cleanText('  \u202E \u0000 ')).toBe('')
    expect(cleanText('Webinaire\u0000 de\u2028test')).toBe('Webinaire de test')
  })

  it('drops unpaired surrogates but keeps emoji whole', () => {
    expect(cleanText('a\uD800b\uDC00c👍🏽')).toBe('abc👍🏽')
    expect(textLength('👍🏽🇫🇷')).toBe(4) // a skin-tone modifier and two regional indicators are code points
    expect(textLength('abc')).toBe(3)
  })

  it('looks at no more than four times the field’s maximum', () => {
    expect(cleanText('x'.repeat(10_000), { max: 10 })).toHaveLength(40)
    // Cutting inside an emoji leaves no half of it behind.
    expect(cleanText('a' + '👍'.repeat(10), { max: 1 })).toBe('a👍')
  })

  it('takes linear time: a megabyte of spaces (quadratic under the old /[ \\t]+\\n/) is cleaned at once', () => {
    const spaces = ' '.repeat(1_000_000)
    const started = performance.now()
    expect(cleanText(`a${spaces}b`, { multiline: true })).toBe('a b')
    expect(cleanText(`a${spaces}\u0000${spaces}b`)).toBe('a b')
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('cleans every string of a payload however deeply nested, without touching the rest', () => {
    let deep: unknown = 'fond\u0000'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const payload = { title: 'Titre\u202E', n: 3, list: ['a\u0000', null, { b: 'c\u0085' }], deep }
    cleanStrings(payload)
    expect(payload.title).toBe('Titre')
    expect(payload.n).toBe(3)
    expect(payload.list).toEqual(['a', null, { b: 'c' }])
    let inner: unknown = payload.deep
    while (Array.isArray(inner)) inner = inner[0]
    expect(inner).toBe('fond')
  })
})
