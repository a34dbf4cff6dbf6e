// Two tabs of one browser opened together take turns to join (Web Locks, `oneAtATime`); the second must then see
// the session the first one minted. localStorage cannot promise that: Chromium hands a write to the other tabs'
// processes asynchronously, so right after the first tab saved its session the second can still read nothing,
// mint another identity, and the attendee ends up counted twice (seen under load). IndexedDB can: a transaction
// that starts after another committed sees its write, whichever tab made it. The session is handed over here,
// and kept in localStorage as before for everything else.
import type { JoinResult } from '../../../server/contract/schemas'

const DATABASE = 'tribune'
const SESSIONS = 'attendee-sessions'

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.open(DATABASE, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(SESSIONS)
      request.onsuccess = () => resolve(request.result)
      // No IndexedDB (some private modes): the tabs fall back to localStorage alone.
      request.onerror = () => resolve(null)
      request.onblocked = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
}

/** Runs one request in its own transaction and waits for the transaction to commit. */
async function transact<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  const database = await open()
  if (!database) return undefined
  try {
    return await new Promise<T | undefined>((resolve) => {
      const transaction = database.transaction(SESSIONS, mode)
      const request = make(transaction.objectStore(SESSIONS))
      transaction.oncomplete = () => resolve(request.result)
      transaction.onerror = () => resolve(undefined)
      transaction.onabort = () => resolve(undefined)
    })
  } catch {
    return undefined
  } finally {
    database.close()
  }
}

/** The session another tab of this browser handed over for this event, if any. */
export async function handedOver(slug: string): Promise<JoinResult | null> {
  const value: unknown = await transact('readonly', (store) => store.get(slug))
  if (typeof value !== 'object' || value === null) return null
  const { attendeeId, token } = value as Record<string, unknown>
  return typeof attendeeId === 'string' && typeof token === 'string' && token !== '' ? { attendeeId, token } : null
}

/** Hands this tab's new session over to the others; resolves once it is committed. */
export async function handOver(slug: string, session: JoinResult): Promise<void> {
  await transact('readwrite', (store) => store.put({ attendeeId: session.attendeeId, token: session.token }, slug))
}

/** The session was refused: no tab may take it any more. */
export async function withdrawHandover(slug: string): Promise<void> {
  await transact('readwrite', (store) => store.delete(slug))
}
