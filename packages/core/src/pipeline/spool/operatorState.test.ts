import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { from, tap } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { frame, recordingSink, silentLogger, testDecode } from '../../../test/pipelineSupport.js';
import { numberedStageState, restoredCheckpoint } from '../../operators/_stageCheckpoint.js';
import { runPipeline } from '../runPipeline.js';
import { openOperatorStateStore } from './operatorState.js';

const folder = () => join(mkdtempSync(join(tmpdir(), 'gcs-opstate-')), 'operators');

describe('operator checkpoints', () => {
  it('writes each stage, and the next run restores it', () => {
    const dir = folder();
    const store = openOperatorStateStore(dir, () => {});
    store.forStage('0-count').save(() => ({ kind: 'test/1', n: 7 }));
    expect(store.checkpoint()).toBe(true);
    const file = join(dir, '0-count.v8');
    expect(deserialize(readFileSync(file))).toEqual({ kind: 'test/1', n: 7 });
    expect(openOperatorStateStore(dir, () => {}).forStage('0-count').restored).toEqual({ kind: 'test/1', n: 7 });
  });

  it("says which file it refuses when a checkpoint is another version's, instead of starting empty without a word", () => {
    const dir = folder();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '0-conversationState.v8'), serialize({ kind: 'gcstream.conversationState.stage/0', seq: 4, inner: {} }));
    writeFileSync(join(dir, '1-queueMetrics.v8'), serialize({ kind: 'gcstream.queueMetrics.stage/1', seq: 9, inner: { kind: 'gcstream.queueMetrics/0' } }));
    const problems: string[] = [];
    const store = openOperatorStateStore(dir, (message) => problems.push(message));

    const outer = numberedStageState(store.forStage('0-conversationState'), 'gcstream.conversationState.stage/1');
    expect(outer.next()).toBe(0);
    expect(restoredCheckpoint(outer.inner, 'gcstream.conversationState/1')).toBeUndefined();
    const wrapped = numberedStageState(store.forStage('1-queueMetrics'), 'gcstream.queueMetrics.stage/1');
    expect(wrapped.next()).toBe(9);
    expect(restoredCheckpoint(wrapped.inner, 'gcstream.queueMetrics/1')).toBeUndefined();

    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain(join(dir, '0-conversationState.v8'));
    expect(problems[0]).toContain('gcstream.conversationState.stage/0');
    expect(problems[1]).toContain(join(dir, '1-queueMetrics.v8'));
    expect(problems[1]).toContain('gcstream.queueMetrics/0');
    expect(problems.every((p) => p.includes('starts empty'))).toBe(true);
  });

  it('does not move the source position past a checkpoint that could not be written', async () => {
    const dir = folder();
    const problems: string[] = [];
    const store = openOperatorStateStore(dir, (message) => problems.push(message));
    // The temp file's name taken by a folder: the write fails, as on a full disk.
    mkdirSync(join(dir, '0-count.v8.tmp'), { recursive: true });
    const after = vi.fn();
    let n = 0;
    await runPipeline({
      source$: from([1, 2, 3].map(frame)),
      decode: testDecode,
      operators: [
        {
          name: 'count',
          create: (ctx) => {
            ctx.state?.save(() => ({ kind: 'count/1', n }));
            return tap(() => n++);
          },
        },
      ],
      sinks: [{ name: 'rec', create: () => recordingSink().sink }],
      logger: silentLogger,
      deadLetterFile: '/dev/null',
      checkpoint: { store, after },
    });
    expect(problems.some((p) => p.includes('cannot write the checkpoint'))).toBe(true);
    expect(after).not.toHaveBeenCalled();
  });
});
