import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

/** A typed operation's answer: data typed by codegen, errors as the API sends them. */
export interface TypedResponse<Result> {
  status: number;
  data?: Result | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Runs one of the generated typed operations (graph/generated) against an app's /graphql over HTTP. */
export async function runOperation<Result, Variables>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  headers: Record<string, string> = {},
): Promise<TypedResponse<Result>> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<TypedResponse<Result>, "status">) };
}
