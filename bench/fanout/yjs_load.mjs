// Reference for bench/board_load.py: Yjs (as a Node server uses it) applying a stored board
// update to a fresh document and encoding the SyncStep2 answer for a new client.
// Usage: node yjs_load.mjs <update.bin> <repeat>; prints {"ms": [...]}.
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'

const update = new Uint8Array(readFileSync(process.argv[2]))
const repeat = Number(process.argv[3] ?? 7)
const ms = []
for (let i = 0; i < repeat; i++) {
  const start = performance.now()
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  Y.encodeStateAsUpdate(doc, new Uint8Array([0]))
  ms.push(performance.now() - start)
  doc.destroy()
}
process.stdout.write(JSON.stringify({ ms }) + '\n')
