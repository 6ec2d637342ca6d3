import { errors } from '../errors/errors.js';

/** AWS-style region name -> Genesys Cloud domain (genesys-protocol.md, "Hosts and regions"). */
export const genesysRegions: Readonly<Record<string, string>> = {
  'us-east-1': 'mypurecloud.com',
  'eu-west-1': 'mypurecloud.ie',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'eu-central-1': 'mypurecloud.de',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'ap-northeast-2': 'apne2.pure.cloud',
  'eu-west-2': 'euw2.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
  'eu-central-2': 'euc2.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'eu-east-1': 'edee1.eusc-pure.cloud',
};

/** Where the three Genesys Cloud services live, without trailing slashes. */
export interface GenesysHosts {
  /** OAuth: `${login}/oauth/token`. */
  readonly login: string;
  /** REST: `${api}/api/v2/...`. */
  readonly api: string;
}

/**
 * Resolves the hosts from `baseUrl` (one origin serving everything, as the emulator does) or a
 * region given by AWS-style name or domain. The streaming host needs no entry: every channel
 * comes with its own `connectUri`.
 */
export function resolveHosts(options: { region?: string | undefined; baseUrl?: string | undefined }): GenesysHosts {
  if (options.baseUrl) {
    const base = options.baseUrl.replace(/\/+$/, '');
    return { login: base, api: base };
  }
  const region = (options.region ?? 'us-east-1').trim().toLowerCase();
  const domain = genesysRegions[region] ?? (Object.values(genesysRegions).includes(region) ? region : undefined);
  if (!domain) {
    throw errors.sourceConfig(
      `unknown region "${options.region}". Use an AWS-style name (${Object.keys(genesysRegions).slice(0, 4).join(', ')}, ...), a Genesys Cloud domain (mypurecloud.ie), or baseUrl.`,
      { region: options.region },
    );
  }
  return { login: `https://login.${domain}`, api: `https://api.${domain}` };
}
