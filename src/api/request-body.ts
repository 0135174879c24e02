// What happens to a /graphql request body before GraphQL sees it. A body whose declared size is above
// GRAPHQL_MAX_BODY_BYTES is refused before a byte of it is read: body-parser would read the whole body, and
// throw it away, before its own 413. The errors of body-parser (too large, not JSON, an encoding or charset
// it cannot read) are answered in GraphQL's error shape; left to Express, each would log its stack trace,
// and in development send it too.
import type { ErrorRequestHandler, RequestHandler } from "express";
import { errorBody, limitExceeded } from "../limit-exceeded.ts";

/** The encodings body-parser undoes on Node 20 (zstd needs a later Node). */
const readableEncodings = "gzip, deflate or br";

/**
 * Refuses with 413 a request whose Content-Length is above `maxBodyBytes`, without reading its body, and
 * closes the connection once the answer is out, so that the rest is never read either.
 */
export function declaredSizeLimit(maxBodyBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers["content-length"]);
    if (!(declared > maxBodyBytes)) return next();
    res.set("connection", "close");
    res.status(413).json(errorBody(tooLarge(maxBodyBytes, declared)));
  };
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
