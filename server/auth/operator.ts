// The operator: whoever holds ADMIN_TOKEN, or the token this server writes at start for the command-line tools
// on the same machine (DATA_DIR/operator-token, readable by its owner only), so `npm run links` can ask a
// running server to rotate links without anyone configuring a token.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { AppError } from '../errors'
import { hashSecret, newSecret, sameHash } from './secrets'

export const OPERATOR_TOKEN_FILE = 'operator-token'

export class OperatorAccess {
  private readonly hashes: string[]

  constructor(tokens: readonly (string | null)[]) {
    this.hashes = tokens.filter((t): t is string => t !== null).map(hashSecret)
  }

  is(token: string | null): boolean {
    if (!token) return false
    const hash = hashSecret(token)
    return this.hashes.some((stored) => sameHash(hash, stored))
  }

  /** Throws unauthorized without a token, forbidden with one that is not the operator's. */
  require(token: string | null): void {
    if (!token) throw new AppError('unauthorized')
    if (!this.is(token)) throw new AppError('forbidden')
  }
}

/** A fresh local operator token in the data folder, replaced at every start. */
export function writeLocalOperatorToken(dataDir: string): string {
  const token = newSecret()
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, OPERATOR_TOKEN_FILE)
  writeFileSync(file, `${token}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return token
}
