// npm run profile:top -- <file.cpuprofile> [count] — where a CPU profile's time went: self time by function and
// by package or source folder, for reading a bench run's profile (npm run bench -- --cpu-prof <dir>) without a GUI.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, countArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: npm run profile:top -- <file.cpuprofile> [count]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const selfUs = new Map<number, number>()
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...selfUs.values()].reduce((a, b) => a + b, 0)

/** A package (node_modules/<name>), a source folder (server/questions), or Node's own code. */
function placeOf(url: string): string {
  if (url === '') return '(native / idle / gc)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  const own = /\/(server|db|client)\/(.*)\/[^/]+$/.exec(url)
  if (own) return `${own[1]}/${own[2]}`
  return url.startsWith('node:') ? 'node:' + url.slice(5).split('/')[0] : url
}

const functions = new Map<string, number>()
const places = new Map<string, number>()
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame
  const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`
  functions.set(name, (functions.get(name) ?? 0) + us)
  places.set(placeOf(url), (places.get(placeOf(url)) ?? 0) + us)
}
const top = Number(countArg ?? 25)
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title} (of ${(total / 1e6).toFixed(1)} s sampled)`)
  for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`)
}
print('Self time by package or folder', places)
print('Self time by function', functions)
