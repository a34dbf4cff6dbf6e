// French words of the screens' live use (attendee tabs and announcements, own questions, the broadcast views,
// the régie's panels), merged into the dictionaries by i18n.ts. Glossary: « publiée », « à l'antenne »,
// « régie », « soutien »; users are addressed with « vous ».
export const screensFr = {
  'tabs.label': 'Questions du webinaire',
  'tabs.questions': 'Questions ({count})',
  'tabs.ask': 'Poser une question',

  'ask.status.pending': 'Votre question a été envoyée. Elle est en attente de modération.',
  'ask.status.approved': 'Votre question est publiée : les participants peuvent la soutenir.',
  'ask.status.on_air': "Votre question est à l'antenne.",
  'ask.status.answered': 'Votre question a reçu une réponse.',
  'ask.status.dismissed': "Votre question n'a pas été publiée.",
  'ask.status.merged': 'Votre question a été fusionnée avec une question similaire.',
  'ask.status.withdrawn': 'Vous avez retiré votre question.',
  'ask.followMine': 'Son statut est suivi dans « Mes questions », ci-dessous.',

  'news.publishedOne': 'Nouvelle question publiée : « {text} ».',
  'news.publishedMany': '{count} nouvelles questions publiées.',
  'news.onAir': "À l'antenne : « {text} ».",
  'news.mine.pending': 'Votre question « {text} » est de nouveau en attente de modération.',
  'news.mine.approved': 'Votre question « {text} » est publiée.',
  'news.mine.on_air': "Votre question « {text} » est à l'antenne.",
  'news.mine.answered': 'Votre question « {text} » a reçu une réponse.',
  'news.mine.dismissed': "Votre question « {text} » n'a pas été publiée.",
  'news.mine.merged': 'Votre question « {text} » a été fusionnée avec une question similaire.',
  'news.mine.withdrawn': 'Vous avez retiré votre question « {text} ».',
  'news.reordered': "L'ordre des questions a changé. « Actualiser l'ordre » l'affiche.",
  'news.orderUpdated': 'Ordre des questions actualisé : {sort}.',
  'news.revised': 'Votre question a été modifiée.',

  'published.refresh': "Actualiser l'ordre",
  'published.stale': "L'ordre a changé pendant que vous lisiez.",

  'mine.edit': 'Modifier',
  'mine.withdraw': 'Retirer',
  'mine.pendingHint': "Modifiable et retirable tant que la régie ne l'a pas traitée.",
  'mine.edit.label': 'Nouvelle formulation de votre question',
  'mine.edit.save': 'Enregistrer',
  'mine.edit.cancel': 'Annuler',
  'mine.withdraw.confirm': 'Retirer cette question ? Elle quittera la file de la régie.',
  'mine.withdraw.yes': 'Oui, la retirer',
  'mine.withdraw.no': 'Non, la garder',

  'stats.withdrawn': 'retirées',

  'screen.askTitle': 'Posez vos questions',
  'screen.askAtLead': 'Posez vos questions sur',
  'screen.qr': 'Code QR vers {address}',
  'screen.scan': "Scannez le code ou tapez l'adresse :",
  'screen.none': "Aucune question à l'antenne.",
  'page.screen.clean': 'Écran public pour le flux vidéo',
  'page.screen.lowerThird': "Question à l'antenne (incrustation)",
  'page.screen.timer': 'Minuteur du programme (incrustation)',

  'regie.clockDetails': 'Programme détaillé, message à l’intervenant et écrans connectés',
  'regie.log.revise': 'Reformulée par son auteur',
  'regie.log.withdraw': 'Retirée par son auteur',
  'regie.withdrawn': 'Question retirée par son auteur : « {text} ».',
} as const

export type ScreensMessageKey = keyof typeof screensFr
