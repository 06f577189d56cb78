import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/projectRoot';

/** The `ports:` entries of each service in docker-compose.yml (the file keeps one `ports: [...]` line per service). */
function publishedPorts(): Record<string, string[]> {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
  const out: Record<string, string[]> = {};
  let service: string | null = null;
  let inServices = false;
  for (const line of text.split('\n')) {
    if (/^services:\s*$/.test(line)) inServices = true;
    else if (/^\S/.test(line)) inServices = false;
    const svc = inServices ? /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line) : null;
    if (svc) service = svc[1];
    const ports = /^ {4}ports:\s*\[(.*)\]\s*$/.exec(line);
    if (ports && service) out[service] = ports[1].split(',').map((p) => p.trim().replace(/^"|"$/g, '')).filter(Boolean);
    if (/^ {4}ports:\s*$/.test(line)) throw new Error('docker-compose.yml: write ports as a one-line list so this check can read them');
  }
  return out;
}

/** High 2: the deployment files never expose Temporal (access to Temporal equals admin). */
describe('docker-compose', () => {
  it("refuses to publish Temporal's gRPC port 7233 on any interface", () => {
    const ports = publishedPorts();
    for (const [service, list] of Object.entries(ports)) {
      for (const p of list) expect(`${service} ${p}`).not.toMatch(/(^|:)7233(:|$)/);
    }
  });

  it('refuses to publish the Temporal UI on every interface (127.0.0.1 by default)', () => {
    const ui = publishedPorts()['temporal-ui'] ?? [];
    for (const p of ui) expect(p).toMatch(/^(127\.0\.0\.1|\$\{TEMPORAL_UI_BIND:-127\.0\.0\.1\}):/);
  });
});
