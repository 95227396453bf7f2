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

  it('hands out large chunks and keeps every byte in order, multi-byte characters and long records included', () => {
    const chunker = new CsvChunker(2048)
    const records = Array.from({ length: 500 }, (_, i) => csvRecord([`r${i}`, 'ümlaut ✓ 😀', i % 97 === 0 ? 'x'.repeat(5000) : 'short']))
    const out: Buffer[] = []
    for (const record of records) {
      const chunk = chunker.add(record)
      if (chunk !== null) out.push(chunk)
    }
    out.push(chunker.flush())
    expect(chunker.flush().length).toBe(0)
    expect(Buffer.concat(out).toString('utf8')).toBe(records.join(''))
    expect(out.slice(0, -1).every((c) => c.length >= 1024)).toBe(true)
  })
})
