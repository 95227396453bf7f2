import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/**
 * Answers finished within one turn of the event loop go out together, at the turn's end.
 *
 * Node writes each answer as soon as its handler ends; under many connections those writes come
 * one every ~100 µs, and each one finds its client asleep and pays the kernel to wake it (on this
 * project's 2-core VM the wake-up, an inter-processor interrupt, was ~20 µs of server CPU an answer,
 * more than the whole JSON work of a Read Agent). Holding a connection's socket corked from when
 * its request arrives and uncorking every held socket in one setImmediate, after the poll phase
 * has handed the turn's requests to their handlers, sends the turn's answers back to back: the
 * first wakes the client, the rest find it awake. An answer waits at most for the rest of the turn
 * it was finished in; a lone request's turn is itself.
 *
 * `res.end()` uncorks its socket fully by itself (node's _http_outgoing: "Fully uncork connection on
 * end()": corked set to 1, then uncork()), so a cork() alone held nothing an answer wrote with
 * end(), i.e. every answer. A held socket's uncork() (end()'s, or the one a chunked write()
 * schedules) therefore waits for the release, which uncorks it as many times as it is corked.
 * Login on SQLite, 50 connections: 139-163 -> 85-104 µs of server CPU an answer (bench harness,
 * 3 rounds each), 0.119-0.136× -> 0.175× of the ceiling (bench/realistic-results.md, session 12).
 */
export function batchResponseWrites(server: Server): void {
  let held: Socket[] = []
  const release = () => {
    const sockets = held
    held = []
    for (const socket of sockets) {
      heldSockets.delete(socket)
      // Everything still corked goes now: our cork, and what end() left at 1.
      while (socket.writableCorked > 0) uncorkNow(socket)
    }
  }
  // Before Fastify's own listener, so an answer its handler finishes synchronously is held too.
  server.prependListener('request', (req) => {
    const socket = req.socket
    if (heldSockets.has(socket)) return
    if (held.length === 0) setImmediate(release)
    if (socket.uncork !== heldUncork) socket.uncork = heldUncork
    heldSockets.add(socket)
    socket.cork()
    held.push(socket)
  })
}

const heldSockets = new WeakSet<Socket>()

/** A held socket's uncork() (end()'s included) waits for the turn's release. */
function heldUncork(this: Socket): void {
  if (!heldSockets.has(this)) uncorkNow(this)
}

const uncorkNow = (socket: Socket): void => { (Object.getPrototypeOf(socket) as Socket).uncork.call(socket) }
