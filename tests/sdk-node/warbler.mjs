// What every test file needs: the Warbler it runs against, and a way to say what the fake upstream
// behind it answers next. Set by SdkNodeTests in tests/Warbler.Gateway.Tests, which starts both.
import OpenAI from 'openai';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: these tests run from SdkNodeTests (dotnet test tests/Warbler.Gateway.Tests --filter "FullyQualifiedName~SdkNode").`);
  }
  return value;
}

/** Warbler's OpenAI-compatible base URL, ending in /v1. */
export const baseURL = required('WARBLER_BASE_URL');

/** A gateway key of a fresh key for this test run. */
export const apiKey = required('WARBLER_API_KEY');

/** The fake upstream's root, where /_fake/next queues its next answer. */
export const fakeUpstreamURL = required('WARBLER_FAKE_UPSTREAM_URL');

/** The model the tests ask for: the fake upstream serves any. */
export const model = 'gpt-4o-mini';

/** The official client, as its users create it, pointed at Warbler; no retries, so a failure shows at once. */
export function openai() {
  return new OpenAI({ baseURL, apiKey, maxRetries: 0 });
}

/**
 * Queues the fake upstream's next chat answer: `{ text }`, or `{ toolCall: { name, arguments } }`
 * for a call of a function tool. Answered whole or streamed, as the request asks.
 */
export async function upstreamAnswersNext(answer) {
  const response = await fetch(`${fakeUpstreamURL}/_fake/next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answer),
  });
  if (!response.ok) {
    throw new Error(`The fake upstream refused the script: ${response.status} ${await response.text()}`);
  }
}
