// The X source in the régie: its state in words, the meter, X posts on cards (x-source.ts), and its forms (x-forms.ts).
import { describe, expect, it } from 'vitest'
import type { XStatus } from '../../../server/contract/x'
import { translate } from '../../../client/src/lib/i18n'
import { fr } from '../../../client/src/lib/messages.fr'
import { clockFr } from '../../../client/src/lib/messages.clock.fr'
import { xEn } from '../../../client/src/lib/messages.x.en'
import { xFr } from '../../../client/src/lib/messages.x.fr'
import { fieldOfServerError, formFromStatus, importInput, parseLines, parseNumber, settingsPatch } from '../../../client/src/lib/x-forms'
import {
  agoText,
  budgetPercent,
  formatMonth,
  formatUsd,
  heldReason,
  heldText,
  instantText,
  isHeldReason,
  isShownAvatar,
  isXFlag,
  postedText,
  xFlagKey,
  dayMonthText,
  windowRestartText,
  xStateText,
  xTone,
} from '../../../client/src/lib/x-source'

const PARIS = 'Europe/Paris'
// 15:30 in Paris (summer time).
const NOW = Date.parse('2020-05-19T13:30:00Z')
const NBSP = '\u00a0'

function status(overrides: Partial<XStatus> = {}): XStatus {
  return {
    enabled: true,
    configured: true,
    query: '#CNCD -is:retweet',
    intervalSeconds: 15,
    pollIntervalMs: 15_000,
    usageCappedUntil: null,
    windowRestart: null,
    lastPollAt: '2020-05-19T13:29:50Z',
    lastSuccessAt: '2020-05-19T13:29:50Z',
    lastError: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
    pausedUntil: null,
    state: 'polling',
    meter: { month: '2020-05', postsRead: 40, usersRead: 12, costUsd: 0.32, budgetUsd: null, budgetUsedRatio: null, warning: false },
    capPerMinute: 20,
    heldCount: 0,
    trustedHandles: ['cncd_officiel'],
    blockedHandles: [],
    blockedKeywords: ['match'],
    ...overrides,
  }
}

