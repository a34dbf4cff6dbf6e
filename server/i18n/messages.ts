// Error messages in the user's language. French is the default; every code has both languages.
import type { ErrorCode } from '../contract/errors'
import type { ItemStatus, Lang } from '../contract/schemas'

type Params = Record<string, string | number>
type Catalogue = Record<ErrorCode, (p: Params) => string>

const fr: Catalogue = {
  invalid_input: (p) =>
    `Requête invalide : « ${p.field ?? 'requête'} » ${RULE_FR[String(p.rule)]?.(p) ?? (p.detail ? `n’est pas accepté (${p.detail})` : 'n’est pas accepté')}.`,
  event_not_found: (p) => `Webinaire introuvable : « ${p.slug} ».`,
  event_exists: (p) => `Un webinaire porte déjà l’adresse « ${p.slug} ».`,
  question_not_found: () => 'Question introuvable.',
  question_empty: () => 'Votre question est vide. Écrivez votre question avant de l’envoyer.',
  question_too_long: (p) =>
    `Votre question dépasse la limite de ${formatNumber(p.limit, 'fr')} caractères (${formatNumber(p.length, 'fr')} saisis).`,
  anonymous_not_allowed: () => 'Les questions anonymes ne sont pas acceptées pour ce webinaire : indiquez votre nom.',
  name_required: () => 'Indiquez votre nom, ou cochez « anonyme ».',
  unauthorized: () => 'Lien d’accès manquant. Ouvrez le lien complet que vous avez reçu.',
  forbidden: () => 'Ce lien d’accès n’est pas valide ou a été renouvelé. Demandez le nouveau lien.',
  version_conflict: () => 'Cette question vient d’être modifiée par quelqu’un d’autre. Vérifiez son nouvel état avant de recommencer.',
  illegal_transition: (p) => `Action impossible : « ${p.action} » ne s’applique pas à une question ${statusFr(p.status)}.`,
  vote_closed: () => 'Cette question a déjà reçu sa réponse : on ne peut plus la soutenir.',
  question_locked: () => 'La régie a déjà traité cette question : vous ne pouvez plus la modifier ni la retirer.',
  clock_refused: (p) => CLOCK_FR[String(p.reason)] ?? `Commande d’horloge refusée (${p.reason}).`,
  rate_limited: (p) => `Trop de demandes. Réessayez dans ${formatNumber(p.retryAfter ?? 60, 'fr')} s.`,
  not_found: () => 'Page introuvable.',
  conflict: () => 'Quelqu’un a fait une autre modification au même moment. Voici l’état actuel : vérifiez-le avant de recommencer.',
  unavailable: () => 'Le serveur redémarre. Votre action n’a pas été prise en compte : réessayez dans quelques secondes.',
  internal: () => 'Erreur interne du serveur. Réessayez dans un instant.',
  x_bad_url: () => 'Ce lien n’est pas celui d’un message X (https://x.com/compte/status/…).',
  x_not_configured: () => 'L’accès à l’API X n’est pas configuré : saisissez le texte du message et le compte de son auteur.',
  x_budget_reached: () => 'Le budget X du mois est atteint : saisissez le texte du message et le compte de son auteur.',
  x_post_not_found: () => 'Message X introuvable : il a peut-être été supprimé ou son compte est protégé.',
  x_unavailable: () => 'X ne répond pas pour le moment. Réessayez plus tard, ou saisissez le texte du message.',
  registration_not_open: (p) =>
    `Les inscriptions ne sont pas encore ouvertes (ouverture le ${formatInstant(p.opensAt, p.timeZone, 'fr')}).`,
  registration_closed: (p) =>
    `Les inscriptions sont closes depuis le ${formatInstant(p.closesAt, p.timeZone, 'fr')}.${p.contact ? ` Contact : ${p.contact}.` : ''}`,
  registration_full: (p) =>
    `Toutes les places sont attribuées (${formatNumber(p.capacity, 'fr')}) : placez cette personne sur liste d’attente.`,
  registration_not_found: () => 'Inscription introuvable.',
  invitation_invalid: () =>
    'Ce lien personnel n’est plus valide (renouvelé ou révoqué). Utilisez le dernier lien reçu, ou le lien public du webinaire.',
}

