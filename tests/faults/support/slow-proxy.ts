/**
 * A TCP proxy on 127.0.0.1 that passes a connection through to `target` and holds every chunk the
 * server sends back for `delayMs` (in order): an SMTP server that answers slowly, so that a test can
 * kill its client while messages are in flight.
 */
import net from "node:net";

export type SlowProxy = { port: number; close(): Promise<void> };

export async function startSlowProxy(targetPort: number, delayMs: number): Promise<SlowProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    sockets.add(client);
    sockets.add(upstream);
    let chain = Promise.resolve();
    upstream.on("data", (chunk) => {
      chain = chain.then(
        () =>
          new Promise<void>((resolve) => {
            setTimeout(() => {
              if (!client.destroyed) client.write(chunk);
              resolve();
            }, delayMs);
          }),
      );
    });
    client.on("data", (chunk) => {
      if (!upstream.destroyed) upstream.write(chunk);
    });
    const end = () => {
      void chain.then(() => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      });
    };
    client.on("close", () => {
      upstream.destroy();
      sockets.delete(client);
    });
    upstream.on("close", end);
    client.on("error", () => {});
    upstream.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
