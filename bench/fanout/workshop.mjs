// Workshop load for one board, run by bench/workshop.py against one server at a time.
//
// Usage: node workshop.mjs '<json config>'   (see bench/workshop.py for the fields)
//
// Every client is a stock browser client: a Y.Doc bound to the `y-websocket` provider with
// its `y-protocols/awareness` instance, as the board page runs them.
// - Every client moves its cursor `cursorHz` times a second by setting its awareness state
//   (the board page throttles pointer updates to one per POINTER_THROTTLE_MS = 50 ms,
//   frontend/src/presence/types.ts: 20 Hz while a pointer moves). The state carries its
//   send time; every other client records (receive - send) when its awareness applies it.
// - `noteWriters` of them add a sticky note (a rectangle and its bound text, shaped as
//   docs/board-document.md says) every `noteSeconds`, and move one of their notes between
//   adds. Each element carries its send time in customData; every client records the
//   latency when the change reaches its Y.Doc.
// - With `vote` in the config (Indaba only: the reference has no facilitation endpoint), a
//   vote runs through the measured window as on the board page: the facilitator opens it
//   (POST vote/start), every person casts `votesPerPerson` votes at random moments on
//   notes their document holds (POST vote/cast with their own board token, as the page
//   does), and the facilitator reveals it at the end; the revealed total must equal the
//   casts the server accepted.
// Latency = receive time - send time, on one clock (all clients live in this process).
// Output: progress events and one final JSON summary, one JSON object per stdout line.
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

process.setMaxListeners(0) // every awareness instance listens for the process's exit
const config = JSON.parse(process.argv[2])
const {
  url, clients: N, seconds, warmupSeconds = 3, graceSeconds = 3, cursorHz = 20,
  noteWriters = 10, noteSeconds = 5, connectTimeoutSeconds = 90, vote = null
} = config

const now = () => performance.timeOrigin + performance.now()
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const hardLimitMs = (connectTimeoutSeconds + warmupSeconds + seconds + graceSeconds + 30) * 1000
setTimeout(() => { emit({ event: 'error', error: 'hard time limit reached' }); process.exit(2) },
  hardLimitMs).unref()

// ws://host/sync/<board>?token=... (Indaba) or ws://host/<room> (reference).
const parsed = new URL(url)
const slash = parsed.pathname.lastIndexOf('/')
const serverUrl = `${parsed.protocol}//${parsed.host}${parsed.pathname.slice(0, slash)}`
const room = decodeURIComponent(parsed.pathname.slice(slash + 1))
const params = Object.fromEntries(parsed.searchParams)

let phase = 'connect'
let measureStart = Infinity
let measureEnd = Infinity
const cursorLatencies = []
const editLatencies = []
const disconnects = []
const inWindow = (t) => t >= measureStart && t < measureEnd

class Client {
  constructor (index) {
    this.index = index
    this.doc = new Y.Doc()
    this.elements = this.doc.getMap('elements')
    this.provider = new WebsocketProvider(serverUrl, room, this.doc, {
      params, WebSocketPolyfill: WebSocket, disableBc: true
    })
    this.awareness = this.provider.awareness
    this.awareness.setLocalState({ user: { name: `person ${index}`, colour: '#1971c2' } })
    this.provider.on('connection-close', (event) => {
      if (phase !== 'done') disconnects.push({ client: index, code: event?.code, phase })
    })
    this.awareness.on('change', ({ added, updated }, origin) => {
      if (origin === 'local' || phase !== 'measure') return
      const received = now()
      const states = this.awareness.getStates()
      for (const id of added.concat(updated)) {
        const t = states.get(id)?.pointer?.t
        if (t !== undefined && inWindow(t)) cursorLatencies.push(received - t)
      }
    })
    this.elements.observe((event, transaction) => {
      if (transaction.local) return
      const received = now()
      for (const key of event.keysChanged) {
        const t = this.elements.get(key)?.customData?.bench?.t
        if (t !== undefined && inWindow(t)) editLatencies.push(received - t)
      }
    })
    this.notes = []
    this.seq = 0
  }

