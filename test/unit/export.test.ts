// The export in its reader's conventions: event-zone times with their offset (across DST), French or English
// headers and words, spreadsheet-safe cells.
import { describe, expect, it } from 'vitest'
import { toCsv, zoned, zonedItem } from '../../server/export/export'
import { item, segment } from './client/fixtures'

const event = {
  timeZone: 'Europe/Paris',
  segments: [segment(0, '2020-05-19T15:00:00+02:00', '2020-05-19T16:00:00+02:00', { id: 7, title: 'Ouverture ; bienvenue' })],
}

const rows = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)

describe('CSV export', () => {
  it('writes times in the event’s zone with their offset, summer and winter alike', () => {
    expect(zoned('2020-05-19T14:36:30.000Z', 'Europe/Paris')).toBe('2020-05-19T16:36:30+02:00')
    expect(zoned('2020-12-01T14:36:30.000Z', 'Europe/Paris')).toBe('2020-12-01T15:36:30+01:00')
    expect(zoned('2020-05-19T14:36:30.250Z', 'America/Montreal')).toBe('2020-05-19T10:36:30.250-04:00')
    expect(zoned(null, 'Europe/Paris')).toBeNull()
  })

  it('heads its columns and words its values in French by default, or in English', () => {
    const answered = item({
      id: 'q1',
      status: 'answered',
      createdAt: '2020-05-19T14:36:30.000Z',
      answeredAt: '2020-05-19T15:02:00.000Z',
      segmentId: 7,
      votes: 12,
      held: true,
    })
    const fr = rows(toCsv([answered], { lang: 'fr', event }))
    expect(fr[0]).toBe(
      'Identifiant;Posée le;Source;Statut;Motif d’écartement;Soutiens;Posée par (personnes);Anonyme;Nom;Collectivité ou organisme;' +
        'Compte X;Lien;Question;Texte d’origine;Réponse publique;Étiquettes;Séquence;Signalements;Retenue;Fusionnée avec;' +
        'À l’antenne le;Répondue le',
    )
    expect(fr[1]).toBe(
      'q1;2020-05-19T16:36:30+02:00;participant;répondue;;12;1;non;Camille;Commune test;;;Une question ?;;;;' +
        '"Ouverture ; bienvenue";;oui;;;2020-05-19T17:02:00+02:00',
    )
    const en = rows(toCsv([{ ...answered, status: 'dismissed', dismissReason: 'off_topic' }], { lang: 'en', event }))
    expect(en[0]!.split(';').slice(0, 6)).toEqual(['ID', 'Asked at', 'Source', 'Status', 'Dismissal reason', 'Upvotes'])
    expect(en[1]!.split(';').slice(2, 5)).toEqual(['attendee', 'dismissed', 'off topic'])
  })

  it('neutralises formulas and quotes separators, quotes and line breaks', () => {
    const tricky = item({
      id: 'q2',
      text: '=HYPERLINK("http://evil") ; et\r\n"guillemets"',
      author: { ...item({ id: 'x' }).author, name: '+33 1 23' },
    })
    const line = toCsv([tricky], { lang: 'fr', event }).split('\r\n').slice(1).join('\r\n')
    expect(line).toContain(`"'=HYPERLINK(""http://evil"") ; et\r\n""guillemets"""`)
    expect(line).toContain(";'+33 1 23;")
  })
})

describe('JSON export', () => {
  it('keeps the stable codes and moves every instant to the event’s zone', () => {
    const onAir = item({ id: 'q3', status: 'on_air', onAirAt: '2020-05-19T15:00:00.000Z', postedAt: '2020-05-19T13:00:00.000Z' })
    expect(zonedItem(onAir, 'Europe/Paris')).toMatchObject({
      status: 'on_air',
      createdAt: '2020-05-19T15:05:00+02:00',
      updatedAt: '2020-05-19T15:05:00+02:00',
      postedAt: '2020-05-19T15:00:00+02:00',
      onAirAt: '2020-05-19T17:00:00+02:00',
      answeredAt: null,
    })
  })
})
