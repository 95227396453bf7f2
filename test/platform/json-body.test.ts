import { describe, expect, it } from 'vitest'
import { parseJsonBody } from '../../src/http/json-body.ts'
describe('parseJsonBody', () => {
  it('refuses NUL raw or escaped, accepts an escaped backslash before u0000', () => {
    expect(() => parseJsonBody('{"a":"x\\u0000"}')).toThrow('NUL')
    expect(() => parseJsonBody('{"a":"x\u0000"}')).toThrow('NUL')
    expect(parseJsonBody('{"a":"x\\\\u0000"}')).toEqual({ a: 'x\\u0000' })
    expect(parseJsonBody('{"a":[1,2,],}')).toEqual({ a: [1, 2] })
  })
})
