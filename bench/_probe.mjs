import { readFileSync } from 'node:fs';
import { loadCodebook, defaultCodebookDir } from '../dist/codebook/index.js';
import { codeTranscript } from '../dist/coding/index.js';
const cb = await loadCodebook(defaultCodebookDir());
const recs = ['dev','test'].flatMap(f => readFileSync(`test/fixtures/labelled/${f}.jsonl`,'utf8').trim().split('\n').map(JSON.parse));
console.log('records', recs.length, 'patterns', cb.patterns.entries.length, 'untriggered', cb.patterns.untriggered);
const t = { id:'x', source:{file:'x',format:'txt'}, meta:{}, turns: recs.map((r,i)=>({index:i+1, speaker:r.role, role:r.role, text:r.text, sourceLine:i+1})) };
for (let k=0;k<3;k++){ const s=performance.now(); codeTranscript(t, cb); console.log(((performance.now()-s)/recs.length*1000).toFixed(1),'us/turn', (recs.length/((performance.now()-s)/1000)).toFixed(0),'turns/s'); }
for (const e of cb.patterns.entries) console.log(e.key, JSON.stringify(e.match), e.triggers && [...e.triggers].join('|'));
