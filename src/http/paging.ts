import type { FastifyRequest } from 'fastify'
import type { Paging } from './schemas.ts'

export const MAX_PAGE = 1000

/** README §5: the effective page size (count above 1000 is treated as 1000). */
export function pageSize(paging: Paging): number {
  return Math.min(paging.count, MAX_PAGE)
}

export interface Page<T> {
  items: T[]
  next: string | null
}

/**
 * Repositories fetch `pageSize + 1` rows: the extra row proves that offset + count < total,
 * which is exactly when README §5 wants a `next` link, without a second COUNT query.
 */
export function toPage<T>(request: FastifyRequest, paging: Paging, rows: T[]): Page<T> {
  const size = pageSize(paging)
  const hasMore = rows.length > size
  return { items: hasMore ? rows.slice(0, size) : rows, next: hasMore ? nextLink(request, paging) : null }
}

/**
 * README §5: request path without leading slash and without version segment, then the original
 * query string with only `offset` advanced (and `count` replaced when it was clamped), original
 * parameter order kept.
 */
export function nextLink(request: FastifyRequest, paging: Paging): string {
  const size = pageSize(paging)
  const path = request.url.split('?')[0].replace(/^\//, '')
  const original = request.originalUrl
  const q = original.indexOf('?')
  const params = q === -1 ? [] : original.slice(q + 1).split('&').filter((p) => p !== '')
  const rewritten = params.map((param) => {
    const eq = param.indexOf('=')
    const name = safeDecode(eq === -1 ? param : param.slice(0, eq))
    if (name === 'offset') return `${param.slice(0, eq === -1 ? param.length : eq)}=${paging.offset + size}`
    if (name === 'count' && paging.count !== size) return `${param.slice(0, eq === -1 ? param.length : eq)}=${size}`
    return param
  })
  return `${path}?${rewritten.join('&')}`
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}
