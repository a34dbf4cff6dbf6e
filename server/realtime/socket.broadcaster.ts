// The Broadcaster port over Socket.IO: each room gets the projection its audience may see.
import type { Server } from 'socket.io'
import { PUBLIC_ACCESS, type Access } from '../auth/access'
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/realtime'
import type { Broadcaster } from './broadcaster'
import { projectChange, type StoredChange } from './projection'
import { rooms } from './rooms'

const MODERATOR: Access = { role: 'moderator', attendeeId: null, actor: 'moderator' }
const SPEAKER: Access = { role: 'speaker', attendeeId: null, actor: 'speaker' }

export class SocketBroadcaster implements Broadcaster {
  constructor(private readonly io: Server<ClientToServerEvents, ServerToClientEvents>) {}

  publish(eventId: number, changes: StoredChange[]): void {
    const room = rooms(eventId)
    for (const change of changes) {
      this.emit(room.moderators, projectChange(change, MODERATOR))
      this.emit(room.speakers, projectChange(change, SPEAKER))
      // The asker gets their own view (with unpublished statuses); everyone else the public one.
      const owner = change.type === 'item' ? change.ownerId : null
      const forPublic = projectChange(change, PUBLIC_ACCESS)
      if (forPublic) (owner ? this.io.to(room.audience).except(room.attendee(owner)) : this.io.to(room.audience)).emit('change', forPublic)
      if (owner) this.emit(room.attendee(owner), projectChange(change, { role: 'attendee', attendeeId: owner, actor: owner }))
    }
  }

  private emit(room: string, change: ReturnType<typeof projectChange>): void {
    if (change) this.io.to(room).emit('change', change)
  }
}
