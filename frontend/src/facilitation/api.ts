/** JSON calls to `/boards/<id>/facilitation/…`, authorized by the board token. */
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
    const response = await fetch(`${this.baseUrl}/${name}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${this.token}` },
      credentials: "same-origin",
    });
    let data: unknown = null;
    try {
      data = await response.json();
    } catch {
      // not JSON: reported below
    }
    if (!response.ok) {
      const error = (data as { error?: unknown } | null)?.error;
      throw new Error(typeof error === "string" ? error : `request failed (${response.status})`);
    }
    return data as T;
  }
}
