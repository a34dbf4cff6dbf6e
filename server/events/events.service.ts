// Creating events, reading their agenda, and rotating their role links.
import type { CreateEventInput, CreateEventResult, EventLinks, EventSettings, EventView, SettingsInput } from '../contract/schemas'
import { type Access, requireRole } from '../auth/access'
import type { UpdateEventInput } from '../contract/organiser'
import { AppError } from '../errors'
import { hashSecret, newSecret } from '../auth/secrets'
import { type PlannedSegment, planAgenda } from './agenda'
import { type EventRow, type EventsRepository, type SegmentRow } from './events.repository'
import type { Broadcaster } from '../realtime/broadcaster'
import { DEFAULT_SETTINGS } from './events.settings'
import { attendeeUrl, toEventView } from './events.view'
import { isValidTimeZone } from './zoned-time'
import { cleanText } from '../contract/text'

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
        title: cleanText(input.title, { max: 300 }),
        organiser: cleanText(input.organiser ?? '', { max: 200 }),
        timeZone: input.timeZone,
        localDate: input.date,
        settings: cleanSettings({ ...DEFAULT_SETTINGS, ...input.settings }),
        ...hashesOf(secrets),
      },
      planned,
    )
    if (!row) throw new AppError('event_exists', { slug })
    return { slug, links: this.links(slug, secrets) }
  }

  /**
   * The agenda's checks and its planned instants: event creation and the organiser's edits go through here alike.
   * An impossible date, a time the clocks skip, a segment of no length: 400 naming the field and the local time.
   */
  planAgenda(input: Pick<CreateEventInput, 'timeZone' | 'date' | 'segments'>): PlannedSegment[] {
    if (!isValidTimeZone(input.timeZone)) {
      throw new AppError('invalid_input', { field: 'timeZone', detail: input.timeZone })
    }
    const plan = planAgenda(input.date, input.timeZone, input.segments)
    if (!plan.ok) throw new AppError('invalid_input', plan.problem)
    return plan.segments
  }

  /** New title, zone, date or agenda, checked as at creation; every screen gets the new agenda at once. */
  async update(event: EventRow, input: UpdateEventInput): Promise<EventView> {
    const planned = this.planAgenda(input)
    const changes = {
      title: cleanText(input.title, { max: 300 }),
      organiser: cleanText(input.organiser ?? '', { max: 200 }),
      timeZone: input.timeZone,
      localDate: input.date,
    }
    const view = (row: EventRow, agenda: SegmentRow[]) => toEventView(row, agenda, this.publicUrl)
    const { row, change } = await this.repository.updateAgenda(event.id, changes, planned, view)
    this.broadcaster?.publish(event.id, [change])
    return view(row, await this.repository.segmentsOf(event.id))
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
    return { event, view: toEventView(event, await this.repository.segmentsOf(event.id), this.publicUrl) }
  }

  findById(eventId: number): Promise<EventRow | null> {
    return this.repository.findById(eventId)
  }

  async find(slug: string): Promise<EventRow> {
    const event = await this.repository.findBySlug(slug)
    if (!event) throw new AppError('event_not_found', { slug })
    return event
  }

  /**
   * Saves the fields the moderator changed, merged into the settings as they are when the event row is locked:
   * two moderators changing different settings at once both keep their change. Every screen is told.
   */
  async updateSettings(event: EventRow, access: Access, changes: SettingsInput): Promise<EventSettings> {
    requireRole(access, 'moderator')
    const segments = await this.repository.segmentsOf(event.id)
    let merged: EventSettings = DEFAULT_SETTINGS
    const change = await this.repository.updateSettings(event.id, (current) => {
      merged = cleanSettings({ ...DEFAULT_SETTINGS, ...current.settings, ...changes })
      return { settings: merged, view: toEventView({ ...current, settings: merged }, segments, this.publicUrl) }
    })
    this.broadcaster?.publish(event.id, [change])
    return merged
  }

  /**
   * New moderator, speaker and organiser secrets: the old links stop working at once. The rotation is a sequenced
   * change, so every process disconnects the screens that used an old link before it delivers anything after it.
   */
  async rotateLinks(slug: string): Promise<EventLinks> {
    const event = await this.find(slug)
    const secrets = newSecrets()
    const change = await this.repository.replaceSecrets(event.id, hashesOf(secrets))
    this.broadcaster?.publish(event.id, [change])
    return this.links(slug, secrets)
  }

  links(slug: string, secrets: Secrets): EventLinks {
    const base = attendeeUrl(this.publicUrl, slug)
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

/** The settings' words, cleaned like every stored text: a flag word or a query never holds a NUL or a bidi mark. */
function cleanSettings(settings: EventSettings): EventSettings {
  const flagWords = settings.flagWords?.map((word) => cleanText(word, { max: 60 })).filter(Boolean) ?? null
  const xQuery = settings.xQuery === null ? null : cleanText(settings.xQuery, { max: 512 })
  return { ...settings, flagWords, xQuery }
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
