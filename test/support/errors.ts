/**
 * Assertions on vendor errors, one matching rule for every suite. The body's shape is the API's
 * (README §3.1, src/http/errors.ts errorBody): exactly `{"code","message"}` on the Contact and
 * Session APIs, both pairs with identical values on the Configuration API. A string message is
 * compared byte for byte, as public scripts compare bodies; a RegExp matches the message and the
 * rest of the body is still compared whole, keys in order.
 */
import { expect } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { apiOfPath, errorBody } from '../../src/http/errors.ts'

export function expectError(res: LightMyRequestResponse, status: number, code: number, message: string | RegExp): void {
  const api = apiOfPath(res.raw.req.url)
  if (typeof message === 'string') {
    expect({ status: res.statusCode, body: res.body }).toEqual({ status, body: JSON.stringify(errorBody(code, message, api)) })
    return
  }
  expect(res.statusCode, res.body).toBe(status)
  const body = res.json<{ message: string }>()
  expect(body.message).toMatch(message)
  const expected = errorBody(code, body.message, api)
  expect(Object.keys(body)).toEqual(Object.keys(expected))
  expect(body).toEqual(expected)
}

export const expectForbidden = (res: LightMyRequestResponse, message: string | RegExp = /^Forbidden/): void => expectError(res, 403, 201, message)
export const expectNotFound = (res: LightMyRequestResponse, message: string | RegExp): void => expectError(res, 404, 203, message)
export const expectInvalid = (res: LightMyRequestResponse, message: string | RegExp): void => expectError(res, 400, 202, message)
/** The Contact API's 404 (seed pages): "No Record Found". */
export const expectNoRecord = (res: LightMyRequestResponse): void => expectError(res, 404, 203, 'No Record Found')

/** A 400/202 whose message starts as given (Ajv's wording of the rest is not the contract). */
export function expectInvalidPrefix(res: LightMyRequestResponse, prefix: string): void {
  expectError(res, 400, 202, new RegExp(`^${escapeRegExp(prefix)}`))
}

export function expectNoContent(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBe(204)
  expect(res.body).toBe('')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
