import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { CsvChunker, csvField, csvRecord } from './csv-writer.ts'

describe('RFC 4180 writer', () => {
  it('leaves plain fields bare and empties unset ones', () => {
    expect(csvRecord(['MF1234', '08/27/2018'])).toBe('MF1234,08/27/2018\n')
    expect(csvRecord(['101243', null, undefined, ''])).toBe('101243,,,\n')
  })

  it('quotes only fields holding a comma, quote or line break, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\rhere')).toBe('"cr\rhere"')
    expect(csvField(' spaced ')).toBe(' spaced ')
    expect(csvField("O'Brien")).toBe("O'Brien")
  })

  it('round-trips hostile values through a standard parser', () => {
    const rows = [
      ['plain', 'a,b', '"', '""', 'x\r\ny', '', '=1+2', 'ümlaut ✓', ',', '\n'],
      ['', '', '', '', '', '', '', '', '', ''],
    ]
    const text = rows.map(csvRecord).join('')
    expect(parse(text, { relax_column_count: false })).toEqual(rows)
  })

  it('hands out chunks of at least the chunk size and keeps every byte in order', () => {
    const chunker = new CsvChunker(10)
    const out: string[] = []
    for (const record of ['abc\n', 'defg\n', 'hijkl\n', 'm\n']) {
      const chunk = chunker.add(record)
      if (chunk !== null) out.push(chunk)
    }
    expect(out).toEqual(['abc\ndefg\nhijkl\n'])
    expect(chunker.flush()).toBe('m\n')
    expect(chunker.flush()).toBe('')
  })
})
