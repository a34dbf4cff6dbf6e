// The baseline of `npm run bench`: a bare `ws` server that broadcasts one payload to every connected client,
// what a server without Tribune's work (handshake checks, storage, channels, Socket.IO framing) costs.
// A client on /control sends {"round": r, "size": n}; every other client then gets one text frame of n bytes.
import { WebSocketServer, type WebSocket } from 'ws'

const port = Number(process.env.PORT ?? 0)
const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false })
const audience = new Set<WebSocket>()

server.on('connection', (socket, request) => {
  if (request.url === '/control') {
    socket.on('message', (data) => {
      const { round, size } = JSON.parse((data as Buffer).toString()) as { round: number; size: number }
      // Encoded once and written to every client, as a broadcast does.
      const head = JSON.stringify({ round, pad: '' })
      const payload = JSON.stringify({ round, pad: 'x'.repeat(Math.max(0, size - head.length)) })
      for (const client of audience) client.send(payload)
    })
    return
  }
  audience.add(socket)
  socket.on('close', () => audience.delete(socket))
})

server.on('listening', () => {
  console.log(`baseline listening on ${JSON.stringify(server.address())}`)
})