const en: Catalogue = {
  invalid_input: (p) =>
    `Invalid request: "${p.field ?? 'request'}" ${RULE_EN[String(p.rule)]?.(p) ?? (p.detail ? `is not accepted (${p.detail})` : 'is not accepted')}.`,
  event_not_found: (p) => `Webinar not found: "${p.slug}".`,
  event_exists: (p) => `A webinar already uses the address "${p.slug}".`,
  question_not_found: () => 'Question not found.',
  question_empty: () => 'Your question is empty. Write your question before sending it.',
  question_too_long: (p) =>
    `Your question is over the ${formatNumber(p.limit, 'en')}-character limit (${formatNumber(p.length, 'en')} typed).`,
  anonymous_not_allowed: () => 'Anonymous questions are not accepted for this webinar: please give your name.',
  name_required: () => 'Please give your name, or tick "anonymous".',
  unauthorized: () => 'Access link missing. Open the full link you were sent.',
  forbidden: () => 'This access link is not valid or has been renewed. Ask for the new link.',
  version_conflict: () => 'Someone else has just changed this question. Check its new state before trying again.',
  illegal_transition: (p) => `Not possible: "${p.action}" does not apply to a question that is ${statusEn(p.status)}.`,
  vote_closed: () => 'This question has been answered: it can no longer be upvoted.',
  question_locked: () => 'The moderators have already handled this question: it can no longer be edited or withdrawn.',
  clock_refused: (p) => CLOCK_EN[String(p.reason)] ?? `Clock command refused (${p.reason}).`,
  rate_limited: (p) => `Too many requests. Try again in ${formatNumber(p.retryAfter ?? 60, 'en')} s.`,
  not_found: () => 'Page not found.',
  conflict: () => 'Someone else made another change at the same moment. Here is the current state: check it before trying again.',
  unavailable: () => 'The server is restarting. Your action was not taken: try again in a few seconds.',
  internal: () => 'Internal server error. Please try again in a moment.',
  x_bad_url: () => 'This link is not an X post link (https://x.com/account/status/…).',
  x_not_configured: () => 'Access to the X API is not configured: type the post’s text and its author’s handle.',
  x_budget_reached: () => 'This month’s X budget is spent: type the post’s text and its author’s handle.',
  x_post_not_found: () => 'X post not found: it may have been deleted, or its account is protected.',
  x_unavailable: () => 'X is not answering right now. Try again later, or type the post’s text.',
  registration_not_open: (p) => `Registration is not open yet (it opens on ${formatInstant(p.opensAt, p.timeZone, 'en')}).`,
  registration_closed: (p) =>
    `Registration closed on ${formatInstant(p.closesAt, p.timeZone, 'en')}.${p.contact ? ` Contact: ${p.contact}.` : ''}`,
  registration_full: (p) => `All places are taken (${formatNumber(p.capacity, 'en')}): put this person on the waiting list.`,
  registration_not_found: () => 'Registration not found.',
  invitation_invalid: () =>
    'This personal link is no longer valid (renewed or revoked). Use the latest link you received, or the webinar’s public link.',
}

const catalogues: Record<Lang, Catalogue> = { fr, en }

export function errorMessage(code: ErrorCode, params: Params, lang: Lang): string {
  return catalogues[lang][code](params)
}

/** Picks fr or en from an Accept-Language header (or a bare tag); French when nothing matches. */
export function pickLang(header: string | undefined | null): Lang {
  if (!header) return 'fr'
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';')
      const q = rest.find((r) => r.trim().startsWith('q='))
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 }
    })
    .sort((a, b) => b.q - a.q)
  for (const { tag } of ranked) {
    if (tag.startsWith('fr')) return 'fr'
    if (tag.startsWith('en')) return 'en'
  }
  return 'fr'
}

/** « 18 mai 2020 à 00:00 (Europe/Paris) »: an instant (ISO) in the event's zone. */
function formatInstant(iso: string | number | undefined, timeZone: string | number | undefined, lang: Lang): string {
  const zone = String(timeZone ?? 'UTC')
  const date = new Date(String(iso ?? ''))
  if (Number.isNaN(date.getTime())) return String(iso ?? '')
  const text = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: zone,
    hourCycle: 'h23',
  }).format(date)
  return `${text} (${zone})`
}

function formatNumber(value: string | number | undefined, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(Number(value ?? 0))
}

/** How a question's status reads, in errors and in exports. */
export const STATUS_FR: Record<ItemStatus, string> = {
  pending: 'en attente de modération',
  approved: 'publiée',
  on_air: 'à l’antenne',
  answered: 'répondue',
  dismissed: 'écartée',
  merged: 'fusionnée',
  withdrawn: 'retirée par son auteur',
}
export const STATUS_EN: Record<ItemStatus, string> = {
  pending: 'awaiting moderation',
  approved: 'published',
  on_air: 'on air',
  answered: 'answered',
  dismissed: 'dismissed',
  merged: 'merged',
  withdrawn: 'withdrawn by its asker',
}
const statusFr = (s: string | number | undefined) => (STATUS_FR as Record<string, string>)[String(s)] ?? String(s)
const statusEn = (s: string | number | undefined) => (STATUS_EN as Record<string, string>)[String(s)] ?? String(s)