describe('the X state in words', () => {
  it('says every state, with the resumption time in the event zone, 24-hour', () => {
    expect(xStateText(status(), 'fr', PARIS, NOW)).toBe('interrogation toutes les 15 s')
    expect(xStateText(status(), 'en', PARIS, NOW)).toBe('polling every 15 s')
    expect(xStateText(status({ state: 'off', configured: false, enabled: true }), 'fr', PARIS, NOW)).toBe(
      'désactivée — aucun jeton configuré',
    )
    expect(xStateText(status({ state: 'off', enabled: false }), 'fr', PARIS, NOW)).toMatch(/^en veille/)
    const limited = status({ state: 'rate_limited', pausedUntil: '2020-05-19T13:42:00Z' })
    expect(xStateText(limited, 'fr', PARIS, NOW)).toBe(`limite de débit atteinte : reprise à 15${NBSP}h${NBSP}42`)
    expect(xStateText(limited, 'en', PARIS, NOW)).toBe('rate limit reached: resuming at 15:42')
    const failing = status({ state: 'backing_off', consecutiveFailures: 3, pausedUntil: '2020-05-19T13:31:05Z' })
    expect(xStateText(failing, 'fr', PARIS, NOW)).toBe(`erreurs : nouvel essai à 15${NBSP}h${NBSP}31`)
    expect(xStateText(status({ state: 'budget_paused' }), 'fr', PARIS, NOW)).toBe('budget mensuel atteint : pause')
    const capped = status({ state: 'usage_capped', usageCappedUntil: '2020-06-01T00:00:00Z' })
    expect(xStateText(capped, 'fr', PARIS, NOW)).toBe(`plafond mensuel atteint : reprise le 1er juin à 02${NBSP}h${NBSP}00`)
    expect(xStateText(capped, 'en', PARIS, NOW)).toBe('monthly cap reached: resuming on 1 June at 02:00')
    expect(xStateText(status({ state: 'usage_capped', usageCappedUntil: null }), 'fr', PARIS, NOW)).toBe('reprise imminente')
  })

  it('says the interval the server really polls at', () => {
    expect(xStateText(status({ pollIntervalMs: 300 }), 'fr', PARIS, NOW)).toBe('interrogation toutes les 0,3 s')
    expect(xStateText(status({ pollIntervalMs: 300 }), 'en', PARIS, NOW)).toBe('polling every 0.3 s')
  })

  it('says when X refused the stored position and from when posts were read again', () => {
    const restart = { at: '2020-05-19T13:20:00Z', from: '2020-05-12T13:30:00Z' }
    expect(windowRestartText('fr', PARIS, restart, NOW)).toBe(
      `15${NBSP}h${NBSP}20 : la position enregistrée avait plus de 7 jours ; messages relus depuis le 12 mai à 15${NBSP}h${NBSP}30, les plus anciens ne sont plus accessibles sur X.`,
    )
    expect(windowRestartText('en', PARIS, restart, NOW)).toMatch(/^15:20: .*posts read again from 12 May at 15:30, older ones/)
    expect(dayMonthText('fr', PARIS, '2020-05-31T22:30:00Z')).toBe('1er juin')
    expect(dayMonthText('fr', PARIS, '2020-06-02T12:00:00Z')).toBe('2 juin')
  })

  it('says « reprise imminente » once the pause is over on this screen, and names another day', () => {
    expect(xStateText(status({ state: 'rate_limited', pausedUntil: '2020-05-19T13:29:00Z' }), 'fr', PARIS, NOW)).toBe('reprise imminente')
    expect(xStateText(status({ state: 'backing_off', pausedUntil: null }), 'en', PARIS, NOW)).toBe('resuming shortly')
    expect(instantText('fr', PARIS, '2020-05-18T20:05:00Z', NOW)).toBe(`18 mai, 22${NBSP}h${NBSP}05`)
    // 23:30 UTC is already the next day in Paris.
    expect(instantText('en', PARIS, '2020-05-19T23:30:00Z', NOW)).toBe('20 May, 01:30')
  })

  it('says how long ago the last poll was, within the hour', () => {
    expect(agoText('fr', '2020-05-19T13:29:48Z', NOW)).toBe('il y a 12 secondes')
    expect(agoText('en', '2020-05-19T13:29:48Z', NOW)).toBe('12 seconds ago')
    expect(agoText('fr', '2020-05-19T13:27:00Z', NOW)).toBe('il y a 3 minutes')
    // A server clock slightly ahead of the estimate never reads « dans 1 seconde ».
    expect(agoText('en', '2020-05-19T13:30:01Z', NOW)).toBe('now')
    expect(agoText('fr', '2020-05-19T12:00:00Z', NOW)).toBeNull()
  })

  it('has a colour family per state', () => {
    expect(xTone({ state: 'off' })).toBe('off')
    expect(xTone({ state: 'polling' })).toBe('ok')
    expect(xTone({ state: 'rate_limited' })).toBe('warning')
    expect(xTone({ state: 'budget_paused' })).toBe('warning')
    expect(xTone({ state: 'usage_capped' })).toBe('warning')
    expect(xTone({ state: 'backing_off' })).toBe('error')
  })
})

describe('the meter', () => {
  it('formats dollars in the user’s locale, down to a tenth of a cent', () => {
    expect(formatUsd('fr', 0.32)).toBe(`0,32${NBSP}$US`)
    expect(formatUsd('en', 0.32)).toBe('US$0.32')
    expect(formatUsd('fr', 0.005)).toBe(`0,005${NBSP}$US`)
    expect(formatUsd('en', 1250)).toBe('US$1,250.00')
  })

  it('names the month and floors the share of the budget', () => {
    expect(formatMonth('fr', '2020-05')).toBe('mai 2020')
    expect(formatMonth('en', '2020-12')).toBe('December 2020')
    expect(budgetPercent({ budgetUsedRatio: null })).toBeNull()
    expect(budgetPercent({ budgetUsedRatio: 0.7999 })).toBe(79)
    expect(budgetPercent({ budgetUsedRatio: 0.8 })).toBe(80)
    expect(budgetPercent({ budgetUsedRatio: 0.29 })).toBe(29)
    expect(budgetPercent({ budgetUsedRatio: 1.25 })).toBe(125)
  })
})

