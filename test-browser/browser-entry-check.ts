// `mock-exchange/browser` must stay loadable in a page: walks the built entry's import graph
// (dist/, after `npm run build`) and fails on anything Node-only (node:*, the ws package, msw/node,
// the fetch fast path's interceptors), and checks that package.json exports it.
// Run: npx tsx test-browser/browser-entry-check.ts
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; import: string }> }
const entry = manifest.exports['./browser']
if (!entry) throw new Error('package.json has no "./browser" export')
for (const file of [entry.import, entry.types]) {
  if (!existsSync(join(root, file))) throw new Error(`package.json exports "./browser" → ${file}, which does not exist: run npm run build`)
}

const NODE_ONLY = [/^node:/, /^ws$/, /^msw\/node$/, /^@mswjs\/interceptors/, /^(fs|http|https|net|stream|path|os|url|crypto|child_process|worker_threads)$/]
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm

const seen = new Set<string>()
const problems: string[] = []
const packages = new Set<string>()
const queue = [resolve(root, entry.import)]
while (queue.length > 0) {
  const file = queue.pop()!
  if (seen.has(file)) continue
  seen.add(file)
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3]
    if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier))
    else if (NODE_ONLY.some((pattern) => pattern.test(specifier))) problems.push(`${relative(root, file)} imports ${specifier}`)
    else packages.add(specifier)
  }
}
if (problems.length > 0) throw new Error(`mock-exchange/browser reaches Node-only modules:\n  ${problems.join('\n  ')}`)
console.log(`browser entry: ${seen.size} modules, packages ${[...packages].sort().join(', ')}; nothing Node-only`)
