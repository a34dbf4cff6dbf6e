import { describe, expect, it } from 'vitest'
import {
  forgetAttendee,
  loadAttendee,
  saveAttendee,
  storageKey,
  takeRoleToken,
  tokenFromHash,
  type KeyValueStore,
} from '../../../client/src/lib/credentials'
import { slugFromPath } from '../../../client/src/lib/routes'

function memory(): KeyValueStore & { values: Map<string, string> } {
  const values = new Map<string, string>()
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  }
}

function fakeHistory() {
  const calls: (string | URL | null | undefined)[] = []
  return {
    calls,
    state: { kept: true },
    replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void calls.push(url),
  }
}

describe('slugFromPath', () => {
  it('reads the slug of every role page', () => {
    expect(slugFromPath('/e/cncd-2020')).toBe('cncd-2020')
    expect(slugFromPath('/e/cncd-2020/')).toBe('cncd-2020')
    expect(slugFromPath('/e/cncd-2020/moderate')).toBe('cncd-2020')
    expect(slugFromPath('/e/cncd-2020/stage')).toBe('cncd-2020')
    expect(slugFromPath('/e/cncd-2020/screen')).toBe('cncd-2020')
  })

  it('refuses anything else', () => {
    expect(slugFromPath('/')).toBeNull()
    expect(slugFromPath('/e/')).toBeNull()
    expect(slugFromPath('/e/Bad_Slug')).toBeNull()
    expect(slugFromPath('/e/cncd/unknown')).toBeNull()
  })
})

describe('role tokens', () => {
  it('reads #token= among other fragment parameters', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123')
    expect(tokenFromHash('#x=1&token=abc123')).toBe('abc123')
    expect(tokenFromHash('')).toBeNull()
    expect(tokenFromHash('#token=')).toBeNull()
  })

  it('stores the fragment token per event and role, then erases it from the address', () => {
    const store = memory()
    const history = fakeHistory()
    const location = { hash: '#token=s3cret', pathname: '/e/cncd/moderate', search: '?view=1' }
    expect(takeRoleToken('cncd', 'moderator', location, history, store)).toBe('s3cret')
    expect(store.values.get('tribune:cncd:moderator')).toBe('s3cret')
    expect(history.calls).toEqual(['/e/cncd/moderate?view=1'])
  })

  it('falls back to the stored token when the address has none', () => {
    const store = memory()
    store.setItem(storageKey('cncd', 'speaker'), 'kept')
    const history = fakeHistory()
    expect(takeRoleToken('cncd', 'speaker', { hash: '', pathname: '/e/cncd/stage', search: '' }, history, store)).toBe('kept')
    expect(history.calls).toEqual([])
    expect(takeRoleToken('other', 'speaker', { hash: '', pathname: '/e/other/stage', search: '' }, history, store)).toBeNull()
  })

  it('survives a storage that throws', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
      removeItem: () => {
        throw new Error('denied')
      },
    }
    const location = { hash: '#token=t', pathname: '/e/cncd/moderate', search: '' }
    expect(takeRoleToken('cncd', 'moderator', location, fakeHistory(), broken)).toBe('t')
    expect(loadAttendee('cncd', broken)).toBeNull()
  })
})

describe('attendee session', () => {
  it('round-trips through storage and ignores garbage', () => {
    const store = memory()
    expect(loadAttendee('cncd', store)).toBeNull()
    saveAttendee('cncd', { attendeeId: 'a1', token: 't1' }, store)
    expect(store.values.has('tribune:cncd:attendee')).toBe(true)
    expect(loadAttendee('cncd', store)).toEqual({ attendeeId: 'a1', token: 't1' })
    store.setItem('tribune:cncd:attendee', '{not json')
    expect(loadAttendee('cncd', store)).toBeNull()
    store.setItem('tribune:cncd:attendee', JSON.stringify({ attendeeId: 'a1' }))
    expect(loadAttendee('cncd', store)).toBeNull()
    forgetAttendee('cncd', store)
    expect(store.values.size).toBe(0)
  })
})
