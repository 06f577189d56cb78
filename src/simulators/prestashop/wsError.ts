/**
 * An error the simulated webservice reports with PrestaShop's error document: one or more `{code, message}`
 * entries and the HTTP status of the last one recorded (reference §5.1).
 */
export interface WsErrorEntry {
  code: number;
  message: string;
}

export class WsError extends Error {
  readonly status: number;
  readonly entries: WsErrorEntry[];

  constructor(status: number, code: number, message: string, more: WsErrorEntry[] = []) {
    super(message);
    this.status = status;
    this.entries = [...more, { code, message }];
  }
}

/** `GET` of an unknown id: 404 with an empty body (no error document). */
export class WsEmptyNotFound extends Error {
  constructor() {
    super('not found');
  }
}
