/**
 * The one catalog of vendor errors (README §3.3). Services throw `new ApiError(Errors.X, detail)`;
 * only the error handler turns them into bodies.
 */
export interface ErrorDefinition {
  status: number
  code: number
  message: string
}

const define = (status: number, code: number, message: string): ErrorDefinition => ({ status, code, message })

export const Errors = {
  // 400 / 202: invalid input and failed business rules (README §3.3: 409 is never emitted)
  MissingField: define(400, 202, 'Missing required field'),
  InvalidInput: define(400, 202, 'Invalid input'),
  MalformedJson: define(400, 202, 'Invalid input [malformed JSON]'),
  BodyNotObject: define(400, 202, 'Invalid input [body must be a JSON object]'),
  InvalidPassword: define(400, 202, 'Invalid password'),
  IncorrectServiceType: define(400, 202, 'Cannot assign service [incorrect service type]'),
  CallCenterHasServices: define(400, 202, 'Cannot delete call centers with associated services'),
  ContactExists: define(400, 202, 'Contact already exists!'),
  Duplicate: define(400, 202, 'Invalid input [duplicate value]'),
  // 401 / 403 / 201
  InvalidAccessToken: define(401, 201, 'Unauthorized [invalid access token]'),
  InvalidCredentials: define(401, 201, 'Unauthorized [invalid credentials]'),
  AccountLocked: define(401, 201, 'Unauthorized [account locked]'),
  AccountInactive: define(401, 201, 'Unauthorized [account inactive]'),
  PasswordExpired: define(401, 201, 'Unauthorized [password expired]'),
  SessionRequired: define(401, 201, 'Unauthorized [missing LV-Session header]'),
  SessionInvalid: define(401, 201, 'Unauthorized [invalid or expired session]'),
  Forbidden: define(403, 201, 'Forbidden'),
  // 404 / 203
  NotFound: define(404, 203, 'Not found'),
  RouteNotFound: define(404, 203, 'Not found [route]'),
  // others
  MethodNotAllowed: define(405, 204, 'Method not allowed'),
  PayloadTooLarge: define(413, 202, 'Invalid input [request body too large]'),
  UnsupportedMediaType: define(415, 202, 'Invalid input [unsupported content type]'),
  RateLimited: define(429, 205, 'Too many requests'),
  Internal: define(500, 100, 'Internal server error'),
} as const satisfies Record<string, ErrorDefinition>

export class ApiError extends Error {
  readonly status: number
  readonly code: number
  readonly headers: Record<string, string>

  /**
   * @param message full message; when omitted the catalog message is used. Use the helpers
   * below for the vendor's `<what> [<detail>]` pattern.
   */
  constructor(definition: ErrorDefinition, message?: string, headers: Record<string, string> = {}) {
    super(message ?? definition.message)
    this.status = definition.status
    this.code = definition.code
    this.headers = headers
  }
}

/** `Missing required field [<field>]` (seed 003). */
export const missingField = (field: string): ApiError =>
  new ApiError(Errors.MissingField, `Missing required field [${field}]`)

/** `Invalid input [<detail>]` (seed 003). */
export const invalidInput = (detail: string): ApiError =>
  new ApiError(Errors.InvalidInput, `Invalid input [${detail}]`)

/** `<Object> not found [ID:<id>]` (README §3.2). */
export const notFound = (what: string, id: string | number): ApiError =>
  new ApiError(Errors.NotFound, `${what} not found [ID:${id}]`)

export const forbidden = (detail?: string): ApiError =>
  new ApiError(Errors.Forbidden, detail ? `Forbidden [${detail}]` : undefined)

/**
 * One item of a bulk method that skips the items it cannot apply (contacts.md §3, Update
 * Multiple Contacts' DND): the item's catalog error skips it (undefined); any other error still
 * fails the whole request.
 */
export function bulkItem<T>(apply: () => T): T | undefined {
  try {
    return apply()
  } catch (err) {
    if (err instanceof ApiError) return undefined
    throw err
  }
}

/** The three vendor APIs; README §3.1 fixes the error body shape per API. */
export type ApiName = 'configuration' | 'contact' | 'session'

/**
 * README §3.1: the API is decided by the path's category. A request that matched no route has no
 * category (pass undefined) and answers in the Configuration shape.
 */
export function apiOfPath(path: string | undefined): ApiName {
  const category = /^\/(contact|session)(?:\/|$)/i.exec(path ?? '')?.[1]?.toLowerCase()
  return category === 'contact' || category === 'session' ? category : 'configuration'
}

export interface ShortErrorBodyShape {
  code: number
  message: string
}

export interface ErrorBodyShape extends ShortErrorBodyShape {
  errorCode: number
  errorMessage: string
}

/**
 * README §3.1: Contact and Session API errors are exactly `{"code","message"}` in that order
 * (public scripts compare them byte for byte); the Configuration API's pages show both pairs, so
 * it answers with both, identical values.
 */
export function errorBody(code: number, message: string, api: ApiName = 'configuration'): ShortErrorBodyShape | ErrorBodyShape {
  return api === 'configuration' ? { code, message, errorCode: code, errorMessage: message } : { code, message }
}
