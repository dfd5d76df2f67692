// check-chrome.mjs: load a ptop --chrome-trace export with the trace engine
// of Chrome DevTools' Performance panel (@paulirish/trace_engine, the same
// code that draws the timeline) and check what it understood.
//
//   node check-chrome.mjs FILE SLICES
//
// Passes (exit 0, prints one "ok" line) when the engine parsed the file, put
// SLICES complete events on the lanes ptop wrote, and built on each lane the
// nesting ptop meant: every process slice right under its parent (or one of
// its parent's exec slices) when it shares its parent's lane, every exec
// slice right under its own process.  Exit 1 with what differs otherwise.
import fs from 'node:fs';
import * as Trace from '@paulirish/trace_engine';

// The engine runs in a page; in Node it needs DOMRect (its README says so).
globalThis.DOMRect ??= class DOMRect {
  constructor(x = 0, y = 0, width = 0, height = 0) {
    Object.assign(this, {x, y, width, height});
  }
};

const [file, want] = process.argv.slice(2);
if (!file || want === undefined) {
  console.error('usage: node check-chrome.mjs FILE SLICES');
  process.exit(2);
}
const json = JSON.parse(fs.readFileSync(file, 'utf8'));
const model = Trace.TraceModel.Model.createWithAllHandlers();
await model.parse(json.traceEvents);
const parsed = model.parsedTrace();
const processes = parsed?.data?.Renderer?.processes;
if (!processes) {
  console.error('the trace engine found no processes in ' + file);
  process.exit(1);
}

let slices = 0, lanes = 0, checked = 0;
const bad = [];
for (const [, proc] of processes) {
  for (const [tid, thread] of proc.threads) {
    lanes++;
    slices += thread.entries.length;
    const walk = (node, up) => {
      const ev = node.entry, a = ev.args ?? {};
      if (ev.cat === 'process' && up && a.parent !== undefined) {
        const pa = up.entry.args ?? {};
        if (pa.id !== a.parent)
          bad.push(`lane ${tid}: process ${a.id} under ${pa.id}, its parent is ${a.parent}`);
        checked++;
      } else if (ev.cat === 'exec') {
        if (!up || up.entry.cat !== 'process' || up.entry.args.id !== a.id)
          bad.push(`lane ${tid}: exec slice of ${a.id} not under its process`);
        checked++;
      }
      for (const c of node.children) walk(c, node);
    };
    for (const root of thread.tree?.roots ?? []) walk(root, null);
  }
}
if (slices !== Number(want))
  bad.push(`${slices} slices parsed, ${want} written`);
if (bad.length) {
  console.error(bad.slice(0, 5).join('\n'));
  process.exit(1);
}
console.log(`ok: ${slices} slices on ${lanes} lanes, ${checked} nestings as written`);
