import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { continueWithinLimit } from "./request-body.ts";

const maxBodyBytes = 1_000;
let server: Server;
let port: number;

/**
 * Sends only the headers of a POST that declares `declaredBytes` and asks to continue; once the server says
 * "100 Continue", sends the body. Resolves with everything the server wrote once it closes the connection.
 */
function askToContinue(declaredBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    let bodySent = false;
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer, only: ${JSON.stringify(answer)}`));
    });
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
      if (!bodySent && answer.startsWith("HTTP/1.1 100 Continue\r\n\r\n")) {
        bodySent = true;
        socket.write("x".repeat(declaredBytes));
      }
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declaredBytes}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
  });
}

beforeAll(async () => {
  // The handler a request reaches once told to continue: it says how much body it read.
  server = createServer();
  server.on(
    "checkContinue",
    continueWithinLimit(maxBodyBytes, (req, res) => {
      let read = 0;
      req.on("data", (chunk: Buffer) => {
        read += chunk.length;
      });
      req.on("end", () => res.end(`read ${read} bytes`));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("continueWithinLimit (the server's checkContinue listener)", () => {
  it("refuses a declared body over the limit with 413 and GRAPHQL_MAX_BODY_BYTES, never 100 Continue", async () => {
    const answer = await askToContinue(10_000_000);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).not.toMatch(/100 Continue/);
    expect(answer).toMatch(/^connection: close\r$/im);
    expect(answer).toMatch(/^x-content-type-options: nosniff\r$/im);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    expect(body).toEqual({
      errors: [
        {
          message: `The request body is larger than ${maxBodyBytes} bytes, the maximum (GRAPHQL_MAX_BODY_BYTES)`,
          extensions: {
            code: "LIMIT_EXCEEDED",
            limit: "GRAPHQL_MAX_BODY_BYTES",
            maximum: maxBodyBytes,
            actual: 10_000_000,
          },
        },
      ],
    });
  });

  it("tells a body within the limit to continue, and hands the request to the app", async () => {
    const answer = await askToContinue(maxBodyBytes);
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    expect(answer).toMatch(/read 1000 bytes$/);
  });
});
