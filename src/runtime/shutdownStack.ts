import { logger } from '../logging/logger';

/** Resources to release on shutdown, closed in reverse order of acquisition; each failure is logged, not fatal. */
export class ShutdownStack {
  private readonly closers: { name: string; close: () => Promise<unknown> | unknown }[] = [];

  push(name: string, close: () => Promise<unknown> | unknown): void {
    this.closers.push({ name, close });
  }

  async unwind(): Promise<void> {
    while (this.closers.length) {
      const { name, close } = this.closers.pop()!;
      try {
        logger.debug(`stopping ${name}`);
        await close();
      } catch (e) {
        logger.warn(`stopping ${name} failed`, { err: e });
      }
    }
  }
}
