// The X source as one piece the app plugs in: its routes, its status pushes, and a poller started on demand.
import type { Api } from '../http/api'
import type { XStatus } from '../contract/x'
import { rooms } from '../realtime/rooms'
import type { TribuneIo } from '../realtime/socket.server'
import type { Services } from '../services'
import type { XPoller } from './x.poller'
import { xRoutes } from './x.routes'
import type { XStatusPublisher } from './x.service'

export interface XModule {
  poller: XPoller
  /** Polls X for every event with an X source; `npm start` calls it, tests only when they want polling. */
  startPolling(): void
}

/** The status goes to the control room only: it is health, not part of the sequenced stream. */
export function socketXStatusPublisher(io: TribuneIo): XStatusPublisher {
  return {
    publish(eventId: number, status: XStatus) {
      io.to(rooms(eventId).moderators).emit('x.status', status)
    },
  }
}

export function registerX(app: Api, services: Services): XModule {
  xRoutes(app, services)
  const poller = services.x.createPoller(app.log.child({ module: 'x' }))
  // Before the database closes: a cycle in flight finishes its transaction first.
  app.addHook('onClose', async () => poller.stop())
  return { poller, startPolling: () => poller.start() }
}
