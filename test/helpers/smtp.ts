// A real SMTP server in the test process (smtp-server): records what it accepted, and can answer 4xx/5xx or
// hold a message before answering, so a test can stop the sender in the middle of a send.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'
import { freePort } from './process'

export interface Received {
  from: string
  to: string[]
  raw: string
  /** The header, for quick checks; parse `raw` with mailparser for the rest. */
  subject: string
  messageId: string
  at: number
}

/** What the server answers to one message: accept, refuse, or hold the answer until the test says. */
type Verdict =
  { kind: 'accept' } | { kind: 'reject'; code: number; message: string } | { kind: 'hold'; release: Promise<'accept' | 'drop'> }

export interface TestSmtp {
  url: string
  port: number
  /** Accepted messages, in order. */
  accepted: Received[]
  /** Every DATA received, accepted or not. */
  seen: Received[]
  /** Decides each message's fate (default: accept). */
  decide: (message: Received) => Verdict
  close(): Promise<void>
}

export async function startSmtp(): Promise<TestSmtp> {
  const port = await freePort()
  const state: TestSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    accepted: [],
    seen: [],
    decide: () => ({ kind: 'accept' }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const header = raw.slice(0, raw.indexOf('\r\n\r\n'))
        const field = (name: string) =>
          new RegExp(`^${name}: ?(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(header)?.[1]?.replace(/\r\n[ \t]/g, ' ') ?? ''
        const message: Received = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: field('Subject'),
          messageId: field('Message-ID'),
          at: Date.now(),
        }
        state.seen.push(message)
        const verdict = state.decide(message)
        const accept = () => {
          state.accepted.push(message)
          callback()
        }
        if (verdict.kind === 'accept') return accept()
        if (verdict.kind === 'reject') {
          const error = new Error(verdict.message) as Error & { responseCode: number }
          error.responseCode = verdict.code
          return callback(error)
        }
        void verdict.release.then((outcome) => (outcome === 'accept' ? accept() : undefined))
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return state
}

export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}
