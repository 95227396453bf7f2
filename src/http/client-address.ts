import { isIP } from 'node:net'
import type { FastifyRequest } from 'fastify'

/**
 * Fastify's `trustProxy` from LV_TRUST_PROXY (issue 10 item 11): unset or `false` trusts no
 * proxy, so X-Forwarded-For is ignored and a client cannot choose the address it is logged,
 * rate-limited and recorded as; `true` trusts every hop, a number that many hops, anything else
 * is a comma-separated list of proxy addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8`).
 */
export function trustProxyOption(value: string | undefined): boolean | string | ((address: string, hop: number) => boolean) {
  const text = (value ?? '').trim()
  if (text === '' || /^(false|off|0)$/i.test(text)) return false
  if (/^(true|on)$/i.test(text)) return true
  if (/^\d+$/.test(text)) {
    const hops = Number(text)
    return (_address, hop) => hop < hops
  }
  return text
}

/**
 * The caller's address as an IP address and nothing else: request.ip follows X-Forwarded-For
 * only behind a trusted proxy, and even then the header's text is not checked, so anything that
 * does not parse as an IP falls back to the socket's peer (an `<img onerror=…>` was stored as
 * lastLoginIp and shown to agents).
 */
export function clientAddress(request: FastifyRequest): string {
  const ip = request.ip?.trim() ?? ''
  if (isIP(ip)) return ip
  return request.socket?.remoteAddress ?? '0.0.0.0'
}
