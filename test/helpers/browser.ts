// Debian's Chromium driven by playwright-core. Never downloads a browser; a missing one fails the run.
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { type Browser, chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (browser tests never skip)`)
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
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
