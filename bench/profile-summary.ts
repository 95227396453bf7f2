/**
 * Self time of a V8 .cpuprofile (node --cpu-prof, REALISTIC_CPU_PROF) by function and by package,
 * so a before/after pair can be compared in text:
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [top N] [skip seconds]
 *
 * skip seconds leaves out the first seconds of the profile (the server's start-up: module loading,
 * migrations, demo data), so a workload's steady state is what is summarised.
 * "idle" is the event loop waiting; "(program)" native code V8 does not attribute (syscalls,
 * libuv, bindings); "(garbage collector)" GC. Busy = everything but idle.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const [file, topArg, skipArg] = process.argv.slice(2)
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top N]')
const top = Number(topArg ?? 40)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))

/** node_modules package (scoped or not), dist/<bundle>, node: internals, or the special frames. */
function packageOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)'
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return nm[1]
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0]
  const dist = /\/(dist\/[^/]+)$/.exec(url)
  return dist ? dist[1] : url.replace(/^file:\/\/\/work\/main\//, '')
}

const selfByFunction = new Map<string, number>()
const selfByPackage = new Map<string, number>()
const skip = Number(skipArg ?? 0) * 1e6
let total = 0
let at = 0
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i])!
  const dt = profile.timeDeltas[i] ?? 0
  at += dt
  if (at < skip) continue
  total += dt
  const { functionName, url, lineNumber } = node.callFrame
  const fn = `${functionName || '(anonymous)'} ${packageOf(url, functionName)}${url ? `:${lineNumber + 1}` : ''}`
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + dt)
  const pkg = packageOf(url, functionName)
  selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + dt)
}
const idle = selfByPackage.get('(idle)') ?? 0
const busy = total - idle
const pct = (t: number, of: number) => `${((100 * t) / of).toFixed(1)}%`.padStart(6)
const ms = (t: number) => `${(t / 1000).toFixed(0)} ms`.padStart(9)
const print = (title: string, m: Map<string, number>, n: number) => {
  console.log(`\n${title} (share of busy time)`)
  for (const [k, t] of [...m].filter(([k]) => k !== '(idle)' && !k.startsWith('(idle) ')).sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms(t)} ${pct(t, busy)}  ${k}`)
}
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled, busy ${(busy / 1e6).toFixed(2)} s (${pct(busy, total).trim()}), idle ${pct(idle, total).trim()}`)
print('by package', selfByPackage, 25)
print('by function', selfByFunction, top)
