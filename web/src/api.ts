// Calls to Warbler's API. The app signs in with Identity's cookie (HttpOnly, same origin), so no
// token is ever kept where a script could read it.

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/** Turns a refusal into words a person understands. */
export async function errorFrom(response: Response): Promise<ApiError> {
  let body: any = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: the status says enough.
  }
  const fields: Record<string, string[]> = body?.errors && typeof body.errors === "object" ? body.errors : {};
  const retryAfter = Number(response.headers.get("retry-after"));
  const detail: string | undefined = body?.detail ?? body?.error?.message;
  let message: string;
  if (response.status === 429) {
    const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? ` Try again in ${describeSeconds(retryAfter)}.` : " Try again in a moment.";
    message = (detail && /try again/i.test(detail) ? detail : "Too many requests." + wait);
  } else if (Object.keys(fields).length > 0) {
    message = Object.values(fields).flat().join(" ");
  } else if (detail) {
    message = detail;
  } else if (response.status === 401) {
    message = "You are signed out. Sign in again.";
  } else if (response.status === 403) {
    message = "Only an admin may do this.";
  } else if (response.status === 404) {
    message = "That was not found: it may have been deleted.";
  } else if (response.status >= 500) {
    message = `The server could not do this (HTTP ${response.status}). Try again later.`;
  } else {
    message = body?.title ?? `The request failed (HTTP ${response.status}).`;
  }
  return new ApiError(message, response.status, fields);
}

export function describeSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}

let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void) {
  onSignedOut = handler;
}

export async function request(method: string, path: string, body?: unknown, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { Accept: "application/json" } : { "Content-Type": "application/json", Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...init,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError("Warbler cannot be reached. Check your connection; it will be tried again when you retry.", 0);
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !path.startsWith("/api/auth/")) onSignedOut();
    throw error;
  }
  return response;
}

export async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, body);
  // Read even when empty: a body left unread is cancelled, which the browser reports as a failed request.
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => json<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => json<T>("POST", path, body ?? {});
export const patch = <T>(path: string, body: unknown) => json<T>("PATCH", path, body);
export const del = <T>(path: string) => json<T>("DELETE", path);
