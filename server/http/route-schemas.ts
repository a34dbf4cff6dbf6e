// Schemas every route file shares: the error responses and the path parameters.
import Type from 'typebox'
import { ErrorResponse, Slug } from '../contract/schemas'

/** Every error answers with the same body; listing them documents the codes in OpenAPI. */
export const ERROR_RESPONSES = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
}

export const SlugParams = Type.Object({ slug: Slug })
export const ItemParams = Type.Object({ slug: Slug, id: Type.String({ format: 'uuid' }) })
