// Retries an assertion until it passes or the time is up: for waiting on asynchronous effects without sleeps.
export async function eventually<T>(check: () => T | Promise<T>, { timeout = 5000, interval = 25 } = {}): Promise<T> {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, interval))
    }
  }
}
