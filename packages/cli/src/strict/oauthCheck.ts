import { resolveHosts, type GenesysSourceConfig } from '@gcstream/core';

/** Whether the OAuth client can log in (client-credentials grant); a problem sentence when not. */
export async function checkOauthLogin(genesys: GenesysSourceConfig): Promise<string | undefined> {
  if (genesys.clientId === undefined || genesys.clientSecret === undefined) return undefined;
  let login: string;
  try {
    login = resolveHosts(genesys).login;
  } catch (error) {
    return (error as Error).message;
  }
  try {
    const response = await fetch(`${login}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${genesys.clientId}:${genesys.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    if (response.ok) return undefined;
    if (response.status === 400 || response.status === 401) return `${login} refused the OAuth client (HTTP ${response.status}): check clientId and clientSecret, and that the client uses the client-credentials grant`;
    return `${login} answered the login with HTTP ${response.status}: try again later`;
  } catch (error) {
    return `cannot reach ${login} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}): check region or baseUrl and the network`;
  }
}
