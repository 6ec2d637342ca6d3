import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, logLines, startCli, waitFor } from './cliProcess.js';

/** A real terminal: a detached tmux session of a known size, read back with capture-pane. */
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const sessions: string[] = [];

function startInTerminal(args: readonly string[]): string {
  const name = `gcstream-status-${process.pid}-${sessions.length}`;
  sessions.push(name);
  // Events go to /dev/null: the terminal shows what standard error draws, the logs and the panel.
  const command = `cd ${REPO_ROOT} && NO_COLOR=1 ${process.execPath} ${BIN} ${args.join(' ')} > /dev/null; echo "gcstream exited $?"; sleep 60`;
  tmux('new-session', '-d', '-s', name, '-x', '150', '-y', '40', command);
  return name;
}

const screen = (name: string) => tmux('capture-pane', '-p', '-t', name);

async function screenUntil(name: string, check: (text: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const text = screen(name);
    if (check(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the terminal never showed ${what}:\n${screen(name)}`);
}

afterEach(() => {
  for (const name of sessions.splice(0)) {
    try {
      tmux('kill-session', '-t', name);
    } catch {
      // already gone
    }
  }
});

describe('gcstream run status display', () => {
  it('on a terminal, a panel redrawn in place: rates with sparklines, per-sink figures, channels', async () => {
    const name = startInTerminal(['run', 'examples/console.yaml', '--emulator-speed', '60', '--status-interval', '200ms']);
    const first = await screenUntil(name, (t) => /^ {2}console +[1-9][\d,]* /m.test(t), 'the panel with delivered events');
    expect(first).toMatch(/^gcstream {2}in [\d.,]+\/s [▁▂▃▄▅▆▇█]+ {2}out [\d.,]+\/s [▁▂▃▄▅▆▇█]+ {2}total [\d,]+ in, [\d,]+ out/m);
    expect(first).toMatch(/^ {2}sink +delivered +lag +buffered +retries +dead letters$/m);
    expect(first).toMatch(/^ {2}source running: channels 1\/1 connected, 0 reconnects, 0 rollovers, 0 gaps, 0 backfilled$/m);
    const delivered = (text: string) => Number(/^ {2}console +([\d,]+) /m.exec(text)![1]!.replace(/,/g, ''));
    // Redrawn in place: later the figures have grown, and the panel is still on the screen once, at the bottom.
    const later = await screenUntil(name, (t) => /^ {2}console +[\d,]+ /m.test(t) && delivered(t) > delivered(first), 'the delivered count grow');
    expect(later.match(/^gcstream {2}in /gm)).toHaveLength(1);
    expect(later.match(/^ {2}sink +delivered/gm)).toHaveLength(1);
    expect(later.trimEnd().split('\n').at(-1)).toMatch(/^ {2}source running: channels 1\/1 connected/);
    tmux('send-keys', '-t', name, 'C-c');
    const stopped = await screenUntil(name, (t) => t.includes('gcstream exited'), 'the exit');
    // The panel is erased on exit; the exit summary takes its place.
    expect(stopped).not.toMatch(/^gcstream {2}in /m);
    expect(stopped).toMatch(/^gcstream run ended \(stopped\)/m);
    expect(stopped).toContain('gcstream exited 0');
  });

  it('--status-line keeps it to one compact line', async () => {
    const name = startInTerminal(['run', 'examples/console.yaml', '--emulator-speed', '60', '--status-interval', '200ms', '--status-line']);
    const text = await screenUntil(name, (t) => /console [1-9]\d* delivered/.test(t), 'the status line');
    expect(text).not.toMatch(/^ {2}sink +delivered/m);
    expect(text.match(/console \d+ delivered/g)).toHaveLength(1);
  });

  it('without a terminal, a plain status log line at each interval (30 s unless told)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-status-log-'));
    const run = startCli(['run', join(REPO_ROOT, 'examples/console.yaml'), '--emulator-speed', '60', '--status-interval', '300ms'], { cwd: dir });
    try {
      const connected = () => logLines(run.stderr()).find((l) => String(l.msg).startsWith('status: ') && String(l.msg).includes('channels 1/1'));
      await waitFor(run, () => connected() !== undefined, 'a status log line with the channel connected');
      const line = connected()!;
      expect(line.msg).toMatch(/^status: [\d.]+\/s in, [\d.]+\/s out, channels 1\/1, 0 reconnects, 0 gaps, 0 backfilled$/);
      expect(line.status).toMatchObject({ sinks: { console: { connected: true, retries: 0, deadLetters: 0 } }, source: { channels: 1, channelsConnected: 1 } });
      expect(run.stderr()).not.toContain('\u001b[');
    } finally {
      run.child.kill('SIGINT');
      await run.exited;
    }
  });
});
