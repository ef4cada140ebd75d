/**
 * The board page configuration rendered by Django into
 * `<script id="indaba-board-config" type="application/json">`.
 */
export type Role = "editor" | "viewer";

export interface BoardUser {
  name: string;
  /** `#rrggbb` */
  color: string;
}

export interface BoardConfig {
  boardId: string;
  title: string;
  /** y-websocket server URL; the room name is `boardId`, the query carries `token`. */
  syncUrl: string;
  token: string;
  role: Role;
  user: BoardUser;
  imageUploadUrl: string;
  exportUrl: string;
  homeUrl: string;
  /** Where a page whose access ended asks how to get back in (session boards). */
  rejoinUrl: string;
  /** The language the server rendered the page in (Django's language code, e.g. "zu"). */
  language: string;
}

export const CONFIG_ELEMENT_ID = "indaba-board-config";

export class ConfigError extends Error {
  override name = "ConfigError";
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

function requireString(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value !== "string" || value === "") {
    throw new ConfigError(`Board config field "${key}" must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a parsed config object; throws ConfigError naming the bad field. */
export function parseConfig(raw: unknown): BoardConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError("Board config must be a JSON object");
  }
  const data = raw as Record<string, unknown>;
  const role = data.role;
  if (role !== "editor" && role !== "viewer") {
    throw new ConfigError(`Board config field "role" must be "editor" or "viewer", got ${JSON.stringify(role)}`);
  }
  const user = data.user;
  if (typeof user !== "object" || user === null) {
    throw new ConfigError('Board config field "user" must be an object {name, color}');
  }
  const userData = user as Record<string, unknown>;
  const name = requireString(userData, "name");
  const color = userData.color;
  if (typeof color !== "string" || !HEX_COLOR.test(color)) {
    throw new ConfigError(`Board config field "user.color" must be "#rrggbb", got ${JSON.stringify(color)}`);
  }
  const boardId = requireString(data, "boardId");
  return {
    boardId,
    title: typeof data.title === "string" ? data.title : "",
    syncUrl: requireString(data, "syncUrl"),
    token: requireString(data, "token"),
    role,
    user: { name, color },
    imageUploadUrl: requireString(data, "imageUploadUrl"),
    exportUrl: requireString(data, "exportUrl"),
    homeUrl: requireString(data, "homeUrl"),
    rejoinUrl: typeof data.rejoinUrl === "string" && data.rejoinUrl ? data.rejoinUrl : `/boards/${boardId}/rejoin`,
    language: typeof data.language === "string" && data.language ? data.language : "en",
  };
}

/** Reads and validates the config embedded in the page. */
export function readConfig(doc: Document = document): BoardConfig {
  const element = doc.getElementById(CONFIG_ELEMENT_ID);
  if (!element?.textContent) {
    throw new ConfigError(`Missing <script id="${CONFIG_ELEMENT_ID}" type="application/json"> in the page`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(element.textContent);
  } catch (error) {
    throw new ConfigError(`Board config is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw);
}
