import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// OpenTelemetry patches modules as a real process loads them, which jest's module registry
// does not do faithfully: the check runs in a child process built like a service.
describe('telemetry', () => {
  it('continues an incoming trace and stamps its ids on log lines', () => {
    const out = execFileSync(process.execPath, [join(__dirname, 'fixtures', 'traced-server.js')], { encoding: 'utf8' });
    const line = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, string>)
      .find((l) => l.msg === 'inside the request');
    expect(line).toMatchObject({ service: 'telemetry-check', trace_id: '0af7651916cd43dd8448eb211c80319c' });
    expect(line?.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(line?.span_id).not.toBe('b7ad6b7169203331');
  });
});
