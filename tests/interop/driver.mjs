// Drives stock Yjs clients (yjs 13 + the y-websocket provider) for the Python interop tests.
//
// One process hosts any number of clients, each a Y.Doc bound to a WebsocketProvider.
// Commands arrive on stdin as JSON lines {"id": n, "op": "...", ...}; each is answered on
// stdout with {"id": n, "ok": true, "result": ...} or {"id": n, "ok": false, "error": "..."}.
// The board document is a top-level Y.Map "elements" of plain JSON values.
//
// Ops:
//   open {client, url, room, token}        create a doc and connect it
//   set {client, key, value}               elements[key] = value (one transaction)
//   delete {client, key}
//   stream {client, prefix, rate, count}   `rate` times a second, one transaction that adds
//                                          prefix-<n> and sets prefix-counter's version to n
//   killOnReceive {client, pid, after}     SIGKILL process pid once client has received
//                                          `after` more updates, then stop every client
//   stopStreams {}                         stop every stream
//   state {client}                         {elements, awareness, clocks, status, synced, closes, clientId}
//   setAwareness {client, state}           local awareness state (null clears it)
//   disconnect {client} / connect {client} the provider's own offline / online switch
//   freeze {}                              disconnect every client, then return all states
//   destroy {client}
import * as readline from 'node:readline'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

/** @type {Map<string, {doc: Y.Doc, provider: WebsocketProvider, status: string, closes: any[]}>} */
const clients = new Map()
/** @type {Set<any>} */
const streams = new Set()

const reply = (message) => process.stdout.write(JSON.stringify(message) + '\n')

const get = (name) => {
  const client = clients.get(name)
  if (client === undefined) throw new Error(`no client named ${name}`)
  return client
}

const stateOf = (client) => {
  const awareness = {}
  for (const [clientId, state] of client.provider.awareness.getStates()) {
    awareness[clientId] = state
  }
  const clocks = {}
  for (const [clientId, meta] of client.provider.awareness.meta) {
    clocks[clientId] = meta.clock
  }
  return {
    elements: client.doc.getMap('elements').toJSON(),
    awareness,
    clocks,
    status: client.status,
    synced: client.provider.synced,
    closes: client.closes,
    clientId: client.doc.clientID
  }
}

const ops = {
  open ({ client: name, url, room, token }) {
    if (clients.has(name)) throw new Error(`client ${name} already exists`)
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(url, room, doc, {
      params: { token },
      WebSocketPolyfill: WebSocket,
      // Node has a global BroadcastChannel: without this, clients in one process would
      // sync with each other directly and bypass the server under test.
      disableBc: true
    })
    const client = { doc, provider, status: 'connecting', closes: [] }
    provider.on('status', ({ status }) => { client.status = status })
    provider.on('connection-close', (event) => {
      if (event) client.closes.push({ code: event.code, reason: event.reason })
    })
    clients.set(name, client)
    return doc.clientID
  },
  set ({ client, key, value }) {
    get(client).doc.getMap('elements').set(key, value)
  },
  delete ({ client, key }) {
    get(client).doc.getMap('elements').delete(key)
  },
  stream ({ client: name, prefix, rate, count }) {
    const { doc } = get(name)
    const elements = doc.getMap('elements')
    let n = 0
    const timer = setInterval(() => {
      n += 1
      // One transaction, so one update message per tick.
      doc.transact(() => {
        elements.set(`${prefix}-${n}`, { id: `${prefix}-${n}`, type: 'rectangle', x: n, y: 0, version: 1 })
        elements.set(`${prefix}-counter`, { id: `${prefix}-counter`, type: 'text', version: n })
      })
      if (n >= count) {
        clearInterval(timer)
        streams.delete(timer)
      }
    }, 1000 / rate)
    streams.add(timer)
  },
  killOnReceive ({ client: name, pid, after }) {
    // SIGKILL the server the instant this client has received `after` more updates from it,
    // then stop all writing: the kill lands right after a receipt, where a server that sent
    // before its commit was durable would lose what the client holds.
    const { doc, provider } = get(name)
    let count = 0
    const onUpdate = (update, origin) => {
      if (origin !== provider) return
      count += 1
      if (count < after) return
      doc.off('update', onUpdate)
      process.kill(pid, 'SIGKILL')
      ops.stopStreams()
      for (const other of clients.values()) other.provider.disconnect()
    }
    doc.on('update', onUpdate)
  },
  stopStreams () {
    for (const timer of streams) clearInterval(timer)
    streams.clear()
  },
  state ({ client }) {
    return stateOf(get(client))
  },
  setAwareness ({ client, state }) {
    get(client).provider.awareness.setLocalState(state)
  },
  disconnect ({ client }) {
    get(client).provider.disconnect()
  },
  connect ({ client }) {
    get(client).provider.connect()
  },
  freeze () {
    ops.stopStreams()
    const states = {}
    for (const [name, client] of clients) {
      client.provider.disconnect()
      states[name] = stateOf(client)
    }
    return states
  },
  destroy ({ client }) {
    get(client).provider.destroy()
    clients.delete(client)
  }
}

const lines = readline.createInterface({ input: process.stdin })
lines.on('line', (line) => {
  let request
  try {
    request = JSON.parse(line)
    const op = ops[request.op]
    if (op === undefined) throw new Error(`unknown op ${request.op}`)
    const result = op(request)
    reply({ id: request.id, ok: true, result: result ?? null })
  } catch (error) {
    reply({ id: request?.id ?? null, ok: false, error: String(error?.stack ?? error) })
  }
})
// stdin closed: the test is over (or the test process died); leave without lingering.
lines.on('close', () => process.exit(0))
