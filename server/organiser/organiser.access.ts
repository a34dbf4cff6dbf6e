// Who may see registrants' data and run the event's set-up: the operator (ADMIN_TOKEN, or the local operator
// token of the command-line tools) or the event's organiser link.
import type { OperatorAccess } from '../auth/operator'
import { matchesHash } from '../auth/secrets'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'

export interface OrganiserAccess {
  /** Logged as who did it; never the secret. */
  actor: 'operator' | 'organiser'
  operator: boolean
}

export class OrganiserGate {
  constructor(private readonly operator: OperatorAccess) {}

  isOperator(token: string | null): boolean {
    return this.operator.is(token)
  }

  /** Creating, listing and deleting events: the operator only. */
  requireOperator(token: string | null): OrganiserAccess {
    if (!token) throw new AppError('unauthorized')
    if (!this.isOperator(token)) throw new AppError('forbidden')
    return { actor: 'operator', operator: true }
  }

  /** The operator, or this event's organiser. Moderators and speakers are refused: registrants' data is the organiser's. */
  require(event: EventRow, token: string | null): OrganiserAccess {
    if (!token) throw new AppError('unauthorized')
    if (this.isOperator(token)) return { actor: 'operator', operator: true }
    if (event.organiserSecretHash && matchesHash(token, event.organiserSecretHash)) return { actor: 'organiser', operator: false }
    throw new AppError('forbidden')
  }
}
