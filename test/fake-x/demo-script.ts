// What the fake X plays in the demo: #CNCD posts arriving over a few minutes. Invented accounts, no real people.
import type { FakePostInput, FakeX } from './fake-x.server'

export interface ScriptedPost extends Omit<FakePostInput, 'quotes' | 'repliesTo' | 'retweets'> {
  /** Seconds after the script starts. */
  at: number
  /** Index in the script of the post this one quotes, answers or reposts. */
  quotes?: number
  repliesTo?: number
  retweets?: number
}

const DEMO_POSTS: ScriptedPost[] = [
  {
    at: 0,
    handle: 'ville_exemple',
    name: 'Ville exemple',
    text: 'Nos partenaires au Sénégal ont reçu masques et gel grâce au jumelage. Comment pérenniser ces envois sans passer par des appels d’offres trop lourds ? #CNCD',
  },
  {
    at: 0,
    handle: 'region_demo',
    name: 'Région démo',
    text: 'Question pour le #CNCD : les fonds de coopération décentralisée non dépensés en 2020 pourront-ils être reportés sur 2021 ?',
  },
  {
    at: 8,
    handle: 'asso_jumelage',
    name: 'Association de jumelage',
    text: 'Les visioconférences ont remplacé les missions. Qui finance l’équipement numérique côté partenaires ? #CNCD',
  },
  {
    at: 20,
    handle: 'agglo_fictive',
    name: 'Agglomération fictive',
    text: 'Exactement notre situation avec notre commune partenaire au Burkina Faso. #CNCD',
    quotes: 0,
  },
  {
    at: 32,
    handle: 'cite_unie',
    name: 'Cité unie',
    text: 'Pour les collectivités qui découvrent la coopération décentralisée en pleine crise : existe-t-il un guide des bonnes pratiques sanitaires à partager avec les partenaires ? #CNCD',
  },
  { at: 44, handle: 'relais_info', name: 'Relais info', text: '', retweets: 1 },
  {
    at: 56,
    handle: 'departement_x',
    name: 'Département exemple',
    text: 'Retour d’expérience #CNCD : pendant le confinement, notre département a réorienté une partie de son programme de coopération vers l’appui aux centres de santé de nos partenaires, en lien avec les ONG locales. Cela a demandé de modifier les conventions en urgence. Question : l’État peut-il proposer un avenant type pour ces réorientations, afin que chaque collectivité n’ait pas à tout réécrire seule ?',
  },
  {
    at: 68,
    handle: 'ville_exemple',
    name: 'Ville exemple',
    text: 'Merci ! Et pour les co-financements du ministère, les dates limites de dépôt sont-elles décalées ? #CNCD',
    repliesTo: 0,
  },
  {
    at: 80,
    handle: 'twin_town_uk',
    name: 'Twin town (UK)',
    lang: 'en',
    text: 'Greetings from our twin town! How do French local authorities keep volunteers involved when travel is impossible? #CNCD',
  },
  {
    at: 92,
    handle: 'commune_rurale',
    name: 'Commune rurale',
    text: 'Petite commune, petit budget : peut-on mutualiser nos actions de coopération avec l’intercommunalité pendant la crise ? #CNCD',
  },
  {
    at: 104,
    handle: 'reseau_regional',
    name: 'Réseau régional multi-acteurs',
    text: 'Le réseau régional propose un atelier en ligne sur la coopération en temps de crise. Comment le CNCD peut-il relayer ce type d’initiatives ? #CNCD',
  },
  {
    at: 118,
    handle: 'jeunes_solidaires',
    name: 'Jeunes solidaires',
    text: 'Les volontaires de solidarité internationale rentrés en France peuvent-ils continuer leur mission à distance ? #CNCD',
  },
  {
    at: 132,
    handle: 'metropole_demo',
    name: 'Métropole démo',
    text: 'Nous avons ouvert une plateforme d’entraide entre villes partenaires : données, protocoles, achats groupés. D’autres collectivités intéressées ? #CNCD',
    quotes: 4,
  },
  {
    at: 150,
    handle: 'ville_exemple',
    name: 'Ville exemple',
    text: 'Dernière question de notre part : la crise sera-t-elle prise en compte dans l’évaluation des projets en cours ? #CNCD',
  },
  {
    at: 170,
    handle: 'cooperation_sud',
    name: 'Coopération Sud',
    text: 'Vu de nos partenaires : la solidarité entre collectivités a été plus rapide que beaucoup d’aides nationales. Comment garder cette réactivité après la crise ? #CNCD',
  },
]

/** Adds the posts to the fake X as their time comes; returns a function that stops the rest. */
export function playScript(fake: FakeX, script: ScriptedPost[] = DEMO_POSTS, { speed = 1 } = {}): () => void {
  const ids: string[] = []
  const timers = script.map((entry, index) =>
    setTimeout(
      () => {
        const { at: _at, quotes, repliesTo, retweets, ...post } = entry
        const ref = (i: number | undefined) => (i === undefined ? undefined : ids[i])
        ids[index] = fake.add({ ...post, quotes: ref(quotes), repliesTo: ref(repliesTo), retweets: ref(retweets) })[0]!.id
      },
      (entry.at * 1000) / speed,
    ),
  )
  return () => timers.forEach(clearTimeout)
}
