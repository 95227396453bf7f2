import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

/**
 * One log line per request (issue 14), written when the answer is sent: method, masked url
 * (app.ts serializeRequest), status and time together. Fastify's own controller writes
 * "incoming request" and "request completed" apart, and only the first names the request.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    const line = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 1000) / 1000 }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request completed')
  }
}

/** pino-pretty's options: a request reads `GET /health 200 1.234ms request completed {"reqId":…}` on one line. */
export const PRETTY_OPTIONS = {
  colorize: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,req,res,responseTime',
  singleLine: true,
  messageFormat: '{if req.method}{req.method} {req.url} {res.statusCode} {responseTime}ms {end}{msg}',
}

/**
 * Logs for a person when stdout is a terminal (pino-pretty, in pino's transport thread), JSON lines
 * for a collector otherwise (a container, a pipe, a file).
 */
export function logTransport(stdoutIsTerminal: boolean): { target: string; options: typeof PRETTY_OPTIONS } | undefined {
  return stdoutIsTerminal ? { target: 'pino-pretty', options: PRETTY_OPTIONS } : undefined
}
