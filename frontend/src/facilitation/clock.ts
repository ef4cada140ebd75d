/** The server's clock as seen from this page: offset measured once from the page config. */
export class ServerClock {
  readonly offset: number;

  constructor(serverNow: number, localNow: number = Date.now()) {
    this.offset = serverNow - localNow;
  }

  now(localNow: number = Date.now()): number {
    return localNow + this.offset;
  }
}
