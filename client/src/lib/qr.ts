// The QR code of an address, drawn locally (no external service): uqr encodes, this turns the modules into one
// SVG path. Medium error correction survives a video stream's compression and a screen's glare.
import { encode } from 'uqr'

/** Dark modules as rows of booleans, without the quiet zone (the caller leaves white space around it). */
export function qrModules(text: string): boolean[][] {
  return encode(text, { ecc: 'M', border: 0 }).data
}

/** One SVG path drawing every dark module, each row's runs merged: `M x y h n v1 h -n z`, one unit per module. */
export function qrPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = []
  modules.forEach((row, y) => {
    let x = 0
    while (x < row.length) {
      if (!row[x]) {
        x += 1
        continue
      }
      const start = x
      while (x < row.length && row[x]) x += 1
      parts.push(`M${start} ${y}h${x - start}v1h-${x - start}z`)
    }
  })
  return parts.join('')
}
