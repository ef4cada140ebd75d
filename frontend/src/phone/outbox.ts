/**
 * Reactions tapped without a connection wait here, in order, and go out when the page is
 * back online — instead of being lost with "Failed to fetch". Small and bounded: a phone
 * left offline all afternoon does not send a hundred thumbs up on its return.
 */
export class Outbox<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly send: (item: T) => Promise<unknown>,
    /** True for a failure that only means "not connected": the item waits for next time. */
    private readonly isOffline: (error: unknown) => boolean,
    readonly limit = 10,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** Keeps `item` for later; false (and nothing kept) when the outbox is full. */
  add(item: T): boolean {
    if (this.items.length >= this.limit) return false;
    this.items.push(item);
    return true;
  }

  /**
   * Sends what waits, oldest first. Stops at the first "still offline" failure (the rest
   * waits); any other failure drops that item, and its error is returned.
   */
  async flush(): Promise<{ sent: number; errors: Error[] }> {
    let sent = 0;
    const errors: Error[] = [];
    while (this.items.length > 0) {
      try {
        await this.send(this.items[0]!);
        sent += 1;
      } catch (error) {
        if (this.isOffline(error)) break;
        errors.push(error instanceof Error ? error : new Error(String(error)));
      }
      this.items.shift();
    }
    return { sent, errors };
  }
}
