import { createServer, type RequestListener, type Server } from "node:http";

/** Thrown when the HTTP server cannot listen; the message says which address failed and what to set. */
export class ListenError extends Error {
  override name = "ListenError";
}

/**
 * Listens on `host:port` with `handler`, resolving only once the port is bound: a port in use, a host that
 * does not resolve or is not this machine's, or a port that needs privileges rejects with a
 * {@link ListenError} in one sentence (Express's own `listen` calls its callback on errors too, as if
 * listening had worked). `checkContinue` answers requests that send `Expect: 100-continue` (without it,
 * Node tells every client to send its body).
 *
 * @example
 * const server = await listen(app.express, { host: "127.0.0.1", port: 4000 }, app.checkContinue);
 */
export function listen(
  handler: RequestListener,
  { host, port }: { host: string; port: number },
  checkContinue?: RequestListener,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    if (checkContinue) server.on("checkContinue", checkContinue);
    const fail = (error: NodeJS.ErrnoException) => {
      server.off("listening", succeed);
      reject(listenError(error, host, port));
    };
    const succeed = () => {
      server.off("error", fail);
      resolve(server);
    };
    server.once("error", fail);
    server.once("listening", succeed);
    server.listen(port, host);
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): ListenError | Error {
  switch (error.code) {
    case "EADDRINUSE":
      return new ListenError(
        `Port ${port} on ${host} is already in use (by another program, or another copy of btech-graph): stop it, or set PORT to a free port.`,
      );
    case "EACCES":
      return new ListenError(
        `Port ${port} on ${host} needs privileges this process does not have: set PORT to 1024 or above.`,
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      return new ListenError(
        `HOST ${host} does not resolve to an address: set HOST to 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of this machine's addresses.`,
      );
    case "EADDRNOTAVAIL":
      return new ListenError(
        `HOST ${host} is not an address of this machine: set HOST to 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of this machine's addresses.`,
      );
    default:
      return error;
  }
}
