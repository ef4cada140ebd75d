import { describe, expect, it } from "vitest";
import { parseRejoinOffer } from "./rejoin";

describe("rejoin offers", () => {
  it("reads an offer of a new code", () => {
    expect(parseRejoinOffer({ reason: "The facilitator changed the join code.", joinUrl: "/join/ABC234/", displayCode: "ABC 234", code: "ABC234" })).toEqual({
      reason: "The facilitator changed the join code.",
      joinUrl: "/join/ABC234/",
      displayCode: "ABC 234",
    });
  });
  it("reads a withdrawal without a code", () => {
    expect(parseRejoinOffer({ reason: "Withdrawn.", joinUrl: "/join/", displayCode: "" })?.displayCode).toBe("");
  });
  it("refuses anything that would lead off this site, or is malformed", () => {
    expect(parseRejoinOffer({ reason: "x", joinUrl: "https://evil.example/" })).toBeNull();
    expect(parseRejoinOffer({ reason: "x", joinUrl: "//evil.example/" })).toBeNull();
    expect(parseRejoinOffer({ joinUrl: "/join/" })).toBeNull();
    expect(parseRejoinOffer(null)).toBeNull();
  });
});
