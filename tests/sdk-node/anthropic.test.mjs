// The @anthropic-ai/sdk package's Messages API through Warbler, as its users write it: create, stream,
// a tool-use round trip, countTokens, and a bad key. The provider behind speaks only chat completions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { apiKey, baseURL, fakeUpstreamURL, upstreamAnswersNext } from './warbler.mjs';

const model = 'claude-sonnet-4-5';

/** The SDK adds /v1/messages itself, so it is given Warbler's root; no retries, so a failure shows at once. */
function anthropic(key = apiKey) {
  return new Anthropic({ baseURL: baseURL.replace(/\/v1\/?$/, ''), apiKey: key, maxRetries: 0 });
}

const weatherTool = {
  name: 'get_weather',
  description: 'The weather in a city.',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

test('messages.create returns the text and its usage', async () => {
  await upstreamAnswersNext({ text: 'Hello from the fake upstream, via /v1/messages.' });

  const message = await anthropic().messages.create({
    model,
    max_tokens: 256,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'Say hello.' }],
  });

  assert.equal(message.type, 'message');
  assert.match(message.id, /^msg_/);
  assert.equal(message.content[0].type, 'text');
  assert.equal(message.content[0].text, 'Hello from the fake upstream, via /v1/messages.');
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0, `usage: ${JSON.stringify(message.usage)}`);
});

test('messages.stream yields the events in order and the final text', async () => {
  await upstreamAnswersNext({ text: 'Streamed as Anthropic events.' });

  const stream = anthropic().messages.stream({
    model,
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Stream something.' }],
  });
  const types = [];
  let text = '';
  stream.on('streamEvent', (event) => types.push(event.type));
  stream.on('text', (delta) => { text += delta; });
  const message = await stream.finalMessage();

  assert.equal(text, 'Streamed as Anthropic events.');
  assert.equal(message.content[0].text, 'Streamed as Anthropic events.');
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.output_tokens > 0, `usage: ${JSON.stringify(message.usage)}`);
  assert.equal(types[0], 'message_start');
  assert.equal(types[1], 'content_block_start');
  assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  assert.ok(types.slice(2, -3).every((type) => type === 'content_block_delta'), `events: ${types.join(', ')}`);
});

test('a tool-use round trip: the streamed tool_use is answered with a tool_result', async () => {
  const client = anthropic();
  await upstreamAnswersNext({ toolCall: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
  const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];

  const first = await client.messages.stream({ model, max_tokens: 256, tools: [weatherTool], messages }).finalMessage();

  assert.equal(first.stop_reason, 'tool_use');
  const toolUse = first.content.find((block) => block.type === 'tool_use');
  assert.ok(toolUse, `no tool_use block in ${JSON.stringify(first.content)}`);
  assert.equal(toolUse.name, 'get_weather');
  assert.deepEqual(toolUse.input, { city: 'Paris' });

  await upstreamAnswersNext({ text: 'It is sunny in Paris.' });
  messages.push({ role: 'assistant', content: first.content });
  messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Sunny, 24 °C' }] });
  const second = await client.messages.create({ model, max_tokens: 256, tools: [weatherTool], messages });

  assert.equal(second.content[0].text, 'It is sunny in Paris.');
  const received = await (await fetch(`${fakeUpstreamURL}/_fake/last`)).json();
  const result = received.messages.find((m) => m.role === 'tool');
  assert.equal(result.tool_call_id, toolUse.id);
  assert.equal(result.content, 'Sunny, 24 °C');
});

test('messages.countTokens counts the input', async () => {
  const count = await anthropic().messages.countTokens({
    model,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'How many tokens is this question?' }],
  });

  assert.ok(count.input_tokens > 5 && count.input_tokens < 60, `input_tokens: ${count.input_tokens}`);
});

test('a bad key gives the SDK\'s AuthenticationError', async () => {
  await assert.rejects(
    anthropic('wk-not-a-key-that-exists-anywhere-at-all').messages.create({
      model,
      max_tokens: 16,
      messages: [{ role: 'user', content: 'Hi' }],
    }),
    (error) => {
      assert.ok(error instanceof Anthropic.AuthenticationError, `${error?.constructor?.name}: ${error?.message}`);
      assert.equal(error.status, 401);
      assert.equal(error.error?.error?.type, 'authentication_error');
      return true;
    },
  );
});
