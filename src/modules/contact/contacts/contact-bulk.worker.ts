// The worker thread of contact-bulk.offload.ts: reads each body it is sent (contact-bulk.body.ts).
// Bundled on its own as dist/contact-bulk-worker.js (scripts/build.mjs).
import { parentPort } from 'node:worker_threads'
import { readBulkBody, type BulkBodyTask } from './contact-bulk.body.ts'

parentPort!.on('message', ({ id, task }: { id: number; task: BulkBodyTask }) => {
  try {
    parentPort!.postMessage({ id, reading: readBulkBody(task) })
  } catch (err) {
    // Not an answer the request may give: the event loop reads the body itself and meets it there.
    parentPort!.postMessage({ id, failed: String(err) })
  }
})
