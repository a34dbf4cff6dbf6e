// Where things are on screen, for layout tests: boxes, the viewport, overlaps, text sizes.
import type { Locator, Page } from 'playwright-core'

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox()
  if (!box) throw new Error(`not rendered: ${locator.toString()}`)
  return box
}

/** Fully inside the viewport (a pixel of rounding allowed): nothing to scroll to see it whole. */
function inViewport(box: Box, viewport: { width: number; height: number }): boolean {
  return box.x >= -1 && box.y >= -1 && box.x + box.width <= viewport.width + 1 && box.y + box.height <= viewport.height + 1
}

function overlap(a: Box, b: Box): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 1 && h > 1
}

/** Asserts each named box is fully visible and no two overlap; returns a readable list of problems (empty: fine). */
export async function layoutProblems(page: Page, boxes: Record<string, Locator>): Promise<string[]> {
  const viewport = page.viewportSize()!
  const measured = await Promise.all(Object.entries(boxes).map(async ([name, locator]) => [name, await boxOf(locator)] as const))
  const problems: string[] = []
  for (const [name, box] of measured) {
    if (!inViewport(box, viewport)) problems.push(`${name} ${fmt(box)} is not inside ${viewport.width}×${viewport.height}`)
  }
  for (let i = 0; i < measured.length; i++) {
    for (let j = i + 1; j < measured.length; j++) {
      const [a, boxA] = measured[i]!
      const [b, boxB] = measured[j]!
      if (overlap(boxA, boxB)) problems.push(`${a} ${fmt(boxA)} overlaps ${b} ${fmt(boxB)}`)
    }
  }
  return problems
}

const fmt = (box: Box) => `[${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}]`

/** The smallest font size of any visible text in `root`, in pixels, with the element that has it. */
export async function smallestText(page: Page, root = 'body'): Promise<{ size: number; text: string }> {
  return page.evaluate((selector) => {
    let smallest = { size: Number.POSITIVE_INFINITY, text: '' }
    const walker = document.createTreeWalker(document.querySelector(selector)!, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim()
      const element = node.parentElement
      if (!text || !element) continue
      const rect = element.getBoundingClientRect()
      const style = getComputedStyle(element)
      // Visually hidden text (screen readers only) and hidden elements do not count.
      if (rect.width <= 1 || rect.height <= 1 || style.visibility === 'hidden' || element.closest('[hidden], .visually-hidden')) continue
      const size = Number.parseFloat(style.fontSize)
      if (size < smallest.size) smallest = { size, text: text.slice(0, 40) }
    }
    return smallest
  }, root)
}