  moveCursor () {
    const x = Math.round(Math.random() * 2000)
    const y = Math.round(Math.random() * 1200)
    this.awareness.setLocalStateField('pointer', { x, y, tool: 'pointer', t: now() })
  }

  addNote () {
    const id = `n-${this.index}-${++this.seq}`
    const t = now()
    const x = (this.index % 10) * 220
    const y = this.seq * 220
    const common = {
      angle: 0, strokeWidth: 1, strokeStyle: 'solid', fillStyle: 'solid', roughness: 0,
      opacity: 100, groupIds: [], frameId: null, seed: 1, version: 1, versionNonce: 1,
      isDeleted: false, updated: Date.now(), link: null, locked: false,
      index: `a${String(this.index).padStart(3, '0')}${String(this.seq).padStart(5, '0')}`,
      customData: { bench: { t } }
    }
    this.doc.transact(() => {
      this.elements.set(id, {
        ...common, id, type: 'rectangle', x, y, width: 200, height: 200,
        strokeColor: 'transparent', backgroundColor: '#ffec99',
        boundElements: [{ id: `${id}-t`, type: 'text' }], roundness: { type: 3 },
        customData: {
          indaba: { kind: 'sticky', author: `person ${this.index}`, authorId: `tok-${this.index}`, color: '#ffec99' },
          bench: { t }
        }
      })
      this.elements.set(`${id}-t`, {
        ...common, id: `${id}-t`, type: 'text', x: x + 10, y: y + 10, width: 180, height: 25,
        strokeColor: '#1e1e1e', backgroundColor: 'transparent', boundElements: null,
        roundness: null, text: `idea ${this.seq} from person ${this.index}`,
        originalText: `idea ${this.seq} from person ${this.index}`, fontSize: 20,
        fontFamily: 5, textAlign: 'center', verticalAlign: 'middle', containerId: id,
        autoResize: true, lineHeight: 1.25
      })
    })
    this.notes.push(id)
  }

  moveNote () {
    if (this.notes.length === 0) return
    const id = this.notes[Math.floor(Math.random() * this.notes.length)]
    const current = this.elements.get(id)
    this.elements.set(id, {
      ...current, x: current.x + 5, version: current.version + 1,
      versionNonce: Math.floor(Math.random() * 2 ** 31),
      customData: { ...current.customData, bench: { t: now() } }
    })
  }

  // A sticky note this client's document holds (votes go on notes only).
  someNote () {
    const ids = []
    for (const [id, value] of this.elements.entries()) {
      if (value?.customData?.indaba?.kind === 'sticky' && !value.isDeleted) ids.push(id)
    }
    return ids.length ? ids[Math.floor(Math.random() * ids.length)] : null
  }

  close () { this.provider.destroy() }
}

