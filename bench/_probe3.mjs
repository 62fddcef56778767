import { readFileSync } from 'node:fs';
import { readCodebookSource, defaultCodebookDir } from '../dist/codebook/index.js';
import { splitSentences } from '../dist/coding/index.js';
const src = readCodebookSource(defaultCodebookDir());
const sources = [];
const walk = (o) => { if (Array.isArray(o)) o.forEach(walk); else if (o && typeof o === 'object') { for (const [k,v] of Object.entries(o)) { if (k === 'regex' && typeof v === 'string') sources.push(v); else walk(v); } } };
walk(src);
console.log('sources', sources.length, Object.keys(src));
const recs = ['dev','test'].flatMap(f => readFileSync(`test/fixtures/labelled/${f}.jsonl`,'utf8').trim().split('\n').map(JSON.parse));
const sents = recs.flatMap(r => splitSentences(r.text).map(s => s.text));
console.log('sentences', sents.length, 'avg chars', (sents.reduce((n,s)=>n+s.length,0)/sents.length).toFixed(0));
const res = sources.map(s => new RegExp(s, 'giu'));
function viaMatchAll() { let n=0; for (const s of sents) for (const re of res) { re.lastIndex=0; for (const m of s.matchAll(re)) n++; } return n; }
function viaExec() { let n=0; for (const s of sents) for (const re of res) { re.lastIndex=0; let m; while ((m = re.exec(s))) { if (m[0].length===0) re.lastIndex++; n++; } } return n; }
const resNoU = sources.map(s => { try { return new RegExp(s, 'gi'); } catch { return new RegExp(s,'giu'); } });
function viaExecNoU() { let n=0; for (const s of sents) for (const re of resNoU) { re.lastIndex=0; let m; while ((m = re.exec(s))) { if (m[0].length===0) re.lastIndex++; n++; } } return n; }
const combined = new RegExp(sources.map(s=>`(?:${s})`).join('|'), 'giu');
function viaCombined() { let n=0; for (const s of sents) { combined.lastIndex=0; let m; while((m=combined.exec(s))) { if (m[0].length===0) combined.lastIndex++; n++; } } return n; }
const testRes = sources.map(s => new RegExp(s, 'iu'));
function viaTest() { let n=0; for (const s of sents) for (const re of testRes) if (re.test(s)) n++; return n; }
for (const [name, fn] of Object.entries({viaMatchAll, viaExec, viaExecNoU, viaCombined, viaTest})) { for (let k=0;k<3;k++){ const t=performance.now(); const n=fn(); const ms=performance.now()-t; if(k==2) console.log(name, n, ms.toFixed(0)+'ms', (sents.length/ms*1000).toFixed(0)+' sent/s'); } }
// per-regex cost
const cost = res.map((re,i) => { const t=performance.now(); for (let k=0;k<3;k++) for (const s of sents) { re.lastIndex=0; while (re.exec(s)) {} } return [performance.now()-t, sources[i].slice(0,80)]; }).sort((a,b)=>b[0]-a[0]);
let tot = cost.reduce((n,c)=>n+c[0],0); console.log('total', tot.toFixed(0));
for (const c of cost.slice(0,12)) console.log((c[0]/tot*100).toFixed(1)+'%', c[1]);
