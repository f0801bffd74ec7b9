// Renders every record of a JSONL file (OpenAI or TRL shape: {"messages": [...]}) with one chat template
// fixture ({chat_template, bos_token, eos_token}) through @huggingface/jinja, the renderer transformers.js uses.
// With a third argument "tools", messages keep their tool calls and answered call ids and the line's "tools"
// list is passed to the template, as transformers' apply_chat_template(messages, tools=...) does; arguments
// given as JSON text (OpenAI's form) are parsed to the object templates expect.
// An assistant message's reasoning_content is passed on in either mode.
// Prints one JSON line per record: {"ok": true, "text": …} or {"ok": false, "error": …}.
import { readFileSync } from 'node:fs';
import { Template } from '@huggingface/jinja';

const [templateFile, recordsFile, mode] = process.argv.slice(2);
const fixture = JSON.parse(readFileSync(templateFile, 'utf8'));
const template = new Template(fixture.chat_template);
const withTools = mode === 'tools';

function message(m) {
  // The reasoning_content of an assistant message when the file has one (Qwen3's template reads it).
  const reasoning = m.reasoning_content === undefined ? {} : { reasoning_content: m.reasoning_content };
  if (!withTools) return { role: m.role, content: m.content, ...reasoning };
  const out = { role: m.role, content: m.content ?? '', ...reasoning };
  if (m.tool_calls) {
    out.tool_calls = m.tool_calls.map((c) => ({
      ...c,
      function: {
        ...c.function,
        arguments: typeof c.function.arguments === 'string' ? JSON.parse(c.function.arguments) : c.function.arguments,
      },
    }));
  }
  if (m.tool_call_id) out.tool_call_id = m.tool_call_id;
  if (m.name) out.name = m.name;
  return out;
}

for (const line of readFileSync(recordsFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const record = JSON.parse(line);
  const messages = record.messages.map(message);
  try {
    const text = template.render({
      messages, bos_token: fixture.bos_token ?? '', eos_token: fixture.eos_token ?? '', add_generation_prompt: false,
      ...(withTools && record.tools ? { tools: record.tools } : {}),
    });
    console.log(JSON.stringify({ ok: true, text }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e.message ?? e) }));
  }
}
