// Schema validation failures (Ajv for HTTP, TypeBox for sockets) as one error with a rule the messages can word.
import { AppError } from '../errors'

interface SchemaError {
  keyword?: string
  instancePath?: string
  schemaPath?: string
  params?: Record<string, unknown>
}

const RULES: Record<string, string> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  maxLength: 'too_long',
  minLength: 'too_short',
  minimum: 'too_small',
  exclusiveMinimum: 'too_small',
  maximum: 'too_large',
  exclusiveMaximum: 'too_large',
  maxItems: 'too_many',
  minItems: 'too_few',
  pattern: 'format',
  format: 'format',
  type: 'type',
}

export function validationError(error: SchemaError | undefined): AppError {
  // TypeBox reports an unknown field first as the `false` schema of additionalProperties, at the field's path.
  const unknownField = error?.keyword === 'boolean' && error.schemaPath?.endsWith('/additionalProperties')
  const keyword = unknownField ? 'additionalProperties' : (error?.keyword ?? '')
  const params = error?.params ?? {}
  // Ajv names one property (`missingProperty`, `additionalProperty`); TypeBox (sockets) lists them.
  const missing: unknown = Array.isArray(params.requiredProperties) ? (params.requiredProperties as unknown[])[0] : params.missingProperty
  const extra: unknown = Array.isArray(params.additionalProperties)
    ? (params.additionalProperties as unknown[])[0]
    : params.additionalProperty
  const named: unknown = keyword === 'required' ? missing : keyword === 'additionalProperties' ? extra : undefined
  const path = (error?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.')
  const field = [path, typeof named === 'string' ? named : ''].filter(Boolean).join('.') || 'body'
  const result: Record<string, string | number> = { field, rule: RULES[keyword] ?? 'choice' }
  if (typeof params.limit === 'number') result.limit = params.limit
  return new AppError('invalid_input', result)
}
