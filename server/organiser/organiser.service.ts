// Setting an event up without the API: create, list and delete (operator), edit the event and its agenda, rotate
// the links, and the organiser page's overview (organiser or operator).
import type { EventSummary, UpdateEventInput } from '../contract/organiser'
import type { OrganiserOverview } from '../contract/registration'
import type { CreateEventInput, CreateEventResult, EventLinks, EventView } from '../contract/schemas'
import type { EventRow } from '../events/events.repository'
import type { EventsService } from '../events/events.service'
import { toZonedIso } from '../events/zoned-time'
import type { MailService } from '../mail/mail.service'
import type { RegistrationRepository } from '../registration/registration.repository'
import { erasureInstant, invitationInstant, registrationWindow, reminderInstant } from '../registration/registration.rules'
import { whenOf } from '../registration/registration.service'
import type { OrganiserGate } from './organiser.access'

export class OrganiserService {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationRepository,
    private readonly mail: MailService,
    private readonly gate: OrganiserGate,
    private readonly now: () => Date,
  ) {}

  async overview(event: EventRow, token: string | null): Promise<OrganiserOverview> {
    const access = this.gate.require(event, token)
    const { view } = await this.events.load(event.slug)
    const settings = await this.registrations.settings(event.id)
    const counts = await this.registrations.counts(event.id)
    const when = whenOf(view)
    const window = registrationWindow(settings, when, this.now().getTime())
    const iso = (ms: number) => toZonedIso(ms, view.timeZone)
    const reminder = reminderInstant(settings, when)
    return {
      event: view,
      settings,
      counts: {
        total: Object.values(counts).reduce((a, b) => a + b, 0),
        pending: counts.pending ?? 0,
        approved: counts.approved ?? 0,
        waitlisted: counts.waitlisted ?? 0,
        declined: counts.declined ?? 0,
      },
      schedule: {
        opensAt: window.opensAt === null ? null : iso(window.opensAt),
        closesAt: iso(window.closesAt),
        state: window.state,
        invitationAt: iso(invitationInstant(settings, when)),
        reminderAt: reminder === null ? null : iso(reminder),
        erasureAt: iso(erasureInstant(settings, when)),
      },
      operator: access.operator,
    }
  }

  /** The same checks as creation (EventsService.planAgenda); every screen gets the new agenda. */
  async updateEvent(event: EventRow, token: string | null, input: UpdateEventInput): Promise<EventView> {
    this.gate.require(event, token)
    return this.events.update(event, input)
  }

  /** New moderator, speaker and organiser links; the old ones stop working. */
  async rotateLinks(event: EventRow, token: string | null): Promise<EventLinks> {
    this.gate.require(event, token)
    return this.events.rotateLinks(event.slug)
  }

  async createEvent(token: string | null, input: CreateEventInput): Promise<CreateEventResult> {
    this.gate.requireOperator(token)
    return this.events.create(input)
  }

  async listEvents(token: string | null): Promise<EventSummary[]> {
    this.gate.requireOperator(token)
    const rows = await this.events.list()
    return Promise.all(
      rows.map(async (row) => {
        const counts = await this.registrations.counts(row.id)
        return {
          slug: row.slug,
          title: row.title,
          organiser: row.organiser,
          date: row.localDate,
          timeZone: row.timeZone,
          registrations: Object.values(counts).reduce((a, b) => a + b, 0),
        }
      }),
    )
  }

  /** Deletes the event with everything about it: questions, registrations, e-mails and outbox files. */
  async deleteEvent(event: EventRow, token: string | null): Promise<void> {
    this.gate.requireOperator(token)
    await this.events.delete(event)
    await this.mail.forgetFiles(event.slug, 'all')
  }
}
