import type { RequestHandler, Response } from "express";
import { GraphQLError } from "graphql";
import type { Caller } from "../caller.ts";
import { callerFromHeader, type TokenVerifier } from "./auth.ts";

/**
 * Express middleware that checks the bearer token before GraphQL sees the request: a missing token makes an
 * anonymous caller, a bad one fails the request whole with 401 in GraphQL's error shape. Read the caller
 * with {@link requestCaller}.
 *
 * @example
 * app.use("/graphql", callerFromToken(createTokenVerifier(api.auth)), expressMiddleware(apollo, …));
 */
export function callerFromToken(verify: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.caller = await callerFromHeader(req.headers.authorization, verify);
      next();
    } catch (error) {
      if (!(error instanceof GraphQLError)) return next(error);
      res
        .status(401)
        .json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
    }
  };
}

/** The caller that {@link callerFromToken} found for this request. */
export function requestCaller(res: Response): Caller {
  return res.locals.caller as Caller;
}
