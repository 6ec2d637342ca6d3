import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRateLimiter } from '../auth/rateLimiter.js';
import { createTokenStore } from '../auth/tokenStore.js';
import { createChannelRegistry } from '../channels/channelRegistry.js';
import { createClock } from '../clock.js';
import { emulatorErrors } from '../errors.js';
import { createFaultController } from '../faults/faultController.js';
import { parseFaultSpec } from '../faults/faultSpec.js';
import { startHighRatePump } from '../highRate/highRatePump.js';
import { createNotificationRouter } from '../streaming/notificationRouter.js';
import { createStreamingServer } from '../streaming/streamingServer.js';
import { createTruthLog } from '../truth/truthLog.js';
import { createContactCenter, type ContactCenterOptions } from '../sim/index.js';
import { handleRequest } from './handleRequest.js';
import { DEFAULTS, type EmulatorOptions, type RunningEmulator } from './options.js';
import { createRouter } from './router.js';
import { adminRoutes } from './routes/admin.js';
import { analyticsRoutes } from './routes/analytics.js';
import { channelRoutes } from './routes/channels.js';
import { conversationLookupRoutes } from './routes/conversationLookup.js';
import { discoveryRoutes } from './routes/discovery.js';
import { oauthRoutes } from './routes/oauth.js';
import { PROFILE_NAMES, PROFILES, profileCenter } from './profiles.js';

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw emulatorErrors.option(name, `must be a positive number, got ${String(value)}`);
  return v;
}

/** The profile's sizes under the explicit contact-center options, and the warm-up to play. */
function centerSettings(options: EmulatorOptions): Omit<ContactCenterOptions, 'clock' | 'seed'> {
  const name = options.profile ?? DEFAULTS.profile;
  const profile = Object.hasOwn(PROFILES, name) ? PROFILES[name] : undefined;
  if (!profile) throw emulatorErrors.option('profile', `unknown profile ${JSON.stringify(name)}: use ${PROFILE_NAMES.join(', ')}`);
  const historyMs = options.historyMs ?? profile.historyMs;
  if (!(Number.isFinite(historyMs) && historyMs >= 0)) throw emulatorErrors.option('historyMs', `must be a number of milliseconds >= 0, got ${String(options.historyMs)}`);
  return { ...profileCenter(profile, options.contactCenter ?? {}), warmupMs: options.warm === false ? 0 : historyMs };
}

