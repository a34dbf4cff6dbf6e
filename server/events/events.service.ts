// Creating events, reading their agenda, and rotating their role links.
import type { CreateEventInput, CreateEventResult, EventLinks, EventSettings, EventView, SettingsInput } from '../contract/schemas'
import type { UpdateEventInput } from '../contract/organiser'
import { AppError } from '../errors'
import { hashSecret, newSecret } from '../auth/secrets'
import { type PlannedSegment, planSegments } from './agenda'
import { type EventRow, type EventsRepository } from './events.repository'
import type { Broadcaster } from '../realtime/broadcaster'
import { DEFAULT_SETTINGS } from './events.settings'
import { toEventView } from './events.view'
import { isValidTimeZone } from './zoned-time'

export interface EventContext {
  event: EventRow
  view: EventView
}

export class EventsService {
  constructor(
    private readonly repository: EventsRepository,
    private readonly publicUrl: string,
    /** Absent in the command-line tools, which change nothing screens show. */
    private readonly broadcaster: Broadcaster | null = null,
  ) {}

  async create(input: CreateEventInput): Promise<CreateEventResult> {
    const planned = this.planAgenda(input)
    const slug = input.slug ?? slugFor(input.title, input.date)
    const secrets = newSecrets()
    const row = await this.repository.insert(
      {
        slug,
        title: input.title.trim(),
        organiser: input.organiser?.trim() ?? '',
        timeZone: input.timeZone,
        localDate: input.date,
        settings: { ...DEFAULT_SETTINGS, ...input.settings },
        ...hashesOf(secrets),
      },
      planned,
    )
    if (!row) throw new AppError('event_exists', { slug })
    return { slug, links: this.links(slug, secrets) }
  }

  /** The agenda's checks and its planned instants: event creation and the organiser's edits go through here alike. */
  planAgenda(input: Pick<CreateEventInput, 'timeZone' | 'date' | 'segments'>): PlannedSegment[] {
    if (!isValidTimeZone(input.timeZone)) {
      throw new AppError('invalid_input', { field: 'timeZone', detail: input.timeZone })
    }
    if (Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) {
      throw new AppError('invalid_input', { field: 'date', detail: input.date })
    }
    return planSegments(input.date, input.timeZone, input.segments)
  }

  /** New title, zone, date or agenda, checked as at creation; every screen gets the new agenda at once. */
  async update(event: EventRow, input: UpdateEventInput): Promise<EventView> {
    const planned = this.planAgenda(input)
    const changes = { title: input.title.trim(), organiser: input.organiser?.trim() ?? '', timeZone: input.timeZone, localDate: input.date }
    const { row, change } = await this.repository.updateAgenda(event.id, changes, planned, toEventView)
    this.broadcaster?.publish(event.id, [change])
    return toEventView(row, await this.repository.segmentsOf(event.id))
  }

  async delete(event: EventRow): Promise<void> {
    await this.repository.delete(event.id)
  }

  list(): Promise<EventRow[]> {
    return this.repository.list()
  }

  /** Creates the event unless its slug exists; returns the links only when it was created now. */
  async ensure(input: CreateEventInput & { slug: string }): Promise<CreateEventResult | null> {
    if (await this.repository.findBySlug(input.slug)) return null
    try {
      return await this.create(input)
    } catch (error) {
      if (error instanceof AppError && error.code === 'event_exists') return null
      throw error
    }
  }

  async load(slug: string): Promise<EventContext> {
    const event = await this.repository.findBySlug(slug)
    if (!event) throw new AppError('event_not_found', { slug })
    return { event, view: toEventView(event, await this.repository.segmentsOf(event.id)) }
  }

  async find(slug: string): Promise<EventRow> {
    const event = await this.repository.findBySlug(slug)
    if (!event) throw new AppError('event_not_found', { slug })
    return event
  }

  /** Saves the settings and tells every screen (a new length limit shows at once on the ask form). */
  async updateSettings(event: EventRow, changes: SettingsInput): Promise<EventSettings> {
    const settings: EventSettings = { ...DEFAULT_SETTINGS, ...event.settings, ...changes }
    const view = toEventView({ ...event, settings }, await this.repository.segmentsOf(event.id))
    const change = await this.repository.updateSettings(event.id, settings, view)
    this.broadcaster?.publish(event.id, [change])
    return settings
  }

  /** New moderator, speaker and organiser secrets: the old links stop working at once. */
  async rotateLinks(slug: string): Promise<EventLinks> {
    const event = await this.find(slug)
    const secrets = newSecrets()
    await this.repository.replaceSecrets(event.id, hashesOf(secrets))
    return this.links(slug, secrets)
  }

  links(slug: string, secrets: Secrets): EventLinks {
    const base = `${this.publicUrl}/e/${slug}`
    return {
      attendee: base,
      screen: `${base}/screen`,
      moderator: `${base}/moderate#token=${secrets.moderator}`,
      speaker: `${base}/stage#token=${secrets.speaker}`,
      organiser: `${base}/organise#token=${secrets.organiser}`,
    }
  }
}

interface Secrets {
  moderator: string
  speaker: string
  organiser: string
}

function newSecrets(): Secrets {
  return { moderator: newSecret(), speaker: newSecret(), organiser: newSecret() }
}

function hashesOf(secrets: Secrets) {
  return {
    moderatorSecretHash: hashSecret(secrets.moderator),
    speakerSecretHash: hashSecret(secrets.speaker),
    organiserSecretHash: hashSecret(secrets.organiser),
  }
}

function slugFor(title: string, date: string): string {
  const words = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '')
  return `${words || 'webinaire'}-${date}`
}
