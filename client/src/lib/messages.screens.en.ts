// English words of the screens' live use: complete, key for key with messages.screens.fr.ts.
import type { ScreensMessageKey } from './messages.screens.fr'

export const screensEn: Record<ScreensMessageKey, string> = {
  'tabs.label': 'Webinar questions',
  'tabs.questions': 'Questions ({count})',
  'tabs.ask': 'Ask a question',

  'ask.status.pending': 'Your question has been sent. It is awaiting moderation.',
  'ask.status.approved': 'Your question is published: attendees can upvote it.',
  'ask.status.on_air': 'Your question is on air.',
  'ask.status.answered': 'Your question has been answered.',
  'ask.status.dismissed': 'Your question was not published.',
  'ask.status.merged': 'Your question was merged with a similar question.',
  'ask.status.withdrawn': 'You withdrew your question.',
  'ask.followMine': 'Follow its status in “My questions”, below.',

  'news.publishedOne': 'New question published: “{text}”.',
  'news.publishedMany': '{count} new questions published.',
  'news.onAir': 'On air: “{text}”.',
  'news.mine.pending': 'Your question “{text}” is awaiting moderation again.',
  'news.mine.approved': 'Your question “{text}” is published.',
  'news.mine.on_air': 'Your question “{text}” is on air.',
  'news.mine.answered': 'Your question “{text}” has been answered.',
  'news.mine.dismissed': 'Your question “{text}” was not published.',
  'news.mine.merged': 'Your question “{text}” was merged with a similar question.',
  'news.mine.withdrawn': 'You withdrew your question “{text}”.',
  'news.reordered': 'The order of the questions has changed. “Refresh the order” shows it.',
  'news.orderUpdated': 'Order of the questions refreshed: {sort}.',
  'news.revised': 'Your question has been edited.',

  'published.refresh': 'Refresh the order',
  'published.stale': 'The order changed while you were reading.',

  'mine.edit': 'Edit',
  'mine.withdraw': 'Withdraw',
  'mine.pendingHint': 'You can edit or withdraw it until the moderators handle it.',
  'mine.edit.label': 'New wording of your question',
  'mine.edit.save': 'Save',
  'mine.edit.cancel': 'Cancel',
  'mine.withdraw.confirm': 'Withdraw this question? It will leave the moderators’ queue.',
  'mine.withdraw.yes': 'Yes, withdraw it',
  'mine.withdraw.no': 'No, keep it',

  'stats.withdrawn': 'withdrawn',

  'screen.askTitle': 'Ask your questions',
  'screen.askAtLead': 'Ask your questions at',
  'screen.qr': 'QR code for {address}',
  'screen.scan': 'Scan the code or type the address:',
  'screen.none': 'No question on air.',
  'page.screen.clean': 'Public screen for the video stream',
  'page.screen.lowerThird': 'Question on air (overlay)',
  'page.screen.timer': 'Agenda timer (overlay)',

  'regie.clockDetails': 'Detailed agenda, message to speaker and connected screens',
  'regie.log.revise': 'Reworded by its asker',
  'regie.log.withdraw': 'Withdrawn by its asker',
  'regie.withdrawn': 'Question withdrawn by its asker: “{text}”.',
}
