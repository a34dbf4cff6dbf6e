// Role secrets: 256 random bits, stored as SHA-256 digests, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

export function matchesHash(secret: string, storedHash: string): boolean {
  return sameHash(hashSecret(secret), storedHash)
}

/** Two stored forms compared in constant time. */
export function sameHash(hash: string, storedHash: string): boolean {
  const a = Buffer.from(hash, 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b)
}

/** The token from an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim())
  return match ? match[1]! : null
}
