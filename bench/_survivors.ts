/**
 * What outlives a scavenge, by where it was allocated. V8's sampling heap profiler, told to keep
 * the samples a major collection frees but to drop those a scavenge frees, ends up holding only
 * objects that were still alive at a scavenge: what the young generation copied, and promoted.
 * That is what a pipeline's garbage collection costs it, so this says which code to look at.
 */
import { Session } from 'node:inspector/promises';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children: readonly ProfileNode[];
}
interface SamplingProfile {
  readonly head: ProfileNode;
  readonly samples: readonly { readonly size: number; readonly nodeId: number }[];
}

const frameName = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;

/** Starts sampling; `stop` returns the sampled bytes that outlived a scavenge, by allocating function and its caller. */
export async function sampleSurvivors(intervalBytes = 8192): Promise<{ stop(): Promise<{ totalBytes: number; bySite: [string, number][] }> }> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  // Both options are in V8's inspector protocol; Node's typings do not list them yet.
  await session.post('HeapProfiler.startSampling', { samplingInterval: intervalBytes, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false } as never);
  return {
    async stop() {
      const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: SamplingProfile };
      session.disconnect();
      const sites = new Map<number, string>();
      const walk = (node: ProfileNode, caller: string | undefined) => {
        const own = frameName(node.callFrame);
        sites.set(node.id, caller === undefined ? own : `${own} < ${caller}`);
        for (const child of node.children) walk(child, node.callFrame.functionName === '(root)' ? undefined : own);
      };
      walk(profile.head, undefined);
      const bytes = new Map<string, number>();
      let totalBytes = 0;
      for (const sample of profile.samples) {
        const site = sites.get(sample.nodeId);
        if (site === undefined) continue;
        totalBytes += sample.size;
        bytes.set(site, (bytes.get(site) ?? 0) + sample.size);
      }
      return { totalBytes, bySite: [...bytes].sort((a, b) => b[1] - a[1]) };
    },
  };
}