const CLOCK_FR: Record<string, string> = {
  not_started: 'Le programme n’a pas commencé : lancez-le d’abord.',
  already_started: 'Le programme a déjà commencé.',
  already_ended: 'Le programme est terminé. Réinitialisez l’horloge pour recommencer.',
  not_paused: 'L’horloge n’est pas en pause.',
  already_paused: 'L’horloge est déjà en pause.',
  no_next_segment: 'C’est la dernière séquence : utilisez « Terminer ».',
  no_previous_segment: 'C’est la première séquence.',
  unknown_segment: 'Cette séquence n’existe pas dans le programme.',
  bad_adjust: 'Ajustement impossible : la séquence n’a pas autant de temps à retirer.',
}
const CLOCK_EN: Record<string, string> = {
  not_started: 'The agenda has not started: start it first.',
  already_started: 'The agenda has already started.',
  already_ended: 'The agenda has ended. Reset the clock to run it again.',
  not_paused: 'The clock is not paused.',
  already_paused: 'The clock is already paused.',
  no_next_segment: 'This is the last segment: use “End”.',
  no_previous_segment: 'This is the first segment.',
  unknown_segment: 'There is no such segment in the agenda.',
  bad_adjust: 'Cannot adjust: the segment does not have that much time to remove.',
}

type Rule = (p: Params) => string
const RULE_FR: Record<string, Rule> = {
  required: () => 'est obligatoire',
  unknown_field: () => 'n’est pas un champ accepté',
  too_long: (p) => `dépasse ${formatNumber(p.limit, 'fr')} caractères`,
  too_short: (p) => `doit compter au moins ${formatNumber(p.limit, 'fr')} caractère(s)`,
  too_small: (p) => `doit valoir au moins ${formatNumber(p.limit, 'fr')}`,
  too_large: (p) => `doit valoir au plus ${formatNumber(p.limit, 'fr')}`,
  too_many: (p) => `contient plus de ${formatNumber(p.limit, 'fr')} éléments`,
  too_few: (p) => `doit contenir au moins ${formatNumber(p.limit, 'fr')} élément(s)`,
  format: () => 'n’a pas le format attendu',
  type: () => 'n’est pas du type attendu',
  choice: () => 'n’est pas une valeur acceptée',
  count: () => 'doit être un seul objet, suivi de la fonction de réponse',
  not_a_date: (p) => `n’est pas une date du calendrier (${p.detail})`,
  nonexistent_time: (p) =>
    `indique une heure locale qui n’existe pas : le ${longDate(p.date, 'fr')} (${p.timeZone}), les horloges passent de ${frTime(p.gapFrom)} à ${frTime(p.gapTo)} et sautent ${frTime(p.time)}`,
  empty_segment: (p) =>
    `ne laisse aucune durée à la séquence : de ${frTime(p.start)} à ${frTime(p.end)} le ${longDate(p.date, 'fr')}, elle durerait ${formatNumber(p.minutes, 'fr')} min`,
}
const RULE_EN: Record<string, Rule> = {
  required: () => 'is required',
  unknown_field: () => 'is not an accepted field',
  too_long: (p) => `is over ${formatNumber(p.limit, 'en')} characters`,
  too_short: (p) => `must be at least ${formatNumber(p.limit, 'en')} character(s)`,
  too_small: (p) => `must be at least ${formatNumber(p.limit, 'en')}`,
  too_large: (p) => `must be at most ${formatNumber(p.limit, 'en')}`,
  too_many: (p) => `has more than ${formatNumber(p.limit, 'en')} items`,
  too_few: (p) => `must have at least ${formatNumber(p.limit, 'en')} item(s)`,
  format: () => 'is not in the expected format',
  type: () => 'is not of the expected type',
  choice: () => 'is not an accepted value',
  count: () => 'must be exactly one object, followed by the reply callback',
  not_a_date: (p) => `is not a calendar date (${p.detail})`,
  nonexistent_time: (p) =>
    `is a local time that does not exist: on ${longDate(p.date, 'en')} (${p.timeZone}) the clocks go from ${p.gapFrom} to ${p.gapTo}, skipping ${p.time}`,
  empty_segment: (p) =>
    `leaves the segment no time: from ${p.start} to ${p.end} on ${longDate(p.date, 'en')} it would last ${formatNumber(p.minutes, 'en')} min`,
}

/** « 02 h 30 »: a time of day in running French text. */
function frTime(time: string | number | undefined): string {
  return String(time ?? '').replace(':', '\u00a0h\u00a0')
}

/** « 29 mars 2026 » / "29 March 2026" from YYYY-MM-DD (a calendar day, so read in UTC). */
function longDate(date: string | number | undefined, lang: Lang): string {
  const day = new Date(`${String(date)}T00:00:00Z`)
  if (Number.isNaN(day.getTime())) return String(date)
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(day)
}
