// The report after the event (organiser): built from the stored log, questions and attendance, as JSON or CSV,
// and the « suivi écrit »: unanswered published questions with the askers' e-mails where they registered and agreed.
import type { ClockService } from '../clock/clock.service'
import type { Report } from '../contract/report'
import type { Lang } from '../contract/schemas'
import type { EventRow } from '../events/events.repository'
import type { EventsService } from '../events/events.service'
import type { OrganiserGate } from '../organiser/organiser.access'
import { type QuestionsRepository, toItemView } from '../questions/questions.repository'
import { buildReport } from './report.build'
import { type FollowUpRow, followUpCsv, reportCsv } from './report.csv'
import type { ReportRepository } from './report.repository'

export class ReportService {
  constructor(
    private readonly repository: ReportRepository,
    private readonly questions: QuestionsRepository,
    private readonly events: EventsService,
    private readonly clock: ClockService,
    private readonly gate: OrganiserGate,
    private readonly now: () => Date,
  ) {}

  async report(event: EventRow, token: string | null): Promise<Report> {
    this.gate.require(event, token)
    return this.build(event)
  }

  async csv(event: EventRow, token: string | null, lang: Lang): Promise<string> {
    this.gate.require(event, token)
    return reportCsv(await this.build(event), lang)
  }

  async followUp(event: EventRow, token: string | null, lang: Lang): Promise<string> {
    this.gate.require(event, token)
    const report = await this.build(event)
    const rows = await this.questions.visibleTo(event.id, { moderator: true, attendeeId: null })
    const askersOf = (id: string) =>
      rows.filter((r) => r.id === id || r.mergedInto === id).flatMap((r) => (r.attendeeId ? [r.attendeeId] : []))
    const askers = [...new Set(report.questions.unanswered.flatMap((q) => askersOf(q.id)))]
    const registrationOf = await this.repository.registrationOfAttendees(askers)
    const registrations = new Map((await this.repository.registrations(event.id)).map((r) => [r.id, r]))
    const emailOf = (attendeeId: string) => {
      const registration = registrations.get(registrationOf.get(attendeeId) ?? '')
      return registration?.contactConsent && registration.email ? [registration.email] : []
    }
    const followUp: FollowUpRow[] = report.questions.unanswered.map((q) => ({
      text: q.text,
      votes: q.votes,
      askedBy: q.askedBy,
      segment: q.segment,
      author: q.author,
      emails: [...new Set(askersOf(q.id).flatMap(emailOf))],
    }))
    return followUpCsv(followUp, lang)
  }

  private async build(event: EventRow): Promise<Report> {
    const context = await this.events.load(event.slug)
    const [clock, rows, registrations, invited, attendees, voters, samples] = await Promise.all([
      this.clock.log(event.id),
      this.questions.visibleTo(event.id, { moderator: true, attendeeId: null }),
      this.repository.registrations(event.id),
      this.repository.invited(event.id),
      this.repository.attendees(event.id),
      this.repository.voters(event.id),
      this.repository.samples(event.id),
    ])
    return buildReport({
      now: this.now().getTime(),
      event: context.view,
      clock,
      items: rows.map(toItemView),
      registrations,
      invited,
      attendees,
      voters,
      samples,
    })
  }
}
