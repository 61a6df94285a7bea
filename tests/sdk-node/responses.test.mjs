// The openai package's Responses API through Warbler, as its users write it: create, stream,
// continue with previous_response_id, retrieve, list input items, delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { model, openai, upstreamAnswersNext } from './warbler.mjs';

test('responses.create returns the text', async () => {
  await upstreamAnswersNext({ text: 'A response, through Warbler.' });

  const response = await openai().responses.create({ model, input: 'Say something.' });

  assert.equal(response.status, 'completed');
  assert.equal(response.output_text, 'A response, through Warbler.');
  assert.match(response.id, /^resp_/);
  assert.ok(response.usage.total_tokens > 0, `usage: ${JSON.stringify(response.usage)}`);
});

test('responses.stream yields the events in order and the final text', async () => {
  await upstreamAnswersNext({ text: 'Streamed as Responses events.' });

  const stream = openai().responses.stream({ model, input: 'Stream something.' });
  const types = [];
  let deltas = '';
  stream.on('event', (event) => types.push(event.type));
  stream.on('response.output_text.delta', (event) => { deltas += event.delta; });
  const response = await stream.finalResponse();

  assert.equal(response.output_text, 'Streamed as Responses events.');
  assert.equal(deltas, 'Streamed as Responses events.');
  assert.equal(types[0], 'response.created');
  assert.equal(types.at(-1), 'response.completed');
  for (const type of ['response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.output_item.done']) {
    assert.ok(types.includes(type), `no ${type} among ${types.join(', ')}`);
  }
});

test('previous_response_id continues the conversation', async () => {
  const client = openai();
  await upstreamAnswersNext({ text: 'Nice to meet you, Ada.' });
  const first = await client.responses.create({ model, input: 'My name is Ada.' });

  await upstreamAnswersNext({ text: 'Your name is Ada.' });
  const second = await client.responses.create({ model, input: 'What is my name?', previous_response_id: first.id });

  assert.equal(second.output_text, 'Your name is Ada.');
  assert.equal(second.previous_response_id, first.id);
  const received = await (await fetch(`${process.env.WARBLER_FAKE_UPSTREAM_URL}/_fake/last`)).json();
  const sent = JSON.stringify(received.messages);
  for (const text of ['My name is Ada.', 'Nice to meet you, Ada.', 'What is my name?']) {
    assert.ok(sent.includes(text), `the upstream was not sent "${text}": ${sent}`);
  }
});

test('responses.retrieve gives the stored response, input items list its input, delete removes it', async () => {
  const client = openai();
  await upstreamAnswersNext({ text: 'Keep this one.' });
  const created = await client.responses.create({ model, input: 'Store this.' });

  const retrieved = await client.responses.retrieve(created.id);
  assert.deepEqual(retrieved, created);

  const items = await client.responses.inputItems.list(created.id);
  assert.equal(items.data.length, 1);
  assert.equal(items.data[0].role, 'user');
  assert.deepEqual(items.data[0].content, [{ type: 'input_text', text: 'Store this.' }]);

  await client.responses.delete(created.id);
  await assert.rejects(client.responses.retrieve(created.id), (error) => error instanceof OpenAI.NotFoundError);
});

test('a response stored by one key is not found by another', async () => {
  await upstreamAnswersNext({ text: 'Mine only.' });
  const created = await openai().responses.create({ model, input: 'Private.' });
  const other = new OpenAI({ baseURL: openai().baseURL, apiKey: process.env.WARBLER_OTHER_API_KEY, maxRetries: 0 });

  await assert.rejects(other.responses.retrieve(created.id), (error) => error instanceof OpenAI.NotFoundError);
});
