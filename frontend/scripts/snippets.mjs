#!/usr/bin/env node
// Prints the code snippets for one request, from the same module the UI's
// CodeSnippet uses (src/lib/snippets.ts), so tests can run exactly what a
// user would copy.
//
//   echo '{"method":"POST","url":"…","headers":{…},"body":"…"}' | node scripts/snippets.mjs
//   → {"curl":"…","node":"…","python":"…","php":"…","ruby":"…","go":"…"}
//
// Node 20 cannot load TypeScript, so the module is transpiled with the
// project's own typescript into node_modules/.cache (where its bare imports
// resolve) and imported from there.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const src = readFileSync(join(root, 'src/lib/snippets.ts'), 'utf8')
const hash = createHash('sha256').update(src).digest('hex').slice(0, 12)
const cacheDir = join(root, 'node_modules/.cache/snippets')
const out = join(cacheDir, `snippets-${hash}.mjs`)
if (!existsSync(out)) {
  const js = ts.transpileModule(src, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText
  mkdirSync(cacheDir, { recursive: true })
  writeFileSync(`${out}.tmp${process.pid}`, js)
  // rename is atomic: concurrent runs never import a half-written file
  renameSync(`${out}.tmp${process.pid}`, out)
}
const { generateSnippets } = await import(pathToFileURL(out).href)

const chunks = []
for await (const c of process.stdin) chunks.push(c)
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const langs = process.argv.slice(2)
process.stdout.write(JSON.stringify(generateSnippets(req, langs.length ? langs : undefined)))
