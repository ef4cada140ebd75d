import { describe, expect, it } from "vitest";
import { shouldReconnect } from "./closeCodes";
import { type ConnectionEvent, describeConnection, initialConnectionState, reduceConnection } from "./state";

const run = (events: ConnectionEvent[], start = initialConnectionState()) => events.reduce(reduceConnection, start);

describe("connection state", () => {
  it("goes connecting → loading → connected", () => {
    expect(run([]).phase).toBe("connecting");
    expect(run([{ type: "status", status: "connected" }]).phase).toBe("syncing");
    expect(run([{ type: "status", status: "connected" }, { type: "synced", synced: true }]).phase).toBe("connected");
  });

  it("counts local changes made while disconnected and clears them on sync", () => {
    const offline = run([
      { type: "status", status: "connected" },
      { type: "synced", synced: true },
      { type: "close", code: 1006 },
      { type: "localChange" },
      { type: "localChange" },
    ]);
    expect(offline.phase).toBe("reconnecting");
    expect(offline.unsent).toBe(2);
    expect(describeConnection(offline)).toBe("Reconnecting… — 2 unsent changes");
    const back = run([{ type: "status", status: "connected" }, { type: "synced", synced: true }], offline);
    expect(back.unsent).toBe(0);
    expect(describeConnection(back)).toBe("Connected");
  });

  it("does not count changes while connected", () => {
    const s = run([{ type: "status", status: "connected" }, { type: "synced", synced: true }, { type: "localChange" }]);
    expect(s.unsent).toBe(0);
  });

  it.each([4401, 4403, 4404, 4422])("stops for good on %i with a message", (code) => {
    const s = run([{ type: "status", status: "connected" }, { type: "close", code }, { type: "status", status: "connecting" }]);
    expect(s.phase).toBe("closed");
    expect(s.closeMessage).toBeTruthy();
    expect(shouldReconnect(code)).toBe(false);
  });

  it.each([4400, 4408, 4413, 4429, 4500, 4503])("keeps reconnecting on %i and says why", (code) => {
    const s = run([{ type: "status", status: "connected" }, { type: "synced", synced: true }, { type: "close", code }]);
    expect(s.phase).toBe("reconnecting");
    expect(s.closeMessage).toBeTruthy();
    expect(shouldReconnect(code)).toBe(true);
  });

  it("reconnects after ordinary closes", () => {
    expect(shouldReconnect(1006)).toBe(true);
    expect(shouldReconnect(1001)).toBe(true);
  });

  it("shows offline when the browser loses the network", () => {
    const s = run([{ type: "status", status: "connected" }, { type: "synced", synced: true }, { type: "online", online: false }, { type: "close", code: 1006 }, { type: "localChange" }]);
    expect(describeConnection(s)).toBe("Offline — 1 unsent change");
    expect(run([{ type: "online", online: true }], s).phase).toBe("reconnecting");
  });
});
