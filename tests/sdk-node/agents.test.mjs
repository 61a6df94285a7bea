// @openai/agents running an agent with one function tool to its final answer, pointed at Warbler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool } from '@openai/agents';
import { z } from 'zod';
import { model, openai, upstreamAnswersNext } from './warbler.mjs';

// Traces would go to OpenAI's own servers, not through the gateway.
setTracingDisabled(true);
setDefaultOpenAIClient(openai());

test('an agent calls its function tool and gives the final answer', async () => {
  const calls = [];
  const getWeather = tool({
    name: 'get_weather',
    description: 'The weather in a city.',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      calls.push(city);
      return `It is sunny in ${city}.`;
    },
  });
  const agent = new Agent({ name: 'Weather', instructions: 'Answer with the weather tool.', model, tools: [getWeather] });
  await upstreamAnswersNext({ toolCall: { name: 'get_weather', arguments: JSON.stringify({ city: 'Paris' }) } });
  await upstreamAnswersNext({ text: 'It is sunny in Paris.' });

  const result = await run(agent, 'What is the weather in Paris?');

  assert.deepEqual(calls, ['Paris']);
  assert.equal(result.finalOutput, 'It is sunny in Paris.');
});
