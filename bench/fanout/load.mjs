// Fan-out load for one board or several, run by bench/fanout/run.py against one server at a
// time.
//
// Usage: node load.mjs '<json config>'   (see run.py for the fields)
//
// `boards` (optional) is a list of {receiverUrl, writerUrl}, one per board; without it the
// one board is `receiverUrl`/`writerUrl`. Receiver i joins board i % boards.length; every
// board has its own writer (at `writerRate`), writer cursor and checker.
//
// - N receivers speak the y-websocket protocol directly: SyncStep1/SyncStep2 handshake,
//   awareness state on open and renewed every 15 s like the stock provider, and a few of
//   them move a cursor (`cursorClients` at `cursorHz`). They do not build a Y.Doc: they
//   find the writer's timestamps in the received bytes, so that the load generator's own
//   CPU stays small next to the server's and the latency measured is the server's.
// - One writer is a real Y.Doc: `writerRate` times a second it changes one of 100 elements
//   (an Excalidraw-shaped plain object carrying a send timestamp "~T<ms>~"), and it sends
//   its cursor `writerCursorHz` times a second.
// - One checker is a real Y.Doc too; at the end its document must hold every write.
// Latency = receive time - send time, on one clock (all clients live in this process).
// Output: progress events and one final JSON summary, one JSON object per stdout line.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

const config = JSON.parse(process.argv[2])
const {
  receiverUrl, writerUrl, clients: N, seconds, warmupSeconds = 3, graceSeconds = 3,
  writerRate = 30, writerCursorHz = 10, cursorClients = 5, cursorHz = 5,
  connectTimeoutSeconds = 90
} = config
const boards = config.boards ?? [{ receiverUrl, writerUrl }]
const K = boards.length

const now = () => performance.timeOrigin + performance.now()
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n')

// Bounded no matter what happens to the servers.
const hardLimitMs = (connectTimeoutSeconds + warmupSeconds + seconds + graceSeconds + 30) * 1000
setTimeout(() => { emit({ event: 'error', error: 'hard time limit reached' }); process.exit(2) },
  hardLimitMs).unref()

const frame = (write) => {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}
const awarenessFrame = (clientId, clock, state) => frame((e) => {
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, frame((inner) => {
    encoding.writeVarUint(inner, 1)
    encoding.writeVarUint(inner, clientId)
    encoding.writeVarUint(inner, clock)
    encoding.writeVarString(inner, JSON.stringify(state))
  }))
})
const EMPTY_STEP1 = frame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 0); encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc())) })
const EMPTY_STEP2 = frame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 1); encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc())) })

let phase = 'connect' // connect -> warmup -> measure -> grace -> done
let measureStart = Infinity
let measureEnd = Infinity
let latencies = new Float64Array(1 << 16)
let latencyCount = 0
const awarenessLatencies = []
const disconnects = []
const record = (sentAt, receivedAt) => {
  if (sentAt < measureStart || sentAt >= measureEnd) return
  if (latencyCount === latencies.length) {
    const bigger = new Float64Array(latencies.length * 2)
    bigger.set(latencies)
    latencies = bigger
  }
  latencies[latencyCount++] = receivedAt - sentAt
}
const MARK = /~([TA])(\d+\.\d+)~/g
let messagesReceived = 0
let bytesReceived = 0

class Receiver {
  constructor (index) {
    this.index = index
    this.clientId = 1_000_000 + index
    this.board = index % K
    this.clock = 0
    this.synced = false
    this.closedByUs = false
    this.ws = new WebSocket(boards[this.board].receiverUrl, { perMessageDeflate: false })
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('open', () => {
      this.ws.send(EMPTY_STEP1)
      this.sendAwareness({ user: { name: `client ${index}` } })
    })
    this.ws.on('message', (data) => this.onMessage(data))
    this.ws.on('error', () => {})
    this.ws.on('close', (code, reason) => {
      if (!this.closedByUs) {
        disconnects.push({ client: index, code, reason: String(reason), phase, at: now() })
      }
    })
  }

  sendAwareness (state) {
    if (this.ws.readyState !== WebSocket.OPEN) return
    this.clock += 1
    this.state = state
    this.ws.send(awarenessFrame(this.clientId, this.clock, state))
  }

