import { describe, expect, it } from "vitest";
import { Outbox } from "./outbox";

class Offline extends Error {}

describe("the reaction outbox", () => {
  it("keeps items while offline and sends them in order once back", async () => {
    const sent: string[] = [];
    let online = false;
    const box = new Outbox<string>(async (item) => {
      if (!online) throw new Offline("no connection");
      sent.push(item);
    }, (e) => e instanceof Offline);
    box.add("👍");
    box.add("🎉");
    expect(await box.flush()).toEqual({ sent: 0, errors: [] });
    expect(box.size).toBe(2);
    online = true;
    expect(await box.flush()).toEqual({ sent: 2, errors: [] });
    expect(sent).toEqual(["👍", "🎉"]);
    expect(box.size).toBe(0);
  });
  it("drops an item the server refuses, and reports why", async () => {
    const box = new Outbox<string>(async (item) => {
      if (item === "bad") throw new Error("react with one of …");
    }, () => false);
    box.add("bad");
    box.add("👍");
    const result = await box.flush();
    expect(result.sent).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual(["react with one of …"]);
  });
  it("is bounded", () => {
    const box = new Outbox<number>(async () => undefined, () => true, 2);
    expect([box.add(1), box.add(2), box.add(3)]).toEqual([true, true, false]);
    expect(box.size).toBe(2);
  });
});
