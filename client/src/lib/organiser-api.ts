// HTTP calls of the registration, organiser, operator and report pages (the attendee's personal link too).
import type { EventSummary, UpdateEventInput } from '../../../server/contract/organiser'
import type {
  Decision,
  InvitedJoinResult,
  MailProgress,
  OrganiserOverview,
  PriorityApprovalResult,
  RegisterInput,
  RegisterResult,
  RegistrationPage,
  RegistrationSettings,
  RegistrationSettingsInput,
  RegistrationView,
} from '../../../server/contract/registration'
import type { Report } from '../../../server/contract/report'
import type { CreateEventInput, CreateEventResult, EventLinks, EventView } from '../../../server/contract/schemas'
import { apiRequest, type Authorised, downloadBlob, eventPath } from './api'
import type { Lang } from './i18n'

export function registrationPage(slug: string, lang: Lang): Promise<RegistrationPage> {
  return apiRequest(`${eventPath(slug)}/registration`, { lang })
}

export function registerFor(slug: string, input: RegisterInput, lang: Lang): Promise<RegisterResult> {
  return apiRequest(`${eventPath(slug)}/registrations`, { lang, method: 'POST', body: input })
}

export function joinWithInvitation(slug: string, invitation: string, lang: Lang): Promise<InvitedJoinResult> {
  return apiRequest(`${eventPath(slug)}/attendees/invited`, { lang, method: 'POST', body: { invitation } })
}

export const organiserApi = {
  overview: (slug: string, auth: Authorised) => apiRequest<OrganiserOverview>(`${eventPath(slug)}/organiser`, auth),
  updateEvent: (slug: string, input: UpdateEventInput, auth: Authorised) =>
    apiRequest<EventView>(eventPath(slug), { ...auth, method: 'PUT', body: input }),
  updateSettings: (slug: string, input: RegistrationSettingsInput, auth: Authorised) =>
    apiRequest<RegistrationSettings>(`${eventPath(slug)}/registration`, { ...auth, method: 'PATCH', body: input }),
  registrations: (slug: string, auth: Authorised) => apiRequest<RegistrationView[]>(`${eventPath(slug)}/registrations`, auth),
  decide: (slug: string, id: string, decision: Decision, auth: Authorised) =>
    apiRequest<RegistrationView>(`${eventPath(slug)}/registrations/${id}/decision`, { ...auth, method: 'POST', body: { decision } }),
  approveByPriority: (slug: string, auth: Authorised) =>
    apiRequest<PriorityApprovalResult>(`${eventPath(slug)}/registrations/priority-approval`, { ...auth, method: 'POST' }),
  erase: (slug: string, id: string, auth: Authorised) =>
    apiRequest<null>(`${eventPath(slug)}/registrations/${id}`, { ...auth, method: 'DELETE' }),
  revokeLink: (slug: string, id: string, auth: Authorised) =>
    apiRequest<RegistrationView>(`${eventPath(slug)}/registrations/${id}/link`, { ...auth, method: 'DELETE' }),
  sendInvitations: (slug: string, ids: string[] | null, auth: Authorised) =>
    apiRequest<{ queued: number }>(`${eventPath(slug)}/invitations`, {
      ...auth,
      method: 'POST',
      body: ids ? { registrationIds: ids } : {},
    }),
  mail: (slug: string, auth: Authorised) => apiRequest<MailProgress>(`${eventPath(slug)}/mail`, auth),
  rotateLinks: (slug: string, auth: Authorised) => apiRequest<EventLinks>(`${eventPath(slug)}/links`, { ...auth, method: 'POST' }),
  report: (slug: string, auth: Authorised) => apiRequest<Report>(`${eventPath(slug)}/report`, auth),
  listEvents: (auth: Authorised) => apiRequest<EventSummary[]>('/api/events', auth),
  createEvent: (input: CreateEventInput, auth: Authorised) =>
    apiRequest<CreateEventResult>('/api/events', { ...auth, method: 'POST', body: input }),
  deleteEvent: (slug: string, auth: Authorised) => apiRequest<null>(eventPath(slug), { ...auth, method: 'DELETE' }),
}

/** Files the organiser downloads (CSV, JSON, .eml): fetched with the token, then saved from a blob. */
export const organiserFiles = {
  registrationsCsv: (slug: string) => `${eventPath(slug)}/registrations.csv`,
  personExport: (slug: string, id: string) => `${eventPath(slug)}/registrations/${id}/export`,
  eml: (slug: string, jobId: string) => `${eventPath(slug)}/mail/${jobId}/eml`,
  reportCsv: (slug: string) => `${eventPath(slug)}/report.csv`,
  reportJson: (slug: string) => `${eventPath(slug)}/report`,
  followUpCsv: (slug: string) => `${eventPath(slug)}/follow-up.csv`,
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function saveDownload(path: string, filename: string, auth: Authorised): Promise<void> {
  const blob = await downloadBlob(path, auth)
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
