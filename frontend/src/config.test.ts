import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const valid = {
  boardId: "b1",
  title: "Retro",
  syncUrl: "ws://127.0.0.1:8000/sync",
  token: "tok",
  role: "editor",
  user: { name: "Ada", color: "#aa00ff" },
  imageUploadUrl: "/boards/b1/images",
  exportUrl: "/boards/b1/export?format=excalidraw",
  homeUrl: "/",
  rejoinUrl: "/boards/b1/rejoin",
  language: "zu",
};

describe("parseConfig", () => {
  it("defaults the language to English when the server sends none", () => {
    const { language: _language, ...withoutLanguage } = valid;
    expect(parseConfig(withoutLanguage).language).toBe("en");
  });

  it("accepts the documented fields", () => {
    expect(parseConfig(valid)).toEqual(valid);
  });

  it("knows where to ask about rejoining when the page does not say", () => {
    const { rejoinUrl: _omitted, ...older } = valid;
    expect(parseConfig(older).rejoinUrl).toBe("/boards/b1/rejoin");
  });

  it("names the bad field", () => {
    expect(() => parseConfig({ ...valid, role: "admin" })).toThrow(/"role"/);
    expect(() => parseConfig({ ...valid, token: "" })).toThrow(/"token"/);
    expect(() => parseConfig({ ...valid, user: { name: "A", color: "blue" } })).toThrow(/user.color/);
    expect(() => parseConfig([])).toThrow(ConfigError);
  });
});
