import Fastify from 'fastify'

/**
 * The ceiling: a bare Fastify route answering a precomputed JSON object of a requested size,
 * so every scenario is compared with the best this machine does for a response of its size.
 */
const app = Fastify({ logger: false })
const bodies = new Map<number, object>()

function objectOfSize(size: number): object {
  const base = { id: 1, name: 'x' }
  const overhead = JSON.stringify({ ...base, pad: '' }).length
  return { ...base, pad: 'x'.repeat(Math.max(0, size - overhead)) }
}

app.get('/json/:size', async (request) => {
  const size = Number((request.params as { size: string }).size)
  let body = bodies.get(size)
  if (!body) bodies.set(size, (body = objectOfSize(size)))
  return body
})

app.get('/health', async () => ({ status: 'ok' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
