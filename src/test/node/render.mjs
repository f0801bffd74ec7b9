// Renders every record of a JSONL file (OpenAI or TRL shape: {"messages": [...]}) with one chat template
// fixture ({chat_template, bos_token, eos_token}) through @huggingface/jinja, the renderer transformers.js uses.
// Prints one JSON line per record: {"ok": true, "text": …} or {"ok": false, "error": …}.
import { readFileSync } from 'node:fs';
import { Template } from '@huggingface/jinja';

const [templateFile, recordsFile] = process.argv.slice(2);
const fixture = JSON.parse(readFileSync(templateFile, 'utf8'));
const template = new Template(fixture.chat_template);
for (const line of readFileSync(recordsFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  // Role and content, and the reasoning_content of an assistant message when the file has one (Qwen3's
  // template reads it); nothing else of a message reaches the template.
  const messages = JSON.parse(line).messages.map(({ role, content, reasoning_content: reasoning }) =>
    (reasoning === undefined ? { role, content } : { role, content, reasoning_content: reasoning }));
  try {
    const text = template.render({
      messages, bos_token: fixture.bos_token ?? '', eos_token: fixture.eos_token ?? '', add_generation_prompt: false,
    });
    console.log(JSON.stringify({ ok: true, text }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e.message ?? e) }));
  }
}
