// The reference client of `parley bench --reference node`: per dialogue, one generator call with the
// dialogue schema, then one judge call with the dialogue in its prompt, on the official openai client,
// `concurrency` dialogues in flight; no store, no gates. The request bodies are the ones Parley sent
// (captured by the bench), so both clients send the same bytes' worth of prompts and schemas.
//
//   node reference.mjs BASE_URL DIALOGUES CONCURRENCY GENERATOR_BODY.json JUDGE_BODY.json
//
// Prints one JSON line: calls made, CPU of this process (process.cpuUsage) in all and per call, wall
// time and calls per second.
import { readFileSync } from "node:fs";
import OpenAI from "openai";

const [baseURL, dialogues, concurrency, generatorFile, judgeFile] = process.argv.slice(2);
const generator = JSON.parse(readFileSync(generatorFile, "utf8"));
const judge = JSON.parse(readFileSync(judgeFile, "utf8"));
const client = new OpenAI({ baseURL, apiKey: "bench", maxRetries: 0 });

const content = (completion) => JSON.parse(completion.choices[0].message.content);
const withDialogue = (message, turns) => ({ ...message, content: message.content.replace(
  /<dialogue>\n[\s\S]*?\n<\/dialogue>/, () => `<dialogue>\n${JSON.stringify(turns, null, 2)}\n</dialogue>`) });

async function one() {
  const dialogue = content(await client.chat.completions.create(generator));
  if (!Array.isArray(dialogue.messages)) throw new Error("the generator's answer has no messages");
  const turns = dialogue.messages.map((m, i) => ({ turn: i + 1, role: m.role, content: m.content }));
  const messages = judge.messages.map((m) => (m.role === "user" ? withDialogue(m, turns) : m));
  const verdict = content(await client.chat.completions.create({ ...judge, messages }));
  if (!Array.isArray(verdict.scores)) throw new Error("the judge's answer has no scores");
}

let next = 0;
async function worker() {
  while (next < Number(dialogues)) {
    next++;
    await one();
  }
}

const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
const calls = 2 * Number(dialogues);
console.log(JSON.stringify({ calls, cpuMs, cpuPerCallMs: cpuMs / calls, wallMs, callsPerSecond: calls / (wallMs / 1000) }));
