// X handles: shown as X or the moderator spells them, compared ignoring case (pure, shared with the régie).
import { describe, expect, it } from 'vitest'
import { handleKey, handleOf, listsHandle, sameHandle, uniqueHandles } from '../../server/x/x.handles'

describe('X handles', () => {
  it('keeps the spelling, without the @ or spaces', () => {
    expect(handleOf(' @AgnesMarchal_ ')).toBe('AgnesMarchal_')
    expect(handleOf('AgnesMarchal_')).toBe('AgnesMarchal_')
    expect(handleKey('@AgnesMarchal_')).toBe('agnesmarchal_')
  })

  it('compares ignoring case and the @', () => {
    expect(sameHandle('@AgnesMarchal_', 'agnesmarchal_')).toBe(true)
    expect(sameHandle('AgnesMarchal_', 'AgnesMarchal')).toBe(false)
    expect(listsHandle(['@Mairie_Amie', 'autre'], 'MAIRIE_AMIE')).toBe(true)
    expect(listsHandle(['@Mairie_Amie'], 'Mairie_Ami')).toBe(false)
  })

  it('merges a list to one entry per account, keeping the first spelling typed', () => {
    expect(uniqueHandles(['@AgnesMarchal_', 'agnesmarchal_', ' @Mairie_Amie', '', '@', 'AGNESMARCHAL_'])).toEqual([
      'AgnesMarchal_',
      'Mairie_Amie',
    ])
  })
})
