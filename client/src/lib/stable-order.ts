// The published list's order while someone is using it (pure): nothing moves under their finger or focus.
// New questions join at the end, and `stale` says that the live order now differs, so the page can offer it.

export interface ShownOrder {
  order: string[]
  /** The live order differs from what is shown (held while the user interacts). */
  stale: boolean
}

/**
 * `live` is the order the list would have now; `shown` what the user sees (null: nothing yet, or they asked
 * for the live order). While `hold`, questions already shown keep their places, those gone leave, new ones
 * are appended.
 */
export function displayOrder(shown: readonly string[] | null, live: readonly string[], hold: boolean): ShownOrder {
  if (!hold || shown === null) return { order: [...live], stale: false }
  const present = new Set(live)
  const kept = shown.filter((id) => present.has(id))
  const keptSet = new Set(kept)
  const order = [...kept, ...live.filter((id) => !keptSet.has(id))]
  return { order, stale: order.some((id, index) => id !== live[index]) }
}
