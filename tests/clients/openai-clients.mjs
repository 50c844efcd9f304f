// Clients no one here wrote, against a live `docent serve` on the sample handbook (DOCENT_URL): the npm `openai` package and
// the AI SDK (`@ai-sdk/openai`, whose default model speaks the Responses API, and `@ai-sdk/openai-compatible`). .ci/run
// installs them into a temp folder, copies this script there and runs it; any failed check exits 1.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';

const base = process.env.DOCENT_URL ?? 'http://127.0.0.1:5217';
const question = 'How many days of annual leave do full-time employees receive?';
const checks = [];
const check = (name, run) => checks.push({ name, run });

const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'not-needed', maxRetries: 0 });

check('openai: chat completion with url_citation annotations and usage', async () => {
  const completion = await client.chat.completions.create({ model: 'default', messages: [{ role: 'user', content: question }] });
  const message = completion.choices[0].message;
  assert.match(message.content, /27 days/);
  assert.equal(completion.choices[0].finish_reason, 'stop');
  const citation = message.annotations?.find(a => a.type === 'url_citation')?.url_citation;
  assert.ok(citation, 'an url_citation annotation');
  assert.match(citation.title, /Leave Policy/);
  assert.ok(new URL(citation.url));
  assert.ok(completion.usage.prompt_tokens > 0 && completion.usage.completion_tokens > 0);
});

check('openai: streaming with include_usage', async () => {
  const stream = await client.chat.completions.create({
    model: 'default', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: question }],
  });
  let text = '';
  let usage;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    usage = chunk.usage ?? usage;
  }
  assert.match(text, /27 days/);
  assert.ok(usage?.total_tokens > 0, `usage ${JSON.stringify(usage)}`);
});

check('openai: max_tokens gives finish_reason length', async () => {
  const completion = await client.chat.completions.create({ model: 'default', max_tokens: 12, messages: [{ role: 'user', content: question }] });
  assert.equal(completion.choices[0].finish_reason, 'length');
});

check('openai: models list and retrieve', async () => {
  const models = [];
  for await (const model of client.models.list()) {
    models.push(model.id);
  }
  assert.ok(models.includes('default'), `models ${models}`);
  assert.equal((await client.models.retrieve('default')).id, 'default');
});

check('openai: errors in OpenAI\'s shape', async () => {
  await assert.rejects(client.models.retrieve('nope'), e => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found');
  await assert.rejects(
    client.chat.completions.create({ model: 'default', messages: [{ role: 'user', content: question }], tools: [{ type: 'function', function: { name: 'f' } }] }),
    e => e instanceof OpenAI.BadRequestError && e.code === 'unsupported_parameter' && e.param === 'tools');
});

check('openai: responses API, whole and streamed', async () => {
  const response = await client.responses.create({ model: 'default', input: question });
  assert.match(response.output_text, /27 days/);
  assert.equal(response.output[0].content[0].annotations[0].type, 'url_citation');
  assert.ok(response.usage.input_tokens > 0 && response.usage.output_tokens > 0);
  const followUp = await client.responses.create({ model: 'default', input: 'And how many can be carried over?', previous_response_id: response.id });
  assert.equal(followUp.previous_response_id, response.id);

  const events = [];
  for await (const event of await client.responses.create({ model: 'default', input: question, stream: true })) {
    events.push(event);
  }
  assert.deepEqual(events.map(e => e.sequence_number), events.map((_, i) => i));
  assert.equal(events[0].type, 'response.created');
  assert.equal(events.at(-1).type, 'response.completed');
  assert.match(events.filter(e => e.type === 'response.output_text.delta').map(e => e.delta).join(''), /27 days/);
});

const aiOpenAI = createOpenAI({ baseURL: `${base}/v1`, apiKey: 'not-needed' });

check('@ai-sdk/openai: default (responses) model with sources', async () => {
  const result = await generateText({ model: aiOpenAI('default'), prompt: question, maxRetries: 0 });
  assert.match(result.text, /27 days/);
  assert.ok(result.sources.some(s => s.sourceType === 'url' && /Leave Policy/.test(s.title)), `sources ${JSON.stringify(result.sources)}`);
  assert.ok(result.usage.totalTokens > 0);
});

check('@ai-sdk/openai: streamed responses with sources', async () => {
  const result = streamText({ model: aiOpenAI('default'), prompt: question, maxRetries: 0 });
  let text = '';
  for await (const part of result.textStream) {
    text += part;
  }
  assert.match(text, /27 days/);
  assert.ok((await result.sources).length > 0);
  assert.ok((await result.usage).outputTokens > 0);
});

check('@ai-sdk/openai-compatible: chat model, whole and streamed with usage', async () => {
  const docent = createOpenAICompatible({ name: 'docent', baseURL: `${base}/v1`, apiKey: 'not-needed', includeUsage: true });
  const whole = await generateText({ model: docent.chatModel('default'), prompt: question, maxRetries: 0 });
  assert.match(whole.text, /27 days/);
  const streamed = streamText({ model: docent.chatModel('default'), prompt: question, maxRetries: 0 });
  let text = '';
  for await (const part of streamed.textStream) {
    text += part;
  }
  assert.match(text, /27 days/);
  assert.ok((await streamed.usage).totalTokens > 0);
});

// The server was just started: wait (up to a minute) until it answers its health check.
for (const started = Date.now(); ; await new Promise(resolve => setTimeout(resolve, 250))) {
  try {
    if ((await fetch(`${base}/health`)).ok) {
      break;
    }
  } catch {
    // not listening yet
  }

  if (Date.now() - started > 60_000) {
    console.log(`FAIL  no Docent server answered at ${base}/health within a minute`);
    process.exit(1);
  }
}

let failed = 0;
for (const { name, run } of checks) {
  try {
    await run();
    console.log(`ok    ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL  ${name}: ${error?.stack ?? error}`);
  }
}

console.log(`${checks.length - failed} of ${checks.length} client checks passed`);
process.exit(failed === 0 ? 0 : 1);
