import { readFileSync } from 'node:fs';
import { loadCodebook, defaultCodebookDir } from '../dist/codebook/index.js';
import { codeTranscript } from '../dist/coding/index.js';
const cb = await loadCodebook(defaultCodebookDir());
const recs = ['dev','test'].flatMap(f => readFileSync(`test/fixtures/labelled/${f}.jsonl`,'utf8').trim().split('\n').map(JSON.parse));
const t = { id:'x', source:{file:'x',format:'txt'}, meta:{}, turns: recs.map((r,i)=>({index:i+1, speaker:r.role, role:r.role, text:r.text, sourceLine:i+1})) };
for (let k=0;k<10;k++){ codeTranscript(t, cb); }
