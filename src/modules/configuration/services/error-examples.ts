import { Type, type TSchema } from '@sinclair/typebox'
import { STATUS_CODES } from 'node:http'
import { errorBody } from '../../../http/errors.ts'

/**
 * An error response carrying a seed's example body. `errorResponses()` answers with a `$ref`,
 * beside which OpenAPI generators drop `examples`; this is the same shape, inlined.
 */
export function errorWithExample(status: number, code: number, message: string): Record<number, TSchema> {
  return {
    [status]: Type.Object({
      code: Type.Integer(), message: Type.String(), errorCode: Type.Integer(), errorMessage: Type.String(),
    }, { description: STATUS_CODES[status], examples: [errorBody(code, message)] }),
  }
}
