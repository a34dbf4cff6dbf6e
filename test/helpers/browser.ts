// Debian's Chromium driven by playwright-core. Never downloads a browser; a missing one fails the run.
import { existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { type Browser, type Page, chromium } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** `args`: more Chromium switches (a host resolver rule, certificate errors ignored for a self-signed proxy). */
export async function launchBrowser(args: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (browser tests never skip)`)
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...args,
    ],
  })
}

/**
 * Where the browser tests save their screenshots: `test-results/screenshots` on every run, and the README's
 * `docs/screenshots` when UPDATE_SCREENSHOTS=1 (so a test run does not rewrite committed images).
 */
export const SCREENSHOTS = path.resolve(
  import.meta.dirname,
  process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../../test-results/screenshots',
)
mkdirSync(SCREENSHOTS, { recursive: true })

export interface OpenOptions {
  viewport?: { width: number; height: number }
  /** The page's language, set before it loads; French by default, as for a new visitor. */
  lang?: 'fr' | 'en'
  timezoneId?: string
  /** Only where axe-core is injected: the server's policy (script-src 'self') would refuse the script. */
  bypassCSP?: boolean
  /** Runs before navigation (routing, init scripts). */
  prepare?: (page: Page) => Promise<void>
}

/** Opens a Tribune page and waits until it is connected and caught up; a page error fails the test. */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<Page> {
  const lang = options.lang ?? 'fr'
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
    bypassCSP: options.bypassCSP ?? false,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  })
  if (options.lang) await page.addInitScript((value) => localStorage.setItem('tribune:lang', value), lang)
  page.on('pageerror', (error) => {
    throw error
  })
  await options.prepare?.(page)
  await page.goto(url)
  // Generous: test files run two at a time on two cores.
  await page.locator('[data-connected="true"]').waitFor({ timeout: 20_000 })
  return page
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * axe-core's WCAG 2.1 A/AA rules in the page (opened with `bypassCSP`): the serious and critical violations,
 * each as "rule: where", so a failure names what to fix. Checks that axe did look (contrast and names passed).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  const results = await page.evaluate(async () => {
    type Result = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Result[]; passes: Result[] }> } }
    ).axe
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
    const brief = (r: Result) => ({
      id: r.id,
      impact: r.impact,
      help: r.help,
      targets: r.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    })
    return { violations: result.violations.map(brief), passes: result.passes.map((r) => r.id) }
  })
  if (!results.passes.includes('color-contrast') && !results.violations.some((v) => v.id === 'color-contrast')) {
    throw new Error('axe did not check colour contrast: the page had no text to check')
  }
  if (process.env.AXE_VERBOSE) console.log(JSON.stringify(results.violations, null, 1))
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.help}): ${v.targets.join(', ')}`)
}