describe('X posts on cards', () => {
  it('says why a post is held, the rules before the cap', () => {
    expect(heldReason(['x_cap'])).toBe('x_cap')
    expect(heldReason(['x_cap', 'blocked_keyword'])).toBe('blocked_keyword')
    expect(heldReason(['profanity'])).toBeNull()
    expect(heldText('fr', ['blocked_handle'])).toBe('retenue : compte bloqué')
    expect(heldText('fr', ['blocked_keyword'])).toBe('retenue : mot bloqué')
    expect(heldText('en', ['x_cap'])).toBe('held: per-minute cap')
    expect(heldText('fr', ['blocked_asker'])).toBe('retenue')
    expect(isHeldReason('x_cap')).toBe(true)
    expect(isHeldReason('trusted_handle')).toBe(false)
    expect(isXFlag('trusted_handle')).toBe(true)
    expect(isXFlag('profanity')).toBe(false)
    expect(xFlagKey('trusted_handle')).toBe('x.flag.trusted_handle')
    expect(xFlagKey('spam')).toBeNull()
  })

  it('shows https and inline avatars only, and when the post was published', () => {
    expect(isShownAvatar('https://pbs.twimg.com/profile_images/1/a_normal.jpg')).toBe(true)
    expect(isShownAvatar('data:image/svg+xml,%3Csvg%3E')).toBe(true)
    expect(isShownAvatar('http://example.org/a.png')).toBe(false)
    expect(isShownAvatar('javascript:alert(1)')).toBe(false)
    expect(isShownAvatar(null)).toBe(false)
    expect(postedText('fr', PARIS, '2020-05-19T13:12:00Z', NOW)).toBe('publié à 15:12')
    expect(postedText('en', PARIS, '2020-05-17T08:00:00Z', NOW)).toBe('posted on 17 May at 10:00')
  })
})

describe('the settings form', () => {
  it('starts from the status, one handle a line with its @', () => {
    const form = formFromStatus(status({ blockedHandles: ['spam_bot', 'autre'], meter: { ...status().meter, budgetUsd: 12.5 } }), 'fr')
    expect(form).toMatchObject({ query: '#CNCD -is:retweet', interval: '15', cap: '20', budget: '12,5', enabled: true })
    expect(formFromStatus(status({ meter: { ...status().meter, budgetUsd: 12.5 } }), 'en').budget).toBe('12.5')
    expect(form.trusted).toBe('@cncd_officiel')
    expect(form.blockedHandles).toBe('@spam_bot\n@autre')
    expect(formFromStatus(status(), 'fr').budget).toBe('')
  })

  it('parses lists and numbers as typed', () => {
    expect(parseLines(' @a, @b\n\n@a  c ', 'handles')).toEqual(['@a', '@b', 'c'])
    expect(parseLines('match de foot\n  loto \n\nmatch de foot', 'keywords')).toEqual(['match de foot', 'loto'])
    expect(parseNumber('12,50')).toBe(12.5)
    expect(parseNumber(' 1 000 ')).toBe(1000)
    expect(parseNumber('-3')).toBeNull()
    expect(parseNumber('abc')).toBeNull()
    expect(parseNumber('')).toBeNull()
  })

  it('sends only what changed', () => {
    const current = status()
    expect(settingsPatch(formFromStatus(current, 'fr'), current)).toEqual({ patch: {}, problems: {} })
    const form = {
      ...formFromStatus(current, 'fr'),
      query: '  #CNCD   -is:retweet lang:fr ',
      interval: '30',
      budget: '12,5',
      enabled: false,
      trusted: '@CNCD_officiel',
      blockedHandles: '@spam_bot\nautre_compte',
      blockedKeywords: 'match\nloto',
    }
    expect(settingsPatch(form, current)).toEqual({
      patch: {
        query: '#CNCD -is:retweet lang:fr',
        intervalSeconds: 30,
        enabled: false,
        monthlyBudgetUsd: 12.5,
        // The same account spelled anew is saved: the panel and the cards show handles as spelled.
        trustedHandles: ['CNCD_officiel'],
        blockedHandles: ['spam_bot', 'autre_compte'],
        blockedKeywords: ['match', 'loto'],
      },
      problems: {},
    })
    // One entry per account, the first spelling kept.
    expect(settingsPatch({ ...formFromStatus(current, 'fr'), trusted: '@cncd_officiel @CNCD_Officiel' }, current).patch).toEqual({})
    expect(settingsPatch({ ...formFromStatus(current, 'fr'), blockedHandles: '@AgnesMarchal_\n@agnesmarchal_' }, current).patch).toEqual({
      blockedHandles: ['AgnesMarchal_'],
    })
    // Emptying the budget removes it.
    const budgeted = status({ meter: { ...current.meter, budgetUsd: 12.5 } })
    expect(settingsPatch(formFromStatus(budgeted, 'fr'), budgeted).patch).toEqual({})
    expect(settingsPatch(formFromStatus(budgeted, 'en'), budgeted).patch).toEqual({})
    expect(settingsPatch({ ...formFromStatus(budgeted, 'fr'), budget: ' ' }, budgeted).patch).toEqual({ monthlyBudgetUsd: null })
  })

  it('says what is wrong with each field, as the server would refuse it', () => {
    const current = status()
    const { patch, problems } = settingsPatch(
      {
        ...formFromStatus(current, 'fr'),
        query: ' ',
        interval: '2',
        cap: '1,5',
        budget: 'beaucoup',
        blockedHandles: '@bon\n@pas-bon\n@beaucoup_trop_long_pour_x',
        blockedKeywords: 'x'.repeat(101),
      },
      current,
    )
    expect(patch).toEqual({})
    expect(Object.keys(problems).sort()).toEqual(['blockedHandles', 'blockedKeywords', 'budget', 'cap', 'interval', 'query'])
    expect(translate('fr', problems.blockedHandles!.key, problems.blockedHandles!.params)).toContain('@pas-bon, @beaucoup_trop_long_pour_x')
  })

  it('finds the field a server validation error names', () => {
    expect(fieldOfServerError('blockedHandles/2')).toBe('blockedHandles')
    expect(fieldOfServerError('/intervalSeconds')).toBe('interval')
    expect(fieldOfServerError('monthlyBudgetUsd')).toBe('budget')
    expect(fieldOfServerError('body')).toBeNull()
    expect(fieldOfServerError(undefined)).toBeNull()
  })
})

