/** Where client commands write: JSON documents or text lines on stdout, notes and progress on stderr. */
export const out = {
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  },
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  },
  note(text: string): void {
    process.stderr.write(`${text}\n`);
  },
};
