import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors } from '@gcstream/core';

/** Listens, and says which address was taken (port 0 picks one). A taken port is a usage error naming the option to change. */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (cause: unknown) => reject(errors.listen('sink:dashboard', host, port, cause, 'Set another `port` for the dashboard sink, or stop what uses it.'));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}

/** Closes the server and the connections still open on it (browsers keep them alive). */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