/** Starts a local Genesys Cloud: OAuth, REST and streaming on one port, over a simulated contact center. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? DEFAULTS.host;
  const port = options.port ?? DEFAULTS.port;
  const seed = options.seed ?? DEFAULTS.seed;
  const clientId = options.clientId ?? DEFAULTS.clientId;
  const clientSecret = options.clientSecret ?? DEFAULTS.clientSecret;
  const tokenLifetimeSec = positive('tokenLifetimeSec', options.tokenLifetimeSec, DEFAULTS.tokenLifetimeSec);
  const heartbeatMs = positive('heartbeatMs', options.heartbeatMs, DEFAULTS.heartbeatMs);
  const channelTtlMs = positive('channelTtlMs', options.channelTtlMs, DEFAULTS.channelTtlMs);
  const socketClosingGraceMs = options.socketClosingGraceMs ?? DEFAULTS.socketClosingGraceMs;
  const rateLimitPerMinute = positive('rateLimitPerMinute', options.rateLimitPerMinute, DEFAULTS.rateLimitPerMinute);
  // Parse faults before anything listens, so a bad spec fails fast with nothing to clean up.
  const faultSpecs = parseFaultSpec(options.faults ?? []);

  const startTime = options.startTime ?? Date.now();
  const clock = createClock({ speed: positive('speed', options.speed, DEFAULTS.speed), start: startTime });
  const settings: ContactCenterOptions = { ...centerSettings(options), clock, seed, startTime };
  const contactCenter = (options.createContactCenter ?? createContactCenter)(settings);
  const truth = createTruthLog({ file: options.truthFile, maxRecords: options.truthMaxRecords });
  const faults = createFaultController(seed);
  const tokens = createTokenStore(clock, tokenLifetimeSec);
  let baseUrl = '';
  const registry = createChannelRegistry({
    clock,
    ttlMs: channelTtlMs,
    maxChannelsPerClient: options.maxChannelsPerClient ?? DEFAULTS.maxChannelsPerClient,
    maxTopicsPerChannel: options.maxTopicsPerChannel ?? DEFAULTS.maxTopicsPerChannel,
    streamingBase: () => baseUrl.replace(/^http/, 'ws'),
  });
  const highRate = options.highRate ? (options.highRate === true ? {} : options.highRate) : undefined;
  const streaming = createStreamingServer({
    registry,
    faults,
    heartbeatMs,
    socketClosingGraceMs,
    now: () => clock.now(),
    ...(highRate ? { onSession: (session) => startHighRatePump(session, truth, faults, highRate) } : {}),
  });
  const notifications = createNotificationRouter(registry, truth);

  faults.bind({
    dropSockets: () => streaming.dropSockets(),
    socketClosing: () => streaming.socketClosing(),
    sendMalformed: (n) => streaming.sendMalformed(n),
    expireChannels: () => removeAll('expired'),
    evictChannels: () => removeAll('evicted'),
    revokeTokens() {
      const revoked = new Set(tokens.revokeAll().map((t) => t.value));
      const channels = registry.list((c) => revoked.has(c.tokenValue));
      for (const c of channels) registry.remove(c, 'revoked');
      return revoked.size;
    },
  });
  function removeAll(reason: 'expired' | 'evicted'): number {
    const channels = registry.list();
    for (const c of channels) registry.remove(c, reason);
    return channels.length;
  }

  const stats = () => ({
    channels: registry.size,
    sockets: [...streaming.sessions].filter((s) => s.open).length,
    truthRecords: truth.size,
    framesRouted: notifications.routed,
    highRateFrames: truth.highRateFrames,
  });

  const router = createRouter([
    ...oauthRoutes({ tokens, faults, clientId, clientSecret }),
    ...channelRoutes(registry),
    ...discoveryRoutes(contactCenter),
    ...analyticsRoutes(contactCenter, clock),
    ...conversationLookupRoutes(contactCenter, clock),
    ...adminRoutes({ truth, registry, faults, tokens, stats }),
  ]);
  const limiter = createRateLimiter(rateLimitPerMinute);
  const server = createServer((req, res) => {
    res.setHeader('inin-correlation-id', randomUUID());
    // Genesys stamps every response with its own clock; clients that keep time in server time
    // (channel expiry, gap intervals) read it, so it must be the simulated clock, not the host's.
    res.setHeader('date', new Date(clock.now()).toUTCString());
    void handleRequest(req, res, { router, tokens, limiter, faults, logger: options.logger });
  });
  server.on('upgrade', (req, socket, head) => streaming.handleUpgrade(req, socket, head));
  server.keepAliveTimeout = 5_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => (server.off('error', reject), resolve()));
    });
  } catch (error) {
    await truth.close().catch(() => {});
    throw emulatorErrors.listen(host, port, error as NodeJS.ErrnoException);
  }
  const actualPort = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  const unsubscribe = contactCenter.onNotification((n) => notifications.publish(n));
  // In high-rate mode the pump is the traffic; the simulation would only compete for the CPU.
  if (!highRate) contactCenter.start();
  faults.apply(faultSpecs);
  options.logger?.info(
    { baseUrl, seed, speed: clock.speed, profile: options.profile ?? DEFAULTS.profile, warmupMs: settings.warmupMs ?? 0, highRate: Boolean(highRate) },
    'Genesys Cloud emulator listening',
  );

  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    port: actualPort,
    clientId,
    clientSecret,
    clock,
    contactCenter,
    faults,
    truth: (from?: number) => truth.records(from),
    stats,
    close() {
      closed ??= (async () => {
        faults.clear();
        contactCenter.stop();
        unsubscribe();
        streaming.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await truth.close();
      })();
      return closed;
    },
  };
}