  onMessage (data) {
    const receivedAt = now()
    messagesReceived += 1
    bytesReceived += data.length
    const type = data[0]
    if (type === 0) {
      const sub = data[1]
      if (sub === 0) this.ws.send(EMPTY_STEP2)
      else if (sub === 1) this.synced = true
      else if (sub === 2) this.scan(data, receivedAt)
    } else if (type === 1 && phase === 'measure') {
      // The writer's cursor: one sample per receiver and awareness message.
      this.scan(data, receivedAt)
    }
  }

  scan (data, receivedAt) {
    const text = data.toString('latin1')
    MARK.lastIndex = 0
    let match
    while ((match = MARK.exec(text)) !== null) {
      const sentAt = Number(match[2])
      if (match[1] === 'T') record(sentAt, receivedAt)
      else if (sentAt >= measureStart && sentAt < measureEnd) awarenessLatencies.push(receivedAt - sentAt)
    }
  }

  close () {
    this.closedByUs = true
    this.ws.close()
  }
}

// A real Yjs client over a raw socket: used for the writer and the checker.
class DocClient {
  constructor (name, url) {
    this.name = name
    this.doc = new Y.Doc()
    this.synced = false
    this.closedByUs = false
    this.ws = new WebSocket(url, { perMessageDeflate: false })
    this.ws.binaryType = 'nodebuffer'
    this.doc.on('update', (update, origin) => {
      if (origin === this || this.ws.readyState !== WebSocket.OPEN) return
      this.ws.send(frame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, update) }))
    })
    this.ws.on('open', () => {
      this.ws.send(frame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 0); encoding.writeVarUint8Array(e, Y.encodeStateVector(this.doc)) }))
    })
    this.ws.on('message', (data) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) !== 0) return
      const sub = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (sub === 0) {
        const update = Y.encodeStateAsUpdate(this.doc, payload)
        this.ws.send(frame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 1); encoding.writeVarUint8Array(e, update) }))
      } else {
        Y.applyUpdate(this.doc, payload, this)
        if (sub === 1) this.synced = true
      }
    })
    this.ws.on('error', () => {})
    this.ws.on('close', (code, reason) => {
      if (!this.closedByUs) disconnects.push({ client: name, code, reason: String(reason), phase, at: now() })
    })
  }

  close () {
    this.closedByUs = true
    this.ws.close()
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const waitUntil = async (predicate, timeoutMs) => {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) return false
    await sleep(20)
  }
  return true
}

const lag = monitorEventLoopDelay({ resolution: 10 })
lag.enable()
const cpuAtStart = process.cpuUsage()

// -- connect ---------------------------------------------------------------------------------
const connectStarted = now()
const receivers = Array.from({ length: N }, (_, i) => new Receiver(i))
const allSynced = await waitUntil(() => receivers.every((r) => r.synced), connectTimeoutSeconds * 1000)
const connectSeconds = (now() - connectStarted) / 1000
emit({ event: 'connected', synced: receivers.filter((r) => r.synced).length, seconds: connectSeconds })
const writers = boards.map((b, k) => new DocClient(`writer ${k}`, b.writerUrl))
const checkers = boards.map((b, k) => new DocClient(`checker ${k}`, b.receiverUrl))
await waitUntil(() => [...writers, ...checkers].every((c) => c.synced), 30_000 + 1000 * K)

