import { describe, expect, it } from "vitest";
import { CLOSE_CODES as SCHEMA_CLOSE_CODES } from "../schema";
import { CLOSE_CODES, CLOSE_MESSAGES, closeMessage, shouldReconnect, UNANNOUNCED_CODES } from "./closeCodes";

const schemaCodes = Object.keys(SCHEMA_CLOSE_CODES).map(Number);

describe("close codes (from the board schema)", () => {
  it("has a message for every schema code but the ordinary closes", () => {
    const missing = schemaCodes.filter((code) => !UNANNOUNCED_CODES.has(code) && !CLOSE_MESSAGES[code]);
    expect(missing).toEqual([]);
  });
  it("has no message for a code the schema does not have", () => {
    const unknown = Object.keys(CLOSE_MESSAGES).map(Number).filter((code) => !(code in SCHEMA_CLOSE_CODES));
    expect(unknown).toEqual([]);
  });
  it("takes the reconnect flag from the schema", () => {
    for (const code of schemaCodes) expect([code, shouldReconnect(code)]).toEqual([code, SCHEMA_CLOSE_CODES[code]!.reconnect]);
    expect(shouldReconnect(4401)).toBe(false);
    expect(shouldReconnect(4503)).toBe(true);
    expect(shouldReconnect(1006)).toBe(true); // unknown: try again
  });
  it("announces the workshop codes, not the ordinary closes", () => {
    expect(closeMessage(1000)).toBeNull();
    expect(closeMessage(1006)).toBeNull();
    expect(closeMessage(4403)).toBe("Your access to this board was revoked.");
    expect(Object.keys(CLOSE_CODES).map(Number).sort()).toEqual([...schemaCodes].sort());
  });
});
