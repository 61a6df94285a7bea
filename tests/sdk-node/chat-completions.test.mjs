// The openai package's chat completions, whole and streamed, through Warbler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model, openai, upstreamAnswersNext } from './warbler.mjs';

test('chat.completions.create returns the answer and its usage', async () => {
  await upstreamAnswersNext({ text: 'Hello from the fake upstream, through Warbler.' });

  const completion = await openai().chat.completions.create({
    model,
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello.' }],
  });

  assert.equal(completion.choices[0].message.content, 'Hello from the fake upstream, through Warbler.');
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.ok(completion.usage.total_tokens > 0, `usage: ${JSON.stringify(completion.usage)}`);
});

test('chat.completions.create with stream: true yields the text in pieces, then usage', async () => {
  await upstreamAnswersNext({ text: 'Streaming works through Warbler.' });

  const stream = await openai().chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Stream please.' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let pieces = 0;
  let usage;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      text += delta;
      pieces++;
    }
    usage ??= chunk.usage ?? undefined;
  }

  assert.equal(text, 'Streaming works through Warbler.');
  assert.ok(pieces > 1, `the text came in ${pieces} piece(s)`);
  assert.ok(usage?.total_tokens > 0, `usage: ${JSON.stringify(usage)}`);
});

test('chat.completions.stream assembles the final message', async () => {
  await upstreamAnswersNext({ text: 'Assembled by the helper.' });

  const stream = openai().chat.completions.stream({ model, messages: [{ role: 'user', content: 'Hi' }] });
  const completion = await stream.finalChatCompletion();

  assert.equal(completion.choices[0].message.content, 'Assembled by the helper.');
});

test('a wrong key is refused with 401 in OpenAI\'s error shape', async () => {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ baseURL: openai().baseURL, apiKey: 'wk-not-a-key-that-exists-anywhere-at-all', maxRetries: 0 });

  await assert.rejects(
    client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] }),
    (error) => error instanceof OpenAI.AuthenticationError && error.status === 401 && error.code === 'invalid_api_key');
});