// -- load --------------------------------------------------------------------------------------
// Per board: writes so far, writes in the measured window, receivers on it.
const writesOf = new Array(K).fill(0)
const inWindowOf = new Array(K).fill(0)
const receiversOf = new Array(K).fill(0)
for (const receiver of receivers) receiversOf[receiver.board] += 1
const write = (k) => {
  writesOf[k] += 1
  const writes = writesOf[k]
  const id = `el-${writes % 100}`
  const sentAt = now()
  if (sentAt >= measureStart && sentAt < measureEnd) inWindowOf[k] += 1
  writers[k].doc.getMap('elements').set(id, {
    id, type: 'rectangle', x: writes % 1000, y: (writes * 7) % 600, width: 120, height: 80,
    angle: 0, strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid',
    strokeWidth: 2, roughness: 1, opacity: 100, seed: 1234, version: writes,
    versionNonce: (writes * 2654435761) % 4294967296, index: `a${writes % 100}`,
    isDeleted: false, groupIds: [], boundElements: null, updated: Math.floor(sentAt),
    link: null, locked: false, bench: `~T${sentAt.toFixed(3)}~`
  })
}
// Scheduled against absolute times, so a late tick does not lower the rate.
const every = (hz, fn) => {
  const period = 1000 / hz
  let next = now() + period
  let stopped = false
  const tick = () => {
    if (stopped) return
    fn()
    next += period
    setTimeout(tick, Math.max(0, next - now()))
  }
  setTimeout(tick, period)
  return () => { stopped = true }
}
const stops = []
writers.forEach((writer, k) => {
  // Boards' ticks spread over one period, so that K boards do not write in one burst.
  setTimeout(() => {
    stops.push(every(writerRate, () => write(k)))
    let writerCursorClock = 0
    stops.push(every(writerCursorHz, () => {
      if (writer.ws.readyState !== WebSocket.OPEN) return
      writerCursorClock += 1
      writer.ws.send(awarenessFrame(writer.doc.clientID, writerCursorClock, {
        user: { name: 'writer' }, pointer: { x: writerCursorClock % 800, y: 100 }, sent: `~A${now().toFixed(3)}~`
      }))
    }))
  }, k * 1000 / writerRate / K)
})
for (let i = 0; i < Math.min(cursorClients, N); i++) {
  const receiver = receivers[Math.floor(i * N / Math.max(1, cursorClients))]
  stops.push(every(cursorHz, () => receiver.sendAwareness({
    user: { name: `client ${receiver.index}` }, pointer: { x: receiver.clock % 800, y: 200 }
  })))
}
// The stock provider renews its state every 15 s; spread over the clients.
for (const receiver of receivers) {
  setTimeout(() => stops.push(every(1 / 15, () => receiver.sendAwareness(receiver.state ?? {}))),
    Math.random() * 15000)
}

phase = 'warmup'
await sleep(warmupSeconds * 1000)
phase = 'measure'
measureStart = now()
lag.reset()
const cpuAtMeasure = process.cpuUsage()
emit({ event: 'measure-start' })
await sleep(seconds * 1000)
measureEnd = now()
emit({ event: 'measure-end' })
const cpuInMeasure = process.cpuUsage(cpuAtMeasure)
const lagP99 = lag.percentile(99) / 1e6
phase = 'grace'
for (const stop of stops) stop()
await sleep(graceSeconds * 1000)
phase = 'done'

// -- report ------------------------------------------------------------------------------------
const sorted = latencies.subarray(0, latencyCount).sort()
const pct = (values, p) => values.length ? values[Math.min(values.length - 1, Math.floor(p / 100 * values.length))] : null
const awarenessSorted = Float64Array.from(awarenessLatencies).sort()
let checkerHasLatest = true
checkers.forEach((checker, k) => {
  const writes = writesOf[k]
  const checkerElements = checker.doc.getMap('elements')
  if (checkerElements.size !== Math.min(100, writes)) checkerHasLatest = false
  for (const [id, value] of checkerElements) {
    const n = Number(id.slice(3))
    // The latest write to el-n is the largest k <= writes with k % 100 == n.
    const latest = writes - ((writes - n) % 100 + 100) % 100
    if (value.version !== latest) checkerHasLatest = false
  }
})
const writes = writesOf.reduce((a, b) => a + b, 0)
const writesInWindow = inWindowOf.reduce((a, b) => a + b, 0)
const cpuTotal = process.cpuUsage(cpuAtStart)
emit({
  event: 'summary',
  clients: N,
  boards: K,
  allSynced,
  connectSeconds,
  writes,
  writesInWindow,
  measuredSeconds: (measureEnd - measureStart) / 1000,
  expectedDeliveries: inWindowOf.reduce((sum, w, k) => sum + w * receiversOf[k], 0),
  deliveries: latencyCount,
  latencyMs: { p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), max: pct(sorted, 100) },
  awarenessLatencyMs: { p50: pct(awarenessSorted, 50), p99: pct(awarenessSorted, 99), samples: awarenessSorted.length },
  disconnects: disconnects.length,
  disconnectSamples: disconnects.slice(0, 5),
  checkerConverged: checkerHasLatest,
  messagesReceived,
  bytesReceived,
  loadCpuPercent: 100 * (cpuInMeasure.user + cpuInMeasure.system) / 1e6 / seconds,
  loadCpuTotalSeconds: (cpuTotal.user + cpuTotal.system) / 1e6,
  loadEventLoopLagP99Ms: lagP99
})
for (const receiver of receivers) receiver.close()
for (const client of [...writers, ...checkers]) client.close()
await sleep(200)
process.exit(0)
