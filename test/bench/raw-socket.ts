// The Socket.IO client of the load generator: the protocol's few packets a screen uses (connect with its auth,
// events with acknowledgements, pings), spoken over a bare `ws` socket. The baseline's clients are bare `ws`
// sockets too, so both sides of a ratio pay the same per-message cost on the generator and the difference is the
// server's. (socket.io-client adds a manager, an engine socket and an emitter per connection.)
import WebSocket from 'ws'

// Engine.IO v4 packet types, then Socket.IO v5 packet types inside a message ("4").
const OPEN = '0'
const PING = '2'
const PONG = '3'
const MESSAGE = '4'
const CONNECT = '0'
const EVENT = '2'
const ACK = '3'
const CONNECT_ERROR = '4'

export class RawSocket {
  private nextId = 0
  private readonly waiting = new Map<number, (args: unknown[]) => void>()
  private readonly listeners = new Map<string, (payload: unknown) => void>()

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.receive(String(data as Buffer)))
  }

  /** Opens the connection and sends the handshake's auth; resolves once the server accepted it. */
  static connect(url: string, auth: object, localAddress: string, timeoutMs: number): Promise<RawSocket> {
    const target = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`
    const ws = new WebSocket(target, { localAddress, perMessageDeflate: false, handshakeTimeout: timeoutMs })
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        ws.terminate()
        reject(error)
      }
      const onMessage = (data: Buffer) => {
        const text = String(data)
        if (text.startsWith(OPEN)) ws.send(`${MESSAGE}${CONNECT}${JSON.stringify(auth)}`)
        else if (text.startsWith(MESSAGE + CONNECT)) {
          ws.off('message', onMessage)
          resolve(new RawSocket(ws))
        } else if (text.startsWith(MESSAGE + CONNECT_ERROR)) {
          const { message } = JSON.parse(text.slice(2)) as { message: string }
          fail(new Error(message))
        }
      }
      ws.on('message', onMessage)
      ws.once('error', fail)
    })
  }

  /** Called with each `name` event's first argument. */
  on(name: string, listener: (payload: unknown) => void): void {
    this.listeners.set(name, listener)
  }

  emitWithAck(name: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id)
        reject(new Error(`${name}: no acknowledgement in ${timeoutMs / 1000} s`))
      }, timeoutMs)
      this.waiting.set(id, ([answer]) => {
        clearTimeout(timer)
        resolve(answer)
      })
      this.ws.send(`${MESSAGE}${EVENT}${id}${JSON.stringify([name, payload])}`)
    })
  }

  close(): void {
    this.ws.terminate()
  }

  private receive(text: string): void {
    if (text === PING) return this.ws.send(PONG)
    if (!text.startsWith(MESSAGE)) return
    const type = text[1]
    // After the type: an acknowledgement id (digits), then the JSON array of arguments.
    let at = 2
    while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++
    const id = at > 2 ? Number(text.slice(2, at)) : null
    const args = JSON.parse(text.slice(at)) as unknown[]
    if (type === EVENT) this.listeners.get(args[0] as string)?.(args[1])
    else if (type === ACK && id !== null) {
      this.waiting.get(id)?.(args)
      this.waiting.delete(id)
    }
  }
}
