// Query time of the built search index, as the search page runs it: every shard of the manifest
// loaded into elasticlunr.js, document frequencies shared across shards, results merged by score.
// Usage: node bench/search_queries.js BUILT_SITE_DIR   (run from the repository root)
const fs=require('fs'), vm=require('vm'), path=require('path');
const dir=process.argv[2];
const ctx={window:{}, console}; vm.createContext(ctx);
vm.runInContext(fs.readFileSync('themes/default/static/vendor/elasticlunr/elasticlunr.min.js','utf8'), ctx);
ctx.elasticlunr = ctx.elasticlunr || ctx.window.elasticlunr;
vm.runInContext(fs.readFileSync(path.join(dir,'search/index.js'),'utf8'), ctx);
const m=ctx.window.safeguideSearch.manifest;
let t0=Date.now();
for (const s of m.shards) vm.runInContext(fs.readFileSync(path.join(dir,s.file),'utf8'), ctx);
const t1=Date.now();
const el=vm.runInContext('elasticlunr',ctx);
const shards=m.shards.map(s=>({index:el.Index.load(ctx.window.safeguideSearch[s.name].index)}));
const t2=Date.now();
const cur={shards, idf:{}};
function idf(term, field){const k=field+'/'+term; if(k in cur.idf) return cur.idf[k]; let df=0,n=0; for(const s of shards){df+=s.index.index[field].getDocFreq(term); n+=s.index.documentStore.length;} return cur.idf[k]=1+Math.log(n/(df+1));}
shards.forEach(s=>s.index.idf=idf);
const CONFIG={fields:{title:{boost:5},heading:{boost:3},summary:{boost:2},tags:{boost:2},page:{boost:1},body:{boost:1},audience:{boost:1},kind:{boost:1}},bool:'OR',expand:true};
for (const q of ['gam','gaming','gaming chat','online safety','report a concern','parental controls on consoles','sextortion']) {
  cur.idf={};
  const a=process.hrtime.bigint(); let hits=[];
  for(const s of shards) for (const h of s.index.search(q, CONFIG)) hits.push(h);
  hits.sort((x,y)=>y.score-x.score);
  const b=process.hrtime.bigint();
  console.log(q.padEnd(32), hits.length, Number(b-a)/1e6+' ms');
}
console.log('parse scripts', t1-t0,'ms; Index.load', t2-t1,'ms');
