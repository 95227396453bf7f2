import { createWriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createGzip } from 'node:zlib'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { openExport, planExport } from '../../modules/contact/transfer/contact-export.ts'
import { importContacts, type ImportSummary } from '../../modules/contact/transfer/contact-import.ts'
import { useImportCache } from '../../modules/contact/transfer/import.dialect.ts'
import { CommandFailure, type CliContext } from '../context.ts'
import { openClient, positiveInt } from './options.ts'

/** createUser / modifyUser of imported contacts. */
const IMPORT_USER = 'lvapi-import'

/**
 * A full garbage collection, callable without starting node with --expose-gc. An import
 * allocates short-lived objects fast and V8 lets its heap grow toward the default limit first;
 * one collection per 25,000 contacts committed (40 for a million, ~50 ms each) keeps the
 * peak RSS near the working set (1,000,000 contacts: 347 MB without, 267 MB with).
 */
function fullCollection(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** Exit code of an import that ran but left records out (without --allow-partial): 1 means it did not run. */
const PARTIAL_EXIT = 3

/**
 * Opens the CSV before anything else, so a wrong path fails at once, in one line. Node's own
 * message ("ENOENT: no such file or directory, open '…'") keeps only its middle part.
 */
async function openCsv(file: string): Promise<{ input: Readable; size: number }> {
  let handle
  try {
    handle = await open(file, 'r')
    const stat = await handle.stat()
    if (stat.isDirectory()) throw new Error('is a directory')
    return { input: handle.createReadStream(), size: stat.size }
  } catch (err) {
    await handle?.close()
    const reason = err instanceof Error ? err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '') : String(err)
    throw new Error(`cannot read ${file}: ${reason}`)
  }
}

/** One line for stderr when records were left out: how many, and why (the summary lists them). */
export function rejectionNote(summary: ImportSummary): string {
  const { records, rejected, duplicates } = summary
  if (duplicates === records) {
    return `nothing imported: ${records === 1 ? 'its account already exists' : `all ${records} accounts already exist`} (duplicates; was this file imported before?)`
  }
  const reasons = [
    duplicates > 0 ? `${duplicates} duplicate account${duplicates === 1 ? '' : 's'}` : '',
    rejected > duplicates ? `${rejected - duplicates} invalid or of the wrong column count` : '',
  ].filter((r) => r !== '').join(', ')
  const shown = Math.min(rejected, summary.rejections.length)
  return `${rejected} of ${records} records not imported (${reasons}); "rejections" in the summary lists ${shown === rejected ? 'them' : `the first ${shown}`} by line`
}

/** The import proper, on an opened CSV: prints the summary and returns it. */
async function runImport(context: CliContext, options: { client: string; transaction?: number }, input: Readable, size: number): Promise<ImportSummary> {
  const { handle, db, clientId } = await openClient(context, options.client)
  useImportCache(handle)
  const collect = fullCollection()
  // A progress bar only for a person watching: stderr on a terminal; stdout carries the JSON.
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({
      stream: process.stderr, format: 'importing |{bar}| {percentage}% | {records} contacts | ETA {eta_formatted}', hideCursor: true,
    }, cliProgress.Presets.shades_classic)
    : null
  let bytes = 0
  let records = 0
  let collected = 0
  if (bar) {
    bar.start(size, 0, { records: 0 })
    input.on('data', (chunk: Buffer | string) => { bytes += chunk.length })
  }
  const started = Date.now()
  try {
    const summary = await importContacts(db, clientId, input, {
      now: started, user: IMPORT_USER, transactionSize: options.transaction,
      onCommit: (n) => {
        records = n
        if (records - collected >= 25_000) {
          collected = records
          collect()
        }
        bar?.update(bytes, { records })
      },
    })
    bar?.update(bytes, { records: summary.records })
    bar?.stop()
    context.print({ ...summary, seconds: (Date.now() - started) / 1000 })
    return summary
  } catch (err) {
    bar?.stop()
    throw err
  }
}

export function registerContactCommands(program: Command, context: CliContext): void {
  const contacts = program.command('contacts').description('bulk contact transfer (CSV)')

  contacts.command('import').description('create contacts from a CSV file through Bulk Create Contact; prints a JSON summary')
    .requiredOption('--client <code>', 'client code')
    .option('--transaction <n>', 'contacts per transaction (default 25,000 on SQLite, 5,000 on PostgreSQL)', positiveInt)
    .option('--allow-partial', `exit 0 even when records were rejected (default: exit ${PARTIAL_EXIT})`)
    .argument('<file>', 'CSV with a header line: Bulk Contact Download labels or exportableFields names; Account required')
    .action(async (file: string, options: { client: string; transaction?: number; allowPartial?: boolean }) => {
      const { input, size } = await openCsv(file)
      let summary: ImportSummary
      try {
        summary = await runImport(context, options, input, size)
      } finally {
        input.destroy()
      }
      if (summary.rejected === 0) return
      const note = rejectionNote(summary)
      if (options.allowPartial) process.stderr.write(`lvapi: ${note}\n`)
      else throw new CommandFailure(`${note}; --allow-partial accepts that`, PARTIAL_EXIT)
    })

  contacts.command('export').description('write the Bulk Contact Download CSV of a client (same columns, order and format)')
    .requiredOption('--client <code>', 'client code')
    .option('--fields <names>', 'exportableFields, comma-separated (allFields, account, dueDate, phone1, COL7, ...)', 'allFields')
    .option('--start-date <date>', 'only contacts modified on or after: CCYY-MM-DD or epoch millis')
    .option('--end-date <date>', 'only contacts modified on or before: CCYY-MM-DD or epoch millis')
    .option('--output <file>', 'write here and print a JSON summary (default: the CSV goes to stdout)')
    .option('--gzip', 'gzip-compress the CSV')
    .action(async (options: { client: string; fields: string; startDate?: string; endDate?: string; output?: string; gzip?: boolean }) => {
      const { handle, clientId } = await openClient(context, options.client)
      const plan = planExport({
        exportableFields: options.fields.split(',').map((f) => f.trim()).filter((f) => f !== ''),
        startDate: options.startDate, endDate: options.endDate,
      })
      let rows = 0
      const chunks = await openExport(handle, clientId, plan, Date.now(), (written) => { rows = written })
      const csv = Readable.from(chunks, { objectMode: false })
      const target: Writable = options.output ? createWriteStream(options.output) : process.stdout
      if (options.gzip) await pipeline(csv, createGzip(), target)
      else await pipeline(csv, target)
      if (options.output) context.print({ file: options.output, contacts: rows })
    })
}
