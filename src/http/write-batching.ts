import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { DialectName } from '../db/dialect.ts'

/**
 * Answers finished within one turn of the event loop go out together, at the turn's end.
 *
 * Node writes each answer as soon as its handler ends; under many connections those writes come
 * one every ~100 µs, and each one finds its client asleep and pays the kernel to wake it (on this
 * project's 2-core VM the wake-up, an inter-processor interrupt, was ~20 µs of server CPU an answer,
 * more than the whole JSON work of a Read Agent). A connection's socket is corked when its
 * request arrives, and from then on its uncork() only holds it: every socket held in a turn is
 * uncorked in one setImmediate, after the poll phase has handed the turn's requests to their
 * handlers and the database's replies to theirs, so the turn's answers leave back to back: the
 * first wakes the client, the rest find it awake. An answer waits at most for the rest of the
 * turn it was finished in.
 *
 * The hold is on uncork() because `res.end()` uncorks its socket fully by itself (node's
 * _http_outgoing: "Fully uncork connection on end()": corked set to 1, then uncork()): the cork
 * alone held nothing an answer wrote with end(), i.e. every answer. The release uncorks a socket
 * as many times as it is corked. Measured (session 12, bench/realistic-results.md): Login on
 * SQLite 139-163 -> 85-104 µs of server CPU an answer, 0.119-0.136× -> 0.175× of the ceiling.
 *
 * `holdLateAnswers`: whether an answer ended after its request's turn is held too. PostgreSQL's
 * replies arrive in the poll phase, so the release comes at the end of the same turn: Read and
 * List Agents +8-15% there. SQLite's late answers are a group commit's (db/sqlite/group-commit.ts),
 * settled inside its setImmediate: held, they would wait for the next turn's synchronous writes
 * (Bulk Create on SQLite 29.6-31.8k -> 26.6-27.8k contacts/s), so there only the request's own
 * turn is held.
 */
export function batchResponseWrites(server: Server, { holdLateAnswers }: { holdLateAnswers: boolean }): void {
  const held = new Set<Socket>()
  const release = () => {
    const sockets = [...held]
    held.clear()
    // Everything still corked goes now: our cork, and what end() left at 1.
    for (const socket of sockets) while (socket.writableCorked > 0) uncorkNow(socket)
  }
  const hold = (socket: Socket) => {
    if (held.size === 0) setImmediate(release)
    held.add(socket)
  }
  /** A connection's uncork() (end()'s included) waits for the turn's release. */
  function heldUncork(this: Socket): void {
    if (held.has(this)) return
    if (holdLateAnswers) hold(this)
    else uncorkNow(this)
  }
  // Before Fastify's own listener, so an answer its handler finishes synchronously is held too.
  server.prependListener('request', (req) => {
    const socket = req.socket
    if (socket.uncork !== heldUncork) socket.uncork = heldUncork
    if (held.has(socket)) return
    socket.cork()
    hold(socket)
  })
}

/** Whether a server on this database holds answers ended after their request's turn (above). */
export const holdsLateAnswers = (dialect: DialectName): boolean => dialect === 'postgres'

const uncorkNow = (socket: Socket): void => { (Object.getPrototypeOf(socket) as Socket).uncork.call(socket) }
