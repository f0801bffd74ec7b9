// Renders every row of a TRL conversational preference JSONL file ({"prompt", "chosen", "rejected"} message lists)
// with one chat template fixture through @huggingface/jinja, as TRL's maybe_apply_chat_template does: the prompt
// with a generation prompt, then prompt + chosen and prompt + rejected without one. Prints one JSON line per row:
// {"ok": true, "prompt": …, "chosen": …, "rejected": …} or {"ok": false, "error": …}.
import { readFileSync } from 'node:fs';
import { Template } from '@huggingface/jinja';

const [templateFile, rowsFile] = process.argv.slice(2);
const fixture = JSON.parse(readFileSync(templateFile, 'utf8'));
const template = new Template(fixture.chat_template);
const render = (messages, addGenerationPrompt) => template.render({
  messages: messages.map(({ role, content }) => ({ role, content })),
  bos_token: fixture.bos_token ?? '', eos_token: fixture.eos_token ?? '', add_generation_prompt: addGenerationPrompt,
});
for (const line of readFileSync(rowsFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const row = JSON.parse(line);
  try {
    console.log(JSON.stringify({
      ok: true,
      prompt: render(row.prompt, true),
      chosen: render([...row.prompt, ...row.chosen], false),
      rejected: render([...row.prompt, ...row.rejected], false),
    }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e.message ?? e) }));
  }
}
