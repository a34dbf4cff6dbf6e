// Keeps a stage screen from dimming: the Screen Wake Lock where the browser offers it. The lock is released
// whenever the page is hidden, so it is asked for again each time the page is shown.

/** Starts holding the screen awake; returns the function that lets it sleep again. */
export function keepScreenAwake(doc: Document = document, nav: Navigator = navigator): () => void {
  if (!('wakeLock' in nav) || !nav.wakeLock) return () => {}
  let sentinel: WakeLockSentinel | null = null
  let stopped = false

  const acquire = async () => {
    if (stopped || doc.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return
    try {
      sentinel = await nav.wakeLock.request('screen')
    } catch {
      sentinel = null // refused (battery saver, permissions policy): the screen may dim, nothing else changes
    }
  }
  const onVisibility = () => void acquire()

  doc.addEventListener('visibilitychange', onVisibility)
  void acquire()
  return () => {
    stopped = true
    doc.removeEventListener('visibilitychange', onVisibility)
    void sentinel?.release().catch(() => {})
    sentinel = null
  }
}
