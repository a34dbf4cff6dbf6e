// The standard wording of the registration page's data notice, in French and English (pure: the page shows it,
// the server stores the consent text the person agreed to, word for word).
import type { RegistrationSettings } from '../contract/registration'
import type { EventView, Lang } from '../contract/schemas'

type Wording = Pick<RegistrationSettings, 'purpose' | 'consentText' | 'retentionDays' | 'contactName' | 'contactEmail' | 'contactPhone'>

/** « Secrétariat, contact@example.org, 01 00 00 00 00 », or null when no contact is set. */
export function contactOf(settings: Pick<Wording, 'contactName' | 'contactEmail' | 'contactPhone'>): string | null {
  const who = [settings.contactName, settings.contactEmail, settings.contactPhone].filter(Boolean).join(', ')
  return who || null
}

export function purposeWording(settings: Wording, event: Pick<EventView, 'title' | 'organiser'>, lang: Lang): string {
  if (settings.purpose) return settings.purpose
  const organiser = event.organiser || (lang === 'fr' ? 'l’organisateur' : 'the organiser')
  return lang === 'fr'
    ? `Vos données sont traitées par ${organiser} pour gérer votre inscription au webinaire « ${event.title} » : confirmation, envoi des informations de connexion le jour même, rappel, et suivi écrit des questions si vous l’acceptez. Elles ne sont ni cédées ni utilisées à d’autres fins.`
    : `Your data is processed by ${organiser} to manage your registration for the webinar “${event.title}”: confirmation, sending the joining details on the day, a reminder, and a written follow-up of your questions if you agree. It is neither passed on nor used for anything else.`
}

export function retentionWording(settings: Wording, lang: Lang): string {
  return lang === 'fr'
    ? `Elles sont effacées ${settings.retentionDays} jours après le webinaire, ou plus tôt sur simple demande.`
    : `It is erased ${settings.retentionDays} days after the webinar, or sooner on request.`
}

export function contactWording(settings: Wording, lang: Lang): string | null {
  const who = contactOf(settings)
  if (!who) return null
  return lang === 'fr' ? `Pour consulter, rectifier ou effacer vos données : ${who}.` : `To see, correct or erase your data: ${who}.`
}

/** The consent box's label, as shown and as stored with the registration. */
export function consentWording(settings: Wording, event: Pick<EventView, 'title' | 'organiser'>, lang: Lang): string {
  if (settings.consentText) return settings.consentText
  return lang === 'fr'
    ? `J’accepte que mes données soient traitées pour mon inscription au webinaire « ${event.title} », dans les conditions ci-dessus.`
    : `I agree to my data being processed for my registration to the webinar “${event.title}”, as described above.`
}
