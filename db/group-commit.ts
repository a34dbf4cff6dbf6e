// Group commit: requests that arrive while a transaction commits are written together by the next one. A storm
// then costs a few transactions a second instead of one per request, and a lock the writes take (the event's
// sequence number, say) is held once per batch rather than once per request. Each request is still answered
// after the commit that holds it, with what that commit returned.

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown }

export interface GroupCommitOptions<T, R> {
  /**
   * Writes a batch in one transaction and returns one outcome per request, in order; a request it refuses gets
   * its error without failing the others. When it throws, each request is tried alone, so that only the culprit
   * is refused.
   */
  commit: (batch: readonly T[]) => Promise<Outcome<R>[]>
  /** Requests with the same key never share a batch: the later one waits for the next, so their order holds. */
  keyOf?: (request: T) => string
  /** At most this many requests in one transaction. */
  maxBatch: number
  /** Called once a batch has committed, before anyone is answered (broadcasts, tallies). */
  committed?: (batch: readonly T[], outcomes: readonly Outcome<R>[]) => void
}

interface Waiting<T, R> {
  request: T
  resolve: (value: R) => void
  reject: (error: unknown) => void
}

export class GroupCommit<T, R> {
  /** Requests received while the previous transaction was committing; the next one takes them. */
  private queue: Waiting<T, R>[] = []
  private flushing = false

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  submit(request: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ request, resolve, reject })
      if (!this.flushing) void this.flush()
    })
  }

  private async flush(): Promise<void> {
    this.flushing = true
    try {
      while (this.queue.length > 0) {
        // Let the requests already received (this turn's socket reads) join the batch. Without this turn, a
        // database that answers without real I/O (PGlite, in this process) would commit each request before the
        // next one is even read: one transaction per request.
        await new Promise((resolve) => setImmediate(resolve))
        const batch = this.take()
        const requests = batch.map((w) => w.request)
        const outcomes = await this.commitOrSplit(requests)
        this.options.committed?.(requests, outcomes)
        batch.forEach((waiting, i) => {
          const outcome = outcomes[i]!
          if (outcome.ok) waiting.resolve(outcome.value)
          else waiting.reject(outcome.error)
        })
      }
    } finally {
      this.flushing = false
    }
  }

  private async commitOrSplit(requests: readonly T[]): Promise<Outcome<R>[]> {
    try {
      return await this.options.commit(requests)
    } catch (error) {
      if (requests.length === 1) return [{ ok: false, error }]
      const outcomes: Outcome<R>[] = []
      for (const request of requests)
        outcomes.push(
          await this.options.commit([request]).then(
            (alone) => alone[0]!,
            (error: unknown) => ({ ok: false, error }),
          ),
        )
      return outcomes
    }
  }

  /** The next batch, in arrival order. */
  private take(): Waiting<T, R>[] {
    const { keyOf, maxBatch } = this.options
    const batch: Waiting<T, R>[] = []
    const later: Waiting<T, R>[] = []
    const seen = new Set<string>()
    for (const waiting of this.queue) {
      const key = keyOf?.(waiting.request)
      if (batch.length < maxBatch && (key === undefined || !seen.has(key))) batch.push(waiting)
      else later.push(waiting)
      if (key !== undefined) seen.add(key)
    }
    this.queue = later
    return batch
  }
}
