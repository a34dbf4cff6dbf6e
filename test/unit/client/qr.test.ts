// The public screen's QR code decodes to the address it shows: encoded by uqr, drawn by qrPath, read back by
// jsQR (an independent decoder) from the rasterised path.
import jsQR from 'jsqr'
import { describe, expect, it } from 'vitest'
import { qrModules, qrPath } from '../../../client/src/lib/qr'

/** Rasterises an SVG path of unit squares (as qrPath writes them) with a quiet zone, into RGBA pixels. */
function rasterise(path: string, size: number, scale = 4, quiet = 4) {
  const width = (size + 2 * quiet) * scale
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255)
  for (const match of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, run] = [Number(match[1]), Number(match[2]), Number(match[3])]
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < run * scale; dx++) {
        const offset = (((y + quiet) * scale + dy) * width + (x + quiet) * scale + dx) * 4
        pixels[offset] = pixels[offset + 1] = pixels[offset + 2] = 0
      }
    }
  }
  return { pixels, width }
}

describe('QR code', () => {
  it.each(['http://tribune.test/e/daect-2020-05-19', 'https://webinaires.example.fr/e/cooperation-decentralisee-2020-05-19'])(
    'decodes back to %s',
    (address) => {
      const modules = qrModules(address)
      expect(modules.length).toBe(modules[0]!.length)
      const { pixels, width } = rasterise(qrPath(modules), modules.length)
      expect(jsQR(pixels, width, width)?.data).toBe(address)
    },
  )

  it('merges each row’s dark runs into one rectangle', () => {
    expect(
      qrPath([
        [true, true, false, true],
        [false, false, false, false],
      ]),
    ).toBe('M0 0h2v1h-2zM3 0h1v1h-1z')
  })

  it('draws the three finder patterns in their corners', () => {
    const modules = qrModules('http://tribune.test/e/x')
    const n = modules.length
    for (const [x, y] of [
      [0, 0],
      [n - 7, 0],
      [0, n - 7],
    ] as const) {
      // A finder's outer ring is dark, the ring inside it light, its 3×3 core dark.
      expect(modules[y]![x]).toBe(true)
      expect(modules[y + 1]![x + 1]).toBe(false)
      expect(modules[y + 3]![x + 3]).toBe(true)
    }
  })
})
