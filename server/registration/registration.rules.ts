// Registration rules (pure): when the form is open, what status a newcomer gets, who is approved first,
// and when invitations, reminders and erasure fall due. Instants are epoch milliseconds; the caller passes `now`.
import type { ApprovalMode, Decision, RegistrationSettings, RegistrationStatus, RegistrationWindowState } from '../contract/registration'
import { localInstant } from '../events/zoned-time'

export const DEFAULT_REGISTRATION_SETTINGS: RegistrationSettings = {
  opensAt: null,
  closesAt: null,
  capacity: null,
  approval: 'automatic',
  priorityType: null,
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  purpose: null,
  consentText: null,
  invitationTime: '08:00',
  reminder: false,
  retentionDays: 90,
}

/** The reminder goes this long before the planned start. */
const REMINDER_BEFORE_MS = 15 * 60_000

export interface EventWhen {
  /** The event's date, YYYY-MM-DD, in its zone. */
  date: string
  timeZone: string
  plannedStartMs: number
  plannedEndMs: number
}

/** 'YYYY-MM-DDTHH:MM' in `timeZone` → instant. */
function localToInstant(local: string, timeZone: string): number {
  const [date = '', time = '00:00'] = local.split('T')
  return localInstant(date, time, timeZone)
}

/** The default deadline: the day before the event at 00:00 in its zone (« avant le 18 mai » for 19 May). */
function defaultClosesAt(when: Pick<EventWhen, 'date' | 'timeZone'>): number {
  return localInstant(when.date, '00:00', when.timeZone, -1)
}

export interface RegistrationWindow {
  state: RegistrationWindowState
  opensAt: number | null
  closesAt: number
}

export function registrationWindow(
  settings: Pick<RegistrationSettings, 'opensAt' | 'closesAt'>,
  when: EventWhen,
  now: number,
): RegistrationWindow {
  const opensAt = settings.opensAt ? localToInstant(settings.opensAt, when.timeZone) : null
  const closesAt = settings.closesAt ? localToInstant(settings.closesAt, when.timeZone) : defaultClosesAt(when)
  const state = opensAt !== null && now < opensAt ? 'not_open' : now >= closesAt ? 'closed' : 'open'
  return { state, opensAt, closesAt }
}

/** A newcomer's status: automatic approval while places remain, then the waiting list; manual waits for the organiser. */
export function initialStatus(approval: ApprovalMode, capacity: number | null, approvedCount: number): RegistrationStatus {
  if (approval === 'manual') return 'pending'
  return capacity === null || approvedCount < capacity ? 'approved' : 'waitlisted'
}

export function hasRoom(capacity: number | null, approvedCount: number): boolean {
  return capacity === null || approvedCount < capacity
}

const DECIDED: Record<Decision, RegistrationStatus> = { approve: 'approved', decline: 'declined', waitlist: 'waitlisted' }

export function statusAfter(decision: Decision): RegistrationStatus {
  return DECIDED[decision]
}

interface Ranked {
  organisationType: string
  createdAt: Date | number
}

/** Priority audience first, then first come, first served. */
export function priorityOrder<T extends Ranked>(rows: readonly T[], priorityType: string | null): T[] {
  const time = (r: Ranked) => (typeof r.createdAt === 'number' ? r.createdAt : r.createdAt.getTime())
  const rank = (r: Ranked) => (priorityType !== null && r.organisationType === priorityType ? 0 : 1)
  return [...rows].sort((a, b) => rank(a) - rank(b) || time(a) - time(b))
}

/** The morning invitation: `invitationTime` on the event's date, in its zone. */
export function invitationInstant(settings: Pick<RegistrationSettings, 'invitationTime'>, when: EventWhen): number {
  return localInstant(when.date, settings.invitationTime, when.timeZone)
}

export function reminderInstant(settings: Pick<RegistrationSettings, 'reminder'>, when: EventWhen): number | null {
  return settings.reminder ? when.plannedStartMs - REMINDER_BEFORE_MS : null
}

/**
 * Invitations are due from the invitation time until the planned end: someone approved at 14:00 on
 * the day still gets one. Before the morning, only the organiser's « envoyer maintenant » sends them.
 */
export function invitationsDue(settings: Pick<RegistrationSettings, 'invitationTime'>, when: EventWhen, now: number): boolean {
  return now >= invitationInstant(settings, when) && now < when.plannedEndMs
}

/** Reminders are worth sending only between their time and the start. */
export function remindersDue(settings: Pick<RegistrationSettings, 'reminder'>, when: EventWhen, now: number): boolean {
  const at = reminderInstant(settings, when)
  return at !== null && now >= at && now < when.plannedStartMs
}

export function erasureInstant(settings: Pick<RegistrationSettings, 'retentionDays'>, when: EventWhen): number {
  return when.plannedEndMs + settings.retentionDays * 86_400_000
}

/** E-mail addresses compare case-insensitively and without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}
