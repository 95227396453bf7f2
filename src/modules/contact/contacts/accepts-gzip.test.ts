import { describe, expect, it } from 'vitest'
import { acceptsGzip } from './contact-bulk.routes.ts'

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true], ['deflate, gzip;q=0.5', true], ['*', true], ['GZIP', true], ['x-gzip', true],
    ['gzip;q=0', false], ['identity', false], ['', false], [undefined, false], ['br, gzip;q=0.0', false],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected)
  })
})
