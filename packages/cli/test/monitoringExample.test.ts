import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricCatalogue } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './cliProcess.js';

const dir = join(REPO_ROOT, 'examples/monitoring');

/** The gcstream metric names an expression reads, with histogram suffixes taken off. */
function gcstreamMetrics(expr: string): string[] {
  return [...expr.matchAll(/\bgcstream_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''));
}

describe('examples/monitoring', () => {
  const dashboard = JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const rules = (parse(readFileSync(join(dir, 'gcstream-alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ expr: string }> }> }).groups.flatMap((g) => g.rules.map((r) => r.expr));

  it('the dashboard and the alerts read only metrics gcstream exports', () => {
    const used = new Set([...exprs, ...rules].flatMap(gcstreamMetrics));
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((name) => !(name in metricCatalogue))).toEqual([]);
  });

  it('the dashboard shows every metric of the catalogue', () => {
    const used = new Set(exprs.flatMap(gcstreamMetrics));
    // EventBridge has its own source; the rest of the catalogue is on the dashboard.
    const missing = Object.keys(metricCatalogue).filter((name) => !used.has(name) && !name.startsWith('gcstream_eventbridge_') && name !== 'gcstream_dead_letter_handler_errors_total');
    expect(missing).toEqual([]);
  });

  it('the scrape config targets the port the README runs gcstream on', () => {
    const config = parse(readFileSync(join(dir, 'prometheus.yml'), 'utf8')) as { scrape_configs: Array<{ job_name: string; metrics_path: string; static_configs: Array<{ targets: string[] }> }> };
    expect(config.scrape_configs[0]).toMatchObject({ job_name: 'gcstream', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:9464'] }] });
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('--metrics-port 9464');
  });
});
