import { t } from "../i18n";

/** A request that never reached the server (offline, server unreachable). */
export class NetworkError extends Error {
  override name = "NetworkError";
}

/** JSON calls to `/boards/<id>/facilitation/…`, authorized by the board token. Errors
 * carry the server's own explanation, or say plainly that there was no connection. */
export class FacilitationApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async get<T>(name: string): Promise<T> {
    return this.call<T>(name, { method: "GET" });
  }

  async post<T>(name: string, body: Record<string, unknown> = {}): Promise<T> {
    return this.call<T>(name, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  private async call<T>(name: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/${name}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${this.token}` },
        credentials: "same-origin",
      });
    } catch {
      // fetch rejects only when the request could not be made at all ("Failed to fetch").
      throw new NetworkError(t("api.noConnection"));
    }
    let data: unknown = null;
    try {
      data = await response.json();
    } catch {
      // not JSON: reported below
    }
    if (!response.ok) {
      const error = (data as { error?: unknown } | null)?.error;
      throw new Error(typeof error === "string" ? sentence(error) : t("api.failed", { status: String(response.status) }));
    }
    return data as T;
  }
}

/** Server messages are lower-case clauses ("no vote is open"): shown as sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  return trimmed[0]!.toUpperCase() + trimmed.slice(1) + (/[.!?]$/.test(trimmed) ? "" : ".");
}