// The vote, over HTTP as the board page sends it (frontend/src/facilitation/api.ts).
const voteLatencies = []
const voteStatuses = {}
let votesAccepted = 0
let votesWithoutNote = 0
let voteStart = null
let voteReveal = null
const facilitation = async (token, name, body) => {
  const started = now()
  try {
    const response = await fetch(`${vote.base}/boards/${vote.board}/facilitation/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    })
    return { status: response.status, ms: now() - started, body: await response.json().catch(() => null) }
  } catch (error) {
    return { status: `error ${error.cause?.code ?? error.message}`, ms: now() - started, body: null }
  }
}
const castVote = async (client, token) => {
  const elementId = client.someNote()
  if (elementId === null) { votesWithoutNote++; return }
  const result = await facilitation(token, 'vote/cast', { elementId })
  voteStatuses[result.status] = (voteStatuses[result.status] ?? 0) + 1
  if (result.status === 200) votesAccepted++
  if (phase === 'measure' || phase === 'grace') voteLatencies.push(result.ms)
}

const every = (hz, fn) => {
  const timer = setInterval(fn, 1000 / hz)
  return () => clearInterval(timer)
}

const cpuAtStart = process.cpuUsage()
const connectStarted = now()
const clients = []
for (let i = 0; i < N; i++) {
  clients.push(new Client(i))
  if (i % 10 === 9) await sleep(50) // a room filling up, not one instant
}
while (!clients.every((c) => c.provider.synced)) {
  if (now() - connectStarted > connectTimeoutSeconds * 1000) break
  await sleep(50)
}
emit({ event: 'connected', synced: clients.filter((c) => c.provider.synced).length, seconds: (now() - connectStarted) / 1000 })

const stops = []
for (const client of clients) {
  // Spread over the period so that cursors do not move in lock step.
  setTimeout(() => stops.push(every(cursorHz, () => client.moveCursor())), Math.random() * 1000 / cursorHz)
}
for (const client of clients.slice(0, noteWriters)) {
  const offset = Math.random() * noteSeconds * 1000
  setTimeout(() => {
    stops.push(every(1 / noteSeconds, () => client.addNote()))
    setTimeout(() => stops.push(every(1 / noteSeconds, () => client.moveNote())), noteSeconds * 500)
  }, offset)
}

phase = 'warmup'
await sleep(warmupSeconds * 1000)
phase = 'measure'
measureStart = now()
const cpuAtMeasure = process.cpuUsage()
emit({ event: 'measure-start' })
const castsInFlight = []
if (vote) {
  voteStart = await facilitation(vote.facilitator, 'vote/start', { votesPerPerson: vote.votesPerPerson, anonymous: true })
  if (voteStart.status !== 200) emit({ event: 'error', error: `vote/start answered ${voteStart.status}: ${JSON.stringify(voteStart.body)}` })
  // Each person's votes at random moments of the window (not in the last second).
  clients.forEach((client, i) => {
    for (let k = 0; k < vote.votesPerPerson; k++) {
      const at = Math.random() * Math.max(0, seconds - 1) * 1000
      castsInFlight.push(sleep(at).then(() => castVote(client, vote.voters[i])))
    }
  })
}
await sleep(seconds * 1000)
measureEnd = now()
emit({ event: 'measure-end' })
const cpuInMeasure = process.cpuUsage(cpuAtMeasure)
phase = 'grace'
for (const stop of stops) stop()
await Promise.all(castsInFlight)
if (vote) voteReveal = await facilitation(vote.facilitator, 'vote/reveal', {})
await sleep(graceSeconds * 1000)

const sortNum = (values) => Float64Array.from(values).sort()
const pct = (values, p) => values.length ? values[Math.min(values.length - 1, Math.floor(p / 100 * values.length))] : null
const summarise = (values) => {
  const sorted = sortNum(values)
  return { p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), max: pct(sorted, 100), samples: sorted.length }
}
// Every client should end with every other client's last cursor and every note.
const lastPointers = new Map(clients.map((c) => [c.awareness.clientID, c.awareness.getLocalState()?.pointer?.t]))
let staleCursorViews = 0
for (const c of clients) {
  for (const [id, t] of lastPointers) {
    if (id !== c.awareness.clientID && c.awareness.getStates().get(id)?.pointer?.t !== t) staleCursorViews++
  }
}
const elementCounts = clients.map((c) => c.elements.size)
phase = 'done'
const cpuTotal = process.cpuUsage(cpuAtStart)
emit({
  event: 'summary',
  clients: N,
  cursorLatencyMs: summarise(cursorLatencies),
  editLatencyMs: summarise(editLatencies),
  disconnects: disconnects.length,
  disconnectSamples: disconnects.slice(0, 5),
  staleCursorViews,
  elementsMin: Math.min(...elementCounts),
  elementsMax: Math.max(...elementCounts),
  vote: vote && {
    startStatus: voteStart?.status,
    castLatencyMs: summarise(voteLatencies),
    statuses: voteStatuses,
    accepted: votesAccepted,
    withoutNote: votesWithoutNote,
    revealStatus: voteReveal?.status,
    revealMs: voteReveal?.ms,
    revealedTotal: Array.isArray(voteReveal?.body?.ranking)
      ? voteReveal.body.ranking.reduce((sum, row) => sum + row.count, 0)
      : null
  },
  loadCpuPercent: 100 * (cpuInMeasure.user + cpuInMeasure.system) / 1e6 / seconds,
  loadCpuTotalSeconds: (cpuTotal.user + cpuTotal.system) / 1e6
})
for (const c of clients) c.close()
await sleep(200)
process.exit(0)
