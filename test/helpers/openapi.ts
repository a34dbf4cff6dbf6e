// The app's own OpenAPI document as test input: its operations, and values generated from their schemas.
import fc from 'fast-check'
import type { TestApp } from './app'

/** The JSON Schema subset @fastify/swagger writes for TypeBox schemas (OpenAPI 3.0: `nullable`, `anyOf`, `enum`). */
export interface JsonSchema {
  type?: string
  nullable?: boolean
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  pattern?: string
  format?: string
}

/** Who may call a route, as each route declares it (`x-roles` in its schema). */
export type RouteRole = 'public' | 'attendee' | 'speaker' | 'moderator' | 'organiser' | 'operator'

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The OpenAPI path, with `{name}` placeholders. */
  path: string
  summary: string
  secured: boolean
  roles: RouteRole[]
  params: Record<string, JsonSchema>
  query: Record<string, JsonSchema>
  body: JsonSchema | null
}

interface OpenApiOperation {
  summary?: string
  security?: unknown[]
  'x-roles'?: RouteRole[]
  parameters?: { in: string; name: string; schema: JsonSchema }[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
}

export async function operationsOf(app: TestApp): Promise<Operation[]> {
  const doc = (await app.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, OpenApiOperation>> }
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params: Record<string, JsonSchema> = {}
      const query: Record<string, JsonSchema> = {}
      for (const parameter of op.parameters ?? []) {
        if (parameter.in === 'path') params[parameter.name] = parameter.schema
        if (parameter.in === 'query') query[parameter.name] = parameter.schema
      }
      return {
        method: method.toUpperCase() as Operation['method'],
        path,
        summary: op.summary ?? '',
        secured: (op.security ?? []).length > 0,
        roles: op['x-roles'] ?? [],
        params,
        query,
        body: op.requestBody?.content['application/json']?.schema ?? null,
      }
    }),
  )
}

export function urlOf(op: Operation, params: Record<string, string>, query: Record<string, unknown> = {}): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncoded(params[name] ?? ''))
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) search.set(key, typeof value === 'string' ? value : JSON.stringify(value))
  const text = search.toString()
  return text ? `${path}?${text}` : path
}

/** Like encodeURIComponent, but a lone surrogate (which it refuses) goes as the bytes a client would send: U+FFFD. */
export function percentEncoded(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))
}

/** Values the schema accepts (as far as this subset goes); small, so a case costs little. */
export function validOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const base = validBase(schema)
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base
}

function validBase(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const union = schema.anyOf ?? schema.oneOf
  if (union) return fc.oneof(...union.map(validOf))
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {}
      const record = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, validOf(value)]))
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) })
    }
    case 'array':
      return fc.array(validOf(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      })
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 })
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true })
    case 'boolean':
      return fc.boolean()
    case 'string':
      return validString(schema)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid()
  if (schema.format === 'date-time')
    return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
  if (schema.format === 'email') return fc.constantFrom('elise@example.org', 'paul.martin@mairie.fr', 'a@b.co')
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? Infinity))
  const minLength = schema.minLength ?? 0
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 40, 40)), unit: 'grapheme' })
}

/** Strings a careless or hostile client sends: controls, bidi marks, huge, lone surrogates, injections. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u202Eevil\u202C',
    '\u2066x\u2069',
    '\uD800',
    '\uDFFF\uD800',
    '%E0%A4%A',
    "'; DROP TABLE events; --",
    '../../etc/passwd',
    '=HYPERLINK("http://x")',
    '\r\n\r\n',
    ' '.repeat(5000) + 'x',
    '\u0085\u009B\u007F',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  // Just over a short field, over the longest field, over the 64 KB body limit.
  fc.constantFrom(61, 301, 2_001, 20_001, 40_000).map((n) => 'é'.repeat(n)),
)

/** Anything JSON can carry, including deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, 2 ** 53, [], {}, [[[[[[[[[[]]]]]]]]]]),
  fc.nat({ max: 3000 }).map((depth) => {
    let value: unknown = '\u0000'
    for (let i = 0; i < depth; i++) value = { a: value }
    return value
  }),
  fc.jsonValue({ maxDepth: 3 }),
)

/** Mostly what the schema accepts, with any part replaced by something hostile now and then. */
export function fuzzOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.type === 'object' && schema.properties) {
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, fuzzOf(value)]))
    const record = fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key) => key in schema.properties!) })
    const withExtra = fc.tuple(record, fc.string({ maxLength: 8 }), hostileValue).map(([value, key, extra]) => ({ ...value, [key]: extra }))
    return fc.oneof({ arbitrary: record, weight: 6 }, { arbitrary: withExtra, weight: 1 }, { arbitrary: hostileValue, weight: 1 })
  }
  if (schema.type === 'array' && schema.items) {
    return fc.oneof({ arbitrary: fc.array(fuzzOf(schema.items), { maxLength: 4 }), weight: 4 }, { arbitrary: hostileValue, weight: 1 })
  }
  return fc.oneof({ arbitrary: validOf(schema), weight: 3 }, { arbitrary: hostileValue, weight: 1 })
}
