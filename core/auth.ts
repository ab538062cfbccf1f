/**
 * A CRM behind auth: the load's requests, the pre-flight, the tools and (by
 * default) the stats poller send one bearer token, read only from the
 * environment and never printed, logged or written to a report.
 */
export const AUTH_TOKEN_ENV = 'CRM_AUTH_TOKEN';

/** The Authorization header value for the token. */
export const bearer = (token: string): string => `Bearer ${token}`;
