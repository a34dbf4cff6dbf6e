// Maps every error to one JSON shape with a stable code and a message in the caller's language.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import { AppError, httpStatus, knownError, toErrorBody } from '../errors'
import { pickLang } from '../i18n/messages'
import { validationError } from './validation'

export function requestLang(request: FastifyRequest) {
  return pickLang(request.headers['accept-language'])
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const lang = requestLang(request)
    let appError: AppError
    const known = knownError(error)
    if (known) {
      appError = known
    } else if ('validation' in error && error.validation) {
      appError = validationError(error.validation[0])
    } else if (error.statusCode === 429) {
      const retryAfter = Number(reply.getHeader('retry-after')) || 60
      appError = new AppError('rate_limited', { retryAfter })
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, unsupported media type, body too large…: the client's fault, said plainly.
      appError = new AppError('invalid_input', { detail: error.message })
    } else {
      request.log.error({ err: error }, 'unhandled error')
      appError = new AppError('internal')
    }
    if (appError.code === 'rate_limited') reply.header('retry-after', String(appError.params.retryAfter ?? 60))
    const status = known ? httpStatus(known.code) : (error.statusCode ?? httpStatus(appError.code))
    return reply.status(status >= 400 ? status : 500).send(toErrorBody(appError, lang))
  })

  app.setNotFoundHandler((request, reply) => reply.status(404).send(toErrorBody(new AppError('not_found'), requestLang(request))))
}
