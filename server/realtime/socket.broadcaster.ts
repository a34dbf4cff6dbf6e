// The Broadcaster port over Socket.IO: each room gets the projection its audience may see.
import type { Server } from 'socket.io'
import { PUBLIC_ACCESS, type Access } from '../auth/access'
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/realtime'
import type { Broadcaster } from './broadcaster'
import { projectChange, type StoredChange } from './projection'
import { rooms } from './rooms'

export class SocketBroadcaster implements Broadcaster {
  constructor(private readonly io: Server<ClientToServerEvents, ServerToClientEvents>) {}

  publish(eventId: number, changes: StoredChange[]): void {
    const room = rooms(eventId)
    for (const change of changes) {
      const forModerators = projectChange(change, MODERATOR)
      if (forModerators) this.io.to(room.moderators).emit('change', forModerators)
      const owner = change.type === 'item' ? change.ownerId : null
      const forPublic = projectChange(change, PUBLIC_ACCESS)
      const audience = owner ? this.io.to(room.audience).except(room.attendee(owner)) : this.io.to(room.audience)
      if (forPublic) audience.emit('change', forPublic)
      if (owner) {
        const forOwner = projectChange(change, { role: 'attendee', attendeeId: owner, actor: owner })
        if (forOwner) this.io.to(room.attendee(owner)).emit('change', forOwner)
      }
    }
  }
}

const MODERATOR: Access = { role: 'moderator', attendeeId: null, actor: 'moderator' }
