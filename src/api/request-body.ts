// What happens to a /graphql request body before GraphQL sees it. A body whose declared size is above
// GRAPHQL_MAX_BODY_BYTES is refused before a byte of it is read: body-parser would read the whole body, and
// throw it away, before its own 413; and a client that asks first (`Expect: 100-continue`) is refused before
// it sends any, where Node would otherwise answer "100 Continue" by itself. The errors of body-parser (too large, not JSON, an encoding or charset
// it cannot read) are answered in GraphQL's error shape; left to Express, each would log its stack trace,
// and in development send it too.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { errorBody, limitExceeded } from "../limit-exceeded.ts";
import { securityHeaderValues } from "../security-headers.ts";

/** The encodings body-parser undoes on Node 20 (zstd needs a later Node). */
const readableEncodings = "gzip, deflate or br";

/**
 * Refuses with 413 a request whose Content-Length is above `maxBodyBytes`, without reading its body, and
 * closes the connection once the answer is out, so that the rest is never read either.
 */
export function declaredSizeLimit(maxBodyBytes: number): RequestHandler {
  return (req, res, next) => {
    if (!refusedForDeclaredSize(req, res, maxBodyBytes)) next();
  };
}

/**
 * The HTTP server's `checkContinue` listener: a request that announces `Expect: 100-continue` with a
 * Content-Length above `maxBodyBytes` gets the 413 of {@link declaredSizeLimit} instead of "100 Continue",
 * so the client never uploads its body; any other is told to continue and goes to `handler`.
 *
 * @example
 * server.on("checkContinue", continueWithinLimit(limits.maxBodyBytes, app.express));
 */
export function continueWithinLimit(maxBodyBytes: number, handler: RequestListener): RequestListener {
  return (req, res) => {
    // Express has not run, so its middleware has not set the headers every answer carries.
    for (const [name, value] of Object.entries(securityHeaderValues)) res.setHeader(name, value);
    if (refusedForDeclaredSize(req, res, maxBodyBytes)) return;
    res.writeContinue();
    handler(req, res);
  };
}

/** Answers 413 and closes the connection when the declared Content-Length is above the limit. */
function refusedForDeclaredSize(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): boolean {
  const declared = Number(req.headers["content-length"]);
  if (!(declared > maxBodyBytes)) return false;
  const body = JSON.stringify(errorBody(tooLarge(maxBodyBytes, declared)));
  res.writeHead(413, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    connection: "close",
  });
  res.end(body);
  return true;
}

/** What body-parser's errors carry besides their message (http-errors). */
interface BodyError {
  type?: string;
  status?: number;
  encoding?: string;
  charset?: string;
  length?: number;
}

/**
 * Answers body-parser's errors with their status and a sentence saying what to send instead; any other
 * error goes on to the app's last handler.
 */
export function bodyErrors(maxBodyBytes: number): ErrorRequestHandler {
  return (error: BodyError, _req, res, next) => {
    const status = error.status ?? 500;
    if (status < 400 || status >= 500) return next(error);
    if (error.type === "entity.too.large") {
      res.status(413).json(errorBody(tooLarge(maxBodyBytes, Number(error.length ?? 0))));
      return;
    }
    const message =
      {
        "entity.parse.failed": "The request body is not valid JSON.",
        "encoding.unsupported": `The request body's Content-Encoding "${error.encoding}" is not supported: send it uncompressed, or as ${readableEncodings}.`,
        "charset.unsupported": `The request body's charset "${error.charset}" is not supported: send UTF-8.`,
      }[error.type ?? ""] ??
      "The request body could not be read: it is cut short, or not what its headers say.";
    res.status(status).json({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
  };
}

function tooLarge(maxBodyBytes: number, actual: number) {
  return limitExceeded(
    `The request body is larger than ${maxBodyBytes} bytes, the maximum`,
    "GRAPHQL_MAX_BODY_BYTES",
    maxBodyBytes,
    actual,
  );
}