describe('the import form', () => {
  const empty = { url: '', text: '', handle: '', link: '' }

  it('sends a link to fetch, or a typed post with its handle and link', () => {
    expect(importInput({ ...empty, url: ' https://x.com/ville_exemple/status/123 ' })).toEqual({
      input: { url: 'https://x.com/ville_exemple/status/123' },
    })
    expect(importInput({ ...empty, text: ' Une question ? ', handle: '@Ville_Exemple' })).toEqual({
      input: { text: 'Une question ?', handle: 'Ville_Exemple' },
    })
    expect(importInput({ ...empty, text: 'Une question ?', url: 'https://x.com/a/status/1' })).toEqual({
      input: { text: 'Une question ?', url: 'https://x.com/a/status/1' },
    })
    expect(importInput({ ...empty, text: 'Sans compte' })).toEqual({ input: { text: 'Sans compte' } })
  })

  it('says what is missing or wrong', () => {
    expect(importInput(empty)).toEqual({ field: 'url', problem: { key: 'x.import.missing' } })
    expect(importInput({ ...empty, url: 'x.com/a/status/1' })).toEqual({ field: 'url', problem: { key: 'x.import.badUrl' } })
    expect(importInput({ ...empty, text: 'Texte', handle: '@pas bon' })).toMatchObject({ field: 'handle' })
    expect(importInput({ ...empty, text: 'Texte', link: 'javascript:alert(1)' })).toEqual({
      field: 'link',
      problem: { key: 'x.import.badUrl' },
    })
  })
})

describe('the X dictionaries', () => {
  it('are complete in both languages, with the same placeholders, and redefine no other key', () => {
    expect(Object.keys(xEn).sort()).toEqual(Object.keys(xFr).sort())
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
    for (const key of Object.keys(xFr) as (keyof typeof xFr)[]) {
      expect(xEn[key], key).not.toBe('')
      expect(placeholders(xEn[key]), key).toEqual(placeholders(xFr[key]))
    }
    expect(Object.keys(xFr).filter((key) => key in fr || key in clockFr)).toEqual([])
  })

  it('use the glossary words and plurals', () => {
    expect(translate('fr', 'x.card.held')).toBe(translate('fr', 'status.held'))
    expect(translate('fr', 'x.held.other', { count: 12 })).toBe('12 retenues')
    expect(translate('fr', 'x.held.one', { count: 1 })).toBe('1 retenue')
    expect(translate('en', 'x.held.other', { count: 12 })).toBe('12 held')
    expect(translate('fr', 'x.card.view')).toBe('Voir sur X')
  })
})
