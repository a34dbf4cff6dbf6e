// The reference webinar (DAECT, 19 May 2020), created on first start. No personal data from the communiqué.
import type { RegistrationSettings } from '../contract/registration'
import type { CreateEventInput } from '../contract/schemas'
import { DEFAULT_REGISTRATION_SETTINGS } from '../registration/registration.rules'

const DEFAULT_EVENT_SLUG = 'daect-2020-05-19'

export const defaultEvent: CreateEventInput = {
  slug: DEFAULT_EVENT_SLUG,
  title: "Face à la crise du COVID 19, l'adaptation de la coopération décentralisée",
  organiser: 'DAECT — Délégation pour l’action extérieure des collectivités territoriales',
  timeZone: 'Europe/Paris',
  date: '2020-05-19',
  segments: [
    {
      title: 'Témoignages du vécu et des besoins de coopération exprimés par les collectivités territoriales',
      start: '15:00',
      end: '15:45',
      speakers: ['Conseillers de coopération d’ambassades françaises à l’étranger', 'Représentants des collectivités locales étrangères'],
      overrun: 'push',
    },
    {
      title: 'Le point de vue des partenaires dans les territoires français',
      start: '15:45',
      end: '16:15',
      overrun: 'push',
    },
    {
      title: 'Adaptation des outils au service de la coopération décentralisée',
      start: '16:15',
      end: '17:00',
      overrun: 'push',
    },
    {
      title: 'Réponses aux questions posées lors du webinaire ou sur le compte Twitter de la CNCD',
      kind: 'qa',
      start: '17:00',
      end: '17:30',
      overrun: 'absorb',
      minDurationMinutes: 10,
    },
  ],
  settings: { moderation: 'pre', anonymousAllowed: true, maxQuestionLength: 500, xQuery: '#CNCD -is:retweet' },
}

/**
 * « Cette réunion s'adressera en priorité aux collectivités territoriales françaises » : the organiser approves,
 * local authorities first. The deadline is the default one (the day before, 00:00: « avant le 18 mai ») and the
 * invitations leave at 08:00 on the day. The contact is a placeholder for the organiser to fill in.
 */
export const defaultRegistration: RegistrationSettings = {
  ...DEFAULT_REGISTRATION_SETTINGS,
  approval: 'manual',
  priorityType: 'local_authority',
  contactName: 'Secrétariat de la DAECT',
  contactEmail: 'webinaire@example.org',
}
