import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/**
 * Answers finished within one turn of the event loop go out together, at the turn's end.
 *
 * Node writes each answer as soon as its handler ends; under many connections those writes come
 * one every ~100 µs, and each one finds its client asleep and pays the kernel to wake it (on this
 * project's 2-core VM the wake-up, an inter-processor interrupt, was ~20 µs of server CPU an answer,
 * more than the whole JSON work of a Read Agent). Corking a connection's socket when its request
 * arrives and uncorking every corked socket in one setImmediate, after the poll phase has handed
 * the turn's requests to their handlers, sends the turn's answers back to back: the first wakes
 * the client, the rest find it awake. Read Agent, List Agents and Login served 7-11% more
 * requests a second under the 50-connection load (bench/realistic-results.md, session 9). An
 * answer waits at most for the rest of the turn it was finished in; a lone request's turn is
 * itself.
 */
export function batchResponseWrites(server: Server): void {
  let corked: Socket[] = []
  const uncorkAll = () => {
    const sockets = corked
    corked = []
    // One uncork per cork: a connection that sent two pipelined requests in the turn was corked twice.
    for (const socket of sockets) socket.uncork()
  }
  // Before Fastify's own listener, so an answer its handler finishes synchronously is batched too.
  server.prependListener('request', (req) => {
    const socket = req.socket
    if (corked.length === 0) setImmediate(uncorkAll)
    socket.cork()
    corked.push(socket)
  })
}
