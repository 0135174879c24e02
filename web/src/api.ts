import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

/** The API did not answer, or answered with errors: the message says which, for the page to show. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    /** True when the API could not be reached at all (down, network), not when it refused the query. */
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

/** Runs one of the page's typed operations (web/src/graphql/*.graphql, via codegen) against /graphql. */
export async function request<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch (error) {
    throw new ApiError(`the API at /graphql cannot be reached (${(error as Error).message})`, true);
  }
  let body: { data?: Result; errors?: { message: string }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      `the API at /graphql answered ${response.status} without JSON`,
      response.status >= 500,
    );
  }
  if (body.errors?.length || !body.data) {
    const message = body.errors?.map((error) => error.message).join("; ") ?? `HTTP ${response.status}`;
    throw new ApiError(`the API refused the query: ${message}`, response.status >= 502);
  }
  return body.data;
}
